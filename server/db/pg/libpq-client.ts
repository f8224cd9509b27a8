import { createRequire } from "node:module";
import pg from "pg";
import { pgErrorCode } from "./error-codes";
import { connectionLost, customPlan, type PgConnection, type QueryAnswer } from "./pg-connection";

/** The calls of the `libpq` package (PostgreSQL's own C client, bound for Node) this client makes. */
interface Libpq {
  connectSync(conninfo: string): void;
  finish(): void;
  exec(text: string): void;
  execParams(text: string, values: (string | null)[]): void;
  prepare(name: string, text: string, count: number): void;
  execPrepared(name: string, values: (string | null)[]): void;
  enterPipelineMode(): boolean;
  exitPipelineMode(): boolean;
  pipelineSync(): boolean;
  sendQueryParams(text: string, values: (string | null)[]): boolean;
  sendPrepare(name: string, text: string, count: number): boolean;
  sendQueryPrepared(name: string, values: (string | null)[]): boolean;
  getResult(): boolean;
  resultStatus(): string;
  resultErrorMessage(): string;
  resultErrorFields(): { sqlState?: string; messagePrimary?: string; messageDetail?: string; constraintName?: string } | null;
  errorMessage(): string;
  transactionStatus(): number;
  cmdTuples(): string;
  ntuples(): number;
  nfields(): number;
  fname(column: number): string;
  ftype(column: number): number;
  getvalue(row: number, column: number): string;
  getisnull(row: number, column: number): boolean;
}
type LibpqConstructor = new () => Libpq;

let loaded: LibpqConstructor | null | undefined;
/** The native binding, or null where it was not built (an optional dependency: it needs libpq-dev and a compiler). */
export function libpqBinding(): LibpqConstructor | null {
  if (loaded === undefined) {
    try {
      loaded = createRequire(import.meta.url)("libpq") as LibpqConstructor;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}

// SQLite's value types, as the worker-thread client reads them: int8 and numeric as numbers, booleans as 1 / 0.
const parsers: Record<number, (v: string) => unknown> = {
  20: Number,
  1700: Number,
  16: (v) => (v === "t" ? 1 : 0),
};
const parserOf = (oid: number) => parsers[oid] ?? (pg.types.getTypeParser(oid, "text") as (v: string) => unknown);

/**
 * Connections finished but possibly still referenced by the event loop: the binding's finish() asks libuv to
 * close its socket watcher, which libuv does at the end of the loop's turn, in memory owned by the connection
 * object. Were that object collected first, libuv would close freed memory (and abort the process): kept
 * here until a timer, which runs in a later turn, lets it go.
 */
const finishing = new Set<Libpq>();
function finish(pq: Libpq): void {
  pq.finish();
  finishing.add(pq);
  setTimeout(() => finishing.delete(pq), 0).unref();
}

/** The current result's rows, typed as the worker-thread client types them. */
function answerOf(pq: Libpq, rowMode: "object" | "array"): QueryAnswer {
  const columns = Array.from({ length: pq.nfields() }, (_, c) => pq.fname(c));
  const parse = columns.map((_, c) => parserOf(pq.ftype(c)));
  const read = (r: number, c: number) => (pq.getisnull(r, c) ? null : parse[c]!(pq.getvalue(r, c)));
  const rows: unknown[] = new Array(pq.ntuples());
  for (let r = 0; r < rows.length; r++) {
    if (rowMode === "array") rows[r] = columns.map((_, c) => read(r, c));
    else {
      const row: Record<string, unknown> = {};
      for (let c = 0; c < columns.length; c++) row[columns[c]!] = read(r, c);
      rows[r] = row;
    }
  }
  return { rows, rowCount: Number(pq.cmdTuples()) || 0, columns };
}

/** Statements planned with their values at every call (decision 047), and cursors' DECLARE. */
const unprepared = (text: string) => text.includes(customPlan) || /^\s*DECLARE\b/i.test(text);

/** An answer in the pipeline not read yet: a statement's, or its preparation's. */
interface Unread {
  text: string;
  prepares: boolean;
  /** A read sent ahead (decision 050): its rows are kept here when the pipeline is read. */
  kept?: { rowMode: "object" | "array"; answer?: QueryAnswer };
}

/** PQtransactionStatus's PQTRANS_UNKNOWN: the connection is bad. */
const connectionBad = 4;
const answered = new Set(["PGRES_TUPLES_OK", "PGRES_COMMAND_OK", "PGRES_EMPTY_QUERY"]);
/** Prepared statements kept per connection; past this many (text built per call somewhere) they start over. */
const preparedLimit = 1000;
/** SQLSTATE 0A000 "cached plan must not change result type": a table changed under a prepared statement. */
const planStale = "0A000";

/**
 * Keepalives bound how long a statement can wait on a server that vanished without closing the connection
 * (this thread blocks while it waits); the URL's own settings win.
 */
function conninfoOf(url: string): string {
  const u = new URL(url);
  const defaults = { application_name: "longpref", keepalives_idle: "30", keepalives_interval: "10", keepalives_count: "3" };
  for (const [key, value] of Object.entries(defaults)) if (!u.searchParams.has(key)) u.searchParams.set(key, value);
  return u.toString();
}

function textOf(v: unknown): string | null {
  if (v === null) return null;
  if (typeof v === "string") {
    // C strings end at NUL: libpq would send the text cut short, where the server refuses it whole.
    if (v.includes("\0"))
      throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: "PG_22021", pgCode: "22021" });
    return v;
  }
  if (typeof v === "number") return String(v);
  if (v instanceof Uint8Array) return `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex")}`;
  throw new TypeError(`cannot bind a ${typeof v} to a PostgreSQL parameter`);
}

