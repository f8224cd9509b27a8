import type Database from "better-sqlite3";
import { connectionLost, noWait, openPgConnection, type PgConnection } from "./pg-connection";
import { translate, type Translated } from "./translate";

type Args = unknown[];

/**
 * Every write transaction takes this lock first, so that transactions on PostgreSQL run one after another
 * across all processes, as BEGIN IMMEDIATE makes them on SQLite: the repositories' read-then-write logic keeps
 * the guarantees it was written with. Reads outside transactions run in parallel. (Decision 044.)
 */
export const writerLockKey = 0x6c6f6e67; // "long"

function bindValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === "boolean") throw new TypeError("SQLite3 can only bind numbers, strings, bigints, buffers, and null");
  if (typeof v === "bigint") return v.toString();
  return v;
}

function isNamedParams(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Uint8Array);
}

function valuesOf(t: Translated, args: Args): unknown[] {
  if (t.names) {
    const params = (args[0] ?? {}) as Record<string, unknown>;
    return t.names.map((name) => {
      if (!(name in params)) throw new RangeError(`Missing named parameter "${name}"`);
      return bindValue(params[name]);
    });
  }
  // better-sqlite3 takes a trailing object of named parameters even when the statement names none.
  const plain = args.length > 0 && isNamedParams(args[args.length - 1]) ? args.slice(0, -1) : args;
  const flat = plain.length === 1 && Array.isArray(plain[0]) ? (plain[0] as unknown[]) : plain;
  if (flat.length !== t.count) throw new RangeError(`Too ${flat.length < t.count ? "few" : "many"} parameter values were provided`);
  return flat.map(bindValue);
}

const noRowid = {
  get() {
    throw new TypeError("lastInsertRowid is SQLite's: on PostgreSQL the statement needs RETURNING id");
  },
};

const unread = {
  get() {
    throw new TypeError("a statement marked noWait is sent without waiting in a transaction: its result is never read");
  },
};
const notWaitedFor = Object.defineProperties({}, { changes: unread, lastInsertRowid: unread }) as Database.RunResult;

class PgStatement {
  private mode: "object" | "pluck" | "raw" = "object";
  private readonly t: Translated & { noWait: boolean };

  constructor(
    private readonly db: PgDb,
    readonly source: string,
  ) {
    this.t = { ...translate(source), noWait: source.includes(noWait) };
  }

  get reader(): boolean {
    return this.t.reader;
  }

  pluck(on = true): this {
    this.mode = on ? "pluck" : "object";
    return this;
  }

  raw(on = true): this {
    this.mode = on ? "raw" : "object";
    return this;
  }

  run(...args: Args): Database.RunResult {
    if (this.t.noWait && this.db.inTransaction) {
      this.db.defer(this.t.text, valuesOf(this.t, args));
      return notWaitedFor;
    }
    const answer = this.db.query(this.t.text, valuesOf(this.t, args), "object");
    const result = { changes: answer.rowCount } as Database.RunResult;
    const first = answer.rows[0] as { id?: unknown } | undefined;
    if (first && typeof first.id === "number") result.lastInsertRowid = first.id;
    else Object.defineProperty(result, "lastInsertRowid", noRowid);
    return result;
  }

  get(...args: Args): unknown {
    return this.shape(this.db.query(this.t.text, valuesOf(this.t, args), this.mode === "object" ? "object" : "array").rows)[0];
  }

  all(...args: Args): unknown[] {
    return this.shape(this.db.query(this.t.text, valuesOf(this.t, args), this.mode === "object" ? "object" : "array").rows);
  }

  /** The statement's rows, sent now and read later where the client can (decision 050); see readAhead. */
  ahead(...args: Args): () => unknown[] {
    const answer = this.db.ahead(this.t.text, valuesOf(this.t, args), this.mode === "object" ? "object" : "array");
    return () => this.shape(answer().rows);
  }

  *iterate(...args: Args): IterableIterator<unknown> {
    for (const batch of this.db.cursor(this.t.text, valuesOf(this.t, args), this.mode === "object" ? "object" : "array")) {
      yield* this.shape(batch);
    }
  }

  columns(): { name: string }[] {
    throw new TypeError("Statement.columns() is not available on PostgreSQL");
  }

  private shape(rows: unknown[]): unknown[] {
    return this.mode === "pluck" ? (rows as unknown[][]).map((r) => r[0]) : rows;
  }
}

/** The subset of better-sqlite3's Database the server uses, on a PostgreSQL connection. */
export class PgDb {
  readonly dialect = "postgres";
  readonly memory = false;
  readonly readonly: boolean;
  private readonly client: PgConnection;
  private depth = 0;
  private cursors = 0;
  open = true;

