import { Worker } from "node:worker_threads";
import type { LineError } from "../../shared/schemas/error";
import type { ColumnMapping, ImportFormat } from "../../shared/schemas/import";
import type { LengthRange } from "../../shared/schemas/instruction";
import type { NewInstruction } from "../db/repos/instructions";
import type { ImportParseResult } from "./parse-import";

export interface ParseRequest {
  content: string;
  format: ImportFormat | undefined;
  fileName: string | undefined;
  mapping: ColumnMapping;
  ranges: readonly LengthRange[];
}

export type ParseMessage =
  | { kind: "rows"; rows: NewInstruction[] }
  | { kind: "errors"; errors: LineError[] }
  | { kind: "done"; format: ImportFormat };

const workerFile = new URL("./parse-worker-boot.mjs", import.meta.url);

/**
 * Parses an import file in a worker thread: a 50 MB file takes seconds of CPU, which on the main thread
 * would stall every other request meanwhile. Same result as `parseImport`, plus the detected format.
 */
export function parseOffThread(request: ParseRequest): Promise<ImportParseResult & { format?: ImportFormat }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: request });
    const instructions: NewInstruction[] = [];
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on("message", (message: ParseMessage) => {
      if (message.kind === "rows") for (const row of message.rows) instructions.push(row);
      else if (message.kind === "errors") finish(() => resolve({ ok: false, errors: message.errors }));
      else finish(() => resolve({ ok: true, instructions, format: message.format }));
    });
    worker.on("error", (err) => finish(() => reject(err)));
    worker.on("exit", (code) => finish(() => reject(new Error(`the import parser stopped (exit code ${code}) before it finished`))));
  });
}
