import { afterEach, describe, expect, it } from "vitest";
import { verifyPassword } from "../../server/auth/password";
import { openDatabase } from "../../server/db/open";
import { runCli } from "../helpers/cli";
import { emptyTestDatabase, type TestDatabase } from "../helpers/test-db";

// Each command is a child process (a few seconds on a busy machine); a test runs about a dozen.
const cliTimeout = 180_000;
let databases: TestDatabase[] = [];
afterEach(() => {
  for (const d of databases) d.drop();
  databases = [];
});

/** A database not yet created (the first command migrates it): a SQLite file, or PostgreSQL under LONGPREF_TEST_PG. */
function tempDb() {
  const database = emptyTestDatabase();
  databases.push(database);
  return database.location;
}

const row = (dbPath: string, name: string) => {
  const db = openDatabase(dbPath);
  try {
    return db.prepare("SELECT role, disabled_at, password_hash FROM users WHERE username = ?").get(name) as
      | { role: string; disabled_at: string | null; password_hash: string }
      | undefined;
  } finally {
    db.close();
  }
};

describe("longpref user list | disable | enable | set-role | set-password", () => {
  it(
    "lists users as JSON and as a table, disables, enables and changes roles, refusing to lose the last admin",
    async () => {
      const db = tempDb();
      const cli = (...args: string[]) => runCli(["user", ...args, "--db", db]);
      expect((await cli("add", "boss", "--role", "admin", "--password", "boss-password")).status).toBe(0);
      expect((await cli("add", "rita", "--role", "researcher", "--password", "rita-password")).status).toBe(0);

      const listed = await cli("list", "--json");
      expect(listed.status, listed.stderr).toBe(0);
      const json = JSON.parse(listed.stdout) as { users: Record<string, unknown>[] };
      expect(json.users.map((u) => Object.keys(u).sort())).toEqual([
        ["created_at", "disabled", "name", "role"],
        ["created_at", "disabled", "name", "role"],
      ]);
      expect(json.users.map(({ name, role, disabled }) => ({ name, role, disabled }))).toEqual([
        { name: "boss", role: "admin", disabled: false },
        { name: "rita", role: "researcher", disabled: false },
      ]);

      const disabled = await cli("disable", "RITA");
      expect(disabled.status, disabled.stderr).toBe(0);
      expect(row(db, "rita")!.disabled_at).not.toBeNull();
      const table = await cli("list");
      expect(table.stdout).toMatch(/^name\s+role\s+disabled\s+created_at/m);
      expect(table.stdout).toMatch(/^rita\s+researcher\s+yes\s/m);
      expect((await cli("enable", "rita")).status).toBe(0);
      expect(row(db, "rita")!.disabled_at).toBeNull();

      // The only enabled admin keeps their role and stays enabled.
      const demote = await cli("set-role", "boss", "annotator");
      expect(demote.status).not.toBe(0);
      expect(demote.stderr).toMatch(/last enabled admin/);
      const lock = await cli("disable", "boss");
      expect(lock.status).not.toBe(0);
      expect(row(db, "boss")).toMatchObject({ role: "admin", disabled_at: null });
      expect((await cli("set-role", "rita", "admin")).status).toBe(0);
      const now = await cli("set-role", "boss", "annotator");
      expect(now.status, now.stderr).toBe(0);
      expect(row(db, "boss")!.role).toBe("annotator");

      const badRole = await cli("set-role", "rita", "overlord");
      expect(badRole.status).not.toBe(0);
      expect(badRole.stderr).toMatch(/role: must be admin, researcher or annotator/);
    },
    cliTimeout,
  );

  it(
    "sets a given or random password, and names an unknown user with a non-zero exit",
    async () => {
      const db = tempDb();
      const cli = (...args: string[]) => runCli(["user", ...args, "--db", db]);
      await cli("add", "ann", "--role", "annotator", "--password", "first-password");
      const given = await cli("set-password", "ann", "--password", "second-password");
      expect(given.status, given.stderr).toBe(0);
      expect(given.stdout).not.toContain("second-password");
      expect(await verifyPassword("second-password", row(db, "ann")!.password_hash)).toBe(true);

      const random = await cli("set-password", "ann");
      expect(random.status, random.stderr).toBe(0);
      const shown = /Password \(shown once\): (\S+)/.exec(random.stdout)?.[1];
      expect(shown).toBeDefined();
      expect(await verifyPassword(shown!, row(db, "ann")!.password_hash)).toBe(true);

      const short = await cli("set-password", "ann", "--password", "short");
      expect(short.status).not.toBe(0);
      expect(short.stderr).toMatch(/--password: password must have at least 8 characters/);

      for (const args of [
        ["disable", "ghost"],
        ["enable", "ghost"],
        ["set-role", "ghost", "admin"],
        ["set-password", "ghost"],
      ]) {
        const res = await cli(...args);
        expect(res.status, args.join(" ")).not.toBe(0);
        expect(res.stderr, args.join(" ")).toMatch(/no user named "ghost"/);
      }
    },
    cliTimeout,
  );
});
