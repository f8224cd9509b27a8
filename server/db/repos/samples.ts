import type { Sample } from "../../../shared/schemas/sample";
import type { SampleCounts, SampleStatus } from "../../../shared/schemas/sampling";
import { dialectOf } from "../dialect";
import type { Db } from "../open";
import { visibleSample } from "./sampling-jobs";
import { claimOneSql } from "./claim-sql";
import { idList, inIdList, jsonValues, fromJsonRowsInOrder, skipLocked, readAhead } from "./sql-dialect";

interface SampleRow extends Omit<Sample, "steps" | "is_reference" | "flags"> {
  steps: string | null;
  flags: string;
  is_reference: number;
}

export interface FinishedSample {
  text: string;
  word_count: number;
  finish_reason: string;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  latency_ms: number;
  flags: string[];
  plan?: string | null;
  steps?: string[] | null;
}

/** An output written as a finished sample of its job as it is (an import, the demo). */
export interface ImportedSample {
  job_id: number;
  instruction_id: number;
  model_id: number;
  sample_index: number;
  source: "imported" | "demo";
  text: string;
  word_count: number;
  finish_reason: string | null;
  flags: string[];
}

export type SamplesRepo = ReturnType<typeof samplesRepo>;

/** A sample row `s` with its model's name and flag and its instruction's id and language. */
const joined = (
  from: string,
) => `SELECT s.*, m.name AS model_name, m.is_reference AS is_reference, i.external_id AS external_id, i.lang AS lang
  FROM ${from} JOIN models m ON m.id = s.model_id JOIN instructions i ON i.id = s.instruction_id`;
const select = joined("samples s");

const present = (row: SampleRow): Sample => {
  const { lease_owner: _o, lease_until: _u, ...rest } = row as SampleRow & { lease_owner?: unknown; lease_until?: unknown };
  return {
    ...rest,
    is_reference: row.is_reference === 1,
    steps: row.steps === null ? null : (JSON.parse(row.steps) as string[]),
    flags: JSON.parse(row.flags) as string[],
  };
};

