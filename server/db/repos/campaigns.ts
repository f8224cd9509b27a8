import type { Campaign, CampaignKind, CampaignSettings, CampaignSource } from "../../../shared/schemas/campaigns";
import type { InstructionFilter } from "../../../shared/schemas/sampling";
import { dialectOf } from "../dialect";
import type { Db } from "../open";
import { fromJsonRowsInOrder, getAhead } from "./sql-dialect";
import { pagedList } from "./paging";

interface CampaignRow {
  id: number;
  name: string;
  title: string;
  kind: CampaignKind;
  set_id: number;
  set_name: string;
  source: string;
  filter: string;
  all_annotators: number;
  settings: string;
  status: "open" | "closed";
  comparisons: number;
  complete: number;
  judgments: number;
  created_at: string;
}

export interface NewCampaign {
  name: string;
  /** What annotators see; null: the neutral "Campaign <id>". */
  title: string | null;
  kind: CampaignKind;
  set_id: number;
  source: CampaignSource;
  filter: InstructionFilter;
  annotators: "all" | number[];
  settings: CampaignSettings;
  created_by: number | null;
}

/** A campaign as the annotation queue reads it: no counts, so it stays cheap on every item. */
export interface QueueCampaign {
  id: number;
  kind: CampaignKind;
  status: "open" | "closed";
  /** Whether the user asked about annotates in it (every user, or listed). */
  member: boolean;
  settings: CampaignSettings;
  judgments_per_comparison: number;
}

export interface NewComparison {
  instruction_id: number;
  sample_a_id: number;
  sample_b_id: number;
  proposal_id: number | null;
}

// The one place a campaign's stored settings become CampaignSettings.
const parseSettings = (settings: string) => JSON.parse(settings) as CampaignSettings;

type QueueRow = Omit<QueueCampaign, "member" | "settings"> & { all_annotators: number; settings: string };
/** A campaign row as the queue reads it; `listed` asks the list of annotators when not everyone annotates. */
function queueCampaign(row: QueueRow, listed: () => boolean): QueueCampaign {
  const { all_annotators, settings, ...rest } = row;
  return { ...rest, member: all_annotators === 1 || listed(), settings: parseSettings(settings) };
}

