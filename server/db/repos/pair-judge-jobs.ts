import { jobOutcome } from "../../../shared/schemas/job-outcome";
import type { PairJudgeJob, PairJudgeSource } from "../../../shared/schemas/pair-judging";
import type { JobStatus } from "../../../shared/schemas/sampling";
import type { Db } from "../open";
import { pagedList } from "./paging";
import { jsonElements, jsonField } from "./sql-dialect";

interface JobRow extends Omit<PairJudgeJob, "source" | "counts" | "total" | "outcome" | "identity"> {
  source: string;
  builtin: number;
  queued: number;
  running: number;
  done: number;
  failed: number;
}

/** What the pair judge queue needs of a job beyond its public shape. */
export interface PairJudgeSettings {
  template: string;
  template_hash: string;
  temperature: number;
  max_tokens: number;
  max_answers: number;
}

export interface NewPairJudgeJob {
  set_id: number;
  source: PairJudgeSource;
  judge_model_id: number;
  template_id: number;
  temperature: number;
  max_tokens: number;
  max_answers: number;
  created_by: number | null;
}

/** One pair a job judges; a is the comparison's (or the proposal's chosen) side. */
export interface PairItem {
  instruction_id: number;
  sample_a_id: number;
  sample_b_id: number;
  comparison_id: number | null;
  proposal_id: number | null;
}

/**
 * The annotator name of a judge's combined verdicts: the rule of identityOf (server/stats/judge-identity.ts),
 * repeated here because server/db may not import the domain.
 */
const identityOf = (modelName: string, template: { name: string; builtin: boolean }) =>
  template.builtin ? `judge:${modelName}` : `judge:${modelName} [${template.name}]`;