export function samplesRepo(db: Db) {
  const byId = db.prepare<[number], SampleRow>(`${select} WHERE s.id = ? AND ${visibleSample("s")}`);
  const forInstruction = db.prepare<[number], SampleRow>(
    `${select} WHERE s.instruction_id = ? AND ${visibleSample("s")} ORDER BY m.is_reference DESC, m.name, s.sample_index, s.id`,
  );
  const insert = db.prepare(
    `INSERT OR IGNORE INTO samples (job_id, instruction_id, model_id, sample_index, status, source, updated_at)
     VALUES (@job_id, @instruction_id, @model_id, @sample_index, 'queued', 'sampled', @now)`,
  );
  const insertFinished = db.prepare(
    `INSERT INTO samples (job_id, instruction_id, model_id, sample_index, status, source, text, word_count, finish_reason,
       flags, attempts, updated_at, finished_at)
     VALUES (@job_id, @instruction_id, @model_id, @sample_index, 'done', @source, @text, @word_count, @finish_reason,
       @flags, 0, @now, @now)`,
  );
  // PostgreSQL: a slice of imported outputs in one statement from a JSON array, in its order (one round trip,
  // not one per row; SQLite's prepared insert per row is in-process and faster than parsing JSON).
  const insertFinishedFromJson =
    dialectOf(db) === "postgres"
      ? db.prepare(
          `INSERT INTO samples (job_id, instruction_id, model_id, sample_index, status, source, text, word_count, finish_reason,
             flags, attempts, updated_at, finished_at)
           SELECT CAST(value->>'job_id' AS BIGINT), CAST(value->>'instruction_id' AS BIGINT), CAST(value->>'model_id' AS BIGINT),
             CAST(value->>'sample_index' AS INTEGER), 'done', value->>'source', value->>'text', CAST(value->>'word_count' AS INTEGER),
             value->>'finish_reason', value->>'flags', 0, @now, @now
           ${fromJsonRowsInOrder("@rows")}`,
        )
      : undefined;
  // The next sample to work on for one model (claim-sql.ts): so two runners never take the same sample.
  // PostgreSQL returns the claimed row with its model and instruction in the same statement (one round trip
  // fewer per sample); SQLite's RETURNING cannot feed a join, and a second statement there costs no round trip.
  const claimJoined = dialectOf(db) !== "sqlite";
  const claimSql = claimOneSql(db, {
    table: "samples",
    jobs: "sampling_jobs",
    modelColumn: "model_id",
    returning: claimJoined ? "*" : "id",
  });
  const claimOne = db.prepare<{ model_id: number; owner: string; now: string; until: string }, SampleRow>(
    claimJoined ? `WITH s AS (${claimSql}) ${joined("s")} WHERE ${visibleSample("s")}` : claimSql,
  );
  // The other outputs of the claimed sample's (job, instruction) that one request with n choices can carry:
  // queued ones, and running ones whose runner died. With `fresh`, only those without saved text (a model
  // that resumes partial answers continues each of those alone, from its own text).
  const claimSiblings = db.prepare<
    { id: number; job_id: number; instruction_id: number; owner: string; now: string; until: string; fresh: number; limit: number },
    { id: number }
  >(
    `UPDATE samples SET status = 'running', lease_owner = @owner, lease_until = @until, updated_at = @now
     WHERE id IN (
       SELECT s.id FROM samples s
       WHERE s.job_id = @job_id AND s.instruction_id = @instruction_id AND s.id <> @id
         AND (s.status = 'queued' OR (s.status = 'running' AND s.lease_until < @now))
         AND (@fresh = 0 OR s.text = '')
       ORDER BY s.sample_index LIMIT @limit ${skipLocked(db, "s")})
     RETURNING id`,
  );
  const renew = db.prepare<[string, string]>(`UPDATE samples SET lease_until = ? WHERE lease_owner = ? AND status = 'running'`);
  const checkpoint = db.prepare(
    `UPDATE samples SET text = @text, plan = @plan, steps = @steps, updated_at = @now
     WHERE id = @id AND lease_owner = @owner AND status = 'running'`,
  );
  const attempt = db.prepare(
    `UPDATE samples SET attempts = attempts + 1, updated_at = @now WHERE id = @id AND lease_owner = @owner AND status = 'running'`,
  );
  const error = db.prepare(
    `UPDATE samples SET last_error = @error, updated_at = @now WHERE id = @id AND lease_owner = @owner AND status = 'running'`,
  );
  const finish = db.prepare(
    `UPDATE samples SET status = 'done', text = @text, word_count = @word_count, finish_reason = @finish_reason,
       prompt_tokens = @prompt_tokens, completion_tokens = @completion_tokens, latency_ms = @latency_ms,
       plan = @plan, steps = @steps, flags = @flags, lease_owner = NULL, lease_until = NULL, updated_at = @now, finished_at = @now
     WHERE id = @id AND lease_owner = @owner AND status = 'running'`,
  );
  const fail = db.prepare(
    `UPDATE samples SET status = 'failed', last_error = @error, lease_owner = NULL, lease_until = NULL,
       updated_at = @now, finished_at = @now
     WHERE id = @id AND lease_owner = @owner AND status = 'running'`,
  );
  // Checkpointed text, plan and steps stay: a model that resumes partial answers starts from them.
  const requeueFailed = db.prepare<{ job_id: number; now: string }>(
    `UPDATE samples SET status = 'queued', attempts = 0, last_error = NULL, lease_owner = NULL, lease_until = NULL,
       finished_at = NULL, updated_at = @now
     WHERE job_id = @job_id AND status = 'failed'`,
  );
  const release = db.prepare(
    `UPDATE samples SET status = 'queued', lease_owner = NULL, lease_until = NULL, updated_at = @now
     WHERE id = @id AND lease_owner = @owner AND status = 'running'`,
  );
  const counts = db.prepare<[number], { status: SampleStatus; n: number }>(
    "SELECT status, COUNT(*) AS n FROM samples WHERE job_id = ? GROUP BY status",
  );
  const pageCount = db.prepare<{ job_id: number; status: string | null }, { n: number }>(
    "SELECT COUNT(*) AS n FROM samples WHERE job_id = @job_id AND (CAST(@status AS TEXT) IS NULL OR status = @status)",
  );
  const page = db.prepare<{ job_id: number; status: string | null; limit: number; offset: number }, SampleRow>(
    `${select} WHERE s.job_id = @job_id AND (CAST(@status AS TEXT) IS NULL OR s.status = @status) ORDER BY s.id LIMIT @limit OFFSET @offset`,
  );
  const recent = db.prepare<{ job_id: number; since: string }, { n: number; tokens: number | null }>(
    `SELECT COUNT(*) AS n, SUM(completion_tokens) AS tokens FROM samples
     WHERE job_id = @job_id AND status = 'done' AND finished_at >= @since`,
  );
  const errors = db.prepare<
    [number],
    {
      sample_id: number;
      instruction_id: number;
      external_id: string;
      sample_index: number;
      status: SampleStatus;
      error: string;
      at: string;
    }
  >(
    `SELECT s.id AS sample_id, s.instruction_id, i.external_id, s.sample_index, s.status, s.last_error AS error, s.updated_at AS at
     FROM samples s JOIN instructions i ON i.id = s.instruction_id
     WHERE s.job_id = ? AND s.last_error IS NOT NULL ORDER BY s.updated_at DESC, s.id DESC LIMIT 10`,
  );

  // json_each keeps one statement for any number of ids (a set may hold 100,000 instructions).
  const finishedIds = db.prepare<{ instructions: string; models: string | null }, { id: number }>(
    `SELECT s.id FROM samples s WHERE s.status = 'done' AND ${visibleSample("s")}
       AND ${inIdList(db, "s.instruction_id", "@instructions")}
       AND (CAST(@models AS TEXT) IS NULL OR s.model_id IN ${jsonValues(db, "@models")})
     ORDER BY s.id`,
  );

  const firstDone = db.prepare<{ model_id: number; ids: string }, { instruction_id: number; id: number }>(
    `SELECT instruction_id, id FROM samples WHERE model_id = @model_id AND status = 'done' AND ${visibleSample("samples")}
       AND ${inIdList(db, "instruction_id", "@ids")} ORDER BY instruction_id, sample_index, id`,
  );
  const referenceOf = db.prepare<[number], { id: number }>(
    `SELECT m.id FROM models m WHERE m.is_reference = 1 AND EXISTS (
       SELECT 1 FROM samples s JOIN instructions i ON i.id = s.instruction_id WHERE s.model_id = m.id AND i.set_id = ? AND s.status = 'done' AND ${visibleSample("s")})
     ORDER BY m.id LIMIT 1`,
  );
  const modelsWithOutputs = db.prepare<[number], { model_id: number; instructions: number }>(
    `SELECT s.model_id, COUNT(DISTINCT s.instruction_id) AS instructions FROM samples s JOIN instructions i ON i.id = s.instruction_id
     WHERE i.set_id = ? AND s.status = 'done' AND ${visibleSample("s")} GROUP BY s.model_id ORDER BY s.model_id`,
  );
  const withInstruction = db.prepare<
    [number],
    { text: string; word_count: number | null; required_length: number | null; prompt: string; lang: string }
  >(
    `SELECT s.text, s.word_count, i.required_length, i.prompt, i.lang FROM samples s JOIN instructions i ON i.id = s.instruction_id WHERE s.id = ?`,
  );
  const pairWithInstruction = db.prepare<
    [number, number],
    { id: number; text: string; word_count: number | null; required_length: number | null; prompt: string; lang: string }
  >(
    `SELECT s.id, s.text, s.word_count, i.required_length, i.prompt, i.lang FROM samples s JOIN instructions i ON i.id = s.instruction_id
     WHERE s.id IN (?, ?)`,
  );
  const keysOfSet = db.prepare<[number], { id: number; external_id: string; model: string; sample_index: number }>(
    `SELECT s.id, i.external_id, m.name AS model, s.sample_index FROM samples s JOIN instructions i ON i.id = s.instruction_id
     JOIN models m ON m.id = s.model_id WHERE i.set_id = ?`,
  );

  const json = (steps: string[] | null | undefined) => (steps === undefined || steps === null ? null : JSON.stringify(steps));

  return {
    get: (id: number) => {
      const row = byId.get(id);
      return row && present(row);
    },
    forInstruction: (instructionId: number) => forInstruction.all(instructionId).map(present),
    /** Ids of the finished samples of these instructions, of these models (null: any). */
    finishedIds: (instructionIds: number[], modelIds: number[] | null) =>
      finishedIds.all({ instructions: idList(db, instructionIds), models: modelIds && JSON.stringify(modelIds) }).map((r) => r.id),
    createQueued(jobId: number, modelId: number, instructionIds: number[], n: number, now: Date) {
      for (const instruction_id of instructionIds) {
        for (let sample_index = 0; sample_index < n; sample_index++) {
          insert.run({ job_id: jobId, instruction_id, model_id: modelId, sample_index, now: now.toISOString() });
        }
      }
    },
    /** Finished samples (imported outputs), in order; on PostgreSQL in one statement. */
    insertFinished(rows: readonly ImportedSample[], now: Date) {
      const stamp = now.toISOString();
      if (insertFinishedFromJson) {
        const json = rows.map((row) => ({ ...row, flags: JSON.stringify(row.flags) }));
        if (json.length > 0) insertFinishedFromJson.run({ rows: JSON.stringify(json), now: stamp });
        return;
      }
      for (const row of rows) insertFinished.run({ ...row, flags: JSON.stringify(row.flags), now: stamp });
    },
    claim(modelId: number, owner: string, now: Date, leaseMs: number): (Sample & { lease_owner: string }) | undefined {
      const params = { model_id: modelId, owner, now: now.toISOString(), until: new Date(now.getTime() + leaseMs).toISOString() };
      const claimed = claimOne.get(params);
      const row = claimed && (claimJoined ? claimed : byId.get(claimed.id));
      return row && { ...present(row), lease_owner: owner };
    },
    /**
     * Up to `limit` more samples of the claimed one's (job, instruction), claimed with it, in sample index
     * order; `fresh`: only those without saved text.
     */
    claimSiblings(
      first: { id: number; job_id: number; instruction_id: number },
      owner: string,
      now: Date,
      leaseMs: number,
      limit: number,
      fresh: boolean,
    ): (Sample & { lease_owner: string })[] {
      const params = {
        id: first.id,
        job_id: first.job_id,
        instruction_id: first.instruction_id,
        owner,
        now: now.toISOString(),
        until: new Date(now.getTime() + leaseMs).toISOString(),
        fresh: fresh ? 1 : 0,
        limit,
      };
      return claimSiblings
        .all(params)
        .map((r) => byId.get(r.id))
        .filter((row): row is SampleRow => row !== undefined)
        .map((row) => ({ ...present(row), lease_owner: owner }))
        .sort((a, b) => a.sample_index - b.sample_index);
    },
    renewLeases: (owner: string, until: Date) => renew.run(until.toISOString(), owner).changes,
    checkpoint(id: number, owner: string, text: string, now: Date, plan: string | null = null, steps: string[] | null = null) {
      return checkpoint.run({ id, owner, text, plan, steps: json(steps), now: now.toISOString() }).changes > 0;
    },
    countAttempt: (id: number, owner: string, now: Date) => attempt.run({ id, owner, now: now.toISOString() }).changes > 0,
    recordError: (id: number, owner: string, message: string, now: Date) =>
      error.run({ id, owner, error: message, now: now.toISOString() }).changes > 0,
    finish(id: number, owner: string, result: FinishedSample, now: Date) {
      return (
        finish.run({
          ...result,
          flags: JSON.stringify(result.flags),
          plan: result.plan ?? null,
          steps: json(result.steps),
          id,
          owner,
          now: now.toISOString(),
        }).changes > 0
      );
    },
    fail: (id: number, owner: string, message: string, now: Date) =>
      fail.run({ id, owner, error: message, now: now.toISOString() }).changes > 0,
    release: (id: number, owner: string, now: Date) => release.run({ id, owner, now: now.toISOString() }).changes > 0,
    /** Puts a job's failed samples back in the queue, as if never tried; how many. */
    requeueFailed: (jobId: number, now: Date) => requeueFailed.run({ job_id: jobId, now: now.toISOString() }).changes,
    counts(jobId: number): SampleCounts {
      const result: SampleCounts = { queued: 0, running: 0, done: 0, failed: 0 };
      for (const { status, n } of counts.all(jobId)) result[status] = n;
      return result;
    },
    page(jobId: number, status: SampleStatus | undefined, pageNo: number, pageSize: number) {
      const s = status ?? null;
      return {
        total: pageCount.get({ job_id: jobId, status: s })!.n,
        items: page.all({ job_id: jobId, status: s, limit: pageSize, offset: (pageNo - 1) * pageSize }).map(present),
      };
    },
    finishedSince: (jobId: number, since: Date) => recent.get({ job_id: jobId, since: since.toISOString() })!,
    recentErrors: (jobId: number) => errors.all(jobId),
    /** Each instruction's first finished sample of a model (lowest sample index): instruction id -> sample id. */
    firstDone(modelId: number, instructionIds: number[]): Map<number, number> {
      const first = new Map<number, number>();
      for (const r of firstDone.all({ model_id: modelId, ids: idList(db, instructionIds) }))
        if (!first.has(r.instruction_id)) first.set(r.instruction_id, r.id);
      return first;
    },
    /** Each model with finished outputs in the set, and for how many of its instructions. */
    modelsWithOutputs: (setId: number) => modelsWithOutputs.all(setId),
    /** The set's reference model: registered as reference, with finished outputs in the set. */
    referenceModelOf: (setId: number) => referenceOf.get(setId)?.id,
    /** A sample's text and length with its instruction, as the annotation queue shows a side. */
    withInstruction: (id: number) => withInstruction.get(id),
    /** Two samples with their instruction in one statement (both sides of an annotation item), by id; sent ahead (readAhead). */
    pairWithInstructionAhead: (a: number, b: number) => {
      const rows = readAhead(pairWithInstruction, a, b);
      return () => new Map(rows().map((row) => [row.id, row]));
    },
    /** Every sample of the set by what names it outside the database: instruction, model and sample index. */
    keysOfSet: (setId: number) => keysOfSet.all(setId),
  };
}
