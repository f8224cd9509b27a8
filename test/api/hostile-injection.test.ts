import { afterEach, describe, expect, it } from "vitest";
import { importInstructionSet } from "../../server/instructions/import-set";
import { testBackend } from "../helpers/test-db";
import { baseQuery, hostileWorld, label, tableCounts, urlFor, type HostileWorld } from "../helpers/hostile-world";

let w: HostileWorld;
afterEach(() => w?.close());

/** Classic SQL injection strings, and the other values a filter should survive. */
const payloads = [
  "' OR 1=1 --",
  "' OR '1'='1",
  "1; DROP TABLE users",
  "1); DROP TABLE instructions; --",
  "%' UNION SELECT username, password_hash FROM users --",
  "1 UNION SELECT name FROM sqlite_master",
  '") OR ("1"="1',
  "1 OR 1=1",
  // Not injections, but odd values a filter should survive.
  "\0",
  "1\0",
  "%",
  "_",
  "\\",
  "%%' --",
  "x".repeat(4000),
  "Ω 𝕏 ﷽ \u202e 中文 ' --",
  "-1",
  "0",
  "1e309",
  "99999999999999999999",
  "1,1",
  "__proto__",
  "[object Object]",
  "../../etc/passwd",
];

/** The parameters each route that reads a query reads (its smallest valid query: baseQuery). */
const params: Record<string, string[]> = {
  "GET /api/instructions/": ["set", "lang", "range", "category", "q", "page", "page_size"],
  // The plain lists, paged (decision 032).
  ...Object.fromEntries(
    [
      "/api/instruction-sets/",
      "/api/pair-runs",
      "/api/campaigns/",
      "/api/users/",
      "/api/tokens/",
      "/api/models/",
      "/api/sampling-jobs/",
      "/api/judge-jobs",
      "/api/pair-judge-jobs",
      "/api/judge-templates",
      "/api/judges",
    ].map((path) => [`GET ${path}`, ["page", "page_size"]]),
  ),
  "GET /api/sampling-jobs/:id/samples": ["status", "page", "page_size"],
  "GET /api/judge-jobs/:id/judgments": ["status", "page", "page_size"],
  "GET /api/pair-judge-jobs/:id/answers": ["status", "page", "page_size"],
  "GET /api/pair-runs/:id/proposals": ["status", "model_id", "page", "page_size"],
  "GET /api/instructions/:id/review": ["run", "judge_model", "template"],
  "GET /api/reports/length": ["set", "judge_model", "template"],
  "GET /api/campaigns/:id/auto-vs-human": ["judge_model", "template"],
  "GET /api/campaigns/:id/judgments": ["page", "page_size"],
  "GET /api/campaigns/:id/standing-log": ["page", "page_size"],
  "GET /api/campaigns/models": ["set_id"],
  "GET /api/annotate/campaigns/:id/history": ["page", "page_size"],
  "GET /api/analytics/win-rates": ["campaigns", "reference", "seed", "rounds", "judges", "humans"],
  "GET /api/judges/calibration": ["judge_model_id", "template_id", "campaigns"],
  "GET /api/exports/": [
    ...["from", "format", "run", "campaign", "set", "statuses", "length_range", "min_margin", "min_agreement", "min_votes"],
    ...["exclude_flagged", "per_judgment", "both_bad_as_tie", "sft", "provenance", "test_share", "split_seed", "split"],
    ...["majority", "min_confidence"],
  ],
  "GET /api/exports/dataset-info": ["from", "format", "run", "set", "statuses", "length_range", "test_share", "split"],
};
const textFilters = new Set(["q", "range", "category", "reference", "length_range"]);
/** The payloads above the comment: no prompt, label or name holds them, so a text filter given one matches nothing. */
const injections = new Set(payloads.slice(0, payloads.indexOf("\0")));

/** How many records an answer holds: a page's total, a list's length, or a file's lines. */
function size(res: { body: unknown; text: string }): number {
  const body = res.body as Record<string, unknown> | undefined;
  if (body && typeof body.total === "number") return body.total;
  if (body && Object.keys(body).length > 0) return JSON.stringify(body).length;
  return res.text.split("\n").filter(Boolean).length;
}

function intact(before: Record<string, number>) {
  expect(tableCounts(w.db)).toEqual(before);
  // A SQLite file's page check; PostgreSQL has no such pragma (its pages are the server's).
  if (testBackend === "sqlite") expect(w.db.pragma("integrity_check", { simple: true })).toBe("ok");
}

