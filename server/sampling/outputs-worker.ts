import { parentPort, workerData } from "node:worker_threads";
import { ZodError } from "zod";
import { createContext } from "../context";
import { openDatabase } from "../db/open";
import { DomainError, invalidInput } from "../errors/domain-error";
import { thisWriter, writeInChunks } from "../instructions/chunked-write";
import { silentLogger } from "../logger";
import type { WorkerInput } from "../workers/start";
import { parseOutputsBody, type OutputsMessage, type OutputsRequest } from "./import-outputs";
import { prepareOutputs } from "./prepare-outputs";
import { createOutputJobs, insertOutputsFrom, outputsResult } from "./write-outputs";

// Worker thread entry of an outputs import: parses the request body and the file, computes word counts and
// offline signals (seconds of CPU for 50 MB), then writes the samples on a connection of its own in short
// chunks under hidden jobs, which the main thread publishes. Nothing here blocks the server's event loop.
const request = (workerData as WorkerInput<OutputsRequest>).data;
const post = (message: OutputsMessage) => parentPort!.postMessage(message);

try {
  const body = parseOutputsBody(request.body);
  const db = openDatabase(request.dbPath);
  try {
    const ctx = createContext(db, () => new Date(), silentLogger);
    const set = ctx.sets.get(body.set_id);
    if (!set) throw invalidInput(`set_id: instruction set ${body.set_id} not found`);
    const outputs = prepareOutputs(set, ctx.instructions.keysOfSet(set.id), body);
    const jobs = db.transaction(() => createOutputJobs(ctx, set.id, outputs, request.createdBy, {}, thisWriter))();
    post({ kind: "created", jobIds: jobs.map((j) => j.jobId) });
    const now = ctx.now;
    await writeInChunks(
      db,
      outputs.length,
      (at) => insertOutputsFrom(ctx, jobs, outputs, at, "imported"),
      () => jobs.every((j) => ctx.samplingJobs.beat(j.jobId, now())),
    );
    post({ kind: "written", result: outputsResult(jobs, outputs.length) });
  } finally {
    db.close();
  }
} catch (err) {
  if (err instanceof DomainError)
    post({ kind: "refused", errorKind: err.kind, code: err.code, message: err.message, details: err.details });
  else if (err instanceof ZodError) post({ kind: "invalid_body", issues: err.issues });
  else throw err;
}
