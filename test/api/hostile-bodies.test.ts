import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import type { RouteInfo } from "../../server/http/route";
import { bodies, hostileWorld, jsonl, label, mutations, tableCounts, urlFor, type HostileWorld } from "../helpers/hostile-world";

let w: HostileWorld;
type Ids = HostileWorld["ids"];
afterEach(() => w?.close());

const send = (w: HostileWorld, r: RouteInfo) => w.admin[r.method](urlFor(r, w.ids));

/** Sends a bad request to every route and checks the answer and that no table changed. */
async function eachRoute(routes: RouteInfo[], check: (r: RouteInfo) => Promise<void>) {
  for (const r of routes) {
    const before = tableCounts(w.db);
    await check(r);
    expect(tableCounts(w.db), `${label(r)} wrote something`).toEqual(before);
  }
  return routes.length;
}

// Each test sweeps every mutation route (more with each issue); the time grows with the route table, not with a wait.
describe("hostile request bodies on every mutation route", { timeout: 120_000 }, () => {
  it("knows a valid body for every route that reads one, and the valid bodies are accepted", async () => {
    w = await hostileWorld();
    const declared = new Set(mutations(w.app.locals.routes).map(label));
    for (const key of Object.keys(bodies)) expect(declared, key).toContain(key);
    // The specs are only worth something if the valid bodies pass; none of them stands in another's way.
    for (const r of mutations(w.app.locals.routes).filter((r) => bodies[label(r)])) {
      const res = await send(w, r).send(bodies[label(r)]!.valid(w.ids));
      // The empty outputs file is refused as a file (400 invalid_file), after the body passed its schema.
      if (label(r) === "POST /api/outputs/import") expect(res.body.error, label(r)).toBe("invalid_file");
      else expect(res.status, `${label(r)}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    }
  });

  it("answers malformed JSON with 400 invalid_json", async () => {
    w = await hostileWorld();
    const payloads = ['{"name": ', "{'a': 1}", '{"a": 1,}', "[1, 2", "nul", '{"a": "\\x00"}'];
    const n = await eachRoute(mutations(w.app.locals.routes), async (r) => {
      for (const raw of payloads) {
        const res = await send(w, r).set("Content-Type", "application/json").send(raw);
        expect(res.status, `${label(r)} ${raw}`).toBe(400);
        expect(res.body).toMatchObject({ ok: false, error: "invalid_json" });
      }
    });
    expect(n).toBeGreaterThan(25);
  });

  it("refuses an unknown field with 400 naming it, at the top level and nested", async () => {
    w = await hostileWorld();
    await eachRoute(mutations(w.app.locals.routes), async (r) => {
      const valid = bodies[label(r)]?.valid(w.ids) ?? {};
      const res = await send(w, r).send({ ...valid, zzz_unknown: 1 });
      expect(res.status, `${label(r)}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.ok).toBe(false);
      expect(res.body.message, label(r)).toContain("zzz_unknown");
      expect(JSON.stringify(res.body.details), label(r)).toContain("zzz_unknown");
    });
    const nested: [string, string, (ids: Ids) => Record<string, unknown>][] = [
      ["post", "/api/campaigns", (ids) => ({ ...bodies["POST /api/campaigns/"]!.valid(ids), settings: { zzz_unknown: 1 } })],
      [
        "post",
        "/api/campaigns",
        (ids) => ({
          ...bodies["POST /api/campaigns/"]!.valid(ids),
          source: { kind: "vs-reference", model_id: ids.writer, zzz_unknown: 1 },
        }),
      ],
      [
        "post",
        "/api/sampling-jobs",
        (ids) => ({ ...bodies["POST /api/sampling-jobs/"]!.valid(ids), filter: { lang: "en", zzz_unknown: 1 } }),
      ],
      ["post", "/api/judge-jobs", (ids) => ({ ...bodies["POST /api/judge-jobs"]!.valid(ids), filter: { zzz_unknown: 1 } })],
      [
        "post",
        "/api/pair-judge-jobs",
        (ids) => ({
          ...bodies["POST /api/pair-judge-jobs"]!.valid(ids),
          source: { kind: "campaign", campaign_id: ids.campaign, zzz_unknown: 1 },
        }),
      ],
      [
        "post",
        "/api/pair-judge-jobs/preview",
        (ids) => ({
          source: { kind: "models", set_id: ids.set, model_a_id: ids.writer, model_b_id: ids.reference, filter: { zzz_unknown: 1 } },
          judge_model_id: ids.endpoint,
        }),
      ],
      [
        "post",
        "/api/instruction-sets/import",
        () => ({ ...bodies["POST /api/instruction-sets/import"]!.valid(w.ids), mapping: { zzz_unknown: "x" } }),
      ],
      [
        "post",
        "/api/instruction-sets/import",
        () => ({
          ...bodies["POST /api/instruction-sets/import"]!.valid(w.ids),
          length_ranges: [{ label: "all", min: 0, max: null, zzz_unknown: 1 }],
        }),
      ],
    ];
    // JSON.parse makes "__proto__" an own key: refused like any other, never merged into an object's prototype.
    for (const key of ["__proto__", "constructor"]) {
      const before = tableCounts(w.db);
      const raw = `{"username": "protouser", "role": "annotator", "password": "password123", "${key}": {"role": "admin", "polluted": 1}}`;
      const res = await w.admin.post("/api/users").set("Content-Type", "application/json").send(raw);
      expect(res.status, `${key}: ${res.text}`).toBe(400);
      expect(res.body.message).toContain(key);
      expect(tableCounts(w.db)).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
    for (const [method, path, body] of nested) {
      const before = tableCounts(w.db);
      const res = await w.admin.post(path).send(body(w.ids));
      expect(res.status, `${method} ${path} ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.message).toMatch(/\.zzz_unknown: unknown field/);
      expect(tableCounts(w.db)).toEqual(before);
    }
  });

  it("refuses a field of the wrong type with 400 naming its path", async () => {
    w = await hostileWorld();
    const routes = mutations(w.app.locals.routes).filter((r) => bodies[label(r)]);
    const n = await eachRoute(routes, async (r) => {
      const { body, path } = bodies[label(r)]!.wrong(w.ids);
      const res = await send(w, r).send(body);
      expect(res.status, `${label(r)}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error).toBe("invalid_input");
      const paths = (res.body.details.issues as { path: string }[]).map((i) => i.path);
      expect(
        paths.some((p) => p === path || p.startsWith(`${path}.`)),
        `${label(r)} named ${paths.join(", ")}`,
      ).toBe(true);
    });
    expect(n).toBe(Object.keys(bodies).length);
    // A body that is not an object at all.
    const arrays = await eachRoute(routes, async (r) => {
      for (const body of [[1, 2], "text", 42, null]) {
        const res = await send(w, r).set("Content-Type", "application/json").send(JSON.stringify(body));
        expect(res.status, `${label(r)} ${JSON.stringify(body)}`).toBe(400);
        expect(res.body.ok).toBe(false);
      }
    });
    expect(arrays).toBe(n);
    // Deeply nested JSON (100,000 levels) in every field a route reads: refused, not a stack overflow.
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const nested = await eachRoute(routes, async (r) => {
      for (const key of Object.keys(bodies[label(r)]!.valid(w.ids))) {
        const raw = JSON.stringify({ ...bodies[label(r)]!.valid(w.ids), [key]: "DEEP" }).replace('"DEEP"', deep);
        const res = await send(w, r).set("Content-Type", "application/json").send(raw);
        expect(res.status, `${label(r)} ${key}: ${res.text.slice(0, 200)}`).toBe(400);
        expect(res.body.message, `${label(r)} ${key}`).toContain(key);
      }
    });
    expect(nested).toBe(n);
  });

  it("answers 413 in JSON to a body over the upload limit on every mutation route, the import upload included", async () => {
    w = await hostileWorld({ maxBodyBytes: 64 * 1024 });
    const big = "x".repeat(80 * 1024);
    const n = await eachRoute(mutations(w.app.locals.routes), async (r) => {
      const body = { ...(bodies[label(r)]?.valid(w.ids) ?? {}), content: big };
      const res = await send(w, r).send(body);
      expect(res.status, label(r)).toBe(413);
      expect(res.body).toMatchObject({ ok: false, error: "too_large" });
      expect(res.headers["content-type"]).toMatch(/application\/json/);
    });
    expect(n).toBeGreaterThan(25);
    // A small gzip body that inflates past the limit is measured inflated.
    const bomb = gzipSync(
      JSON.stringify({ ...bodies["POST /api/instruction-sets/import"]!.valid(w.ids), content: " ".repeat(8 * 1024 * 1024) }),
    );
    expect(bomb.length).toBeLessThan(64 * 1024);
    const before = tableCounts(w.db);
    const inflated = await w.admin
      .post("/api/instruction-sets/import")
      .set("Content-Type", "application/json")
      .set("Content-Encoding", "gzip")
      .serialize((b: Buffer) => b as unknown as string)
      .send(bomb as unknown as object);
    expect(inflated.status, inflated.text).toBe(413);
    expect(tableCounts(w.db)).toEqual(before);
    // Just under the limit the import goes through: the limit is the body's, not a smaller one.
    const rows = Array.from({ length: 200 }, (_, i) => ({
      id: `big${i}`,
      prompt: `Write essay ${i} about ${"rivers ".repeat(30)}`,
      length: 500,
    }));
    const content = jsonl(rows);
    expect(content.length).toBeLessThan(60 * 1024);
    await w.admin.post("/api/instruction-sets/import").send({ name: "near the limit", format: "jsonl", content }).expect(201);
  });
});