// Each test sweeps every route (more with each issue); the time grows with the route table, not with a wait.
describe("SQL injection and odd values in every filter and path id", { timeout: 120_000 }, () => {
  it("answers every query parameter of every filtered route with 200 (no extra rows), 400, 404 or 422, never 500", async () => {
    w = await hostileWorld();
    const before = tableCounts(w.db);
    // Reads with a query; the one write that takes a query (POST …/next?ahead=1) is an annotator's and is
    // tried with bad values in annotate-ahead.test.ts.
    const filtered = w.app.locals.routes.filter((r) => r.input.query && r.method === "get");
    expect(filtered.map(label).sort()).toEqual(Object.keys(params).sort());
    let tried = 0;
    for (const r of filtered) {
      const base = baseQuery(r, w.ids);
      const url = urlFor(r, w.ids);
      const baseline = await w.admin.get(url).query(base);
      expect(baseline.status, `${label(r)} baseline: ${baseline.text.slice(0, 200)}`).toBeLessThan(300);
      for (const param of params[label(r)]!) {
        for (const payload of payloads) {
          tried++;
          const res = await w.admin.get(url).query({ ...base, [param]: payload });
          const where = `${label(r)} ${param}=${JSON.stringify(payload.slice(0, 40))}`;
          expect([200, 400, 404, 422], `${where}: ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
          if (res.status === 400) expect(res.body.message, where).toContain(param);
          if (res.status === 200 && textFilters.has(param) && injections.has(payload) && "total" in res.body)
            expect(res.body.total, where).toBe(0);
          if (res.status === 200 && r.path !== "/api/exports/dataset-info" && param !== "page_size") {
            expect(size(res), where).toBeLessThanOrEqual(size(baseline));
          }
        }
        // A parameter given twice is not a list the schema expected.
        const twice = await w.admin.get(`${url}?${new URLSearchParams([...Object.entries(base), [param, "1"], [param, "' OR 1=1 --"]])}`);
        expect([400], `${label(r)} ${param} twice`).toContain(twice.status);
      }
    }
    intact(before);
    expect(tried).toBeGreaterThan(1000);
  });

  it("answers hostile path ids with 400 or 404 on every route, never 500 and never another record", async () => {
    w = await hostileWorld();
    const before = tableCounts(w.db);
    const withIds = w.app.locals.routes.filter((r) => r.path.includes(":"));
    expect(withIds.length).toBeGreaterThan(30);
    for (const r of withIds) {
      for (const payload of [...payloads, "1 OR 1=1", "1' --", "1.5", "0x10", " 1"]) {
        const res = await w.admin[r.method](urlFor(r, w.ids, payload));
        const where = `${label(r)} id=${JSON.stringify(payload.slice(0, 40))}`;
        // " 1" and "0x10" are numbers to JavaScript, but no path id: they must not reach record 1 or 16.
        expect([400, 404], `${where}: ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
      }
    }
    intact(before);
  });

  it("refuses unknown query parameters on every route, naming them", async () => {
    w = await hostileWorld();
    const gets = w.app.locals.routes.filter((r) => r.method === "get" && r.path !== "/api/health");
    for (const r of gets) {
      const res = await w.admin.get(urlFor(r, w.ids)).query({ ...baseQuery(r, w.ids), zzz_unknown: "1" });
      expect(res.status, label(r)).toBe(400);
      expect(res.body.message, label(r)).toContain("zzz_unknown");
    }
    expect(gets.length).toBeGreaterThan(30);
  });

  it("searches for % _ and \\ as literal characters", async () => {
    w = await hostileWorld();
    const prompts = ["Grow sales by 100% in a year", "Explain snake_case names", "Paths like C:\\temp", "A plain prompt about 1000 words"];
    const content = prompts.map((prompt, i) => JSON.stringify({ id: `like${i}`, prompt, length: 100 })).join("\n");
    const outcome = importInstructionSet(w.ctx, { name: "likes", format: "jsonl", content }, null);
    if (outcome.dryRun) throw new Error("dry run");
    const search = async (q: string) =>
      ((await w.admin.get("/api/instructions").query({ set: outcome.setId, q }).expect(200)).body.items as { prompt: string }[]).map(
        (i) => i.prompt,
      );
    expect(await search("%")).toEqual([prompts[0]]);
    expect(await search("_")).toEqual([prompts[1]]);
    expect(await search("\\")).toEqual([prompts[2]]);
    expect(await search("1_0")).toEqual([]);
    expect(await search("0%")).toEqual([prompts[0]]);
    expect(await search("' OR 1=1 --")).toEqual([]);
    expect(await search("")).toHaveLength(4);
    // SQLite ends a LIKE pattern at a NUL: "%\0%" would match every prompt.
    const nul = await w.admin.get("/api/instructions").query({ set: outcome.setId, q: "\0" }).expect(400);
    expect(nul.body.message).toMatch(/^q: /);
    const job = await w.admin
      .post("/api/sampling-jobs")
      .send({ set_id: outcome.setId, model_id: w.ids.endpoint, n: 1, filter: { q: "a\0" } })
      .expect(400);
    expect(job.body.message).toMatch(/^filter\.q: /);
  });
});
