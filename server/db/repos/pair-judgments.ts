import type { JudgeScoreCounts, JudgeScoreStatus } from "../../../shared/schemas/judging";
import type { PairJudgment } from "../../../shared/schemas/pair-judging";
import { pairVerdictLabel, type PairVerdict } from "../../../shared/scoring/pair-verdict";
import type { Db } from "../open";
import { claimOneSql } from "./claim-sql";
import { jsonElements } from "./sql-dialect";

type PairJudgmentRow = Omit<PairJudgment, "verdict_label">;

export interface ClaimedPairJudgment {
  id: number;
  job_id: number;
  first_sample_id: number;
  second_sample_id: number;
  invalid_answers: number;
  lease_owner: string;
}

export interface FinishedPairJudgment {
  verdict: PairVerdict;
  analysis: string | null;
  raw_answer: string;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  latency_ms: number;
}

/** The cache key of a job's answers: its judge model and template text. */
export interface PairCacheKey {
  judge_model_id: number;
  template_hash: string;
}

const select = `SELECT x.id, x.job_id, f.instruction_id, i.external_id, x.first_sample_id, fm.name AS first_model_name,
    x.second_sample_id, sm.name AS second_model_name, x.judge_model_id, jm.name AS judge_model_name, x.template_hash, x.status,
    x.verdict, x.analysis, x.raw_answer, x.invalid_answers, x.attempts, x.last_error, x.updated_at, x.finished_at
  FROM pair_judgments x JOIN samples f ON f.id = x.first_sample_id JOIN samples s ON s.id = x.second_sample_id
    JOIN instructions i ON i.id = f.instruction_id JOIN models fm ON fm.id = f.model_id JOIN models sm ON sm.id = s.model_id
    JOIN models jm ON jm.id = x.judge_model_id`;

const present = (row: PairJudgmentRow): PairJudgment => ({
  ...row,
  verdict_label: row.verdict === null ? null : pairVerdictLabel(row.verdict as PairVerdict),
});

// Both orders of a job's pairs (its items): the answers it needs. UNION, not UNION ALL: a pair listed both
// ways (or a sample against itself) is one answer per order, not two.
const ordersOfJob = `SELECT sample_a_id AS first, sample_b_id AS second FROM pair_judge_items WHERE job_id = @job_id
  UNION SELECT sample_b_id, sample_a_id FROM pair_judge_items WHERE job_id = @job_id`;
const ordersOfJson = (db: Db) => {
  const [first, second] = ["CAST(value->>0 AS BIGINT)", "CAST(value->>1 AS BIGINT)"];
  const pairs = jsonElements(db, "@pairs");
  return `SELECT ${first} AS first, ${second} AS second FROM ${pairs} UNION SELECT ${second}, ${first} FROM ${pairs}`;
};

/**
 * An answer a new job need not ask for (decision 006, kept for pairs): done, failed and not to be retried,
 * or queued or running in another job that runs. `x` is the answer, `j` its job's status.
 */
const cachedWhen = (x: string, jobStatus: string) =>
  `(${x}.status = 'done' OR (${x}.status = 'failed' AND @retry_failed = 0) OR (${x}.status IN ('queued', 'running') AND ${jobStatus} = 'running'))`;

/**
 * The pairwise judge's answers: one row per (first sample, second sample, judge model, template hash), the
 * cache (decision 034). job_id is the job that last asked for it; when a newer job takes over an answer left
 * unfinished or failed, the row moves to it (decision 006).
 */
