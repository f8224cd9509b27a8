import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { longprefApplicationId } from "./check-file";
import type { Db } from "./open";

const migrationsDir = fileURLToPath(new URL("./migrations/", import.meta.url));

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
export function migrate(db: Db, dir = migrationsDir): { applied: string[] } {
  const applicationId = db.pragma("application_id", { simple: true }) as number;
  if (applicationId !== 0 && applicationId !== longprefApplicationId) {
    throw new ForeignDatabaseError(`the database belongs to another application (SQLite application_id ${applicationId})`);
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const migrations = loadMigrations(dir);
  const known = new Set(migrations.map((m) => m.version));
  const done = db.prepare("SELECT version, name FROM schema_migrations").all() as { version: number; name: string }[];
  const unknown = done.filter((m) => !known.has(m.version));
  if (unknown.length > 0) {
    throw new DatabaseTooNewError(
      `the database has migrations this version of longpref does not know (${unknown.map((m) => m.name).join(", ")}); ` +
        "upgrade longpref or use another database file",
    );
  }
  const doneVersions = new Set(done.map((m) => m.version));
  const pending = migrations.filter((m) => !doneVersions.has(m.version));
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
