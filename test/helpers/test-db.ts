import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { dialectOf } from "../../server/db/dialect";
import { migrate } from "../../server/db/migrate";
import { openDatabase, type Db } from "../../server/db/open";

/**
 * The backend the suites run on: SQLite files by default; PostgreSQL when LONGPREF_TEST_PG names a server
 * (a URL without a database name, e.g. postgres://postgres@127.0.0.1:55432/), each test then getting a
 * database of its own, copied from a migrated template.
 */
export const testPg = process.env.LONGPREF_TEST_PG || null;
export const testBackend = testPg ? "postgres" : "sqlite";

export interface TestDatabase {
  /** The file path or URL the server, the CLI and workers open. */
  location: string;
  drop(): void;
}

const pgMigrations = fileURLToPath(new URL("../../server/db/migrations-pg/", import.meta.url));

function databaseUrl(name: string): string {
  const url = new URL(testPg!);
  url.pathname = `/${name}`;
  return url.toString();
}

let admin: Db | undefined;
let template: string | undefined;

/** A connection to the server's maintenance database, for CREATE / DROP DATABASE. */
function adminDb(): Db {
  admin ??= openDatabase(databaseUrl("postgres"));
  return admin;
}

/** A migrated database named by the migrations' hash, made once per schema and copied for each test. */
function migratedTemplate(): string {
  if (template) return template;
  const hash = createHash("sha256");
  for (const f of readdirSync(pgMigrations).sort()) hash.update(f).update(readFileSync(join(pgMigrations, f)));
  const name = `longpref_template_${hash.digest("hex").slice(0, 12)}`;
  const exists = adminDb().prepare("SELECT 1 FROM pg_database WHERE datname = ?").get(name);
  if (!exists) {
    const building = `${name}_${randomBytes(4).toString("hex")}`;
    adminDb().exec(`CREATE DATABASE ${building}`);
    const db = openDatabase(databaseUrl(building));
    migrate(db);
    db.close();
    try {
      adminDb().exec(`ALTER DATABASE ${building} RENAME TO ${name}`);
    } catch {
      // Another process built it first.
      adminDb().exec(`DROP DATABASE IF EXISTS ${building}`);
    }
  }
  template = name;
  return name;
}

/** An empty, migrated database for one test. */
export function freshTestDatabase(): TestDatabase {
  if (!testPg) {
    const dir = mkdtempSync(join(tmpdir(), "longpref-test-"));
    const location = join(dir, "test.db");
    const db = openDatabase(location);
    migrate(db);
    db.close();
    return { location, drop: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `longpref_test_${randomBytes(6).toString("hex")}`;
  adminDb().exec(`CREATE DATABASE ${name} TEMPLATE ${migratedTemplate()}`);
  return {
    location: databaseUrl(name),
    drop: () => adminDb().exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** An empty database location (nothing created yet) for tests that watch the first migration. */
export function emptyTestDatabase(): TestDatabase {
  if (!testPg) {
    const dir = mkdtempSync(join(tmpdir(), "longpref-test-"));
    return { location: join(dir, "test.db"), drop: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `longpref_test_${randomBytes(6).toString("hex")}`;
  adminDb().exec(`CREATE DATABASE ${name}`);
  return {
    location: databaseUrl(name),
    drop: () => adminDb().exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** The app's tables on either backend, by name (migration bookkeeping included). */
export function tableNames(db: Db): string[] {
  const sql =
    dialectOf(db) === "postgres"
      ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
  return (db.prepare(sql).all() as { name: string }[]).map((r) => r.name);
}

/**
 * Every row of every table but `except`, as JSON lines sorted within each table (PostgreSQL keeps no row
 * order without ORDER BY): what a database holds, comparable across time on either backend.
 */
export function tableRows(db: Db, except: readonly string[] = []): string {
  return tableNames(db)
    .filter((name) => !except.includes(name))
    .map((name) => {
      const rows = (db.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((row) => JSON.stringify(row)).sort();
      return [`# ${name}`, ...rows].join("\n");
    })
    .join("\n");
}
