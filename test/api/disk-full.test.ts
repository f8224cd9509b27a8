import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../helpers/test-app";
import { testBackend } from "../helpers/test-db";

let t: TestApp;
afterEach(() => t?.close());

// SQLite's max_page_count stands in for a full disk on one connection; a PostgreSQL server cannot be filled
// from a test (its disk_full, 53100, reaches the same 507 through pg/error-codes.ts as SQLITE_FULL).
describe.skipIf(testBackend === "postgres")("a full disk", () => {
  it("answers 507 with a clear message, saves nothing, and /api/health reports it until it clears", async () => {
    let now = new Date("2026-03-01T10:00:00Z");
    t = testApp({ now: () => now });
    const agent = await t.agentAs("researcher");
    expect((await request(t.app).get("/api/health")).body).toEqual({ ok: true, database: { state: "ok" } });

    // SQLite's own cap on the file's pages raises SQLITE_FULL exactly as a full disk does. It holds for this
    // connection only, so the write goes through one the request thread makes itself (a ~90 kB judge template;
    // an import writes on a worker's connection of its own).
    const pages = t.db.pragma("page_count", { simple: true }) as number;
    t.db.pragma(`max_page_count = ${pages}`);
    const template = { name: "big", text: `Rate $INST$ against $RESPONSE$.\n${"Judge the sea of words calmly. ".repeat(3000)}` };
    const templates = () => t.db.prepare("SELECT COUNT(*) AS n FROM judge_templates").get();
    const before = templates();
    const res = await agent.post("/api/judge-templates").send(template);
    expect(res.status).toBe(507);
    expect(res.body).toEqual({
      ok: false,
      error: "disk_full",
      message: "the database is full (no space left on its disk); nothing was saved",
    });
    expect(templates()).toEqual(before);

    const health = await request(t.app).get("/api/health");
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ ok: false, database: { state: "disk_full" } });
    expect(JSON.stringify(health.body)).not.toContain(t.dbPath);

    // Space again: health reports ok once the error is a minute old.
    t.db.pragma("max_page_count = 1073741823");
    expect((await request(t.app).get("/api/health")).body.database.state).toBe("disk_full");
    now = new Date(now.getTime() + 61_000);
    expect((await request(t.app).get("/api/health")).body).toEqual({ ok: true, database: { state: "ok" } });
    await agent.post("/api/judge-templates").send(template).expect(201);
  });
});
