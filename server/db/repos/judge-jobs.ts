import type { JudgeFilter, JudgeJob } from "../../../shared/schemas/judging";
import type { JobStatus } from "../../../shared/schemas/sampling";
import { jobOutcome } from "../../../shared/schemas/job-outcome";
import type { Db } from "../open";
import { pagedList } from "./paging";

interface JobRow extends Omit<JudgeJob, "filter" | "counts" | "total" | "outcome"> {
  filter: string;
  queued: number;
  running: number;
  done: number;
  failed: number;
}

/** What the judge queue needs of a job beyond its public shape. */
export interface JudgeSettings {
  template: string;
  template_hash: string;
  temperature: number;
  max_tokens: number;
  max_answers: number;
}

export interface NewJudgeJob {
  set_id: number;
  judge_model_id: number;
  template_id: number;
  filter: JudgeFilter;
  temperature: number;
  max_tokens: number;
  max_answers: number;
  created_by: number | null;
}

export function judgeJobsRepo(db: Db) {
  const select = `SELECT j.*, st.name AS set_name, m.name AS judge_model_name, t.name AS template_name, t.hash AS template_hash,
      (SELECT COUNT(*) FROM judge_scores x WHERE x.job_id = j.id AND x.status = 'queued') AS queued,
      (SELECT COUNT(*) FROM judge_scores x WHERE x.job_id = j.id AND x.status = 'running') AS running,
      (SELECT COUNT(*) FROM judge_scores x WHERE x.job_id = j.id AND x.status = 'done') AS done,
      (SELECT COUNT(*) FROM judge_scores x WHERE x.job_id = j.id AND x.status = 'failed') AS failed
    FROM judge_jobs j JOIN instruction_sets st ON st.id = j.set_id JOIN models m ON m.id = j.judge_model_id
      JOIN judge_templates t ON t.id = j.template_id`;
  const all = db.prepare<[], JobRow>(`${select} ORDER BY j.id DESC`);
  const paged = pagedList(db, `${select} ORDER BY j.id DESC`, "SELECT COUNT(*) AS n FROM judge_jobs", (row: JobRow) => present(row));
  const byId = db.prepare<[number], JobRow>(`${select} WHERE j.id = ?`);
  const insert = db.prepare(
    `INSERT INTO judge_jobs (set_id, judge_model_id, template_id, filter, temperature, max_tokens, max_answers, status, created_by, created_at)
     VALUES (@set_id, @judge_model_id, @template_id, @filter, @temperature, @max_tokens, @max_answers, 'running', @created_by, @now) RETURNING id`,
  );
  const unfinished = db.prepare<{ set_id: number; judge_model_id: number; template_id: number; filter: string }, { id: number }>(
    `SELECT id FROM judge_jobs WHERE set_id = @set_id AND judge_model_id = @judge_model_id AND template_id = @template_id
       AND filter = @filter AND status IN ('running', 'paused') ORDER BY id DESC LIMIT 1`,
  );
  const setCached = db.prepare<{ id: number; cached: number }>("UPDATE judge_jobs SET cached = @cached WHERE id = @id");
  const setStatus = db.prepare<{ id: number; status: JobStatus; now: string }>(
    `UPDATE judge_jobs SET status = @status, finished_at = CASE WHEN @status IN ('done', 'cancelled') THEN @now END WHERE id = @id`,
  );
  const finishIfComplete = db.prepare<{ id: number; now: string }>(
    `UPDATE judge_jobs SET status = 'done', finished_at = @now WHERE id = @id AND status = 'running'
       AND NOT EXISTS (SELECT 1 FROM judge_scores WHERE job_id = @id AND status IN ('queued', 'running'))`,
  );
  const runningModels = db.prepare<[], { id: number }>("SELECT DISTINCT judge_model_id AS id FROM judge_jobs WHERE status = 'running'");
  const status = db.prepare<[number], { status: JobStatus }>("SELECT status FROM judge_jobs WHERE id = ?");
  const settings = db.prepare<[number], JudgeSettings>(
    `SELECT t.text AS template, t.hash AS template_hash, j.temperature, j.max_tokens, j.max_answers
     FROM judge_jobs j JOIN judge_templates t ON t.id = j.template_id WHERE j.id = ?`,
  );

  const present = ({ queued, running, done, failed, filter, ...row }: JobRow): JudgeJob => ({
    ...row,
    filter: JSON.parse(filter) as JudgeFilter,
    counts: { queued, running, done, failed },
    total: queued + running + done + failed,
    outcome: jobOutcome(row.status, { done, failed }),
  });

  return {
    list: () => all.all().map(present),
    /** A page of the jobs, newest first (the order of `list`). */
    listPage: paged,
    get: (id: number) => {
      const row = byId.get(id);
      return row && present(row);
    },
    create: (job: NewJudgeJob, now: Date) =>
      Number(insert.run({ ...job, filter: JSON.stringify(job.filter), now: now.toISOString() }).lastInsertRowid),
    /** The newest running or paused job with these settings: a CLI run interrupted before its end. */
    findUnfinished: (set_id: number, judge_model_id: number, template_id: number, filter: JudgeFilter) =>
      unfinished.get({ set_id, judge_model_id, template_id, filter: JSON.stringify(filter) })?.id,
    setCached: (id: number, cached: number) => void setCached.run({ id, cached }),
    setStatus: (id: number, status: JobStatus, now: Date) => void setStatus.run({ id, status, now: now.toISOString() }),
    finishIfComplete: (id: number, now: Date) => finishIfComplete.run({ id, now: now.toISOString() }).changes > 0,
    status: (id: number) => status.get(id)?.status,
    runningModelIds: () => runningModels.all().map((r) => r.id),
    settings: (id: number) => settings.get(id),
  };
}