  constructor(
    readonly name: string,
    options: { readOnly?: boolean } = {},
  ) {
    this.readonly = options.readOnly ?? false;
    this.client = openPgConnection(name, options);
  }

  /** How statements reach PostgreSQL: libpq on this thread, or node-pg in a worker thread (pg-connection.ts). */
  get transport() {
    return this.client.transport;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  prepare(source: string): PgStatement {
    return new PgStatement(this, source);
  }

  query(text: string, values: unknown[], rowMode: "object" | "array") {
    return this.client.query(text, values, rowMode, this.depth > 0);
  }

  /** A statement sent without waiting for its answer where the client can (noWait); else run as usual. */
  defer(text: string, values: unknown[]) {
    if (this.client.defer) this.client.defer(text, values, this.depth > 0);
    else this.client.query(text, values, "object", this.depth > 0);
  }

  ahead(text: string, values: unknown[], rowMode: "object" | "array"): () => { rows: unknown[] } {
    if (this.client.ahead) return this.client.ahead(text, values, rowMode, this.depth > 0);
    const answer = this.client.query(text, values, rowMode, this.depth > 0);
    return () => answer;
  }

  exec(sql: string): this {
    this.client.exec(sql, this.depth > 0);
    return this;
  }

  /** Rows in batches through a cursor, inside a read-only snapshot of their own when no transaction is open. */
  *cursor(text: string, values: unknown[], rowMode: "object" | "array"): Generator<unknown[]> {
    const own = this.depth === 0;
    const name = `longpref_cursor_${++this.cursors}`;
    if (own) {
      this.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      this.depth++;
    }
    try {
      this.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${text}`, values, "object");
      for (;;) {
        const batch = this.query(`FETCH 500 FROM ${name}`, [], rowMode).rows;
        if (batch.length === 0) break;
        yield batch;
      }
      this.exec(`CLOSE ${name}`);
    } finally {
      if (own) {
        this.depth--;
        this.endTransaction("COMMIT");
      }
    }
  }

  transaction<F extends (...args: never[]) => unknown>(fn: F) {
    const run = (lock: boolean) =>
      ((...args: Parameters<F>) => {
        if (this.depth > 0) return this.savepoint(fn, args);
        this.depth = 1;
        try {
          // BEGIN and the writer lock go with the transaction's first statement where the client can send without
          // waiting, else in a round trip of their own; as outside a transaction (a connection lost before is opened
          // again). Should the lock fail, the ROLLBACK below ends what BEGIN opened.
          if (!lock) this.client.exec("BEGIN ISOLATION LEVEL REPEATABLE READ", false);
          else if (this.client.defer) {
            this.client.defer("BEGIN", [], false);
            this.client.defer(`SELECT pg_advisory_xact_lock(${writerLockKey})`, [], true);
          } else this.client.exec(`BEGIN; SELECT pg_advisory_xact_lock(${writerLockKey})`, false);
          const result = fn(...args);
          if (result && typeof (result as { then?: unknown }).then === "function") {
            throw new TypeError("Transaction function cannot return a promise");
          }
          this.depth = 0;
          this.exec("COMMIT");
          return result;
        } catch (err) {
          if (this.depth > 0) {
            this.depth = 0;
            this.endTransaction("ROLLBACK");
          }
          throw err;
        }
      }) as F;
    const immediate = run(true);
    return Object.assign(immediate, { default: immediate, immediate, exclusive: immediate, deferred: run(false) });
  }

  pragma(source: string, options?: { simple?: boolean }): unknown {
    const name = source.trim().toLowerCase();
    // Settings that have no meaning on PostgreSQL (or hold there by default) read as SQLite would answer them.
    if (/^(foreign_keys|busy_timeout|synchronous|journal_mode)\b/.test(name)) return options?.simple ? 0 : [];
    throw new TypeError(`PRAGMA ${source} is SQLite's; this database is PostgreSQL`);
  }

  function(): this {
    throw new TypeError("user-defined SQL functions are SQLite's; this database is PostgreSQL");
  }

  close(): this {
    if (this.open) {
      this.open = false;
      this.client.close();
    }
    return this;
  }

  private savepoint<F extends (...args: never[]) => unknown>(fn: F, args: Parameters<F>) {
    const name = `longpref_sp_${this.depth}`;
    this.exec(`SAVEPOINT ${name}`);
    this.depth++;
    try {
      const result = fn(...args);
      this.exec(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      this.exec(`ROLLBACK TO SAVEPOINT ${name}`);
      throw err;
    } finally {
      this.depth--;
    }
  }

  private endTransaction(sql: "COMMIT" | "ROLLBACK") {
    try {
      this.exec(sql);
    } catch (err) {
      // A connection lost mid-transaction has rolled back by itself; the caller's error is the one to report.
      if (sql === "COMMIT" || !connectionLost(err)) throw err;
    }
  }
}
