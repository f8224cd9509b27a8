import { MessageChannel, Worker, receiveMessageOnPort } from "node:worker_threads";
import { pgErrorCode } from "./error-codes";

const workerFile = new URL("./connection-worker.mjs", import.meta.url);

export interface QueryAnswer {
  rows: unknown[];
  rowCount: number;
  columns: string[];
}

interface Reply extends Partial<QueryAnswer> {
  bytea?: (string | number)[];
  error?: { message: string; code?: string; detail?: string; constraint?: string; lost: boolean };
}

/** How long a caller waits for PostgreSQL before giving up (the server's statement_timeout ends a query first). */
const statementTimeoutMs = 60_000;

/**
 * A PostgreSQL connection with a blocking call: the connection lives in a worker thread and this thread waits
 * on a shared flag until its answer is posted. Like better-sqlite3, a process runs one statement at a time.
 */
export class SyncPgClient {
  private readonly worker: Worker;
  private readonly port;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private closed = false;

  constructor(url: string, options: { readOnly?: boolean } = {}) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(workerFile, {
      workerData: { port: port2, signal: this.signal, url, statementTimeoutMs, readOnly: options.readOnly ?? false },
      transferList: [port2],
    });
    this.worker.unref();
    port1.unref();
  }

  query(text: string, values: unknown[], rowMode: "object" | "array", inTransaction: boolean): QueryAnswer {
    const reply = this.call({ op: "query", text, values, rowMode: rowMode === "array" ? "array" : undefined, inTransaction });
    const rows = reply.rows ?? [];
    // Buffers cross the thread boundary as plain Uint8Arrays.
    if (reply.bytea && reply.bytea.length > 0) {
      for (const row of rows as Record<string | number, unknown>[]) {
        for (const k of reply.bytea) {
          const v = row[k];
          if (v instanceof Uint8Array) row[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
        }
      }
    }
    return { rows, rowCount: reply.rowCount ?? 0, columns: reply.columns ?? [] };
  }

  exec(text: string, inTransaction: boolean): void {
    this.call({ op: "exec", text, inTransaction });
  }

  close(): void {
    if (this.closed) return;
    try {
      this.call({ op: "close", inTransaction: false });
    } finally {
      this.closed = true;
      void this.worker.terminate();
    }
  }

  private call(message: Record<string, unknown>): Reply {
    if (this.closed) throw new TypeError("The database connection is not open");
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage(message);
    if (Atomics.wait(this.signal, 0, 0, statementTimeoutMs * 2) === "timed-out") {
      throw Object.assign(new Error("PostgreSQL did not answer in time"), { code: "SQLITE_BUSY" });
    }
    let reply = receiveMessageOnPort(this.port)?.message as Reply | undefined;
    // Under heavy load the flag was seen set before the posted answer could be received (rarely): wait for it
    // briefly rather than fail the statement.
    const idle = new Int32Array(new SharedArrayBuffer(4));
    for (let waited = 0; !reply && waited < 1000; waited++) {
      Atomics.wait(idle, 0, 0, 1);
      reply = receiveMessageOnPort(this.port)?.message as Reply | undefined;
    }
    if (!reply) throw new Error("the PostgreSQL connection thread answered nothing");
    if (reply.error) {
      const { message, code, detail, constraint } = reply.error;
      throw Object.assign(new Error(message), { code: pgErrorCode(code), pgCode: code, detail, constraint, lost: reply.error.lost });
    }
    return reply;
  }
}
