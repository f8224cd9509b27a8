import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { NextItemResponseSchema } from "../../shared/schemas/campaigns";
import { ApiErrorSchema } from "../../shared/schemas/error";
import { createApp } from "../../server/app";
import { columnsOf, tableChecksum } from "../../server/db/copy-to-postgres";
import { migrate } from "../../server/db/migrate";
import { openDatabase, type Db } from "../../server/db/open";
import { silentLogger } from "../../server/logger";
import { runCli } from "../helpers/cli";
import { createUser, createWorkspace, type Workspace } from "../helpers/factories";
import { emptyTestDatabase, testPg, type TestDatabase } from "../helpers/test-db";

// The copy needs a PostgreSQL server: it runs in the suites' PostgreSQL pass (npm test starts a throwaway
// cluster and sets LONGPREF_TEST_PG; CI=true fails the run rather than skip that pass).
const password = "correct horse battery";
const OutputSchema = z.strictObject({ tables: z.record(z.string(), z.number().int().nonnegative()), ok: z.literal(true) });

let source: Db;
let sourcePath: string;
let w: Workspace;
const targets: TestDatabase[] = [];

async function judgeThree(app: ReturnType<typeof createApp>, username: string) {
  const agent = request.agent(app);
  await agent.post("/api/auth/login").send({ username, password }).expect(200);
  for (let i = 0; i < 3; i++) {
    const next = NextItemResponseSchema.parse((await agent.post(`/api/annotate/campaigns/${w.campaign.id}/next`).expect(200)).body);
    await agent
      .post(`/api/annotate/assignments/${next.item!.assignment_id}/judgment`)
      .send({
        verdict: i === 1 ? "tie" : "left",
        time_ms: 9000,
        coverage_left: 1,
        coverage_right: 1,
        idempotency_key: `${username}-judgment-${i}`,
      })
      .expect(201);
  }
}

