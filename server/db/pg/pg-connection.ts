import { z } from "zod";
import { LibpqClient, libpqBinding } from "./libpq-client";
import { SyncPgClient } from "./sync-client";

export interface QueryAnswer {
  rows: unknown[];
  rowCount: number;
  columns: string[];
}

/** One PostgreSQL connection with blocking calls, as the repositories' better-sqlite3 API needs. */
export interface PgConnection {
  readonly transport: PgTransport;
  query(text: string, values: unknown[], rowMode: "object" | "array", inTransaction: boolean): QueryAnswer;
  exec(text: string, inTransaction: boolean): void;
  /** Sends a statement whose answer nobody reads, with the next one that is read (libpq only; else it waits). */
  defer?(text: string, values: unknown[], inTransaction: boolean): void;
  /** Sends a read whose rows are read with the next statement that is waited for, or when asked (libpq only). */
  ahead?(text: string, values: unknown[], rowMode: "object" | "array", inTransaction: boolean): () => QueryAnswer;
  close(): void;
}

const TransportSchema = z.enum(["libpq", "worker"]).optional();
export type PgTransport = NonNullable<z.infer<typeof TransportSchema>>;

/**
 * Marks a statement to be planned with its values at every call, never prepared once for all: a constant array
 * of ids is hashed, a parameter one would be searched row by row (decision 047).
 */
export const customPlan = "/* custom plan */";

/**
 * Marks a write whose caller reads nothing back (no rows, no count): inside a transaction on PostgreSQL it is
 * sent without waiting, and travels with the next statement that is waited for. Its error, if any, fails the
 * transaction at that statement's call; SQLite runs it as any other.
 */
export const noWait = "/* no wait */";

/** Whether a statement's error says the connection itself was lost (either client sets `lost`). */
export const connectionLost = (err: unknown): boolean => (err as { lost?: boolean } | null)?.lost === true;

/** How long a statement may run (PostgreSQL's statement_timeout on every connection). */
export const statementTimeoutMs = 60_000;

/**
 * The transport a new connection uses: libpq's blocking calls where the optional native binding is built (the
 * fast path), else a node-pg connection in a worker thread (portable, about three times the time per statement).
 * LONGPREF_PG_CLIENT=worker|libpq chooses one explicitly; naming libpq where it is not built is an error.
 */
export function pgTransport(): PgTransport {
  const parsed = TransportSchema.safeParse(process.env.LONGPREF_PG_CLIENT || undefined);
  if (!parsed.success) throw new Error(`LONGPREF_PG_CLIENT must be "libpq" or "worker", not "${process.env.LONGPREF_PG_CLIENT}"`);
  const wanted = parsed.data;
  if (wanted === "worker") return "worker";
  if (libpqBinding()) return "libpq";
  if (wanted === "libpq") {
    throw new Error(
      "LONGPREF_PG_CLIENT=libpq: the libpq binding is not built (apt-get install libpq-dev build-essential; npm rebuild libpq)",
    );
  }
  return "worker";
}

export function openPgConnection(url: string, options: { readOnly?: boolean } = {}): PgConnection {
  return pgTransport() === "libpq"
    ? new LibpqClient(url, { ...options, statementTimeoutMs })
    : new SyncPgClient(url, { ...options, statementTimeoutMs });
}
