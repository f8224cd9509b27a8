import { readEnv } from "../../server/env";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { bodies, hostileWorld, label, mutations, tableCounts, urlFor, type HostileWorld } from "../helpers/hostile-world";
import { password } from "../helpers/test-app";

let w: HostileWorld;
let dirs: string[] = [];
afterEach(() => {
  w?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** A built client in a folder of its own, beside a file that must never be served. */
function clientBuild() {
  const root = mkdtempSync(join(tmpdir(), "longpref-static-"));
  dirs.push(root);
  const dist = join(root, "dist");
  mkdirSync(join(dist, "assets"), { recursive: true });
  writeFileSync(join(dist, "index.html"), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(dist, "assets", "app.js"), "console.log('app')");
  writeFileSync(join(root, "secret.txt"), "TOP-SECRET-OUTSIDE-DIST");
  return dist;
}

function expectSecurityHeaders(res: request.Response, where: string) {
  const csp = res.headers["content-security-policy"] as string | undefined;
  expect(csp, where).toBeDefined();
  const directives = Object.fromEntries(
    csp!
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );
  expect(directives["script-src"], where).toEqual(["'self'"]);
  expect(directives["script-src-attr"], where).toEqual(["'none'"]);
  expect(directives["object-src"], where).toEqual(["'none'"]);
  expect(directives["frame-ancestors"], where).toEqual(["'none'"]);
  expect(directives["style-src"], where).toEqual(["'self'"]);
  expect(directives["base-uri"], where).toEqual(["'self'"]);
  expect(res.headers["x-content-type-options"], where).toBe("nosniff");
  expect(res.headers["referrer-policy"], where).toBe("no-referrer");
  expect(res.headers["x-frame-options"], where).toBe("SAMEORIGIN");
  expect(res.headers["x-powered-by"], where).toBeUndefined();
  return directives;
}

describe("CSRF: cookie-authenticated mutations from another site", () => {
  it("refuses every mutation route with a foreign Origin, a cross-site Sec-Fetch-Site or Origin null, and writes nothing", async () => {
    w = await hostileWorld();
    const forged: [string, Record<string, string>][] = [
      ["foreign Origin", { Origin: "https://evil.example" }],
      ["look-alike Origin", { Origin: "http://127.0.0.1.evil.example" }],
      ["Origin null with a cookie", { Origin: "null" }],
      ["malformed Origin", { Origin: "::::" }],
      ["cross-site fetch without Origin", { "Sec-Fetch-Site": "cross-site" }],
      ["same-site fetch without Origin", { "Sec-Fetch-Site": "same-site" }],
    ];
    const routes = mutations(w.app.locals.routes);
    for (const r of routes) {
      for (const [what, headers] of forged) {
        const before = tableCounts(w.db);
        const res = await w.admin[r.method](urlFor(r, w.ids))
          .set(headers)
          .send(bodies[label(r)]?.valid(w.ids) ?? {});
        expect(res.status, `${label(r)} ${what}: ${res.text}`).toBe(403);
        expect(res.body).toMatchObject({ ok: false, error: "cross_origin" });
        expect(tableCounts(w.db), `${label(r)} ${what}`).toEqual(before);
      }
    }
    expect(routes.length).toBeGreaterThan(25);
  });

  it("lets the same origin, and Bearer-token scripts from anywhere, through", async () => {
    w = await hostileWorld();
    const same = await w.admin.post("/api/tokens").set("Origin", "http://127.0.0.1").set("Host", "127.0.0.1").send({ name: "same" });
    expect(same.status).toBe(201);
    const sameSite = await w.admin.post("/api/tokens").set("Sec-Fetch-Site", "same-origin").send({ name: "fetch" });
    expect(sameSite.status).toBe(201);
    const script = await request(w.app)
      .post("/api/tokens")
      .set("Authorization", `Bearer ${w.tokenSecret}`)
      .set("Origin", "https://evil.example")
      .set("Sec-Fetch-Site", "cross-site")
      .send({ name: "from a script" });
    expect(script.status).toBe(201);
  });
});

describe("security headers and cookies", () => {
  it("sends a strict CSP, nosniff, a referrer policy and no X-Powered-By on API answers and the served client", async () => {
    w = await hostileWorld({ clientDir: clientBuild() });
    const answers: [string, request.Response][] = [
      ["health", await request(w.app).get("/api/health")],
      ["401", await request(w.app).get("/api/models")],
      ["200 JSON", await w.admin.get("/api/models")],
      ["400", await w.admin.get("/api/instructions?page=x")],
      ["404 API", await w.admin.get("/api/nothing")],
      ["HTML shell", await request(w.app).get("/")],
      ["client route", await request(w.app).get("/sets/1")],
      ["asset", await request(w.app).get("/assets/app.js")],
    ];
    for (const [where, res] of answers) expectSecurityHeaders(res, where);
    expect(answers.find(([w]) => w === "HTML shell")![1].text).toContain('<div id="root">');
  });

  it("asks browsers to upgrade requests to https only when the page came over https", async () => {
    // On plain http (a LAN address with HOST=0.0.0.0) upgrade-insecure-requests would send the browser to
    // https://host:3000/assets/… where nothing answers: the client would never load.
    w = await hostileWorld({ clientDir: clientBuild(), trustProxy: "loopback" });
    const plain = await request(w.app).get("/");
    expect(plain.headers["content-security-policy"]).not.toMatch(/upgrade-insecure-requests/);
    const secure = await request(w.app).get("/").set("X-Forwarded-Proto", "https");
    expect(secure.headers["content-security-policy"]).toMatch(/upgrade-insecure-requests/);
    expect(secure.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
  });

  it("sets the session cookie HttpOnly, SameSite=Lax, Path=/, and Secure behind https", async () => {
    w = await hostileWorld();
    const plain = await request(w.app).post("/api/auth/login").send({ username: "admin", password }).expect(200);
    const cookie = plain.headers["set-cookie"]![0]!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
    // Behind a TLS-terminating proxy the app is told to trust (LONGPREF_TRUST_PROXY).
    w.app.set("trust proxy", readEnv({ LONGPREF_TRUST_PROXY: "loopback" }).LONGPREF_TRUST_PROXY);
    const secure = await request(w.app)
      .post("/api/auth/login")
      .set("X-Forwarded-Proto", "https")
      .send({ username: "admin", password })
      .expect(200);
    expect(secure.headers["set-cookie"]![0]).toMatch(/; Secure/i);
  });
});

describe("path traversal", () => {
  it("never serves a file outside the client build", async () => {
    w = await hostileWorld({ clientDir: clientBuild() });
    const probes = [
      "/..%2fsecret.txt",
      "/..%2f..%2fpackage.json",
      "/%2e%2e/secret.txt",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/assets/../../secret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
      "/..%5csecret.txt",
      "/assets/..%5c..%5csecret.txt",
      "/%252e%252e%252fsecret.txt",
      "/assets/%00../secret.txt",
      "/..;/secret.txt",
      "//etc/passwd",
      "/assets//../../secret.txt",
    ];
    for (const path of probes) {
      const res = await request(w.app).get(path);
      expect([200, 400, 403, 404], `${path}: ${res.status}`).toContain(res.status);
      expect(res.text, path).not.toContain("TOP-SECRET");
      expect(res.text, path).not.toMatch(/root:x:0:0|"name": "longpref"/);
      // What answers 200 is the app shell (a client-side route), never a file.
      if (res.status === 200) expect(res.text, path).toContain('<div id="root">');
    }
  });

  it("never uses an uploaded file's name as a path: it is kept as a label, without its folders", async () => {
    w = await hostileWorld();
    const marker = `longpref-hostile-${process.pid}-${Date.now()}`;
    const names = [
      `../../../../../../tmp/${marker}`,
      `..\\..\\..\\${marker}`,
      `/tmp/${marker}`,
      `C:\\Windows\\${marker}`,
      `${marker}/../../x.jsonl`,
    ];
    for (const [i, file_name] of names.entries()) {
      const res = await w.admin
        .post("/api/instruction-sets/import")
        .send({ name: `upload ${i}`, file_name, format: "jsonl", content: '{"id":"a","prompt":"Write.","length":100}' })
        .expect(201);
      expect(res.body.set.source, file_name).not.toMatch(/[\\/]/);
      expect(existsSync(`/tmp/${marker}`)).toBe(false);
    }
    for (const file_name of ["a\0b.jsonl", "x\r\nSet-Cookie: y.jsonl"]) {
      const before = tableCounts(w.db);
      const res = await w.admin
        .post("/api/instruction-sets/import")
        .send({ name: "nul", file_name, content: '{"id":"a","prompt":"Write.","length":100}' })
        .expect(400);
      expect(res.body.message).toMatch(/^file_name: /);
      expect(tableCounts(w.db)).toEqual(before);
    }
  });

  it("names every export download with a plain file name (no quotes, CR/LF or path separators)", async () => {
    w = await hostileWorld();
    const asked = [
      { from: "proposals", run: w.ids.pairRun },
      { from: "proposals", run: w.ids.pairRun, format: "kto", split: "test", test_share: 0.5 },
      { from: "sft", run: w.ids.pairRun },
      { from: "battles", campaign: w.ids.campaign, format: "battles-csv" },
      { from: "judgments", set: w.ids.set, per_judgment: "true" },
    ];
    let named = 0;
    for (const query of asked) {
      const res = await w.admin.get("/api/exports").query(query);
      if (res.status !== 200) continue;
      named++;
      expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="[A-Za-z0-9._-]+"$/);
    }
    expect(named).toBeGreaterThanOrEqual(3);
    const info = await w.admin
      .get("/api/exports/dataset-info")
      .query({ from: "proposals", run: w.ids.pairRun, format: "llama-factory-alpaca" })
      .expect(200);
    // Never dataset_info.json: saved as named it would replace the user's whole list of datasets.
    expect(info.headers["content-disposition"]).toBe(
      `attachment; filename="longpref-proposals-run${w.ids.pairRun}-llama-factory-alpaca.dataset_info.json"`,
    );
  });
});
