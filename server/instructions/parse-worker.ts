import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../db/open";
import { instructionSetsRepo } from "../db/repos/instruction-sets";
import { instructionsRepo } from "../db/repos/instructions";
import { writeRowsInChunks } from "./chunked-write";
import { detectFormat, parseImport } from "./parse-import";
import type { ParseMessage, ParseRequest } from "./parse-off-thread";
import type { WorkerInput } from "../workers/start";

// Worker thread entry: parses one import file away from the server's event loop and, given a hidden set,
// writes the rows into it on a connection of its own (its busy waits and commits block only this thread).
// Otherwise the rows go back in batches, one at a time as the main thread asks for them: each batch is
// copied on the main thread, and a queue of them would be copied in one go.
const batchSize = 2000;

const request = (workerData as WorkerInput<ParseRequest>).data;
const post = (message: ParseMessage) => parentPort!.postMessage(message);
const asked = () => new Promise((resolve) => parentPort!.once("message", resolve));

const format = request.format ?? detectFormat(request.content, request.fileName);
const parsed = parseImport(request.content, format, request.mapping, request.ranges);
if (!parsed.ok) post({ kind: "errors", errors: parsed.errors });
else if (request.into) {
  const db = openDatabase(request.into.dbPath);
  try {
    await writeRowsInChunks(
      { db, sets: instructionSetsRepo(db), instructions: instructionsRepo(db), now: () => new Date() },
      request.into.setId,
      parsed.instructions,
    );
  } finally {
    db.close();
  }
  post({ kind: "written", count: parsed.instructions.length, format });
} else {
  for (let i = 0; i < parsed.instructions.length; i += batchSize) {
    post({ kind: "rows", rows: parsed.instructions.slice(i, i + batchSize) });
    await asked();
  }
  post({ kind: "done", format });
}
