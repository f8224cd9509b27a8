import { createRequire } from "node:module";
import pg from "pg";
import { pgErrorCode } from "./error-codes";
import { customPlan, type PgConnection, type QueryAnswer } from "./pg-connection";

/** The calls of the `libpq` package (PostgreSQL's own C client, bound for Node) this client makes. */
interface Libpq {
  connectSync(conninfo: string): void;
  finish(): void;
  exec(text: string): void;
  execParams(text: string, values: (string | null)[]): void;
  prepare(name: string, text: string, count: number): void;
  execPrepared(name: string, values: (string | null)[]): void;
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
 * a process runs one statement at a time.
 */
export class LibpqClient implements PgConnection {
  readonly transport = "libpq";
  private pq: Libpq | null = null;
  /** This connection's prepared statements by text: parsed, and (once PostgreSQL finds it cheaper) planned once. */
  private prepared = new Map<string, string>();
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
    if (params.length === 0) pq.exec(text);
    else if (text.includes(customPlan) || /^\s*DECLARE\b/i.test(text)) pq.execParams(text, params);
    else this.execPrepared(pq, text, params);
    this.check(pq);
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

  /**
   * Parsing and planning are most of PostgreSQL's time on the server's short statements (0.13 ms planned vs
   * 0.01 ms run for a sample's text): each statement is prepared once per connection and run by name after.
   */
  private execPrepared(pq: Libpq, text: string, params: (string | null)[]) {
    let name = this.prepared.get(text);
    if (name === undefined) {
      if (this.prepared.size >= preparedLimit) {
        pq.exec("DEALLOCATE ALL");
        this.check(pq);
        this.prepared.clear();
      }
      name = `longpref_${++this.named}`;
      pq.prepare(name, text, params.length);
      this.check(pq);
      this.prepared.set(text, name);
    }
    pq.execPrepared(name, params);
    // A migration changed a table under it: this call fails as it would have, the next one prepares it anew.
    if (pq.resultErrorFields()?.sqlState === planStale) this.prepared.delete(text);
  }

  exec(text: string, inTransaction: boolean): void {
    const pq = this.connection(inTransaction);
    pq.exec(text);
    this.check(pq);
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
    this.broken = false;
    // Notices (a ROLLBACK with no transaction left, say) would go to stderr: nothing here reads them.
    const settings = [`SET statement_timeout = ${Number(this.options.statementTimeoutMs)}`, "SET client_min_messages = error"];
    if (this.options.readOnly) settings.push("SET default_transaction_read_only = on");
    this.exec(settings.join("; "), false);
    return pq;
  }

  private check(pq: Libpq): void {
    if (answered.has(pq.resultStatus())) return;
    const lost = pq.transactionStatus() === connectionBad;
    if (lost) this.broken = true;
    const fields = pq.resultErrorFields();
    const message = fields?.messagePrimary ?? (pq.resultErrorMessage() || pq.errorMessage()).trim();
    const err = this.failure(message, fields?.sqlState, lost);
    throw Object.assign(err, { detail: fields?.messageDetail, constraint: fields?.constraintName });
  }

  private failure(message: string, sqlState: string | undefined, lost: boolean) {
    // libpq's message starts with its severity ("ERROR:  "), node-pg's does not: the same text on either client.
    const text = message.replace(/^(ERROR|FATAL|PANIC):\s+/, "");
    return Object.assign(new Error(text), { code: pgErrorCode(sqlState), pgCode: sqlState, lost });
  }
}
