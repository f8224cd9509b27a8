import Database from "better-sqlite3";
import { accessSync, closeSync, constants, existsSync, openSync, readSync, rmSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * longpref's SQLite application_id (offset 68 of the file header): "LPRF" in ASCII, 0x4C505246. Stamped on
 * every database longpref creates or migrates, so another application's file is told apart by its header.
 */
export const longprefApplicationId = 0x4c505246;

export type RefusalReason = "not_sqlite" | "foreign" | "newer" | "corrupt" | "read_only";

/** The file given is not one longpref may open for writing; nothing was written to it. */
export class DatabaseRefusedError extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

export type Inspection = { state: "new" } | { state: "longpref"; stamped: boolean; migrations: number };

const sqliteMagic = "SQLite format 3\0";

/**
 * Looks at a database file before anything writes to it (before WAL is switched on, before migrations) and
 * throws DatabaseRefusedError when it is not SQLite, belongs to another application, was written by a newer
 * longpref, fails PRAGMA quick_check, or cannot be written. A missing or empty file is a new database.
 *
 * Only node:fs reads and one read-only SQLite connection touch the file, so a refused file stays
 * byte-identical. `known` is the list of migration file names this longpref has.
 */
export function inspectDatabaseFile(path: string, known: readonly string[]): Inspection {
  if (path === ":memory:" || path === "") return { state: "new" };
  const name = `the database file ${path}`;
  if (!existsSync(path)) {
    writableFolder(path, name);
    return { state: "new" };
  }
  const stats = statSync(path);
  if (!stats.isFile()) throw new DatabaseRefusedError("not_sqlite", `${name} is not a file`);
  if (stats.size === 0) {
    writable(path, name);
    return { state: "new" };
  }
  const header = readHeader(path);
  if (header.length < 100 || header.subarray(0, 16).toString("latin1") !== sqliteMagic) {
    throw new DatabaseRefusedError(
      "not_sqlite",
      `${name} is not a SQLite database (its first bytes are not the SQLite header); nothing was changed`,
    );
  }
  const applicationId = header.readUInt32BE(68);
  if (applicationId !== 0 && applicationId !== longprefApplicationId) {
    throw new DatabaseRefusedError(
      "foreign",
      `${name} belongs to another application (SQLite application_id ${describeId(applicationId)}, longpref's is ` +
        `${describeId(longprefApplicationId)}); nothing was changed`,
    );
  }
  writable(path, name);
  return readOnlyLook(path, name, applicationId, known);
}

function readHeader(path: string): Buffer {
  const fd = openSync(path, "r");
  try {
    const header = Buffer.alloc(100);
    return header.subarray(0, readSync(fd, header, 0, 100, 0));
  } finally {
    closeSync(fd);
  }
}

function describeId(id: number): string {
  const hex = `0x${id.toString(16).toUpperCase().padStart(8, "0")}`;
  const ascii = Buffer.alloc(4);
  ascii.writeUInt32BE(id);
  const text = ascii.toString("latin1");
  return /^[\x20-\x7e]{4}$/.test(text) ? `${hex}, "${text}"` : hex;
}

// A file or folder without any write permission bit counts as read-only even for root, who may write it
// anyway: whoever made it so meant to protect it.
function writable(path: string, name: string) {
  if (!canWrite(path)) throw new DatabaseRefusedError("read_only", `${name} is read-only; nothing was changed`);
  writableFolder(path, name);
}

function writableFolder(path: string, name: string) {
  // SQLite writes its -wal and -shm files beside the database; a missing folder is created at open.
  let folder = dirname(resolve(path));
  while (!existsSync(folder)) folder = dirname(folder);
  if (!canWrite(folder)) {
    throw new DatabaseRefusedError(
      "read_only",
      `the folder of ${name} is read-only (SQLite needs to write its -wal and -shm files there); nothing was changed`,
    );
  }
}

function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
  } catch {
    return false;
  }
  return (statSync(path).mode & 0o222) !== 0;
}

/**
 * Reads integrity and schema through a read-only connection. Opening a WAL database read-only makes
 * SQLite create its -wal and -shm files when missing. A file that is accepted keeps them: the server opens
 * it next and SQLite removes them at the last close. A refused file gets them removed again (empty; this
 * connection wrote nothing), so it is left as it was found.
 */
function readOnlyLook(path: string, name: string, applicationId: number, known: readonly string[]): Inspection {
  const sideFiles = [`${path}-wal`, `${path}-shm`].filter((f) => !existsSync(f));
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const problems = (db.pragma("quick_check(5)") as { quick_check: string }[]).map((r) => r.quick_check);
    if (problems.join() !== "ok") throw corrupt(name, problems.join("; "));
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    const verdict = schemaVerdict(db, name, applicationId, tables, known);
    db.close();
    return verdict;
  } catch (err) {
    db?.close();
    for (const file of sideFiles) {
      if (existsSync(file) && (file.endsWith("-shm") || statSync(file).size === 0)) rmSync(file, { force: true });
    }
    if (err instanceof DatabaseRefusedError) throw err;
    const code = (err as { code?: string }).code ?? "";
    if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB") throw corrupt(name, (err as Error).message);
    throw err;
  }
}

const corrupt = (name: string, detail: string) =>
  new DatabaseRefusedError(
    "corrupt",
    `${name} is damaged: PRAGMA quick_check reports ${detail.slice(0, 300)}. Restore a backup (npx longpref restore FILE); nothing was changed`,
  );

function schemaVerdict(db: Database.Database, name: string, applicationId: number, tables: string[], known: readonly string[]): Inspection {
  const stamped = applicationId === longprefApplicationId;
  let rows: { version: number; name: string }[] = [];
  if (tables.includes("schema_migrations")) {
    try {
      rows = db.prepare("SELECT version, name FROM schema_migrations ORDER BY version").all() as typeof rows;
    } catch {
      // Another framework's schema_migrations (Rails keeps only a version column).
      throw foreign(name, "its schema_migrations table is not longpref's");
    }
  }
  const ownTables = tables.filter((t) => t !== "schema_migrations" && !t.startsWith("sqlite_"));
  // Nothing written yet, or only the migration table of a first start that stopped before its migrations.
  if (rows.length === 0 && ownTables.length === 0) return { state: "new" };
  const knownByVersion = new Map(known.map((file) => [Number(file.slice(0, 3)), file]));
  const mismatched = rows.filter((r) => knownByVersion.has(r.version) && knownByVersion.get(r.version) !== r.name);
  const isLongpref = mismatched.length === 0 && (stamped || rows.some((r) => r.version === 1 && r.name === known[0]));
  if (!isLongpref) {
    const shown = ownTables.slice(0, 5).join(", ") + (ownTables.length > 5 ? ", ..." : "");
    throw foreign(
      name,
      rows.length > 0
        ? "its schema_migrations rows are not longpref's migrations"
        : `it has tables (${shown}) but no longpref schema_migrations`,
    );
  }
  const unknown = rows.filter((r) => !knownByVersion.has(r.version));
  if (unknown.length > 0) {
    throw new DatabaseRefusedError(
      "newer",
      `${name} was written by a newer longpref (migrations ${unknown.map((r) => r.name).join(", ")} are unknown to this version); ` +
        "upgrade longpref or use another database file; nothing was changed",
    );
  }
  return { state: "longpref", stamped, migrations: rows.length };
}

const foreign = (name: string, why: string) =>
  new DatabaseRefusedError("foreign", `${name} is not a longpref database (${why}); nothing was changed`);
