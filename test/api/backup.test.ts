import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../server/db/migrate";
import { openDatabase } from "../../server/db/open";
import { ApiErrorSchema } from "../../shared/schemas/error";
import { runCli } from "../helpers/cli";
import { testBackend } from "../helpers/test-db";
import { login, ServerProcess } from "../helpers/server-process";

const password = "backup-admin-pass";
let dir: string;
let dbPath: string;
let server: ServerProcess | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "longpref-backup-"));
  dbPath = join(dir, "live.db");
});
afterAll(async () => {
  await server?.stop();
});

const serve = () => ServerProcess.start(dbPath, { LONGPREF_ADMIN_PASSWORD: password });

// Set i holds 10 + i % 40 instructions of about 2 kB, and says how many in its name, so a backup can be
// checked for sets caught half written.
const setSize = (i: number) => 10 + (i % 40);
function importBody(i: number) {
  const filler = "Describe the harbour at dawn in detail. ".repeat(50);
  const lines = Array.from({ length: setSize(i) }, (_, k) => JSON.stringify({ id: `p${k}`, prompt: `${k}: ${filler}` }));
  return { name: `load-${i}-${setSize(i)}`, format: "jsonl", content: lines.join("\n") };
}

/** Imports sets one after another until stopped; `acknowledged` counts the 201s received. */
function keepImporting(url: string, cookie: string) {
  const state = { acknowledged: 0, stopped: false, done: Promise.resolve() };
  state.done = (async () => {
    for (let i = 0; !state.stopped; i++) {
      const res = await fetch(`${url}/api/instruction-sets/import`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify(importBody(i)),
      });
      if (res.status !== 201) throw new Error(`import ${i}: HTTP ${res.status} ${await res.text()}`);
      state.acknowledged++;
    }
  })();
  return state;
}

