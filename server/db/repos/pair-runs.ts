import type { PairProposal, PairRun, ProposalStatus } from "../../../shared/schemas/pairs";
import { proposalStatuses } from "../../../shared/schemas/pairs";
import type { PairStrategy } from "../../../shared/scoring/pair-proposals";
import type { Db } from "../open";
import { pagedList } from "./paging";
import type { NewComparison } from "./campaigns";
import { hasStatusSql, presentedStatusSql, type StoredProposalStatus } from "./proposal-status-sql";
import { jsonObject, jsonValues } from "./sql-dialect";

interface RunRow extends Omit<PairRun, "model_ids" | "exclude_flags" | "proposals" | "status_counts"> {
  model_ids: string | null;
  exclude_flags: string;
  /** JSON: {status: count} over every presented status. */
  status_counts: string;
}

interface ProposalRow {
  id: number;
  run_id: number;
  instruction_id: number;
  external_id: string;
  model_id: number;
  model_name: string;
  chosen_sample_id: number;
  rejected_sample_id: number;
  chosen_sample_index: number;
  rejected_sample_index: number;
  chosen_score: number;
  rejected_score: number;
  chosen_length_score: number | null;
  rejected_length_score: number | null;
  chosen_quality_score: number;
  rejected_quality_score: number;
  margin: number;
  status: ProposalStatus;
  swapped: number;
  reviewed_by: string | null;
  reviewed_at: string | null;
  judge_confirmed_job_id: number | null;
  judge_confirmed_at: string | null;
}

export interface NewPairRun {
  set_id: number;
  judge_model_id: number;
  template_id: number;
  model_ids: number[] | null;
  strategy: PairStrategy;
  seed: number;
  min_margin: number;
  length_weight: number;
  exclude_flags: string[];
  flag_penalty: number;
  groups: number;
  unscored: number;
  created_by: number | null;
}

export interface NewProposal {
  instruction_id: number;
  model_id: number;
  chosen_sample_id: number;
  rejected_sample_id: number;
  chosen_score: number;
  rejected_score: number;
  chosen_length_score: number | null;
  rejected_length_score: number | null;
  chosen_quality_score: number;
  rejected_quality_score: number;
  margin: number;
}

export interface ProposalReview {
  /** 'proposed' is a reset: it forgets a judge's confirmation as well as the review. */
  status: StoredProposalStatus;
  /** Exchange chosen and rejected (ids and scores) and flip `swapped`. */
  swap: boolean;
  reviewed_by: number | null;
  reviewed_at: string | null;
}

const countOf = (status: ProposalStatus) =>
  `'${status}', (SELECT COUNT(*) FROM pair_proposals p WHERE p.run_id = r.id AND ${hasStatusSql("p", status)})`;

const selectRun = (db: Db) => `SELECT r.id, r.set_id, st.name AS set_name, r.judge_model_id, m.name AS judge_model_name, r.template_id,
    t.name AS template_name, t.hash AS template_hash, r.model_ids, r.strategy, r.seed, r.min_margin, r.length_weight,
    r.exclude_flags, r.flag_penalty, r.groups, r.unscored, r.created_at,
    ${jsonObject(db, proposalStatuses.map(countOf).join(", "))} AS status_counts
  FROM pair_runs r JOIN instruction_sets st ON st.id = r.set_id JOIN models m ON m.id = r.judge_model_id
    JOIN judge_templates t ON t.id = r.template_id`;

const selectProposal = `SELECT p.id, p.run_id, p.instruction_id, i.external_id, p.model_id, m.name AS model_name,
    p.chosen_sample_id, p.rejected_sample_id, p.chosen_score, p.rejected_score, p.chosen_length_score,
    p.rejected_length_score, p.chosen_quality_score, p.rejected_quality_score, p.margin, ${presentedStatusSql("p")} AS status, p.swapped,
    cs.sample_index AS chosen_sample_index, rs.sample_index AS rejected_sample_index,
    u.username AS reviewed_by, p.reviewed_at, p.judge_confirmed_job_id, p.judge_confirmed_at
  FROM pair_proposals p JOIN instructions i ON i.id = p.instruction_id JOIN models m ON m.id = p.model_id
    JOIN samples cs ON cs.id = p.chosen_sample_id JOIN samples rs ON rs.id = p.rejected_sample_id
    LEFT JOIN users u ON u.id = p.reviewed_by`;

function presentRun({ model_ids, exclude_flags, status_counts: counts, ...row }: RunRow): PairRun {
  const status_counts = JSON.parse(counts) as PairRun["status_counts"];
  return {
    ...row,
    model_ids: model_ids === null ? null : (JSON.parse(model_ids) as number[]),
    exclude_flags: JSON.parse(exclude_flags) as PairRun["exclude_flags"],
    proposals: proposalStatuses.reduce((n, s) => n + status_counts[s], 0),
    status_counts,
  };
}