/**
 * A PostgreSQL connection through libpq's blocking calls, on this thread: a statement costs one round trip and
 * no thread hop (about a third of the worker-thread client's time and a fifth of its CPU). Like better-sqlite3,
 * a process runs one statement at a time; writes marked noWait in a transaction travel with the next statement
 * that is waited for, in libpq's pipeline mode (decision 049).
 */
export class LibpqClient implements PgConnection {
  readonly transport = "libpq";
  private pq: Libpq | null = null;
  /** This connection's prepared statements by text: parsed, and (once PostgreSQL finds it cheaper) planned once. */
  private prepared = new Map<string, string>();
  /** Answers of statements sent in the pipeline without waiting (defer), in order. */
  private unread: Unread[] = [];
  private named = 0;
  private broken = false;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly options: { readOnly?: boolean; statementTimeoutMs: number },
  ) {}

  query(text: string, values: unknown[], rowMode: "object" | "array", inTransaction: boolean): QueryAnswer {
    const params = values.map(textOf);
    const pq = this.connection(inTransaction);
    if (this.unread.length > 0) {
      // Statements sent without waiting go with this one: one round trip for all.
      this.send(pq, text, params);
      return this.sync(pq, rowMode)!;
    }
    if (params.length === 0) pq.exec(text);
    else if (unprepared(text)) pq.execParams(text, params);
    else this.execPrepared(pq, text, params);
    this.check(pq);
    return answerOf(pq, rowMode);
  }

  /**
   * Sends a statement without waiting for its answer (libpq's pipeline mode): it reaches PostgreSQL with the
   * next statement that is waited for, in the same round trip, and in order. Its error, if any, is thrown by
   * that statement's call: the transaction fails either way.
   */
  defer(text: string, values: unknown[], inTransaction: boolean): void {
    // Values first: one that cannot be sent must fail before pipeline mode is entered.
    const params = values.map(textOf);
    this.send(this.pipeline(inTransaction), text, params);
  }

  /**
   * A read sent as defer sends a write (decision 050): its rows are read with the next statement that is waited
   * for, or when the returned function is first called. Outside a transaction it is run at once.
   */
  ahead(text: string, values: unknown[], rowMode: "object" | "array", inTransaction: boolean): () => QueryAnswer {
    if (!inTransaction) {
      const answer = this.query(text, values, rowMode, false);
      return () => answer;
    }
    const params = values.map(textOf);
    const pq = this.pipeline(inTransaction);
    const kept: NonNullable<Unread["kept"]> = { rowMode };
    this.send(pq, text, params, kept);
    return () => {
      if (kept.answer === undefined && this.unread.some((u) => u.kept === kept)) this.sync(pq);
      // Not answered: a statement before it failed (that error was thrown), or its transaction ended without it.
      if (kept.answer === undefined) throw new Error(`the answer of a statement sent ahead was lost: ${text.slice(0, 80)}`);
      return kept.answer;
    };
  }

  /** The connection, in pipeline mode (entered with the first statement sent without waiting). */
  private pipeline(inTransaction: boolean): Libpq {
    const pq = this.connection(inTransaction);
    if (this.unread.length === 0 && !pq.enterPipelineMode()) throw this.failure(pq.errorMessage().trim(), undefined, false);
    return pq;
  }

  /** Queues a statement in the pipeline (its preparation too, the first time), one unread answer each. */
  private send(pq: Libpq, text: string, params: (string | null)[], kept?: Unread["kept"]) {
    if (params.length === 0 || unprepared(text)) {
      this.sent(pq, pq.sendQueryParams(text, params), { text, prepares: false, kept });
      return;
    }
    const name = this.nameOf(text, {
      deallocate: () => this.sent(pq, pq.sendQueryParams("DEALLOCATE ALL", []), { text: "DEALLOCATE ALL", prepares: false }),
      prepare: (name) => this.sent(pq, pq.sendPrepare(name, text, params.length), { text, prepares: true }),
    });
    this.sent(pq, pq.sendQueryPrepared(name, params), { text, prepares: false, kept });
  }

  private sent(pq: Libpq, ok: boolean, entry: Unread) {
    if (!ok) {
      this.broken = true;
      throw this.failure(pq.errorMessage().trim(), undefined, true);
    }
    this.unread.push(entry);
  }

  /**
   * Ends the pipeline: reads every answer in order, then leaves pipeline mode. Throws the first statement's
   * error (those after it were skipped by PostgreSQL); else returns the last statement's rows when asked.
   */
  private sync(pq: Libpq, rowMode?: "object" | "array"): QueryAnswer | undefined {
    const entries = this.unread;
    this.unread = [];
    if (!pq.pipelineSync()) throw this.lostIn(pq);
    let failure: Error | undefined;
    let answer: QueryAnswer | undefined;
    entries.forEach((entry, i) => {
      if (!pq.getResult()) throw this.lostIn(pq);
      const status = pq.resultStatus();
      if (answered.has(status)) {
        if (entry.kept) entry.kept.answer = answerOf(pq, entry.kept.rowMode);
        if (rowMode && i === entries.length - 1) answer = answerOf(pq, rowMode);
      } else {
        // A preparation that failed or was skipped did not happen; a stale plan is prepared anew next time.
        if (entry.prepares || pq.resultErrorFields()?.sqlState === planStale) this.prepared.delete(entry.text);
        if (status !== "PGRES_PIPELINE_ABORTED") failure ??= this.errorOf(pq);
      }
      // Each statement's answer ends with an empty result.
      if (pq.getResult()) throw this.lostIn(pq);
    });
    if (!pq.getResult() || pq.resultStatus() !== "PGRES_PIPELINE_SYNC") throw this.lostIn(pq);
    pq.exitPipelineMode();
    if (failure) throw failure;
    return answer;
  }

  private lostIn(pq: Libpq) {
    this.broken = true;
    return this.failure(pq.errorMessage().trim() || "the connection to PostgreSQL was lost", undefined, true);
  }

  /**
   * Parsing and planning are most of PostgreSQL's time on the server's short statements (0.13 ms planned vs
   * 0.01 ms run for a sample's text): each statement is prepared once per connection and run by name after.
   */
  private execPrepared(pq: Libpq, text: string, params: (string | null)[]) {
    const name = this.nameOf(text, {
      deallocate: () => {
        pq.exec("DEALLOCATE ALL");
        this.check(pq);
      },
      prepare: (name) => {
        pq.prepare(name, text, params.length);
        this.check(pq);
      },
    });
    pq.execPrepared(name, params);
    // A migration changed a table under it: this call fails as it would have, the next one prepares it anew.
    if (pq.resultErrorFields()?.sqlState === planStale) this.prepared.delete(text);
  }

  /** The statement's prepared name on this connection, preparing it first (past preparedLimit, after a clean slate). */
  private nameOf(text: string, o: { deallocate: () => void; prepare: (name: string) => void }): string {
    const known = this.prepared.get(text);
    if (known !== undefined) return known;
    if (this.prepared.size >= preparedLimit) {
      o.deallocate();
      this.prepared.clear();
    }
    const name = `longpref_${++this.named}`;
    o.prepare(name);
    this.prepared.set(text, name);
    return name;
  }

  exec(text: string, inTransaction: boolean): void {
    const pq = this.connection(inTransaction);
    if (this.unread.length > 0 && text === "COMMIT") {
      this.commitPipeline(pq);
      return;
    }
    // Statements after a failed one are skipped, a ROLLBACK (TO SAVEPOINT) would be too: the pipeline ends first,
    // and before a rollback its errors are moot.
    if (this.unread.length > 0) this.drain(pq, /^ROLLBACK\b/.test(text));
    pq.exec(text);
    this.check(pq);
  }

  /** COMMIT with the writes sent before it, in one round trip. */
  private commitPipeline(pq: Libpq): void {
    this.send(pq, "COMMIT", []);
    try {
      this.sync(pq);
    } catch (err) {
      // A statement before COMMIT failed, so COMMIT was skipped: the failed transaction is still open.
      if (!connectionLost(err)) pq.exec("ROLLBACK");
      throw err;
    }
  }

  private drain(pq: Libpq, errorsMoot: boolean): void {
    try {
      this.sync(pq);
    } catch (err) {
      if (!errorsMoot || connectionLost(err)) throw err;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.pq) finish(this.pq);
    this.pq = null;
  }

  /** The open connection; outside a transaction a lost one is opened again, inside one the transaction is lost with it. */
  private connection(inTransaction: boolean): Libpq {
    if (this.closed) throw new TypeError("The database connection is not open");
    if (this.pq !== null && !this.broken) return this.pq;
    if (inTransaction && this.pq !== null) throw this.failure("the connection to PostgreSQL was lost in the transaction", undefined, true);
    if (this.pq) finish(this.pq);
    this.pq = null;
    const Binding = libpqBinding();
    if (!Binding) throw new Error("the libpq binding is not built (apt-get install libpq-dev build-essential; npm rebuild libpq)");
    const pq = new Binding();
    try {
      pq.connectSync(conninfoOf(this.url));
    } catch (err) {
      throw this.failure((err as Error).message.trim(), undefined, true);
    }
    this.pq = pq;
    this.prepared = new Map();
    this.unread = [];
    this.broken = false;
    // Notices (a ROLLBACK with no transaction left, say) would go to stderr: nothing here reads them.
    const settings = [`SET statement_timeout = ${Number(this.options.statementTimeoutMs)}`, "SET client_min_messages = error"];
    if (this.options.readOnly) settings.push("SET default_transaction_read_only = on");
    this.exec(settings.join("; "), false);
    return pq;
  }

  private check(pq: Libpq): void {
    if (!answered.has(pq.resultStatus())) throw this.errorOf(pq);
  }

  /** The current result's error, as node-pg would report it. */
  private errorOf(pq: Libpq): Error {
    const lost = pq.transactionStatus() === connectionBad;
    if (lost) this.broken = true;
    const fields = pq.resultErrorFields();
    const message = fields?.messagePrimary ?? (pq.resultErrorMessage() || pq.errorMessage()).trim();
    const err = this.failure(message, fields?.sqlState, lost);
    return Object.assign(err, { detail: fields?.messageDetail, constraint: fields?.constraintName });
  }

  private failure(message: string, sqlState: string | undefined, lost: boolean) {
    // libpq's message starts with its severity ("ERROR:  "), node-pg's does not: the same text on either client.
    const text = message.replace(/^(ERROR|FATAL|PANIC):\s+/, "");
    return Object.assign(new Error(text), { code: pgErrorCode(sqlState), pgCode: sqlState, lost });
  }
}
