import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
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

/**
 * Applies the numbered migrations not yet recorded, all in one transaction, and refuses a database
 * that has migrations this code does not know (it was written by a newer longpref).
 */
export function migrate(db: Db, dir = migrationsDir): { applied: string[] } {
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
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }
  })();
  return { applied: pending.map((m) => m.name) };
}
