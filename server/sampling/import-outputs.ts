import { ZodError, type core } from "zod";
import { ImportOutputsBodySchema, type ImportOutputsBody } from "../../shared/schemas/sample";
import type { Context } from "../context";
import { DomainError, invalidInput, type ErrorKind } from "../errors/domain-error";
import { importerDied, removeInChunks } from "../instructions/chunked-write";
import { runWorker } from "../workers/start";
import { prepareOutputs } from "./prepare-outputs";
import { createOutputJobs, insertOutputsFrom, outputsResult, type ImportOutputsOptions, type ImportOutputsResult } from "./write-outputs";

export type { ImportOutputsOptions } from "./write-outputs";

/** An import's body: the request's raw JSON text (parsed off the request thread), or fields already read (the CLI). */
export type OutputsBodyInput = { raw: Uint8Array } | { value: unknown };

export interface OutputsRequest {
  dbPath: string;
  body: OutputsBodyInput;
  createdBy: number | null;
}

export type OutputsMessage =
  | { kind: "created"; jobIds: number[] }
  | { kind: "written"; result: ImportOutputsResult }
  | { kind: "refused"; errorKind: ErrorKind; code: string; message: string; details: unknown }
  | { kind: "invalid_body"; issues: core.$ZodIssue[] };

/**
 * The body's fields, checked as express.json and the route's schema would: not JSON (or JSON that is not an
 * object or array, which express.json's strict mode refuses) → 400 invalid_json; wrong fields → ZodError.
 */
export function parseOutputsBody(input: OutputsBodyInput): ImportOutputsBody {
  let value = "value" in input ? input.value : undefined;
  if ("raw" in input) {
    const text = Buffer.from(input.raw.buffer, input.raw.byteOffset, input.raw.byteLength).toString("utf8").trimStart();
    try {
      if (text !== "" && text[0] !== "{" && text[0] !== "[") throw new SyntaxError("not an object or array");
      value = text === "" ? {} : JSON.parse(text);
    } catch {
      throw new DomainError("invalid", "invalid_json", "the request body is not valid JSON");
    }
  }
  return ImportOutputsBodySchema.parse(value);
}

/**
 * Imports outputs made elsewhere as finished samples, one import job per model, all or nothing: every
 * line naming an unknown instruction or malformed is reported with its number and nothing is written.
 * In one transaction on this thread: for small imports inside the process (the demo, tests); the routes and
 * the CLI use importOutputsOffThread.
 */
export function importOutputs(
  ctx: Context,
  body: ImportOutputsBody,
  createdBy: number | null,
  options: ImportOutputsOptions = {},
): ImportOutputsResult {
  const set = ctx.sets.get(body.set_id);
  if (!set) throw invalidInput(`set_id: instruction set ${body.set_id} not found`);
  const outputs = prepareOutputs(set, ctx.instructions.keysOfSet(set.id), body);
  return ctx.db.transaction(() => {
    const jobs = createOutputJobs(ctx, set.id, outputs, createdBy, options, null);
    for (let at = 0; at < outputs.length; ) at = insertOutputsFrom(ctx, jobs, outputs, at, options.source ?? "imported");
    return outputsResult(jobs, outputs.length);
  })();
}

const workerFile = new URL("./outputs-worker.ts", import.meta.url);
/** Jobs this process is importing right now (a sweep leaves them alone). */
const importing = new Set<number>();

/** Runs the import's worker: resolves with the result once every sample is written under hidden jobs. */
function runImportWorker(request: OutputsRequest, created: (jobIds: number[]) => void): Promise<ImportOutputsResult> {
  const transfer = "raw" in request.body && request.body.raw.buffer instanceof ArrayBuffer ? [request.body.raw.buffer] : [];
  return runWorker<OutputsRequest, OutputsMessage, ImportOutputsResult>(
    workerFile,
    request,
    transfer,
    "the outputs import",
    (message, settle) => {
      if (message.kind === "created") created(message.jobIds);
      else if (message.kind === "written") settle.resolve(message.result);
      else if (message.kind === "refused")
        settle.reject(new DomainError(message.errorKind, message.code, message.message, message.details));
      else settle.reject(new ZodError(message.issues));
    },
  );
}

/** Removes hidden import jobs and their samples a chunk at a time, then any model they alone had created. */
async function removeHiddenJobs(ctx: Pick<Context, "db" | "samplingJobs">, jobIds: readonly number[]): Promise<void> {
  for (const id of jobIds) {
    ctx.db.transaction(() => ctx.samplingJobs.abandon(id))();
    await removeInChunks(
      ctx.db,
      (limit) => ctx.samplingJobs.removeSomeSamples(id, limit),
      () => void ctx.samplingJobs.removeHidden(id),
    );
  }
  ctx.db.transaction(() => ctx.samplingJobs.removeEmptyImportModels())();
}

/**
 * The same import without blocking: the body and the file are parsed, and word counts and offline signals
 * computed, in a worker thread, which writes the samples in short chunks under hidden jobs (its own
 * connection); one last tiny transaction here publishes them. All or nothing as seen by anyone, after a
 * crash included (removeAbandonedOutputImports at the next start). A worker cannot open an in-memory
 * database (tests): there it all runs here, in one transaction.
 */
export async function importOutputsOffThread(ctx: Context, body: OutputsBodyInput, createdBy: number | null): Promise<ImportOutputsResult> {
  if (ctx.db.memory) return importOutputs(ctx, parseOutputsBody(body), createdBy);
  let jobIds: number[] = [];
  try {
    const result = await runImportWorker({ dbPath: ctx.db.name, body, createdBy }, (ids) => {
      jobIds = ids;
      for (const id of ids) importing.add(id);
    });
    // One tiny transaction: every job (and so every sample) appears at once, or none if a sweep took one.
    ctx.db.transaction(() => {
      if (jobIds.filter((id) => ctx.samplingJobs.publish(id)).length !== jobIds.length)
        throw new Error("the outputs import was removed before it finished");
    })();
    return result;
  } catch (err) {
    await removeHiddenJobs(ctx, jobIds).catch(() => {
      // Left to the next start's sweep: the import's own error is the one to report.
    });
    throw err;
  } finally {
    for (const id of jobIds) importing.delete(id);
  }
}

/**
 * Removes what crashed outputs imports left (hidden jobs, their samples, models only they had created): run
 * at start, before serving, next to removeAbandonedSets. A live import of another process is left alone.
 */
export async function removeAbandonedOutputImports(ctx: Pick<Context, "db" | "samplingJobs" | "now">): Promise<number> {
  const abandoned = ctx.samplingJobs.hidden().filter((job) => job.status === "removing" || importerDied(job, importing, ctx.now()));
  if (abandoned.length > 0)
    await removeHiddenJobs(
      ctx,
      abandoned.map((j) => j.id),
    );
  return abandoned.length;
}
