import { mkdtempSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DatabaseTooNewError, migrate } from "../../server/db/migrate";
import { openDatabase } from "../../server/db/open";
import { bootstrapEmptyDatabase, demoSetName } from "../../server/bootstrap";
import { createContext } from "../../server/context";
import { silentLogger } from "../../server/logger";
import { verifyPassword } from "../../server/auth/password";
import { emptyTestDatabase, testBackend, type TestDatabase } from "../helpers/test-db";

const tempDb = () => join(mkdtempSync(join(tmpdir(), "longpref-db-")), "x.db");
const databases: TestDatabase[] = [];
afterAll(() => {
  for (const d of databases) d.drop();
});
/** An empty database on the suites' backend: a SQLite file, or a PostgreSQL database under LONGPREF_TEST_PG. */
function emptyDb() {
  const database = emptyTestDatabase();
  databases.push(database);
  return openDatabase(database.location);
}
const migrationsDir = testBackend === "postgres" ? "../../server/db/migrations-pg/" : "../../server/db/migrations/";

describe("database", () => {
  // SQLite's pragmas on a file; PostgreSQL has none of them (its durability and locking are the server's).
  it.skipIf(testBackend === "postgres")("opens with WAL, foreign keys, a busy timeout and synchronous=NORMAL, also after reopening", () => {
    const path = tempDb();
    for (let i = 0; i < 2; i++) {
      const db = openDatabase(path);
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
      expect(db.pragma("synchronous", { simple: true })).toBe(1);
      db.close();
    }
  });

  it("applies and records migrations once", () => {
    const db = emptyDb();
    const all = readdirSync(fileURLToPath(new URL(migrationsDir, import.meta.url))).sort();
    expect(all[0]).toBe(testBackend === "postgres" ? "019_baseline.sql" : "001_init.sql");
    expect(migrate(db).applied).toEqual(all);
    expect(migrate(db).applied).toEqual([]);
    const rows = db.prepare("SELECT version, name FROM schema_migrations ORDER BY version").all();
    expect(rows).toEqual(all.map((name) => ({ version: Number(name.slice(0, 3)), name })));
  });

  it("refuses a database written by a newer version", () => {
    const db = emptyDb();
    migrate(db);
    db.prepare("INSERT INTO schema_migrations VALUES (999, '999_future.sql', 'x')").run();
    expect(() => migrate(db)).toThrow(DatabaseTooNewError);
  });

  it("bootstraps an empty database once: admin with the given password and the demo workspace", async () => {
    const db = emptyDb();
    migrate(db);
    const ctx = createContext(db, () => new Date(), silentLogger);
    const printed: string[] = [];
    await bootstrapEmptyDatabase(ctx, { adminPassword: "admin-pass-1", demo: true, print: (l) => printed.push(l) });
    await bootstrapEmptyDatabase(ctx, { adminPassword: "other-pass-2", demo: true, print: (l) => printed.push(l) });
    const admin = ctx.users.findCredentials("admin")!;
    expect(admin.user.role).toBe("admin");
    expect(await verifyPassword("admin-pass-1", admin.passwordHash)).toBe(true);
    expect(printed.join("\n")).not.toContain("admin-pass-1");

    const sets = ctx.sets.list();
    expect(sets).toHaveLength(1);
    const demo = sets[0]!;
    expect(demo).toMatchObject({ name: demoSetName, is_demo: true });
    expect(demo.instruction_count).toBeGreaterThanOrEqual(28);
    const counts = ctx.sets.counts(demo);
    expect(counts.categories).toHaveLength(7);
    for (const range of ["[0,500)", "[500,2000)", "[2000,4000)", "[4000,∞)"]) {
      expect(
        counts.categories.some((c) => (counts.cells[c]?.[range] ?? 0) > 0),
        range,
      ).toBe(true);
    }
    expect(counts.by_lang.en).toBeGreaterThan(0);
    expect(counts.by_lang.zh).toBeGreaterThan(0);

    // Illustrative outputs: at least 8 instructions with 4 samples of a demo model and 1 of a reference.
    const perInstruction = db
      .prepare(
        `SELECT s.instruction_id, SUM(CASE WHEN m.is_reference = 0 THEN 1 ELSE 0 END) AS writer,
           SUM(CASE WHEN m.is_reference = 1 THEN 1 ELSE 0 END) AS reference
         FROM samples s JOIN models m ON m.id = s.model_id WHERE s.source = 'demo' AND s.status = 'done' GROUP BY 1`,
      )
      .all() as { writer: number; reference: number }[];
    expect(perInstruction.filter((r) => r.writer === 4 && r.reference === 1).length).toBeGreaterThanOrEqual(8);
    expect(ctx.models.list().map((m) => [m.name, m.is_reference, m.source, m.base_urls])).toEqual([
      ["demo-reference", true, "demo", []],
      ["demo-judge", false, "demo", []],
      ["demo-writer", false, "demo", []],
    ]);
    const truncated = db.prepare("SELECT COUNT(*) AS n FROM samples WHERE finish_reason = 'length'").get();
    expect(truncated).toEqual({ n: 1 });
    // Offline signals are computed as the outputs are saved: the cut-off and the looping samples are flagged.
    const flagged = (flag: string) =>
      (
        db
          .prepare(
            "SELECT i.external_id || '/' || s.sample_index AS id, s.flags FROM samples s JOIN instructions i ON i.id = s.instruction_id ORDER BY s.id",
          )
          .all() as { id: string; flags: string }[]
      )
        .filter((r) => (JSON.parse(r.flags ?? "[]") as string[]).includes(flag))
        .map((r) => r.id);
    expect(flagged("truncation")).toContain("demo-03/2");
    expect(flagged("repetition")).toEqual(["demo-05/2"]);

    // Illustrative judgments of every demo output, and the pairs they give for demo-writer's 9 instructions.
    const [judgeJob] = ctx.judgeJobs.list();
    expect(judgeJob).toMatchObject({
      judge_model_name: "demo-judge",
      template_name: "longpref default",
      status: "done",
      total: 45,
      counts: { done: 45 },
    });
    const [run] = ctx.pairRuns.list();
    expect(run).toMatchObject({ judge_model_name: "demo-judge", strategy: "best-vs-random", seed: 1, groups: 9, proposals: 9 });
    // The looping sample is never the chosen one.
    const chosen = db
      .prepare(
        "SELECT i.external_id || '/' || s.sample_index AS id FROM pair_proposals p JOIN samples s ON s.id = p.chosen_sample_id JOIN instructions i ON i.id = s.instruction_id",
      )
      .all() as { id: string }[];
    expect(chosen.map((c) => c.id)).not.toContain("demo-05/2");
    // A ready win-rate campaign: demo-writer against the reference on the 9 instructions, open to everyone.
    const [campaign] = ctx.campaigns.list();
    expect(campaign).toMatchObject({
      kind: "vs-reference",
      comparisons: 9,
      annotators: "all",
      status: "open",
      settings: { judgments_per_comparison: 3 },
    });
    expect(campaign!.settings.guidelines).toContain("## How to judge");
  });

  it("prints a random admin password once when none is configured", async () => {
    const db = emptyDb();
    migrate(db);
    const ctx = createContext(db, () => new Date(), silentLogger);
    const printed: string[] = [];
    await bootstrapEmptyDatabase(ctx, { demo: false, print: (l) => printed.push(l) });
    const shown = /password: (\S+)/.exec(printed.join("\n"))![1]!;
    expect(await verifyPassword(shown, ctx.users.findCredentials("admin")!.passwordHash)).toBe(true);
    expect(ctx.sets.list()).toHaveLength(0);
  });
});
