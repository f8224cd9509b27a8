import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { longprefApplicationId } from "../../server/db/check-file";
import { openLongprefDatabase } from "../../server/db/open-checked";
import { runCli } from "../helpers/cli";
import { ServerProcess } from "../helpers/server-process";
import { testBackend } from "../helpers/test-db";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    chmodSync(d, 0o755);
    rmSync(d, { recursive: true, force: true });
  }
});

function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "longpref-check-"));
  dirs.push(dir);
  return join(dir, "x.db");
}

// A CLI command that opens the database to write.
const addUser = (path: string) => ["user", "add", "probe", "--role", "annotator", "--password", "probe password", "--db", path];
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** A longpref database as the server leaves it (WAL mode, stamped), with a few hundred rows. */
function longprefDb(): string {
  const path = tempDbPath();
  const { db } = openLongprefDatabase(path);
  const insert = db.prepare("INSERT INTO users (username, role, password_hash, created_at) VALUES (?, 'annotator', 'x', '2026-01-01')");
  db.transaction(() => {
    for (let i = 0; i < 500; i++) insert.run(`user-${i}-${"x".repeat(100)}`);
  })();
  db.close();
  return path;
}

/** A SQLite file of some other program. */
function sqliteFile(setup: string, applicationId = 0): string {
  const path = tempDbPath();
  const db = new Database(path);
  db.exec(setup);
  if (applicationId) db.pragma(`application_id = ${applicationId}`);
  db.close();
  return path;
}

const refusals: [string, () => string, RegExp][] = [
  [
    "a text file",
    () => {
      const path = tempDbPath();
      writeFileSync(path, "name,email\nann,ann@example.com\n".repeat(100));
      return path;
    },
    /is not a SQLite database/,
  ],
  [
    "a GeoPackage (another application_id)",
    () => sqliteFile("CREATE TABLE gpkg_contents (table_name TEXT)", 0x47504b47),
    /belongs to another application \(SQLite application_id 0x47504B47, "GPKG"/,
  ],
  [
    "another application's users table, no application_id",
    () => sqliteFile("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO users (email) VALUES ('a@b.c')"),
    /not a longpref database \(it has tables \(users\) but no longpref schema_migrations\)/,
  ],
  [
    "a Rails schema_migrations table",
    () => sqliteFile("CREATE TABLE schema_migrations (version TEXT PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101000000')"),
    /its schema_migrations table is not longpref's/,
  ],
  [
    "a database of a newer longpref (a backup copy, in rollback-journal mode)",
    () => {
      const path = longprefDb();
      const db = new Database(path);
      db.prepare("INSERT INTO schema_migrations VALUES (999, '999_future.sql', 'x')").run();
      // As `longpref backup` writes its copies: switching such a file to WAL changes its header.
      db.pragma("journal_mode = DELETE");
      db.close();
      return path;
    },
    /written by a newer longpref \(migrations 999_future.sql are unknown/,
  ],
  [
    "a database with damaged pages",
    () => {
      const path = longprefDb();
      // Read-write: its close removes the -wal and -shm a read-only connection would leave behind.
      const db = new Database(path);
      const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'users'").get() as { rootpage: number };
      const pageSize = db.pragma("page_size", { simple: true }) as number;
      db.close();
      // The users table's root page: its cell pointers and cells overwritten.
      const bytes = readFileSync(path);
      bytes.fill(0xa5, (rootpage - 1) * pageSize + 8, rootpage * pageSize - 100);
      writeFileSync(path, bytes);
      return path;
    },
    /is damaged: PRAGMA quick_check reports/,
  ],
  [
    "a read-only database file",
    () => {
      const path = longprefDb();
      chmodSync(path, 0o444);
      return path;
    },
    /is read-only; nothing was changed/,
  ],
];

// Checks of a SQLite file's bytes (header, application_id, quick_check, permissions); a PostgreSQL database is
// refused by the migrations instead (migrate.ts: another application's tables; a newer schema, test/api/database.test.ts).
describe.skipIf(testBackend === "postgres")("start-up checks before anything touches the database file", () => {
  it.each(refusals)(
    "npm start refuses %s, exits non-zero and leaves it byte-identical",
    async (_, make, message) => {
      const path = make();
      const before = sha256(path);
      const started = ServerProcess.start(path);
      await expect(started).rejects.toThrow(/server exited \(1\) while starting/);
      await expect(started).rejects.toThrow(message);
      expect(sha256(path)).toBe(before);
      expect(existsSync(`${path}-wal`) || existsSync(`${path}-shm`)).toBe(false);
    },
    60_000,
  );

  it.each(refusals)(
    "the CLI refuses %s the same way",
    async (_, make, message) => {
      const path = make();
      const before = sha256(path);
      const { status, stderr } = await runCli(addUser(path));
      expect(status).toBe(1);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
      expect(sha256(path)).toBe(before);
      expect(existsSync(`${path}-wal`) || existsSync(`${path}-shm`)).toBe(false);
    },
    60_000,
  );

  it("longpref backup refuses another application's file instead of switching it to WAL", async () => {
    const path = sqliteFile("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello')");
    const before = sha256(path);
    const { status, stderr } = await runCli(["backup", join(path, "..", "copy.db"), "--db", path]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/not a longpref database/);
    expect(sha256(path)).toBe(before);
    expect(existsSync(join(path, "..", "copy.db"))).toBe(false);
  }, 60_000);

  it("refuses a database in a read-only folder", async () => {
    const path = longprefDb();
    const folder = join(path, "..");
    chmodSync(folder, 0o555);
    const { status, stderr } = await runCli(addUser(path));
    expect(status).toBe(1);
    expect(stderr).toMatch(/the folder of the database file .* is read-only/);
  }, 60_000);

  it("starts on an empty file as a new database and stamps longpref's application_id", async () => {
    const path = tempDbPath();
    writeFileSync(path, "");
    const server = await ServerProcess.start(path);
    try {
      expect(await (await fetch(`${server.url}/api/health`)).json()).toEqual({ ok: true, database: { state: "ok" } });
    } finally {
      await server.stop();
    }
    expect(readFileSync(path).readUInt32BE(68)).toBe(longprefApplicationId);
    expect(readFileSync(path).subarray(68, 72).toString("latin1")).toBe("LPRF");
  }, 60_000);

  it("stamps an existing longpref database that has no application_id yet on its first open", async () => {
    const path = longprefDb();
    const db = new Database(path);
    db.pragma("application_id = 0");
    db.close();
    expect(readFileSync(path).readUInt32BE(68)).toBe(0);
    const { status, stdout } = await runCli(addUser(path));
    expect(status).toBe(0);
    expect(stdout).toContain('Added annotator "probe"');
    expect(readFileSync(path).readUInt32BE(68)).toBe(longprefApplicationId);
  }, 60_000);
});
