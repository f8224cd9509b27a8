import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../helpers/test-app";
import { testBackend } from "../helpers/test-db";

// Another process holding the write lock: the app's transactions wait their turn (BEGIN IMMEDIATE, so the
// busy timeout applies), and a lock held past that timeout is a 503 with Retry-After, never a 500.
let t: TestApp | undefined;
let other: Database.Database | undefined;
afterEach(() => {
  if (other?.inTransaction) other.exec("ROLLBACK");
  other?.close();
  other = undefined;
  t?.close();
  t = undefined;
});

const body = { name: "small", format: "jsonl", content: '{"id": "a", "prompt": "Write a poem."}' };

// Another better-sqlite3 connection on the file holds SQLite's write lock; on PostgreSQL the writers' advisory
// lock and its waits are the concurrency suites' (test/faults, decision 044).
describe.skipIf(testBackend === "postgres")("a database another connection is writing", () => {
  it("takes the write lock when a transaction begins, before its first read", () => {
    t = testApp();
    other = new Database(t.dbPath, { timeout: 0 });
    const tryOtherWriter = () => {
      try {
        other!.exec("BEGIN IMMEDIATE; ROLLBACK");
        return "free";
      } catch (err) {
        return (err as { code?: string }).code;
      }
    };
    // A transaction that only read so far already holds the lock: a deferred one would not, and would
    // fail (SQLITE_BUSY, no waiting) at its first write if the other connection wrote meanwhile.
    const seen = t.db.transaction(() => {
      t!.db.prepare("SELECT COUNT(*) FROM users").get();
      return tryOtherWriter();
    })();
    expect(seen).toBe("SQLITE_BUSY");
    expect(tryOtherWriter()).toBe("free");
  });

  it("answers 503 with Retry-After while the lock is held past the busy timeout, then works", async () => {
    t = testApp();
    const agent = await t.agentAs("researcher");
    t.db.pragma("busy_timeout = 100");
    other = new Database(t.dbPath);
    other.exec("BEGIN IMMEDIATE");
    const busy = await agent.post("/api/instruction-sets/import").send(body);
    expect(busy.status).toBe(503);
    expect(busy.headers["retry-after"]).toBe("2");
    expect(busy.body).toMatchObject({ ok: false, error: "busy" });
    expect(busy.body.message).toMatch(/busy/);
    other.exec("ROLLBACK");
    const again = await agent.post("/api/instruction-sets/import").send(body);
    expect(again.status).toBe(201);
    expect(t.ctx.sets.list().map((s) => s.name)).toEqual(["small"]);
  });
});
