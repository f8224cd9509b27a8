import type { GenerationParams } from "../../../shared/schemas/model";
import type { InstructionFilter, JobStatus, SamplingJob } from "../../../shared/schemas/sampling";
import { jobOutcome } from "../../../shared/schemas/job-outcome";
import type { Db } from "../open";
import { pagedList } from "./paging";

interface JobRow {
  id: number;
  set_id: number;
  set_name: string;
  model_id: number;
  model_name: string;
  n: number;
  strategy: SamplingJob["strategy"];
  filter: string;
  params: string;
  templates: string | null;
  status: JobStatus;
  created_at: string;
  finished_at: string | null;
  queued: number;
  running: number;
  done: number;
  failed: number;
}

export interface AgentWriteTemplates {
  plan: string;
  write: string;
}

/** What the runner needs of a job beyond its public shape. */
export interface SamplingJobSettings {
  params: GenerationParams;
  templates: AgentWriteTemplates | null;
}

export interface NewSamplingJob {
  set_id: number;
  model_id: number;
  n: number;
  strategy: SamplingJob["strategy"];
  filter: InstructionFilter;
  params: GenerationParams;
  templates: AgentWriteTemplates | null;
  status: JobStatus;
  created_by: number | null;
}

/** A job an outputs import is writing ('importing') or that is being removed ('removing'). */
export interface HiddenSamplingJob {
  id: number;
  status: "importing" | "removing";
  writer: string | null;
  heartbeat_at: string | null;
}

/**
 * SQL: the sample aliased `alias` belongs to a published job (an import's hidden samples are no one's to see)
 * that is not a campaign's gold job (its degraded copies are read only through gold comparisons).
 */
export const visibleSample = (alias: string) =>
  `NOT EXISTS (SELECT 1 FROM sampling_jobs hj WHERE hj.id = ${alias}.job_id AND (hj.import_state IS NOT NULL OR hj.gold = 1))`;

export type SamplingJobsRepo = ReturnType<typeof samplingJobsRepo>;