export function pairJudgmentsRepo(db: Db) {
  const byId = db.prepare<[number], PairJudgmentRow>(`${select} WHERE x.id = ?`);
  // Set-based, so 200,000 answers queue in one statement: new orders inserted; existing ones not cached
  // (failed and to be retried, or left by a job that no longer runs) taken over as if never asked.
  const queue = db.prepare<PairCacheKey & { job_id: number; retry_failed: 0 | 1; now: string }>(
    `INSERT INTO pair_judgments (job_id, first_sample_id, second_sample_id, judge_model_id, template_hash, status, updated_at)
     SELECT @job_id, o.first, o.second, @judge_model_id, @template_hash, 'queued', @now FROM (${ordersOfJob}) o WHERE true
     ON CONFLICT (first_sample_id, second_sample_id, judge_model_id, template_hash) DO UPDATE SET
       job_id = excluded.job_id, status = 'queued', verdict = NULL, analysis = NULL, raw_answer = NULL, invalid_answers = 0,
       attempts = 0, last_error = NULL, lease_owner = NULL, lease_until = NULL, finished_at = NULL, updated_at = excluded.updated_at
     WHERE NOT ${cachedWhen("pair_judgments", "(SELECT status FROM pair_judge_jobs WHERE id = pair_judgments.job_id)")}`,
  );
  const orderCount = db.prepare<{ job_id: number }, { n: number }>(`SELECT COUNT(*) AS n FROM (${ordersOfJob}) o`);
  const countCached = db.prepare<PairCacheKey & { pairs: string; retry_failed: 0 | 1 }, { orders: number; cached: number }>(
    `SELECT COUNT(*) AS orders, COALESCE(SUM(CASE WHEN x.id IS NOT NULL AND ${cachedWhen("x", "j.status")} THEN 1 ELSE 0 END), 0) AS cached
     FROM (${ordersOfJson(db)}) o
       LEFT JOIN pair_judgments x ON x.first_sample_id = o.first AND x.second_sample_id = o.second
         AND x.judge_model_id = @judge_model_id AND x.template_hash = @template_hash
       LEFT JOIN pair_judge_jobs j ON j.id = x.job_id`,
  );
  const claimOne = db.prepare<{ model_id: number; owner: string; now: string; until: string }, ClaimedPairJudgment>(
    claimOneSql(db, {
      table: "pair_judgments",
      jobs: "pair_judge_jobs",
      modelColumn: "judge_model_id",
      returning: "id, job_id, first_sample_id, second_sample_id, invalid_answers, lease_owner",
    }),
  );
  const mine = "WHERE id = @id AND lease_owner = @owner AND status = 'running'";
  const renew = db.prepare<[string, string]>("UPDATE pair_judgments SET lease_until = ? WHERE lease_owner = ? AND status = 'running'");
  const attempt = db.prepare(`UPDATE pair_judgments SET attempts = attempts + 1, updated_at = @now ${mine}`);
  const error = db.prepare(`UPDATE pair_judgments SET last_error = @error, updated_at = @now ${mine}`);
  const invalid = db.prepare(
    `UPDATE pair_judgments SET invalid_answers = invalid_answers + 1, raw_answer = @raw, last_error = @error, updated_at = @now ${mine}`,
  );
  const finish = db.prepare(
    `UPDATE pair_judgments SET status = 'done', verdict = @verdict, analysis = @analysis, raw_answer = @raw_answer,
       prompt_tokens = @prompt_tokens, completion_tokens = @completion_tokens, latency_ms = @latency_ms, last_error = NULL,
       lease_owner = NULL, lease_until = NULL, updated_at = @now, finished_at = @now ${mine}`,
  );
  const fail = db.prepare(
    `UPDATE pair_judgments SET status = 'failed', verdict = NULL, last_error = @error, lease_owner = NULL, lease_until = NULL,
       updated_at = @now, finished_at = @now ${mine}`,
  );
  const release = db.prepare(
    `UPDATE pair_judgments SET status = 'queued', lease_owner = NULL, lease_until = NULL, updated_at = @now ${mine}`,
  );
  const requeueFailed = db.prepare<{ job_id: number; now: string }>(
    `UPDATE pair_judgments SET status = 'queued', verdict = NULL, invalid_answers = 0, attempts = 0, last_error = NULL,
       lease_owner = NULL, lease_until = NULL, finished_at = NULL, updated_at = @now
     WHERE job_id = @job_id AND status = 'failed'`,
  );
  const counts = db.prepare<[number], { status: JudgeScoreStatus; n: number }>(
    "SELECT status, COUNT(*) AS n FROM pair_judgments WHERE job_id = ? GROUP BY status",
  );
  const pageCount = db.prepare<{ job_id: number; status: string | null }, { n: number }>(
    "SELECT COUNT(*) AS n FROM pair_judgments WHERE job_id = @job_id AND (CAST(@status AS TEXT) IS NULL OR status = @status)",
  );
  const page = db.prepare<{ job_id: number; status: string | null; limit: number; offset: number }, PairJudgmentRow>(
    `${select} WHERE x.job_id = @job_id AND (CAST(@status AS TEXT) IS NULL OR x.status = @status) ORDER BY x.id LIMIT @limit OFFSET @offset`,
  );
  const recent = db.prepare<{ job_id: number; since: string }, { n: number }>(
    "SELECT COUNT(*) AS n FROM pair_judgments WHERE job_id = @job_id AND status = 'done' AND finished_at >= @since",
  );
  const errors = db.prepare<[number], { answer_id: number; external_id: string; status: JudgeScoreStatus; error: string; at: string }>(
    `SELECT x.id AS answer_id, i.external_id, x.status, x.last_error AS error, x.updated_at AS at
     FROM pair_judgments x JOIN samples f ON f.id = x.first_sample_id JOIN instructions i ON i.id = f.instruction_id
     WHERE x.job_id = ? AND x.last_error IS NOT NULL ORDER BY x.updated_at DESC, x.id DESC LIMIT 10`,
  );

  const lease = (id: number, owner: string, now: Date) => ({ id, owner, now: now.toISOString() });

  return {
    get: (id: number) => {
      const row = byId.get(id);
      return row && present(row);
    },
    /**
     * Queues both orders of each of the job's pairs (its items, written first) unless cached; returns how
     * many orders were cached. Call inside the job's transaction.
     */
    queueForJob(jobId: number, key: PairCacheKey, retryFailed: boolean, now: Date): number {
      const changed = queue.run({ ...key, job_id: jobId, retry_failed: retryFailed ? 1 : 0, now: now.toISOString() }).changes;
      return orderCount.get({ job_id: jobId })!.n - changed;
    },
    /** Both orders of these pairs ([a, b]) as queueForJob would count them: a new job's preview. */
    countCached(key: PairCacheKey, pairs: readonly (readonly [number, number])[], retryFailed: boolean) {
      return countCached.get({ ...key, pairs: JSON.stringify(pairs), retry_failed: retryFailed ? 1 : 0 })!;
    },
    claim(modelId: number, owner: string, now: Date, leaseMs: number): ClaimedPairJudgment | undefined {
      const params = { model_id: modelId, owner, now: now.toISOString(), until: new Date(now.getTime() + leaseMs).toISOString() };
      return claimOne.get(params);
    },
    renewLeases: (owner: string, until: Date) => renew.run(until.toISOString(), owner).changes,
    countAttempt: (id: number, owner: string, now: Date) => void attempt.run(lease(id, owner, now)),
    recordError: (id: number, owner: string, message: string, now: Date) => void error.run({ ...lease(id, owner, now), error: message }),
    recordInvalid: (id: number, owner: string, raw: string, reason: string, now: Date) =>
      void invalid.run({ ...lease(id, owner, now), raw, error: reason }),
    finish: (id: number, owner: string, result: FinishedPairJudgment, now: Date) =>
      finish.run({ ...lease(id, owner, now), ...result }).changes > 0,
    fail: (id: number, owner: string, message: string, now: Date) => void fail.run({ ...lease(id, owner, now), error: message }),
    release: (id: number, owner: string, now: Date) => void release.run(lease(id, owner, now)),
    /** Puts a job's failed answers back in the queue, as if never asked; how many. */
    requeueFailed: (jobId: number, now: Date) => requeueFailed.run({ job_id: jobId, now: now.toISOString() }).changes,
    counts(jobId: number): JudgeScoreCounts {
      const result: JudgeScoreCounts = { queued: 0, running: 0, done: 0, failed: 0 };
      for (const { status, n } of counts.all(jobId)) result[status] = n;
      return result;
    },
    page(jobId: number, status: JudgeScoreStatus | undefined, pageNo: number, pageSize: number) {
      const s = status ?? null;
      return {
        total: pageCount.get({ job_id: jobId, status: s })!.n,
        items: page.all({ job_id: jobId, status: s, limit: pageSize, offset: (pageNo - 1) * pageSize }).map(present),
      };
    },
    finishedSince: (jobId: number, since: Date) => recent.get({ job_id: jobId, since: since.toISOString() })!.n,
    recentErrors: (jobId: number) => errors.all(jobId),
  };
}
