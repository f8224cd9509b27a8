import { dialectOf } from "../dialect";
import type { Statement } from "better-sqlite3";
import type { Db } from "../open";
import { customPlan } from "../pg/pg-connection";

export { noWait } from "../pg/pg-connection";

/**
 * The few SQL phrases that SQLite and PostgreSQL spell differently, written once for both. A repository asks
 * for the phrase with its connection; everything else in a repository is SQL both dialects read alike.
 */

/** `(subquery)` of the values of a JSON array parameter, e.g. `id IN ${jsonValues(db, "@ids")}`. */
export function jsonValues(db: Db, param: string, type: "bigint" | "text" = "bigint"): string {
  if (dialectOf(db) === "sqlite") return `(SELECT value FROM json_each(${param}))`;
  const value = type === "bigint" ? "CAST(value AS BIGINT)" : "value";
  return `(SELECT ${value} FROM json_array_elements_text(CAST(${param} AS json)) AS j(value))`;
}

/**
 * Ends a claim's subquery (`UPDATE … WHERE id = (SELECT … LIMIT 1 <here>)`): on PostgreSQL it locks the row it
 * picks and passes over rows another process is claiming. Without it, two runners could pick the same row,
 * the second waiting for the first and then, its `id = …` still true, overwriting the first's lease. SQLite
 * has one writer at a time: nothing to add.
 */
export function skipLocked(db: Db, alias: string): string {
  return dialectOf(db) === "sqlite" ? "" : `FOR UPDATE OF ${alias} SKIP LOCKED`;
}

/**
 * `column IN` a list of ids that may be long (every instruction of a set), bound as `idList(db, ids)`.
 * PostgreSQL gets an array parameter: planned with its real length, probed through a hash per row (or looked
 * up in an index when the ids are few). An IN over json_array_elements_text is planned as a join with a
 * guessed 100 rows; where a table's statistics are stale, as after a bulk write, that became a nested loop
 * walking 100,000 ids for each of 200,000 rows: minutes instead of under a second.
 */
export function inIdList(db: Db, column: string, param: string): string {
  if (dialectOf(db) === "sqlite") return `${column} IN (SELECT value FROM json_each(${param}))`;
  return `${column} = ANY(CAST(${param} AS BIGINT[])) ${customPlan}`;
}

/**
 * PostgreSQL only: `FROM` the elements of a JSON array parameter as rows named `value`, in the array's order.
 * A bulk insert writes a slice of rows in one statement this way (one round trip, not one per row).
 */
export const fromJsonRowsInOrder = (param: string) =>
  `FROM json_array_elements(CAST(${param} AS json)) WITH ORDINALITY AS j(value, n) ORDER BY n`;

/** The value `inIdList`'s parameter binds: a JSON array for SQLite, an array literal for PostgreSQL. */
export function idList(db: Db, ids: readonly number[]): string {
  return dialectOf(db) === "sqlite" ? JSON.stringify(ids) : `{${ids.join(",")}}`;
}

/**
 * A FROM item walking the elements of a JSON array parameter as `value` (JSON), so that `value->>0` reads an
 * element's first item in both dialects (wrap it in CAST(... AS BIGINT) where a number is meant).
 */
export function jsonElements(db: Db, param: string): string {
  if (dialectOf(db) === "sqlite") return `json_each(${param})`;
  return `json_array_elements(CAST(${param} AS json)) AS j(value)`;
}

/** The larger of two values (SQLite's two-argument max, PostgreSQL's GREATEST). */
export function greatest(db: Db, a: string, b: string): string {
  return dialectOf(db) === "sqlite" ? `max(${a}, ${b})` : `GREATEST(${a}, ${b})`;
}

/** The smaller of two values. */
export function least(db: Db, a: string, b: string): string {
  return dialectOf(db) === "sqlite" ? `min(${a}, ${b})` : `LEAST(${a}, ${b})`;
}

/** A field of a JSON object stored as text, as text: `source ->> 'kind'` (PostgreSQL reads the text as json first). */
export function jsonField(db: Db, column: string, key: string): string {
  return dialectOf(db) === "sqlite" ? `${column} ->> '${key}'` : `CAST(${column} AS json) ->> '${key}'`;
}

/** SQLite's `CROSS JOIN ... ON` (an inner join whose order the planner keeps); PostgreSQL plans a plain JOIN. */
export function crossJoin(db: Db): string {
  return dialectOf(db) === "sqlite" ? "CROSS JOIN" : "JOIN";
}

/** A text column's UTF-8 bytes, read as a Buffer and never decoded to a JS string (SQLite's CAST AS BLOB). */
export function utf8Bytes(db: Db, text: string): string {
  return dialectOf(db) === "sqlite" ? `CAST(${text} AS BLOB)` : `convert_to(${text}, 'UTF8')`;
}

/**
 * A read sent now and answered when the returned function is called (decision 050). Inside a transaction on
 * PostgreSQL (libpq) it travels in one round trip with the statements sent before and after it, up to the next
 * one that is waited for: independent reads sent one after another cost one round trip. Elsewhere it runs at
 * once. Its rows are what a read at this point of the transaction sees.
 */
export function readAhead<P extends unknown[], R>(statement: Statement<P, R>, ...args: P): () => R[] {
  const pg = statement as unknown as { ahead?: (...a: P) => () => R[] };
  if (typeof pg.ahead === "function") return pg.ahead(...args);
  const rows = statement.all(...args);
  return () => rows;
}

/** readAhead's first row (undefined for none), as a statement's `get` answers. */
export function getAhead<P extends unknown[], R>(statement: Statement<P, R>, ...args: P): () => R | undefined {
  const rows = readAhead(statement, ...args);
  return () => rows()[0];
}
