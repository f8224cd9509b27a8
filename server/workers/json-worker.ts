import { parentPort, workerData } from "node:worker_threads";
import { ImportBodySchema } from "../../shared/schemas/import";
import type { WorkerInput } from "./start";

/** The schemas a body may be checked against here, by name (a schema cannot cross threads). */
export const bodySchemas = { "instruction-import": ImportBodySchema } as const;
export type BodySchemaName = keyof typeof bodySchemas;

export type JsonMessage = { kind: "invalid_json" } | { kind: "invalid_body"; issues: unknown[] } | { kind: "ok"; value: unknown };

// Worker thread entry: decodes, parses (as express.json would: strict, an object or array only) and checks
// one request body (about 0.5 s for 50 MB, which on the request thread would stall every other request).
// Only a checked body goes back: any JSON, 100,000 levels deep included, would not survive the copy.
const { bytes, schema } = (workerData as WorkerInput<{ bytes: Uint8Array; schema: BodySchemaName }>).data;
const post = (message: JsonMessage) => parentPort!.postMessage(message);
const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8").trimStart();
let value: unknown;
let json = true;
try {
  if (text !== "" && text[0] !== "{" && text[0] !== "[") throw new SyntaxError("not an object or array");
  value = text === "" ? {} : JSON.parse(text);
} catch {
  json = false;
}
if (!json) post({ kind: "invalid_json" });
else {
  const checked = bodySchemas[schema].safeParse(value);
  post(checked.success ? { kind: "ok", value: checked.data } : { kind: "invalid_body", issues: checked.error.issues });
}
