import { qualityScore, type QualityScores } from "../../../shared/scoring/judge-answer";
import type { JudgeScore, JudgeScoreCounts, JudgeScoreStatus } from "../../../shared/schemas/judging";
import type { Db } from "../open";
import { claimOneSql } from "./claim-sql";
import { crossJoin } from "./sql-dialect";

interface JudgeScoreRow extends Omit<JudgeScore, "scores" | "dimension_scores"> {
  scores: string | null;
}

export interface ClaimedJudgeScore {
  id: number;
  job_id: number;
  sample_id: number;
  invalid_answers: number;
  lease_owner: string;
}

export interface FinishedJudgeScore {
  scores: QualityScores;
  quality_score: number;
  analysis: string | null;
  raw_answer: string;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  latency_ms: number;
}

const columns = `x.id, x.job_id, x.sample_id, s.sample_index, s.instruction_id, i.external_id, s.model_id, m.name AS model_name,
    x.judge_model_id, jm.name AS judge_model_name, x.template_hash, x.status, x.scores, x.quality_score, x.analysis,
    x.raw_answer, x.invalid_answers, x.attempts, x.last_error, x.updated_at, x.finished_at`;
const joins = `JOIN instructions i ON i.id = s.instruction_id JOIN models m ON m.id = s.model_id JOIN models jm ON jm.id = x.judge_model_id`;
const select = `SELECT ${columns} FROM judge_scores x JOIN samples s ON s.id = x.sample_id ${joins}`;

const present = ({ scores, ...row }: JudgeScoreRow): JudgeScore => {
  const parsed = scores === null ? null : (JSON.parse(scores) as QualityScores);
  return { ...row, scores: parsed, dimension_scores: parsed && qualityScore(parsed).dimensions };
};

/** A score a new job need not ask for: done, failed and not to be retried, or in the hands of a running job. */
function isCached(row: { status: JudgeScoreStatus; job_status: string }, retryFailed: boolean): boolean {
  return row.status === "done" || (row.status === "failed" && !retryFailed) || (row.status !== "failed" && row.job_status === "running");
}

