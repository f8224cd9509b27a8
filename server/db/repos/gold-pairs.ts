import type { Db } from "../open";
import { realComparison } from "./gold-sql";
import { getAhead } from "./sql-dialect";

export type GoldKind = "cut-off" | "looped" | "dropped" | "truncation" | "repetition" | "languageMismatch";

/** A finished sample a gold pair may be built from, with its offline-signal flags. */
export interface GoldSource {
  id: number;
  instruction_id: number;
  model_id: number;
  text: string;
  flags: string;
}

/** One gold judgment of an annotator: the verdict and which sample was the right answer. */
export interface GoldJudgmentRow {
  user_id: number;
  username: string;
  verdict: "win" | "tie" | "both-bad";
  winner_sample_id: number | null;
  right_sample_id: number;
}

export interface StandingLogRow {
  id: number;
  user_id: number;
  username: string;
  action: "flag" | "exclude" | "clear";
  by: string | null;
  reason: string;
  at: string;
}

/**
 * Gold pairs (docs/decisions/039-gold-pairs.md): the campaign's hidden gold sampling job and its degraded
 * copies, gold comparisons, what annotators answered on them, and annotators' standing with its log.
 */
export function goldPairsRepo(db: Db) {
  const insertJob = db.prepare<{ set_id: number; model_id: number; now: string }>(
    `INSERT INTO sampling_jobs (set_id, model_id, n, strategy, filter, params, status, created_at, finished_at, gold)
     VALUES (@set_id, @model_id, 1, 'import', '{}', '{}', 'done', @now, @now, 1) RETURNING id`,
  );
  const insertCopy = db.prepare<{
    job_id: number;
    instruction_id: number;
    model_id: number;
    sample_index: number;
    text: string;
    word_count: number;
    flags: string;
    now: string;
  }>(
    `INSERT INTO samples (job_id, instruction_id, model_id, sample_index, status, source, text, word_count, finish_reason, flags, attempts,
       updated_at, finished_at)
     VALUES (@job_id, @instruction_id, @model_id, @sample_index, 'done', 'imported', @text, @word_count, 'stop', @flags, 0, @now, @now) RETURNING id`,
  );
  const insertComparison = db.prepare<{
    campaign_id: number;
    instruction_id: number;
    sample_a_id: number;
    sample_b_id: number;
    gold_answer: "a" | "b";
    gold_kind: GoldKind;
  }>(
    `INSERT OR IGNORE INTO comparisons (campaign_id, instruction_id, sample_a_id, sample_b_id, gold_answer, gold_kind)
     VALUES (@campaign_id, @instruction_id, @sample_a_id, @sample_b_id, @gold_answer, @gold_kind)`,
  );
  // The samples of the campaign's own comparisons (the outputs it compares), then every other finished visible
  // sample of its instructions: the flagged ones among these give the second kind of gold pair.
  const sources = db.prepare<{ campaign: number }, GoldSource>(
    `SELECT s.id, s.instruction_id, s.model_id, s.text, s.flags FROM samples s
     WHERE s.id IN (SELECT sample_a_id FROM comparisons WHERE campaign_id = @campaign AND ${realComparison("comparisons")}
                    UNION SELECT sample_b_id FROM comparisons WHERE campaign_id = @campaign AND ${realComparison("comparisons")})
     ORDER BY s.id`,
  );
  const flaggedOf = db.prepare<[number], GoldSource>(
    `SELECT s.id, s.instruction_id, s.model_id, s.text, s.flags FROM samples s
     WHERE s.status = 'done' AND s.flags <> '[]'
       AND s.instruction_id IN (SELECT instruction_id FROM comparisons WHERE campaign_id = ?)
       AND NOT EXISTS (SELECT 1 FROM sampling_jobs hj WHERE hj.id = s.job_id AND (hj.import_state IS NOT NULL OR hj.gold = 1))
     ORDER BY s.id`,
  );
  const unseenCount = db.prepare<{ campaign: number; user: number }, { n: number }>(
    `SELECT COUNT(*) AS n FROM comparisons c WHERE c.campaign_id = @campaign AND c.gold_answer IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.comparison_id = c.id AND a.user_id = @user)`,
  );
  const unseenAt = db.prepare<{ campaign: number; user: number; offset: number }, { id: number; sample_a_id: number; sample_b_id: number }>(
    `SELECT c.id, c.sample_a_id, c.sample_b_id FROM comparisons c WHERE c.campaign_id = @campaign AND c.gold_answer IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.comparison_id = c.id AND a.user_id = @user)
     ORDER BY c.id LIMIT 1 OFFSET @offset`,
  );
  const assigned = db.prepare<{ campaign: number; user: number }, { n: number }>(
    "SELECT COUNT(*) AS n FROM assignments WHERE campaign_id = @campaign AND user_id = @user",
  );
  const goldFrom = db.prepare<{ campaign: number; user: number; offset: number }, { n: number }>(
    `SELECT COUNT(*) AS n FROM (SELECT a.comparison_id FROM assignments a WHERE a.campaign_id = @campaign AND a.user_id = @user
       ORDER BY a.id LIMIT 9223372036854775807 OFFSET @offset) t JOIN comparisons c ON c.id = t.comparison_id WHERE c.gold_answer IS NOT NULL`,
  );
  const counts = db.prepare<{ campaign: number }, { comparisons: number; judgments: number }>(
    `SELECT (SELECT COUNT(*) FROM comparisons c WHERE c.campaign_id = @campaign AND c.gold_answer IS NOT NULL) AS comparisons,
       (SELECT COUNT(*) FROM human_judgments x JOIN comparisons c ON c.id = x.comparison_id
        WHERE x.campaign_id = @campaign AND c.gold_answer IS NOT NULL) AS judgments`,
  );
  const kinds = db.prepare<[number], { kind: GoldKind; n: number }>(
    "SELECT gold_kind AS kind, COUNT(*) AS n FROM comparisons WHERE campaign_id = ? AND gold_answer IS NOT NULL GROUP BY gold_kind ORDER BY gold_kind",
  );
  const judgments = db.prepare<[number], GoldJudgmentRow>(
    `SELECT x.user_id, u.username, x.verdict, x.winner_sample_id,
       CASE c.gold_answer WHEN 'a' THEN c.sample_a_id ELSE c.sample_b_id END AS right_sample_id
     FROM human_judgments x JOIN comparisons c ON c.id = x.comparison_id JOIN users u ON u.id = x.user_id
     WHERE x.campaign_id = ? AND c.gold_answer IS NOT NULL ORDER BY x.id`,
  );
  const isGold = db.prepare<[number], { gold: number }>("SELECT gold_answer IS NOT NULL AS gold FROM comparisons WHERE id = ?");
  const standings = db.prepare<[number], { user_id: number; state: "flagged" | "excluded" }>(
    "SELECT user_id, state FROM annotator_standings WHERE campaign_id = ?",
  );
  const setStanding = db.prepare<{ campaign: number; user: number; state: string }>(
    `INSERT INTO annotator_standings (campaign_id, user_id, state) VALUES (@campaign, @user, @state)
     ON CONFLICT (campaign_id, user_id) DO UPDATE SET state = excluded.state`,
  );
  const clearStanding = db.prepare<[number, number]>("DELETE FROM annotator_standings WHERE campaign_id = ? AND user_id = ?");
  const insertLog = db.prepare<{ campaign: number; user: number; action: string; by: number | null; reason: string; at: string }>(
    `INSERT INTO annotator_standing_log (campaign_id, user_id, action, by_user_id, reason, at)
     VALUES (@campaign, @user, @action, @by, @reason, @at)`,
  );
  const cleared = db.prepare<[number, number], { n: number }>(
    "SELECT COUNT(*) AS n FROM annotator_standing_log WHERE campaign_id = ? AND user_id = ? AND action = 'clear' AND by_user_id IS NOT NULL",
  );
  const logCount = db.prepare<[number], { n: number }>("SELECT COUNT(*) AS n FROM annotator_standing_log WHERE campaign_id = ?");
  const logPage = db.prepare<{ campaign: number; limit: number; offset: number }, StandingLogRow>(
    `SELECT l.id, l.user_id, u.username, l.action, b.username AS by, l.reason, l.at
     FROM annotator_standing_log l JOIN users u ON u.id = l.user_id LEFT JOIN users b ON b.id = l.by_user_id
     WHERE l.campaign_id = @campaign ORDER BY l.id DESC LIMIT @limit OFFSET @offset`,
  );

  return {
    /** A hidden sampling job for one campaign's degraded copies; call inside the campaign's transaction. */
    createJob: (setId: number, modelId: number, now: Date) =>
      Number(insertJob.run({ set_id: setId, model_id: modelId, now: now.toISOString() }).lastInsertRowid),
    /** A degraded copy of a sample, under the gold job; its id. */
    insertCopy: (copy: {
      job_id: number;
      instruction_id: number;
      model_id: number;
      sample_index: number;
      text: string;
      word_count: number;
      flags: string[];
      now: Date;
    }) => Number(insertCopy.run({ ...copy, flags: JSON.stringify(copy.flags), now: copy.now.toISOString() }).lastInsertRowid),
    insertComparison: (c: {
      campaign_id: number;
      instruction_id: number;
      sample_a_id: number;
      sample_b_id: number;
      gold_answer: "a" | "b";
      gold_kind: GoldKind;
    }) => insertComparison.run(c).changes > 0,
    /** The samples the campaign's ordinary comparisons compare. */
    sources: (campaignId: number) => sources.all({ campaign: campaignId }),
    /** Flagged finished samples (published, not gold) of the campaign's instructions. */
    flagged: (campaignId: number) => flaggedOf.all(campaignId),
    /** The `pick`-th (0-based, under unseenCount) gold comparison this annotator was never given. */
    unseenCount: (campaignId: number, userId: number) => unseenCount.get({ campaign: campaignId, user: userId })!.n,
    unseenAt: (campaignId: number, userId: number, offset: number) => unseenAt.get({ campaign: campaignId, user: userId, offset }),
    /** How many items this annotator was ever given in the campaign. */
    assigned: (campaignId: number, userId: number) => assigned.get({ campaign: campaignId, user: userId })!.n,
    /** How many of their items from the `offset`-th on (in the order given) were gold. */
    goldFrom: (campaignId: number, userId: number, offset: number) => goldFrom.get({ campaign: campaignId, user: userId, offset })!.n,
    isGold: (comparisonId: number) => (isGold.get(comparisonId)?.gold ?? 0) === 1,
    /** isGold sent ahead, answered when called (readAhead). */
    isGoldAhead: (comparisonId: number) => {
      const row = getAhead(isGold, comparisonId);
      return () => (row()?.gold ?? 0) === 1;
    },
    counts: (campaignId: number) => counts.get({ campaign: campaignId })!,
    kinds: (campaignId: number) => kinds.all(campaignId),
    /** Every judgment of the campaign's gold comparisons, in id order. */
    judgments: (campaignId: number) => judgments.all(campaignId),
    standings: (campaignId: number) => new Map(standings.all(campaignId).map((r) => [r.user_id, r.state])),
    /** Sets (or clears, state null) an annotator's standing and logs it; call inside a transaction. */
    setStanding(campaignId: number, userId: number, state: "flagged" | "excluded" | null, by: number | null, reason: string, now: Date) {
      if (state === null) clearStanding.run(campaignId, userId);
      else setStanding.run({ campaign: campaignId, user: userId, state });
      const action = state === null ? "clear" : state === "flagged" ? "flag" : "exclude";
      insertLog.run({ campaign: campaignId, user: userId, action, by, reason, at: now.toISOString() });
    },
    /** Whether a person (not the rule) ever cleared this annotator in the campaign. */
    clearedByPerson: (campaignId: number, userId: number) => cleared.get(campaignId, userId)!.n > 0,
    logPage: (campaignId: number, limit: number, offset: number) => ({
      total: logCount.get(campaignId)!.n,
      items: logPage.all({ campaign: campaignId, limit, offset }),
    }),
  };
}
