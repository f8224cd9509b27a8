import { parentPort, workerData } from "node:worker_threads";
import { detectFormat, parseImport } from "./parse-import";
import type { ParseRequest, ParseMessage } from "./parse-off-thread";

// Worker thread entry: parses one import file away from the server's event loop. Rows go back in batches,
// each small enough that the main thread's copy of it (structured clone) takes a few milliseconds.
const batchSize = 2000;
const request = workerData as ParseRequest;
const post = (message: ParseMessage) => parentPort!.postMessage(message);

const format = request.format ?? detectFormat(request.content, request.fileName);
const parsed = parseImport(request.content, format, request.mapping, request.ranges);
if (!parsed.ok) post({ kind: "errors", errors: parsed.errors });
else {
  for (let i = 0; i < parsed.instructions.length; i += batchSize) {
    post({ kind: "rows", rows: parsed.instructions.slice(i, i + batchSize) });
  }
  post({ kind: "done", format });
}
