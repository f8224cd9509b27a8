import { MessageChannel, Worker, receiveMessageOnPort } from "node:worker_threads";
import { pgErrorCode } from "./error-codes";
import type { PgConnection, QueryAnswer } from "./pg-connection";

const workerFile = new URL("./connection-worker.mjs", import.meta.url);

interface Reply extends Partial<QueryAnswer> {
  bytea?: (string | number)[];
  error?: { message: string; code?: string; detail?: string; constraint?: string; lost: boolean };
}

/**
 * A PostgreSQL connection with a blocking call: the connection lives in a worker thread and this thread waits
 * on a shared flag until its answer is posted. Like better-sqlite3, a process runs one statement at a time.
 */
export class SyncPgClient implements PgConnection {
  readonly transport = "worker";
  private readonly worker: Worker;
  private readonly port;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private closed = false;
  /** Numbers each call; the worker posts the number of the call it answered, so an answer is never taken for another's. */
  private seq = 0;

  /** A caller waits twice the statement timeout before giving up (the server's statement_timeout ends a query first). */
  private readonly waitMs: number;

  constructor(url: string, options: { readOnly?: boolean; statementTimeoutMs: number }) {
    const { statementTimeoutMs } = options;
    this.waitMs = statementTimeoutMs * 2;
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
    const seq = (this.seq = (this.seq % 0x7ffffffe) + 1);
    this.port.postMessage({ ...message, seq });
    const deadline = Date.now() + this.waitMs;
    for (let seen = Atomics.load(this.signal, 0); seen !== seq; seen = Atomics.load(this.signal, 0)) {
      if (Date.now() > deadline) throw Object.assign(new Error("PostgreSQL did not answer in time"), { code: "SQLITE_BUSY" });
      Atomics.wait(this.signal, 0, seen, 1000);
    }
    // Answers to calls that gave up waiting are still queued before this one's: they are dropped.
    let reply: (Reply & { seq?: number }) | undefined;
    do reply = receiveMessageOnPort(this.port)?.message as (Reply & { seq?: number }) | undefined;
    while (reply !== undefined && reply.seq !== seq);
    if (!reply) throw new Error("the PostgreSQL connection thread answered nothing");
    if (reply.error) {
      const { message, code, detail, constraint } = reply.error;
      throw Object.assign(new Error(message), { code: pgErrorCode(code), pgCode: code, detail, constraint, lost: reply.error.lost });
    }
    return reply;
  }
}