export function campaignsRepo(db: Db) {
  const select = `SELECT c.id, c.name, c.title, c.kind, c.set_id, st.name AS set_name, c.source, c.filter, c.all_annotators, c.settings,
      c.status, c.created_at,
      (SELECT COUNT(*) FROM comparisons x WHERE x.campaign_id = c.id AND x.gold_answer IS NULL) AS comparisons,
      (SELECT COUNT(*) FROM comparisons x WHERE x.campaign_id = c.id AND x.gold_answer IS NULL AND x.judgments >= x.target) AS complete,
      (SELECT COUNT(*) FROM human_judgments a JOIN comparisons x ON x.id = a.comparison_id WHERE a.campaign_id = c.id AND x.gold_answer IS NULL) AS judgments
    FROM campaigns c JOIN instruction_sets st ON st.id = c.set_id`;
  const all = db.prepare<[], CampaignRow>(`${select} ORDER BY c.id DESC`);
  const paged = pagedList(
    db,
    `${select} ORDER BY c.id DESC`,
    "SELECT COUNT(*) AS n FROM campaigns c JOIN instruction_sets st ON st.id = c.set_id",
    (row: CampaignRow) => present(row),
  );
  const byId = db.prepare<[number], CampaignRow>(`${select} WHERE c.id = ?`);
  const listed = db.prepare<[number], { id: number; username: string }>(
    "SELECT u.id, u.username FROM campaign_annotators ca JOIN users u ON u.id = ca.user_id WHERE ca.campaign_id = ? ORDER BY u.username",
  );
  const insert = db.prepare(
    `INSERT INTO campaigns (name, title, kind, set_id, source, filter, all_annotators, settings, judgments_per_comparison, created_by, created_at)
     VALUES (@name, @title, @kind, @set_id, @source, @filter, @all_annotators, @settings, @k, @created_by, @now) RETURNING id`,
  );
  const titleOf = db.prepare<[number], { title: string }>("SELECT title FROM campaigns WHERE id = ?");
  const setTitle = db.prepare<[string, number]>("UPDATE campaigns SET title = ? WHERE id = ?");
  // The models whose samples the campaign compares: what its title and guidelines must not name.
  const modelsOf = db.prepare<[number], { name: string; model: string }>(
    `SELECT DISTINCT m.name, m.model FROM comparisons c JOIN samples s ON s.id IN (c.sample_a_id, c.sample_b_id)
       JOIN models m ON m.id = s.model_id WHERE c.campaign_id = ? ORDER BY m.name`,
  );
  const addAnnotator = db.prepare<[number, number]>("INSERT OR IGNORE INTO campaign_annotators (campaign_id, user_id) VALUES (?, ?)");
  const clearAnnotators = db.prepare<[number]>("DELETE FROM campaign_annotators WHERE campaign_id = ?");
  const setAll = db.prepare<[number, number]>("UPDATE campaigns SET all_annotators = ? WHERE id = ?");
  const insertComparison = db.prepare(
    `INSERT OR IGNORE INTO comparisons (campaign_id, instruction_id, sample_a_id, sample_b_id, proposal_id)
     VALUES (@campaign_id, @instruction_id, @sample_a_id, @sample_b_id, @proposal_id)`,
  );
  // PostgreSQL: comparisons a slice at a time from a JSON array, in the array's order (one round trip per
  // slice, not per row: 100,000 comparisons took 28 s one by one over loopback).
  const insertComparisonsFromJson =
    dialectOf(db) === "postgres"
      ? db.prepare(
          `INSERT OR IGNORE INTO comparisons (campaign_id, instruction_id, sample_a_id, sample_b_id, proposal_id)
           SELECT @campaign_id, CAST(value->>'instruction_id' AS BIGINT), CAST(value->>'sample_a_id' AS BIGINT),
             CAST(value->>'sample_b_id' AS BIGINT), CAST(value->>'proposal_id' AS BIGINT)
           ${fromJsonRowsInOrder("@rows")}`,
        )
      : undefined;
  const setStatus = db.prepare<[string, number]>("UPDATE campaigns SET status = ? WHERE id = ?");
  const setSettings = db.prepare<[string, number]>("UPDATE campaigns SET settings = ? WHERE id = ?");
  const queueRow = db.prepare<[number], QueueRow>(
    "SELECT id, kind, status, all_annotators, settings, judgments_per_comparison FROM campaigns WHERE id = ?",
  );
  const isListed = db.prepare<[number, number], { n: number }>(
    "SELECT COUNT(*) AS n FROM campaign_annotators WHERE campaign_id = ? AND user_id = ?",
  );
  const byName = db.prepare<[string], { id: number }>("SELECT id FROM campaigns WHERE name = ?");
  const idsOfSet = db.prepare<[number], { id: number }>("SELECT id FROM campaigns WHERE set_id = ? ORDER BY id");
  // Membership: "all" (every signed-in user), or listed. Open campaigns only.
  const forUser = db.prepare<{ user_id: number }, { id: number }>(
    `SELECT c.id FROM campaigns c WHERE c.status = 'open' AND (
       c.all_annotators = 1
       OR EXISTS (SELECT 1 FROM campaign_annotators ca WHERE ca.campaign_id = c.id AND ca.user_id = @user_id))
     ORDER BY c.id DESC`,
  );

  const present = (row: CampaignRow): Campaign => ({
    id: row.id,
    name: row.name,
    title: row.title,
    kind: row.kind,
    set_id: row.set_id,
    set_name: row.set_name,
    source: JSON.parse(row.source) as CampaignSource,
    filter: JSON.parse(row.filter) as InstructionFilter,
    annotators: row.all_annotators === 1 ? "all" : listed.all(row.id),
    settings: parseSettings(row.settings),
    status: row.status,
    comparisons: row.comparisons,
    complete: row.complete,
    judgments: row.judgments,
    created_at: row.created_at,
  });

  const setAnnotators = (id: number, annotators: "all" | number[]) => {
    clearAnnotators.run(id);
    setAll.run(annotators === "all" ? 1 : 0, id);
    if (annotators !== "all") for (const user of annotators) addAnnotator.run(id, user);
  };

  return {
    list: () => all.all().map(present),
    /** A page of the campaigns, newest first (the order of `list`). */
    listPage: paged,
    get: (id: number) => {
      const row = byId.get(id);
      return row && present(row);
    },
    /** The campaign with its comparisons; call inside a transaction. */
    create(c: NewCampaign, comparisons: NewComparison[], now: Date): number {
      const id = Number(
        insert.run({
          name: c.name,
          title: c.title ?? "",
          kind: c.kind,
          set_id: c.set_id,
          source: JSON.stringify(c.source),
          filter: JSON.stringify(c.filter),
          all_annotators: c.annotators === "all" ? 1 : 0,
          settings: JSON.stringify(c.settings),
          k: c.settings.judgments_per_comparison,
          created_by: c.created_by,
          now: now.toISOString(),
        }).lastInsertRowid,
      );
      // Neutral by construction: nothing of the name, which researchers write for themselves.
      if (c.title === null) setTitle.run(`Campaign ${id}`, id);
      setAnnotators(id, c.annotators);
      if (insertComparisonsFromJson)
        for (let at = 0; at < comparisons.length; at += 5_000)
          insertComparisonsFromJson.run({ campaign_id: id, rows: JSON.stringify(comparisons.slice(at, at + 5_000)) });
      else for (const comparison of comparisons) insertComparison.run({ ...comparison, campaign_id: id });
      return id;
    },
    /** The campaign for the annotation queue, with whether `userId` annotates in it. */
    forQueue(id: number, userId: number): QueueCampaign | undefined {
      const row = queueRow.get(id);
      return row && queueCampaign(row, () => isListed.get(id, userId)!.n > 0);
    },
    /** forQueue sent ahead, answered when called (readAhead); asks the list of annotators whether needed or not. */
    forQueueAhead(id: number, userId: number): () => QueueCampaign | undefined {
      const campaign = getAhead(queueRow, id);
      const listed = getAhead(isListed, id, userId);
      return () => {
        const row = campaign();
        return row && queueCampaign(row, () => listed()!.n > 0);
      };
    },
    nameTaken: (name: string) => byName.get(name) !== undefined,
    /** Ids of the set's campaigns, oldest first. */
    idsOfSet: (setId: number) => idsOfSet.all(setId).map((r) => r.id),
    setAnnotators,
    /** What annotators call the campaign. */
    titleOf: (id: number) => titleOf.get(id)?.title,
    setTitle: (id: number, title: string) => void setTitle.run(title, id),
    /** Names and endpoint ids of the models the campaign's comparisons draw on. */
    modelsOf: (id: number) => modelsOf.all(id),
    setStatus: (id: number, status: "open" | "closed") => void setStatus.run(status, id),
    setSettings: (id: number, settings: CampaignSettings) => void setSettings.run(JSON.stringify(settings), id),
    /** Ids of the open campaigns this user annotates in. */
    openFor: (userId: number) => forUser.all({ user_id: userId }).map((r) => r.id),
  };
}