const presentProposal = (row: ProposalRow): PairProposal => ({
  id: row.id,
  run_id: row.run_id,
  instruction_id: row.instruction_id,
  external_id: row.external_id,
  model_id: row.model_id,
  model_name: row.model_name,
  chosen: {
    sample_id: row.chosen_sample_id,
    sample_index: row.chosen_sample_index,
    score: row.chosen_score,
    length_score: row.chosen_length_score,
    quality_score: row.chosen_quality_score,
  },
  rejected: {
    sample_id: row.rejected_sample_id,
    sample_index: row.rejected_sample_index,
    score: row.rejected_score,
    length_score: row.rejected_length_score,
    quality_score: row.rejected_quality_score,
  },
  margin: row.margin,
  status: row.status,
  swapped: row.swapped === 1,
  reviewed_by: row.reviewed_by,
  reviewed_at: row.reviewed_at,
  judge_confirmed_job_id: row.judge_confirmed_job_id,
  judge_confirmed_at: row.judge_confirmed_at,
});

export function pairRunsRepo(db: Db) {
  const all = db.prepare<[], RunRow>(`${selectRun(db)} ORDER BY r.id DESC`);
  const paged = pagedList(db, `${selectRun(db)} ORDER BY r.id DESC`, "SELECT COUNT(*) AS n FROM pair_runs", presentRun);
  const byId = db.prepare<[number], RunRow>(`${selectRun(db)} WHERE r.id = ?`);
  const newestOfSet = db.prepare<[number], { id: number }>("SELECT id FROM pair_runs WHERE set_id = ? ORDER BY id DESC LIMIT 1");
  const insertRun = db.prepare(
    `INSERT INTO pair_runs (set_id, judge_model_id, template_id, model_ids, strategy, seed, min_margin, length_weight,
       exclude_flags, flag_penalty, groups, unscored, created_by, created_at)
     VALUES (@set_id, @judge_model_id, @template_id, @model_ids, @strategy, @seed, @min_margin, @length_weight,
       @exclude_flags, @flag_penalty, @groups, @unscored, @created_by, @now) RETURNING id`,
  );
  const insertProposal = db.prepare(
    `INSERT INTO pair_proposals (run_id, instruction_id, model_id, chosen_sample_id, rejected_sample_id, chosen_score,
       rejected_score, chosen_length_score, rejected_length_score, chosen_quality_score, rejected_quality_score, margin)
     VALUES (@run_id, @instruction_id, @model_id, @chosen_sample_id, @rejected_sample_id, @chosen_score,
       @rejected_score, @chosen_length_score, @rejected_length_score, @chosen_quality_score, @rejected_quality_score, @margin)`,
  );
  const filter = `p.run_id = @run_id AND (CAST(@status AS TEXT) IS NULL OR ${presentedStatusSql("p")} = @status) AND (CAST(@model_id AS BIGINT) IS NULL OR p.model_id = @model_id)`;
  type PageFilter = { run_id: number; status: string | null; model_id: number | null };
  const pageCount = db.prepare<PageFilter, { n: number }>(`SELECT COUNT(*) AS n FROM pair_proposals p WHERE ${filter}`);
  const page = db.prepare<PageFilter & { limit: number; offset: number }, ProposalRow>(
    `${selectProposal} WHERE ${filter} ORDER BY i.position, p.id LIMIT @limit OFFSET @offset`,
  );
  const forInstruction = db.prepare<[number, number], ProposalRow>(
    `${selectProposal} WHERE p.run_id = ? AND p.instruction_id = ? ORDER BY p.id`,
  );
  const proposalById = db.prepare<[number], ProposalRow>(`${selectProposal} WHERE p.id = ?`);
  // SQLite evaluates every SET expression on the old row, so the CASEs exchange the two sides in place.
  const side = (column: string) =>
    `chosen_${column} = CASE WHEN @swap THEN rejected_${column} ELSE chosen_${column} END,
     rejected_${column} = CASE WHEN @swap THEN chosen_${column} ELSE rejected_${column} END`;
  // A reset ('proposed') forgets the judge's confirmation too; accept, reject and swap keep it under the human status.
  const review = db.prepare<{
    id: number;
    status: StoredProposalStatus;
    swap: number;
    reviewed_by: number | null;
    reviewed_at: string | null;
  }>(
    `UPDATE pair_proposals SET status = @status, ${["sample_id", "score", "length_score", "quality_score"].map(side).join(", ")},
       margin = CASE WHEN @swap THEN -margin ELSE margin END, swapped = CASE WHEN @swap THEN 1 - swapped ELSE swapped END,
       reviewed_by = @reviewed_by, reviewed_at = @reviewed_at,
       judge_confirmed_job_id = CASE WHEN @status = 'proposed' THEN NULL ELSE judge_confirmed_job_id END,
       judge_confirmed_at = CASE WHEN @status = 'proposed' THEN NULL ELSE judge_confirmed_at END
     WHERE id = @id AND status IN ('proposed', 'accepted', 'rejected')`,
  );
  const annotated = db.prepare<[number], { n: number }>(
    "SELECT COUNT(*) AS n FROM pair_proposals WHERE run_id = ? AND status IN ('confirmed', 'overturned')",
  );
  const asComparisons = db.prepare<{ run_id: number; statuses: string }, NewComparison>(
    `SELECT instruction_id, chosen_sample_id AS sample_a_id, rejected_sample_id AS sample_b_id, id AS proposal_id
     FROM pair_proposals p WHERE run_id = @run_id AND ${presentedStatusSql("p")} IN ${jsonValues(db, "@statuses", "text")} ORDER BY id`,
  );
  const settle = db.prepare<{ id: number; status: string }>("UPDATE pair_proposals SET status = @status WHERE id = @id");
  const removeProposals = db.prepare<[number]>("DELETE FROM pair_proposals WHERE run_id = ?");
  const removeRun = db.prepare<[number]>("DELETE FROM pair_runs WHERE id = ?");
  const neighbour = (direction: "<" | ">") =>
    db.prepare<{ run_id: number; set_id: number; position: number }, { id: number }>(
      `SELECT i.id FROM instructions i WHERE i.set_id = @set_id AND i.position ${direction} @position
         AND EXISTS (SELECT 1 FROM pair_proposals p WHERE p.run_id = @run_id AND p.instruction_id = i.id)
       ORDER BY i.position ${direction === "<" ? "DESC" : "ASC"} LIMIT 1`,
    );
  const positionOf = db.prepare<{ run_id: number; position: number; instruction_id: number }, { index: number; total: number }>(
    `SELECT
       (SELECT COUNT(DISTINCT p.instruction_id) FROM pair_proposals p JOIN instructions i ON i.id = p.instruction_id
        WHERE p.run_id = @run_id AND i.position <= @position
          AND EXISTS (SELECT 1 FROM pair_proposals q WHERE q.run_id = @run_id AND q.instruction_id = @instruction_id)) AS "index",
       (SELECT COUNT(DISTINCT instruction_id) FROM pair_proposals WHERE run_id = @run_id) AS total`,
  );
  const previous = neighbour("<");
  const next = neighbour(">");

  const get = (id: number) => {
    const row = byId.get(id);
    return row && presentRun(row);
  };

  return {
    list: () => all.all().map(presentRun),
    /** A page of the runs, newest first (the order of `list`). */
    listPage: paged,
    get,
    newestOfSet: (setId: number) => {
      const row = newestOfSet.get(setId);
      return row && get(row.id);
    },
    /** Stores a run and all its proposals in one transaction; one prepared insert serves every proposal. */
    create(run: NewPairRun, proposals: Iterable<NewProposal>, now: Date): number {
      return db.transaction(() => {
        const params = {
          ...run,
          model_ids: run.model_ids && JSON.stringify(run.model_ids),
          exclude_flags: JSON.stringify(run.exclude_flags),
        };
        const runId = Number(insertRun.run({ ...params, now: now.toISOString() }).lastInsertRowid);
        for (const proposal of proposals) insertProposal.run({ ...proposal, run_id: runId });
        return runId;
      })();
    },
    /** Proposals of a run in set order (instruction position, then id). */
    page(runId: number, status: ProposalStatus | undefined, modelId: number | undefined, pageNo: number, pageSize: number) {
      const params = { run_id: runId, status: status ?? null, model_id: modelId ?? null };
      return {
        total: pageCount.get(params)!.n,
        items: page.all({ ...params, limit: pageSize, offset: (pageNo - 1) * pageSize }).map(presentProposal),
      };
    },
    forInstruction: (runId: number, instructionId: number) => forInstruction.all(runId, instructionId).map(presentProposal),
    getProposal: (id: number) => {
      const row = proposalById.get(id);
      return row && presentProposal(row);
    },
    /** False when the proposal is no longer open to review (annotators confirmed or overturned it). */
    review: (id: number, r: ProposalReview) => review.run({ id, ...r, swap: r.swap ? 1 : 0 }).changes > 0,
    /** The run's proposals in these (presented) statuses as a campaign's comparisons: sample a is the proposed chosen. */
    asComparisons: (runId: number, statuses: readonly ProposalStatus[]) =>
      asComparisons.all({ run_id: runId, statuses: JSON.stringify(statuses) }),
    /**
     * Sets a proposal's stored status as its campaign's judgments decide it (confirmed, overturned, or back as it
     * was); a judge's confirmation stays underneath, so an undone verdict restores "judge-confirmed".
     */
    settleProposal: (id: number, status: string) => void settle.run({ id, status }),
    /** Proposals that annotators have confirmed or overturned: their run must stay. */
    annotatedCount: (runId: number) => annotated.get(runId)!.n,
    delete: (runId: number) =>
      db.transaction(() => {
        removeProposals.run(runId);
        return removeRun.run(runId).changes > 0;
      })(),
    /** "Instruction N of M with proposals" for the review; index 0 when this one has none. */
    position: (runId: number, instructionId: number, position: number) =>
      positionOf.get({ run_id: runId, instruction_id: instructionId, position })!,
    /** The nearest instructions before and after `position` (same set) with proposals in the run. */
    neighbours(runId: number, setId: number, position: number) {
      const params = { run_id: runId, set_id: setId, position };
      return { previous: previous.get(params)?.id ?? null, next: next.get(params)?.id ?? null };
    },
  };
}