const count = (db: Db, table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const tallies = (db: Db) => db.prepare("SELECT campaign_id, stratum, judgments, points FROM stratum_tallies ORDER BY 1, 2").all();

beforeAll(async () => {
  if (!testPg) return;
  // The source is always a SQLite file, whatever backend the suites run on.
  sourcePath = join(mkdtempSync(join(tmpdir(), "longpref-migrate-pg-")), "source.db");
  source = openDatabase(sourcePath);
  migrate(source);
  const app = createApp({ db: source, log: silentLogger });
  w = await createWorkspace(app.locals.ctx);
  await createUser(app.locals.ctx, "ann", "annotator", password);
  await judgeThree(app, "ann");
}, 120_000);
afterAll(() => {
  source?.close();
  for (const t of targets) t.drop();
});

function target() {
  const t = emptyTestDatabase();
  targets.push(t);
  return t.location;
}

describe.skipIf(!testPg)("longpref migrate-to-postgres", { timeout: 180_000 }, () => {
  it("copies every table with its rows, checked, and the copy serves: same logins and tallies, triggers on again, new ids past the old", async () => {
    const url = target();
    const res = await runCli(["migrate-to-postgres", "--from", sourcePath, "--to", url, "--json"]);
    expect(res.status, res.stderr).toBe(0);
    const out = OutputSchema.parse(JSON.parse(res.stdout));
    const sqliteTables = source
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'")
      .pluck()
      .all() as string[];
    expect(Object.keys(out.tables).sort()).toEqual(sqliteTables.sort());
    // Parents before children: users before human_judgments, campaigns before comparisons.
    const order = Object.keys(out.tables);
    expect(order.indexOf("users")).toBeLessThan(order.indexOf("human_judgments"));
    expect(order.indexOf("campaigns")).toBeLessThan(order.indexOf("comparisons"));

    const pg = openDatabase(url);
    try {
      for (const table of sqliteTables) {
        expect(out.tables[table], table).toBe(count(source, table));
        expect(count(pg, table), table).toBe(count(source, table));
        const columns = columnsOf(pg, table);
        expect(tableChecksum(pg, table, columns).digest(), table).toBe(tableChecksum(source, table, columns).digest());
      }
      expect(out.tables.human_judgments).toBe(3);
      // The tallies triggers keep were copied as they were, not counted a second time as rows arrived.
      expect(tallies(pg)).toEqual(tallies(source));

      const app = createApp({ db: pg, log: silentLogger });
      const maxUser = source.prepare("SELECT MAX(id) FROM users").pluck().get() as number;
      const made = await createUser(app.locals.ctx, "after", "annotator", password);
      expect(made.id).toBeGreaterThan(maxUser);
      // The triggers that keep the tallies are on again once the copy is in.
      const triggers = pg.prepare("SELECT tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname").all() as {
        tgenabled: string;
      }[];
      expect(triggers.length).toBeGreaterThan(0);
      expect(new Set(triggers.map((t) => t.tgenabled))).toEqual(new Set(["O"]));
      await request(app).post("/api/auth/login").send({ username: "ann", password }).expect(200);
    } finally {
      pg.close();
    }
  });

  it("refuses a target that is not empty, changing nothing, and never prints the URL's password", async () => {
    const url = new URL(target());
    url.password = "planted-db-secret";
    const first = await runCli(["migrate-to-postgres", "--from", sourcePath, "--to", url.toString()]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/checksums match/);
    const again = await runCli(["migrate-to-postgres", "--from", sourcePath, "--to", url.toString(), "--json"]);
    expect(again.status).toBe(1);
    const error = ApiErrorSchema.parse(JSON.parse(again.stderr.trim()));
    expect(error.message).toMatch(/not empty/);
    for (const out of [first.stdout, first.stderr, again.stdout, again.stderr]) expect(out).not.toContain("planted-db-secret");
    const pg = openDatabase(url.toString());
    try {
      expect(count(pg, "human_judgments")).toBe(3);
    } finally {
      pg.close();
    }
  });

  it("refuses a database holding another application's tables, and takes the schema back with it", async () => {
    const url = target();
    const pg = openDatabase(url);
    try {
      pg.exec("CREATE TABLE invoices (id BIGINT PRIMARY KEY)");
      const res = await runCli(["migrate-to-postgres", "--from", sourcePath, "--to", url, "--json"]);
      expect(res.status).toBe(1);
      expect(ApiErrorSchema.parse(JSON.parse(res.stderr.trim())).message).toMatch(/another application/);
      const tables = pg.prepare("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").pluck().all();
      expect(tables).toEqual(["invoices"]);
    } finally {
      pg.close();
    }
  });

  it("refuses usage errors with exit 2 and a missing file with exit 1", async () => {
    const url = target();
    const usage = await runCli(["migrate-to-postgres", "--from", sourcePath, "--to", "/tmp/not-a-url.db", "--json"]);
    expect(usage.status).toBe(2);
    expect(ApiErrorSchema.parse(JSON.parse(usage.stderr.trim())).message).toMatch(/--to: a postgres/);
    const missing = await runCli(["migrate-to-postgres", "--from", join(tmpdir(), "no-such-longpref.db"), "--to", url, "--json"]);
    expect(missing.status).toBe(1);
    expect(ApiErrorSchema.parse(JSON.parse(missing.stderr.trim())).error).toBe("not_found");
  });

  it("has a checksum that tells a changed value apart", () => {
    const columns = columnsOf(openDatabaseForColumns(), "instructions");
    const before = tableChecksum(source, "instructions", columns).digest();
    source.prepare("UPDATE instructions SET prompt = prompt || '.' WHERE id = (SELECT MIN(id) FROM instructions)").run();
    try {
      expect(tableChecksum(source, "instructions", columns).digest()).not.toBe(before);
    } finally {
      source
        .prepare("UPDATE instructions SET prompt = substr(prompt, 1, length(prompt) - 1) WHERE id = (SELECT MIN(id) FROM instructions)")
        .run();
    }
    expect(tableChecksum(source, "instructions", columns).digest()).toBe(before);
  });
});

let columnsDb: Db | undefined;
function openDatabaseForColumns(): Db {
  columnsDb ??= openDatabase(target());
  migrate(columnsDb);
  return columnsDb;
}
afterAll(() => columnsDb?.close());
