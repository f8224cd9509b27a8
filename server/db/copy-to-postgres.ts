import { createHash } from "node:crypto";
import { migrate } from "./migrate";
import type { Db } from "./open";

/** The copy was refused or did not check out; the target was left as it was (the transaction rolled back). */
export class CopyRefusedError extends Error {}

export interface CopyResult {
  /** Rows copied per table, in the order they were copied (parents before children). */
  tables: Record<string, number>;
}

export interface Column {
  name: string;
  type: string;
}

// Rows per INSERT: one JSON parameter each, so a statement stays far below PostgreSQL's size limits while a
// copy of a million rows takes a thousand round trips, not a million.
const batchRows = 1000;

/**
 * Copies every table of a migrated SQLite database into an empty PostgreSQL database, in one transaction:
 * the schema is made by the migrations, tables are filled parents first, each table is checked by its row
 * count and a checksum of its rows as read back, and identity sequences are moved past the largest id. Any
 * difference throws, and the transaction takes everything back.
 */
export function copySqliteToPostgres(source: Db, target: Db): CopyResult {
  return target.transaction(() => {
    refuseNonEmpty(target);
    migrate(target);
    const tables = tablesInForeignKeyOrder(target);
    const missing = tables.filter((t) => !sqliteTables(source).has(t));
    if (missing.length > 0) throw new CopyRefusedError(`the SQLite database lacks tables of the schema: ${missing.join(", ")}`);
    const extra = [...sqliteTables(source)].filter((t) => !tables.includes(t) && t !== "schema_migrations");
    if (extra.length > 0) throw new CopyRefusedError(`the SQLite database has tables PostgreSQL's schema lacks: ${extra.join(", ")}`);
    // Triggers keep tallies as rows arrive; the tallies are copied as they are, so the triggers must not count again.
    for (const t of tables) target.exec(`ALTER TABLE ${quote(t)} DISABLE TRIGGER USER`);
    const counts: Record<string, number> = {};
    for (const t of tables) counts[t] = copyTable(source, target, t);
    for (const t of tables) target.exec(`ALTER TABLE ${quote(t)} ENABLE TRIGGER USER`);
    for (const t of tables) moveIdentityPast(source, target, t);
    return { tables: counts };
  })();
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** An empty database, or one longpref migrated and nothing wrote to since; anything else is refused. */
function refuseNonEmpty(target: Db) {
  const tables = target
    .prepare("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
    .pluck()
    .all() as string[];
  if (tables.length === 0) return;
  if (!tables.includes("schema_migrations")) {
    throw new CopyRefusedError(`the target holds tables of another application (${tables.slice(0, 3).join(", ")}); use an empty database`);
  }
  const withRows = tables.filter(
    (t) =>
      t !== "schema_migrations" &&
      target
        .prepare(`SELECT EXISTS (SELECT 1 FROM ${quote(t)}) AS found`)
        .pluck()
        .get() === 1,
  );
  if (withRows.length > 0) {
    throw new CopyRefusedError(
      `the target is not empty (rows in ${withRows.slice(0, 5).join(", ")}${withRows.length > 5 ? ", ..." : ""}); use an empty database`,
    );
  }
}

function sqliteTables(source: Db): Set<string> {
  const names = source
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  return new Set(names);
}

/** The schema's tables (schema_migrations aside: the migrations wrote it), each after the tables it references. */
function tablesInForeignKeyOrder(target: Db): string[] {
  const tables = target
    .prepare(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name",
    )
    .pluck()
    .all() as string[];
  const edges = target
    .prepare(
      `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
       WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`,
    )
    .all() as { child: string; parent: string }[];
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges) if (e.child !== e.parent) parents.get(unquoted(e.child))?.add(unquoted(e.parent));
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p) || !parents.has(p)));
    if (ready.length === 0) throw new CopyRefusedError("the schema's foreign keys form a cycle; no copy order exists");
    for (const t of ready) {
      placed.add(t);
      ordered.push(t);
    }
  }
  return ordered;
}

const unquoted = (regclass: string) => (regclass.startsWith('"') ? regclass.slice(1, -1).replaceAll('""', '"') : regclass);