function loadSets(path: string) {
  const db = openDatabase(path);
  try {
    return {
      integrity: db.pragma("integrity_check", { simple: true }),
      applied: migrate(db).applied,
      // The sets anyone sees; an import caught mid-write is a hidden set (migration 010), counted apart.
      sets: db
        .prepare(
          "SELECT s.name, COUNT(i.id) AS n FROM instruction_sets s LEFT JOIN instructions i ON i.set_id = s.id WHERE s.status = 'ready' GROUP BY s.id ORDER BY s.id",
        )
        .all() as { name: string; n: number }[],
      hidden: (db.prepare("SELECT COUNT(*) AS n FROM instruction_sets WHERE status <> 'ready'").get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

// SQLite's online backup of a file (and the file swapped in on restore): on PostgreSQL, backups are pg_dump's,
// and the commands' refusal to touch one is tested below, on both backends.
describe.skipIf(testBackend === "postgres")("longpref backup and restore", () => {
  const backupPath = () => join(dir, "snapshot.db");

  it("copies a database the server keeps writing to: the copy is whole, current and a prefix of the writes", {
    timeout: 120_000,
  }, async () => {
    server = await serve();
    const writer = keepImporting(server.url, await login(server.url, "admin", password));
    while (writer.acknowledged < 5) await new Promise((r) => setTimeout(r, 20));
    // A backup that no import happened to commit during proves less: take it again (each import now starts
    // worker threads, so on a loaded machine one may outlast a short backup).
    let before = 0;
    let during = 0;
    let res: Awaited<ReturnType<typeof runCli>> | undefined;
    for (let attempt = 0; attempt < 8 && during === 0; attempt++) {
      before = writer.acknowledged;
      res = await runCli(["backup", backupPath(), "--db", dbPath, "--json", ...(attempt > 0 ? ["--force"] : [])]);
      during = writer.acknowledged - before;
      if (res.status !== 0) break;
    }
    res = res!;
    while (writer.acknowledged < before + during + 3) await new Promise((r) => setTimeout(r, 20));
    writer.stopped = true;
    await writer.done;

    expect(res.status, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout) as {
      integrity: string;
      pages: number;
      bytes: number;
      seconds: number;
      counts: Record<string, number>;
    };
    console.log(
      `backup under load: ${summary.bytes} bytes, ${summary.pages} pages, ${summary.seconds.toFixed(3)} s; ${during} imports acknowledged during the command`,
    );
    expect(summary.integrity).toBe("ok");
    expect(summary.bytes).toBe(statSync(backupPath()).size);
    expect(during).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((f) => f.includes(".partial-"))).toEqual([]);
    expect(existsSync(`${backupPath()}-wal`)).toBe(false);

    const copy = loadSets(backupPath());
    expect(copy.integrity).toBe("ok");
    expect(copy.applied).toEqual([]);
    expect(summary.counts.instruction_sets).toBe(copy.sets.length + copy.hidden);
    // Every acknowledged import before the command started is there, none after it ended, and each set
    // is whole: sets are imported in order, so the copy holds load-0 .. load-(k-1) complete.
    expect(copy.sets.length).toBeGreaterThanOrEqual(before);
    expect(copy.sets.length).toBeLessThanOrEqual(before + during + 1);
    copy.sets.forEach((s, i) => expect(s).toEqual({ name: `load-${i}-${setSize(i)}`, n: setSize(i) }));
  });

  it("refuses to replace an existing file without --force, and names a bad path", async () => {
    const before = readFileSync(backupPath());
    const [again, noFolder, noDb, itself] = await Promise.all([
      runCli(["backup", backupPath(), "--db", dbPath]),
      runCli(["backup", join(dir, "missing", "x.db"), "--db", dbPath]),
      runCli(["backup", join(dir, "y.db"), "--db", join(dir, "nothing.db")]),
      runCli(["backup", dbPath, "--db", dbPath, "--force"]),
    ]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("exists; choose another name or add --force");
    expect(readFileSync(backupPath()).equals(before)).toBe(true);

    expect(noFolder.status).toBe(1);
    expect(noFolder.stderr).toContain(`${join(dir, "missing")} is not an existing folder`);
    expect(noDb.status).toBe(1);
    expect(noDb.stderr).toContain(`no database at ${join(dir, "nothing.db")}`);
    expect(existsSync(join(dir, "nothing.db"))).toBe(false);
    expect(itself.stderr).toContain("is the database itself");

    const forced = await runCli(["backup", join(dir, "forced.db"), "--db", dbPath]);
    expect(forced.status, forced.stderr).toBe(0);
    const replaced = await runCli(["backup", join(dir, "forced.db"), "--db", dbPath, "--force"]);
    expect(replaced.status, replaced.stderr).toBe(0);
    expect(replaced.stdout).toMatch(/integrity_check: ok/);
  });

  it("restores only when the server is stopped, keeps the replaced database, and the server starts on the copy", async () => {
    const inUse = await runCli(["restore", backupPath(), "--db", dbPath]);
    expect(inUse.status).toBe(1);
    expect(inUse.stderr).toContain("is in use by another process: stop the server");
    expect(readdirSync(dir).filter((f) => f.includes("before-restore"))).toEqual([]);

    await server!.stop();
    const live = loadSets(dbPath).sets;
    const notDb = join(dir, "not-a-database.db");
    writeFileSync(notDb, "just text\n".repeat(1000));
    const [bad, missing] = await Promise.all([
      runCli(["restore", notDb, "--db", dbPath]),
      runCli(["restore", join(dir, "nope.db"), "--db", dbPath]),
    ]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${notDb}: file is not a database`);
    expect(missing.stderr).toContain(`no backup at ${join(dir, "nope.db")}`);
    expect(loadSets(dbPath).sets).toEqual(live);

    const res = await runCli(["restore", backupPath(), "--db", dbPath, "--json"]);
    expect(res.status, res.stderr).toBe(0);
    const restored = JSON.parse(res.stdout) as { previous: string; integrity: string };
    expect(restored.integrity).toBe("ok");
    expect(restored.previous).toMatch(/live\.db\.before-restore-\d{4}-\d\d-\d\dT/);
    expect(loadSets(restored.previous).sets).toEqual(live);
    expect(readdirSync(dir).filter((f) => f.includes(".restoring-"))).toEqual([]);

    const inBackup = loadSets(backupPath()).sets;
    expect(inBackup.length).toBeLessThan(live.length);
    server = await serve();
    const cookie = await login(server.url, "admin", password);
    const sets = (await (await fetch(`${server.url}/api/instruction-sets`, { headers: { cookie } })).json()) as {
      items: { name: string; instruction_count: number }[];
    };
    expect(sets.items.map((s) => ({ name: s.name, n: s.instruction_count })).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [...inBackup].sort((a, b) => a.name.localeCompare(b.name)),
    );
  }, 120_000);
});

describe("longpref backup and restore given a PostgreSQL URL", () => {
  it("refuses, names pg_dump and pg_restore, and never prints the URL's password", async () => {
    // Nothing listens on port 1: the refusal comes before any connection is tried.
    const url = "postgres://longpref:planted-pg-secret@127.0.0.1:1/longpref";
    const out = join(dir, "never.dump");
    for (const args of [
      ["backup", out, "--db", url, "--json"],
      ["restore", join(dir, "snapshot.db"), "--json"],
    ]) {
      const res = await runCli(args, { LONGPREF_DB: url });
      expect(res.status, res.stderr).toBe(1);
      const error = ApiErrorSchema.parse(JSON.parse(res.stderr.trim()));
      expect(error.error).toBe("use_pg_dump");
      expect(error.message).toMatch(args[0] === "backup" ? /pg_dump --format=custom/ : /pg_restore/);
      expect(res.stdout + res.stderr).not.toContain("planted-pg-secret");
    }
    expect(existsSync(out)).toBe(false);
  });
});
