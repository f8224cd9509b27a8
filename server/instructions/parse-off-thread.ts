import type { LineError } from "../../shared/schemas/error";
import type { ColumnMapping, ImportFormat } from "../../shared/schemas/import";
import type { LengthRange } from "../../shared/schemas/instruction";
import type { NewInstruction } from "../db/repos/instructions";
import { runWorker } from "../workers/start";

export interface ParseRequest {
  content: string;
  format: ImportFormat | undefined;
  fileName: string | undefined;
  mapping: ColumnMapping;
  ranges: readonly LengthRange[];
  /** A hidden set for the worker to write the rows into itself (a file database only). */
  into?: { dbPath: string; setId: number };
}

export type ParseMessage =
  | { kind: "rows"; rows: NewInstruction[] }
  | { kind: "errors"; errors: LineError[] }
  | { kind: "done"; format: ImportFormat }
  | { kind: "written"; count: number; format: ImportFormat };

export type OffThreadResult =
  | { ok: false; errors: LineError[] }
  | { ok: true; format: ImportFormat; instructions: NewInstruction[] }
  | { ok: true; format: ImportFormat; written: number };

const workerFile = new URL("./parse-worker.ts", import.meta.url);

/**
 * Parses an import file in a worker thread (a 50 MB file takes seconds of CPU, which on the main thread
 * would stall every other request) and, with `into`, has the worker write the rows too. Resolves with the
 * bad lines, the rows, or how many rows were written.
 */
export function parseOffThread(request: ParseRequest): Promise<OffThreadResult> {
  const instructions: NewInstruction[] = [];
  return runWorker<ParseRequest, ParseMessage, OffThreadResult>(workerFile, request, [], "the import parser", (message, settle, worker) => {
    if (message.kind === "rows") {
      for (const row of message.rows) instructions.push(row);
      // The next batch once other work had its turn.
      setImmediate(() => worker.postMessage("more"));
    } else if (message.kind === "errors") settle.resolve({ ok: false, errors: message.errors });
    else if (message.kind === "written") settle.resolve({ ok: true, format: message.format, written: message.count });
    else settle.resolve({ ok: true, format: message.format, instructions });
  });
}