export function columnsOf(target: Db, table: string): Column[] {
  return target
    .prepare(
      `SELECT column_name AS name, data_type AS type FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    )
    .all(table) as Column[];
}

/** Copies one table in batches and checks it; returns its row count. */
function copyTable(source: Db, target: Db, table: string): number {
  const columns = columnsOf(target, table);
  const sourceColumns = new Set((source.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]) ?? []);
  const lacking = columns.filter((c) => !sourceColumns.has(c.name)).map((c) => c.name);
  if (lacking.length > 0) throw new CopyRefusedError(`${table}: the SQLite table lacks columns ${lacking.join(", ")}`);
  const list = columns.map((c) => quote(c.name)).join(", ");
  const insert = target.prepare(
    `INSERT INTO ${quote(table)} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${quote(table)}, CAST(? AS json))`,
  );
  const sent = new RowChecksum(columns);
  let batch: Record<string, unknown>[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    insert.run(JSON.stringify(batch));
    batch = [];
  };
  for (const row of source.prepare(`SELECT ${list} FROM ${quote(table)}`).iterate() as Iterable<Record<string, unknown>>) {
    sent.add(row);
    batch.push(row);
    if (batch.length >= batchRows) flush();
  }
  flush();
  const received = tableChecksum(target, table, columns);
  if (received.rows !== sent.rows) {
    throw new CopyRefusedError(`${table}: ${sent.rows} rows read from SQLite but ${received.rows} in PostgreSQL`);
  }
  if (received.digest() !== sent.digest()) {
    throw new CopyRefusedError(`${table}: the checksum of the rows in PostgreSQL differs from SQLite's (a value changed on the way)`);
  }
  return sent.rows;
}

/** The row count and checksum of one table as `db` holds it, its columns read as PostgreSQL's schema types them. */
export function tableChecksum(db: Db, table: string, columns: Column[]): RowChecksum {
  const sum = new RowChecksum(columns);
  const list = columns.map((c) => quote(c.name)).join(", ");
  for (const row of db.prepare(`SELECT ${list} FROM ${quote(table)}`).iterate() as Iterable<Record<string, unknown>>) sum.add(row);
  return sum;
}

/**
 * A checksum of a table's rows that does not depend on their order (SQLite and PostgreSQL need not return
 * rows alike): each row's canonical text is hashed and the hashes are summed modulo 2^64. Values are compared
 * as the column's type reads them, so SQLite's loose typing (a number in a TEXT column) is not a difference.
 */
export class RowChecksum {
  rows = 0;
  private sum = 0n;

  constructor(private readonly columns: Column[]) {}

  add(row: Record<string, unknown>) {
    const values = this.columns.map((c) => canonical(row[c.name], c.type));
    const hash = createHash("sha256").update(JSON.stringify(values)).digest();
    this.sum = (this.sum + hash.readBigUInt64BE(0)) & 0xffffffffffffffffn;
    this.rows++;
  }

  digest(): string {
    return this.sum.toString(16);
  }
}

function canonical(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return { hex: value.toString("hex") };
  if (type === "text" || type === "USER-DEFINED" || type.startsWith("character")) return String(value);
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && /int|double|real|numeric/.test(type)) return Number(value);
  return value;
}

/** The next id PostgreSQL hands out comes after every id SQLite has used (its AUTOINCREMENT counter included). */
function moveIdentityPast(source: Db, target: Db, table: string) {
  const identity = target
    .prepare(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND is_identity = 'YES'",
    )
    .pluck()
    .all(table) as string[];
  for (const column of identity) {
    const max =
      (target
        .prepare(`SELECT MAX(${quote(column)}) FROM ${quote(table)}`)
        .pluck()
        .get() as number | null) ?? 0;
    const used = Math.max(max, sqliteSequence(source, table));
    if (used < 1) continue;
    target.prepare("SELECT setval(pg_get_serial_sequence(?, ?), ?)").get(quote(table), column, used);
  }
}

function sqliteSequence(source: Db, table: string): number {
  const hasSequence = source.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get();
  if (!hasSequence) return 0;
  return (source.prepare("SELECT seq FROM sqlite_sequence WHERE name = ?").pluck().get(table) as number | undefined) ?? 0;
}