export function samplingJobsRepo(db: Db) {
  const select = `SELECT j.*, st.name AS set_name, m.name AS model_name,
      (SELECT COUNT(*) FROM samples s WHERE s.job_id = j.id AND s.status = 'queued') AS queued,
      (SELECT COUNT(*) FROM samples s WHERE s.job_id = j.id AND s.status = 'running') AS running,
      (SELECT COUNT(*) FROM samples s WHERE s.job_id = j.id AND s.status = 'done') AS done,
      (SELECT COUNT(*) FROM samples s WHERE s.job_id = j.id AND s.status = 'failed') AS failed
    FROM sampling_jobs j JOIN instruction_sets st ON st.id = j.set_id JOIN models m ON m.id = j.model_id`;
  const all = db.prepare<[], JobRow>(`${select} WHERE j.import_state IS NULL AND j.gold = 0 ORDER BY j.id DESC`);
  const paged = pagedList(
    db,
    `${select} WHERE j.import_state IS NULL AND j.gold = 0 ORDER BY j.id DESC`,
    "SELECT COUNT(*) AS n FROM sampling_jobs j WHERE j.import_state IS NULL AND j.gold = 0",
    (row: JobRow) => present(row),
  );
  const byId = db.prepare<[number], JobRow>(`${select} WHERE j.id = ? AND j.import_state IS NULL AND j.gold = 0`);
  const insertImporting = db.prepare(
    `INSERT INTO sampling_jobs (set_id, model_id, n, strategy, filter, params, templates, status, created_by, created_at, finished_at,
       import_state, writer, heartbeat_at)
     VALUES (@set_id, @model_id, @n, @strategy, @filter, @params, @templates, @status, @created_by, @now,
       CASE WHEN @status = 'done' THEN @now END, 'importing', @writer, @now) RETURNING id`,
  );
  const beat = db.prepare<[string, number]>("UPDATE sampling_jobs SET heartbeat_at = ? WHERE id = ? AND import_state = 'importing'");
  const publish = db.prepare<[number]>(
    "UPDATE sampling_jobs SET import_state = NULL, writer = NULL, heartbeat_at = NULL WHERE id = ? AND import_state = 'importing'",
  );
  const abandon = db.prepare<[number]>("UPDATE sampling_jobs SET import_state = 'removing' WHERE id = ? AND import_state = 'importing'");
  const hidden = db.prepare<[], HiddenSamplingJob>(
    "SELECT id, import_state AS status, writer, heartbeat_at FROM sampling_jobs WHERE import_state IS NOT NULL",
  );
  const removeSomeSamples = db.prepare<[number, number]>(
    "DELETE FROM samples WHERE id IN (SELECT id FROM samples WHERE job_id = ? LIMIT ?)",
  );
  const removeHidden = db.prepare<[number]>("DELETE FROM sampling_jobs WHERE id = ? AND import_state IS NOT NULL");
  // A model an import created for its outputs, left with none when the import failed or was swept.
  const removeEmptyImportModels = db.prepare(
    `DELETE FROM models WHERE source = 'import'
       AND NOT EXISTS (SELECT 1 FROM sampling_jobs j WHERE j.model_id = models.id)
       AND NOT EXISTS (SELECT 1 FROM samples s WHERE s.model_id = models.id)`,
  );
  const unfinished = db.prepare<{ set_id: number; model_id: number; n: number; strategy: string }, { id: number }>(
    `SELECT id FROM sampling_jobs WHERE set_id = @set_id AND model_id = @model_id AND n = @n AND strategy = @strategy
       AND status IN ('running', 'paused') ORDER BY id DESC LIMIT 1`,
  );
  const insert = db.prepare(
    `INSERT INTO sampling_jobs (set_id, model_id, n, strategy, filter, params, templates, status, created_by, created_at, finished_at)
     VALUES (@set_id, @model_id, @n, @strategy, @filter, @params, @templates, @status, @created_by, @now,
       CASE WHEN @status = 'done' THEN @now END) RETURNING id`,
  );
  const setStatus = db.prepare<{ id: number; status: JobStatus; now: string }>(
    `UPDATE sampling_jobs SET status = @status, finished_at = CASE WHEN @status IN ('done', 'cancelled') THEN @now END
     WHERE id = @id`,
  );
  const finishIfComplete = db.prepare<{ id: number; now: string }>(
    `UPDATE sampling_jobs SET status = 'done', finished_at = @now WHERE id = @id AND status = 'running'
       AND NOT EXISTS (SELECT 1 FROM samples WHERE job_id = @id AND status IN ('queued', 'running'))`,
  );
  const runningModels = db.prepare<[], { model_id: number }>("SELECT DISTINCT model_id FROM sampling_jobs WHERE status = 'running'");
  const status = db.prepare<[number], { status: JobStatus }>("SELECT status FROM sampling_jobs WHERE id = ?");
  const settings = db.prepare<[number], { params: string; templates: string | null; status: JobStatus }>(
    "SELECT params, templates, status FROM sampling_jobs WHERE id = ?",
  );

  const present = (row: JobRow): SamplingJob => ({
    id: row.id,
    set_id: row.set_id,
    set_name: row.set_name,
    model_id: row.model_id,
    model_name: row.model_name,
    n: row.n,
    strategy: row.strategy,
    filter: JSON.parse(row.filter) as InstructionFilter,
    status: row.status,
    created_at: row.created_at,
    finished_at: row.finished_at,
    counts: { queued: row.queued, running: row.running, done: row.done, failed: row.failed },
    total: row.queued + row.running + row.done + row.failed,
    outcome: jobOutcome(row.status, row),
  });

  return {
    list: () => all.all().map(present),
    /** A page of the jobs, newest first (the order of `list`). */
    listPage: paged,
    get: (id: number) => {
      const row = byId.get(id);
      return row && present(row);
    },
    findUnfinished: (set_id: number, model_id: number, n: number, strategy: string) =>
      unfinished.get({ set_id, model_id, n, strategy })?.id,
    create(job: NewSamplingJob, now: Date): number {
      const info = insert.run({
        ...job,
        filter: JSON.stringify(job.filter),
        params: JSON.stringify(job.params),
        templates: job.templates === null ? null : JSON.stringify(job.templates),
        now: now.toISOString(),
      });
      return Number(info.lastInsertRowid);
    },
    /** A job written in chunks by an outputs import: seen by no one (nor its samples) until `publish`. */
    createImporting(job: NewSamplingJob, writer: string, now: Date): number {
      const info = insertImporting.run({
        ...job,
        filter: JSON.stringify(job.filter),
        params: JSON.stringify(job.params),
        templates: job.templates === null ? null : JSON.stringify(job.templates),
        writer,
        now: now.toISOString(),
      });
      return Number(info.lastInsertRowid);
    },
    beat: (id: number, now: Date) => beat.run(now.toISOString(), id).changes > 0,
    publish: (id: number) => publish.run(id).changes > 0,
    /** Gives up an import: its importer's next chunk and its publish then fail. */
    abandon: (id: number) => abandon.run(id).changes > 0,
    hidden: () => hidden.all(),
    /** Removes at most `limit` samples of a job; the number removed. */
    removeSomeSamples: (id: number, limit: number) => removeSomeSamples.run(id, limit).changes,
    /** Removes an (emptied) hidden job's row; a published job is never removed here. */
    removeHidden: (id: number) => removeHidden.run(id).changes > 0,
    removeEmptyImportModels: () => removeEmptyImportModels.run().changes,
    setStatus: (id: number, status: JobStatus, now: Date) => void setStatus.run({ id, status, now: now.toISOString() }),
    finishIfComplete: (id: number, now: Date) => finishIfComplete.run({ id, now: now.toISOString() }).changes > 0,
    status: (id: number) => status.get(id)?.status,
    runningModelIds: () => runningModels.all().map((r) => r.model_id),
    settings(id: number): (SamplingJobSettings & { status: JobStatus }) | undefined {
      const row = settings.get(id);
      if (!row) return undefined;
      return {
        params: JSON.parse(row.params) as GenerationParams,
        templates: row.templates === null ? null : (JSON.parse(row.templates) as AgentWriteTemplates),
        status: row.status,
      };
    },
  };
}