export function pairJudgeJobsRepo(db: Db) {
  const select = `SELECT j.id, j.set_id, st.name AS set_name, j.source, j.campaign_id, j.pair_run_id, j.judge_model_id,
      m.name AS judge_model_name, j.template_id, t.name AS template_name, t.hash AS template_hash, t.builtin, j.temperature,
      j.max_tokens, j.max_answers, j.status, j.created_at, j.finished_at, j.cached,
      (SELECT COUNT(*) FROM pair_judge_items p WHERE p.job_id = j.id) AS pairs,
      (SELECT COUNT(*) FROM pair_judgments x WHERE x.job_id = j.id AND x.status = 'queued') AS queued,
      (SELECT COUNT(*) FROM pair_judgments x WHERE x.job_id = j.id AND x.status = 'running') AS running,
      (SELECT COUNT(*) FROM pair_judgments x WHERE x.job_id = j.id AND x.status = 'done') AS done,
      (SELECT COUNT(*) FROM pair_judgments x WHERE x.job_id = j.id AND x.status = 'failed') AS failed
    FROM pair_judge_jobs j JOIN instruction_sets st ON st.id = j.set_id JOIN models m ON m.id = j.judge_model_id
      JOIN judge_templates t ON t.id = j.template_id`;
  const paged = pagedList(db, `${select} ORDER BY j.id DESC`, "SELECT COUNT(*) AS n FROM pair_judge_jobs", (row: JobRow) => present(row));
  const byId = db.prepare<[number], JobRow>(`${select} WHERE j.id = ?`);
  const insert = db.prepare(
    `INSERT INTO pair_judge_jobs (set_id, source, campaign_id, pair_run_id, judge_model_id, template_id, temperature, max_tokens,
       max_answers, status, created_by, created_at)
     VALUES (@set_id, @source, @campaign_id, @pair_run_id, @judge_model_id, @template_id, @temperature, @max_tokens, @max_answers,
       'running', @created_by, @now) RETURNING id`,
  );
  // One statement for all of a job's pairs (100,000 in the bench): [a, b, comparison, proposal] each.
  const insertItems = db.prepare<{ job_id: number; items: string }>(
    `INSERT OR IGNORE INTO pair_judge_items (job_id, sample_a_id, sample_b_id, comparison_id, proposal_id)
     SELECT @job_id, CAST(value->>0 AS BIGINT), CAST(value->>1 AS BIGINT), CAST(value->>2 AS BIGINT), CAST(value->>3 AS BIGINT)
     FROM ${jsonElements(db, "@items")}`,
  );
  const campaignPairs = db.prepare<[number], PairItem>(
    `SELECT instruction_id, sample_a_id, sample_b_id, id AS comparison_id, proposal_id FROM comparisons WHERE campaign_id = ? AND gold_answer IS NULL ORDER BY id`,
  );
  const unfinished = db.prepare<{ campaign_id: number; judge_model_id: number; template_id: number }, { id: number }>(
    `SELECT id FROM pair_judge_jobs WHERE campaign_id = @campaign_id AND judge_model_id = @judge_model_id
       AND template_id = @template_id AND ${jsonField(db, "source", "'kind'")} = 'campaign' AND status IN ('running', 'paused') ORDER BY id DESC LIMIT 1`,
  );
  const setCached = db.prepare<{ id: number; cached: number }>("UPDATE pair_judge_jobs SET cached = @cached WHERE id = @id");
  const setStatus = db.prepare<{ id: number; status: JobStatus; now: string }>(
    `UPDATE pair_judge_jobs SET status = @status, finished_at = CASE WHEN @status IN ('done', 'cancelled') THEN @now END WHERE id = @id`,
  );
  const finishIfComplete = db.prepare<{ id: number; now: string }>(
    `UPDATE pair_judge_jobs SET status = 'done', finished_at = @now WHERE id = @id AND status = 'running'
       AND NOT EXISTS (SELECT 1 FROM pair_judgments WHERE job_id = @id AND status IN ('queued', 'running'))`,
  );
  const runningModels = db.prepare<[], { id: number }>(
    "SELECT DISTINCT judge_model_id AS id FROM pair_judge_jobs WHERE status = 'running'",
  );
  const status = db.prepare<[number], { status: JobStatus }>("SELECT status FROM pair_judge_jobs WHERE id = ?");
  const settings = db.prepare<[number], PairJudgeSettings>(
    `SELECT t.text AS template, t.hash AS template_hash, j.temperature, j.max_tokens, j.max_answers
     FROM pair_judge_jobs j JOIN judge_templates t ON t.id = j.template_id WHERE j.id = ?`,
  );

  const present = ({ queued, running, done, failed, source, builtin, ...row }: JobRow): PairJudgeJob => ({
    ...row,
    source: JSON.parse(source) as PairJudgeSource,
    identity: identityOf(row.judge_model_name, { name: row.template_name, builtin: builtin === 1 }),
    counts: { queued, running, done, failed },
    total: queued + running + done + failed,
    outcome: jobOutcome(row.status, { done, failed }),
  });

  return {
    /** A page of the jobs, newest first. */
    listPage: paged,
    get: (id: number) => {
      const row = byId.get(id);
      return row && present(row);
    },
    /** The job row and its pairs; the answers are queued by pairJudgments.queueForJob. Call inside a transaction. */
    create(job: NewPairJudgeJob, items: readonly PairItem[], now: Date): number {
      const id = Number(
        insert.run({
          ...job,
          source: JSON.stringify(job.source),
          campaign_id: job.source.kind === "campaign" ? job.source.campaign_id : null,
          pair_run_id: job.source.kind === "pair-run" ? job.source.pair_run_id : null,
          now: now.toISOString(),
        }).lastInsertRowid,
      );
      const rows = items.map((p) => [p.sample_a_id, p.sample_b_id, p.comparison_id, p.proposal_id]);
      insertItems.run({ job_id: id, items: JSON.stringify(rows) });
      return id;
    },
    /** A campaign's comparisons as pairs to judge, sample a as the campaign has it. */
    campaignPairs: (campaignId: number) => campaignPairs.all(campaignId),
    /** The newest running or paused job over this campaign with this judge and template: a CLI run to continue. */
    findUnfinished: (campaign_id: number, judge_model_id: number, template_id: number) =>
      unfinished.get({ campaign_id, judge_model_id, template_id })?.id,
    setCached: (id: number, cached: number) => void setCached.run({ id, cached }),
    setStatus: (id: number, status: JobStatus, now: Date) => void setStatus.run({ id, status, now: now.toISOString() }),
    finishIfComplete: (id: number, now: Date) => finishIfComplete.run({ id, now: now.toISOString() }).changes > 0,
    status: (id: number) => status.get(id)?.status,
    runningModelIds: () => runningModels.all().map((r) => r.id),
    settings: (id: number) => settings.get(id),
  };
}
