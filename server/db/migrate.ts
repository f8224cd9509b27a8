import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { longprefApplicationId } from "./check-file";
import { dialectOf } from "./dialect";
import type { Db } from "./open";

const migrationsDir = fileURLToPath(new URL("./migrations/", import.meta.url));
// PostgreSQL starts from one baseline file (019: the schema SQLite's migrations 001–019 build) and takes
// every later migration in its own dialect, numbered as SQLite's.
const postgresMigrationsDir = fileURLToPath(new URL("./migrations-pg/", import.meta.url));

interface Migration {
  version: number;
  name: string;
  sql: string;
}

function loadMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(dir + f, "utf8") }));
}

export class DatabaseTooNewError extends Error {}
export class ForeignDatabaseError extends Error {}

/** The migration files this version of longpref has, in order. */
export function knownMigrationNames(dir = migrationsDir): string[] {
  return loadMigrations(dir).map((m) => m.name);
}

/**
 * Applies the numbered migrations not yet recorded, all in one transaction, and refuses a database
 * that has migrations this code does not know (it was written by a newer longpref). Stamps longpref's
 * application_id on the database in the same transaction (check-file.ts reads it before the next open).
 */
export function migrate(db: Db, dir?: string): { applied: string[] } {
  if (dialectOf(db) === "postgres") return migratePostgres(db, dir ?? postgresMigrationsDir);
  return migrateSqlite(db, dir ?? migrationsDir);
}

function migrateSqlite(db: Db, dir: string): { applied: string[] } {
  const applicationId = db.pragma("application_id", { simple: true }) as number;
  if (applicationId !== 0 && applicationId !== longprefApplicationId) {
    throw new ForeignDatabaseError(`the database belongs to another application (SQLite application_id ${applicationId})`);
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const pending = pendingMigrations(db, dir);
  const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  if (pending.length === 0 && applicationId === longprefApplicationId) return { applied: [] };
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }
    if (applicationId === 0) db.pragma(`application_id = ${longprefApplicationId}`);
  })();
  return { applied: pending.map((m) => m.name) };
}

/** The migrations not yet recorded; refuses a database holding one this longpref does not know. */
function pendingMigrations(db: Db, dir: string): Migration[] {
  const migrations = loadMigrations(dir);
  const known = new Set(migrations.map((m) => m.version));
  const done = db.prepare("SELECT version, name FROM schema_migrations").all() as { version: number; name: string }[];
  const unknown = done.filter((m) => !known.has(m.version));
  if (unknown.length > 0) {
    throw new DatabaseTooNewError(
      `the database has migrations this version of longpref does not know (${unknown.map((m) => m.name).join(", ")}); ` +
        "upgrade longpref or use another database",
    );
  }
  const doneVersions = new Set(done.map((m) => m.version));
  return migrations.filter((m) => !doneVersions.has(m.version));
}

/**
 * PostgreSQL: a database with tables but no schema_migrations belongs to something else and is refused; the
 * pending migrations run in one transaction under the writers' lock, so servers starting together migrate once.
 */
function migratePostgres(db: Db, dir: string): { applied: string[] } {
  const tables = db
    .prepare("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()")
    .pluck()
    .all() as string[];
  if (tables.length > 0 && !tables.includes("schema_migrations")) {
    throw new ForeignDatabaseError(
      `the PostgreSQL database holds tables of another application (${tables.slice(0, 3).join(", ")}); use an empty database`,
    );
  }
  return db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const pending = pendingMigrations(db, dir);
    const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    for (const m of pending) {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }
    return { applied: pending.map((m) => m.name) };
  })();
}