export function judgeScoresRepo(db: Db) {
  const byId = db.prepare<[number], JudgeScoreRow>(`${select} WHERE x.id = ?`);
  const forSample = db.prepare<[number], JudgeScoreRow>(`${select} WHERE x.sample_id = ? ORDER BY x.id`);
  const forInstruction = db.prepare<{ instruction_id: number; judge_model_id: number; template_hash: string }, JudgeScoreRow>(
    // CROSS JOIN keeps SQLite starting from the instruction's few samples; left to itself it scans every
    // judge score of the judge through the claim index (90 ms at 400k judge scores instead of well under 1).
    `SELECT ${columns} FROM samples s ${crossJoin(db)} judge_scores x
       ON x.sample_id = s.id AND x.judge_model_id = @judge_model_id AND x.template_hash = @template_hash ${joins}
     WHERE s.instruction_id = @instruction_id ORDER BY s.id`,
  );
  const existing = db.prepare<
    { sample_id: number; judge_model_id: number; template_hash: string },
    { id: number; status: JudgeScoreStatus; job_status: string }
  >(
    `SELECT x.id, x.status, j.status AS job_status FROM judge_scores x JOIN judge_jobs j ON j.id = x.job_id
     WHERE x.sample_id = @sample_id AND x.judge_model_id = @judge_model_id AND x.template_hash = @template_hash`,
  );
  const insert = db.prepare(
    `INSERT INTO judge_scores (job_id, sample_id, judge_model_id, template_hash, status, updated_at)
     VALUES (@job_id, @sample_id, @judge_model_id, @template_hash, 'queued', @now)`,
  );
  // A judge score left unfinished by a job that no longer runs, or failed when asked again, joins the new job.
  const adopt = db.prepare(
    `UPDATE judge_scores SET job_id = @job_id, status = 'queued', invalid_answers = 0, attempts = 0, last_error = NULL,
       lease_owner = NULL, lease_until = NULL, finished_at = NULL, updated_at = @now
     WHERE id = @id`,
  );
  const insertDone = db.prepare(
    `INSERT INTO judge_scores (job_id, sample_id, judge_model_id, template_hash, status, scores, quality_score, analysis, raw_answer, updated_at, finished_at)
     VALUES (@job_id, @sample_id, @judge_model_id, @template_hash, 'done', @scores, @quality_score, @analysis, @raw_answer, @now, @now)`,
  );
  const claimOne = db.prepare<{ model_id: number; owner: string; now: string; until: string }, ClaimedJudgeScore>(
    claimOneSql(db, {
      table: "judge_scores",
      jobs: "judge_jobs",
      modelColumn: "judge_model_id",
      returning: "id, job_id, sample_id, invalid_answers, lease_owner",
    }),
  );
  const mine = "WHERE id = @id AND lease_owner = @owner AND status = 'running'";
  const renew = db.prepare<[string, string]>(`UPDATE judge_scores SET lease_until = ? WHERE lease_owner = ? AND status = 'running'`);
  const attempt = db.prepare(`UPDATE judge_scores SET attempts = attempts + 1, updated_at = @now ${mine}`);
  const error = db.prepare(`UPDATE judge_scores SET last_error = @error, updated_at = @now ${mine}`);
  const invalid = db.prepare(
    `UPDATE judge_scores SET invalid_answers = invalid_answers + 1, raw_answer = @raw, last_error = @error, updated_at = @now ${mine}`,
  );
  const finish = db.prepare(
    `UPDATE judge_scores SET status = 'done', scores = @scores, quality_score = @quality_score, analysis = @analysis,
       raw_answer = @raw_answer, prompt_tokens = @prompt_tokens, completion_tokens = @completion_tokens, latency_ms = @latency_ms,
       last_error = NULL, lease_owner = NULL, lease_until = NULL, updated_at = @now, finished_at = @now ${mine}`,
  );
  const fail = db.prepare(
    `UPDATE judge_scores SET status = 'failed', last_error = @error, lease_owner = NULL, lease_until = NULL,
       updated_at = @now, finished_at = @now ${mine}`,
  );
  const requeueFailed = db.prepare<{ job_id: number; now: string }>(
    `UPDATE judge_scores SET status = 'queued', invalid_answers = 0, attempts = 0, last_error = NULL,
       lease_owner = NULL, lease_until = NULL, finished_at = NULL, updated_at = @now
     WHERE job_id = @job_id AND status = 'failed'`,
  );
  const release = db.prepare(
    `UPDATE judge_scores SET status = 'queued', lease_owner = NULL, lease_until = NULL, updated_at = @now ${mine}`,
  );
  const counts = db.prepare<[number], { status: JudgeScoreStatus; n: number }>(
    "SELECT status, COUNT(*) AS n FROM judge_scores WHERE job_id = ? GROUP BY status",
  );
  const pageCount = db.prepare<{ job_id: number; status: string | null }, { n: number }>(
    "SELECT COUNT(*) AS n FROM judge_scores WHERE job_id = @job_id AND (CAST(@status AS TEXT) IS NULL OR status = @status)",
  );
  const page = db.prepare<{ job_id: number; status: string | null; limit: number; offset: number }, JudgeScoreRow>(
    `${select} WHERE x.job_id = @job_id AND (CAST(@status AS TEXT) IS NULL OR x.status = @status) ORDER BY x.id LIMIT @limit OFFSET @offset`,
  );
  const recent = db.prepare<{ job_id: number; since: string }, { n: number }>(
    "SELECT COUNT(*) AS n FROM judge_scores WHERE job_id = @job_id AND status = 'done' AND finished_at >= @since",
  );
  const errors = db.prepare<
    [number],
    {
      judgment_id: number;
      sample_id: number;
      instruction_id: number;
      external_id: string;
      model_name: string;
      status: JudgeScoreStatus;
      error: string;
      at: string;
    }
  >(
    `SELECT x.id AS judgment_id, x.sample_id, s.instruction_id, i.external_id, m.name AS model_name, x.status, x.last_error AS error, x.updated_at AS at
     FROM judge_scores x JOIN samples s ON s.id = x.sample_id JOIN instructions i ON i.id = s.instruction_id JOIN models m ON m.id = s.model_id
     WHERE x.job_id = ? AND x.last_error IS NOT NULL ORDER BY x.updated_at DESC, x.id DESC LIMIT 10`,
  );

  const lease = (id: number, owner: string, now: Date) => ({ id, owner, now: now.toISOString() });

  return {
    get: (id: number) => {
      const row = byId.get(id);
      return row && present(row);
    },
    forSample: (sampleId: number) => forSample.all(sampleId).map(present),
    forInstruction: (instructionId: number, judgeModelId: number, templateHash: string) =>
      forInstruction.all({ instruction_id: instructionId, judge_model_id: judgeModelId, template_hash: templateHash }).map(present),
    /**
     * Queues a judge score of each sample for the job unless one is cached: done, or in the hands of another
     * running job. Returns how many were cached. Call inside the job's transaction.
     */
    queueForJob(jobId: number, judgeModelId: number, templateHash: string, sampleIds: number[], retryFailed: boolean, now: Date): number {
      let cached = 0;
      const at = now.toISOString();
      for (const sample_id of sampleIds) {
        const key = { sample_id, judge_model_id: judgeModelId, template_hash: templateHash };
        const row = existing.get(key);
        if (!row) insert.run({ ...key, job_id: jobId, now: at });
        else if (isCached(row, retryFailed)) cached++;
        else adopt.run({ id: row.id, job_id: jobId, now: at });
      }
      return cached;
    },
    /** How many of these samples queueForJob would find cached: a new job's preview. */
    countCached(judgeModelId: number, templateHash: string, sampleIds: number[], retryFailed: boolean): number {
      let cached = 0;
      for (const sample_id of sampleIds) {
        const row = existing.get({ sample_id, judge_model_id: judgeModelId, template_hash: templateHash });
        if (row && isCached(row, retryFailed)) cached++;
      }
      return cached;
    },
    /** A judge score settled without asking (the demo's illustrative ones). */
    insertDone(
      jobId: number,
      sampleId: number,
      judgeModelId: number,
      templateHash: string,
      result: Pick<FinishedJudgeScore, "scores" | "quality_score" | "analysis" | "raw_answer">,
      now: Date,
    ) {
      insertDone.run({
        job_id: jobId,
        sample_id: sampleId,
        judge_model_id: judgeModelId,
        template_hash: templateHash,
        ...result,
        scores: JSON.stringify(result.scores),
        now: now.toISOString(),
      });
    },
    claim(modelId: number, owner: string, now: Date, leaseMs: number): ClaimedJudgeScore | undefined {
      const params = { model_id: modelId, owner, now: now.toISOString(), until: new Date(now.getTime() + leaseMs).toISOString() };
      return claimOne.get(params);
    },
    renewLeases: (owner: string, until: Date) => renew.run(until.toISOString(), owner).changes,
    countAttempt: (id: number, owner: string, now: Date) => void attempt.run(lease(id, owner, now)),
    recordError: (id: number, owner: string, message: string, now: Date) => void error.run({ ...lease(id, owner, now), error: message }),
    recordInvalid: (id: number, owner: string, raw: string, reason: string, now: Date) =>
      void invalid.run({ ...lease(id, owner, now), raw, error: reason }),
    finish: (id: number, owner: string, result: FinishedJudgeScore, now: Date) =>
      finish.run({ ...lease(id, owner, now), ...result, scores: JSON.stringify(result.scores) }).changes > 0,
    fail: (id: number, owner: string, message: string, now: Date) => void fail.run({ ...lease(id, owner, now), error: message }),
    release: (id: number, owner: string, now: Date) => void release.run(lease(id, owner, now)),
    /** Puts a job's failed judgments back in the queue, as if never asked; how many. */
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
