import SwaggerParser from "@apidevtools/swagger-parser";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteInfo } from "../../server/http/route";
import { roles } from "../../shared/schemas/user";
import { baseQuery, hostileWorld, label, urlFor } from "../helpers/hostile-world";
import { password, type TestApp, testApp } from "../helpers/test-app";

// biome-ignore lint/suspicious/noExplicitAny: the document is read as loose JSON; the assertions pin its shape
type Json = Record<string, any>;
const methods = ["get", "post", "put", "patch", "delete"] as const;
const docPath = (path: string) => path.replace(/(.)\/$/, "$1").replace(/:([A-Za-z_]+)/g, "{$1}");

let t: TestApp;
let doc: Json;
let table: RouteInfo[];

beforeAll(async () => {
  t = testApp({
    maxBodyBytes: 7_654_321,
    endpointPolicy: { researchersAddEndpoints: false, keyEnvs: ["SECRET_KEY_VARIABLE_XYZ"], hosts: null },
  });
  table = t.app.locals.routes;
  const res = await request(t.app).get("/api/openapi.json").expect(200);
  expect(res.headers["content-type"]).toMatch(/application\/json/);
  doc = res.body;
});
afterAll(() => t.close());

const operation = (route: RouteInfo): Json => doc.paths[docPath(route.path)][route.method];
const find = (method: RouteInfo["method"], path: string) => table.find((r) => r.method === method && docPath(r.path) === docPath(path))!;

describe("GET /api/openapi.json", () => {
  it("validates as OpenAPI 3.1", async () => {
    expect(doc.openapi).toBe("3.1.0");
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it("lists every route of the route table, and nothing else", () => {
    const declared = table.map((r) => `${r.method.toUpperCase()} ${docPath(r.path)}`).sort();
    const documented = Object.entries(doc.paths as Json)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(declared);
    expect(new Set(declared).size).toBe(table.length);
    const operationIds = table.map((r) => operation(r).operationId);
    expect(new Set(operationIds).size).toBe(table.length);
    // The table is the whole API, not a sample of it.
    expect(table.length).toBeGreaterThan(60);
    expect(declared).toContain("GET /api/openapi.json");
    expect(declared).toContain("POST /api/users");
  });

  it("gives each operation its roles, in x-roles and in words, and the matching security", () => {
    for (const route of table) {
      const op = operation(route);
      const expected = route.access === "public" ? ["public"] : route.access === "signed-in" ? [...roles] : [...route.access];
      expect(op["x-roles"], route.path).toEqual(expected);
      if (route.access === "public") {
        expect(op.security, route.path).toEqual([]);
        expect(op.description).toContain("Public");
      } else {
        expect(op.security, route.path).toEqual([{ session: [] }, { token: [] }]);
        expect(op.description, route.path).toContain(expected.join(", "));
        expect(op.responses["401"], route.path).toBeDefined();
      }
    }
    expect(operation(find("post", "/api/users"))["x-roles"]).toEqual(["admin"]);
    expect(operation(find("get", "/api/annotate/campaigns"))["x-roles"]).toEqual(["admin", "researcher", "annotator"]);
    expect(doc.components.securitySchemes.session).toMatchObject({ type: "apiKey", in: "cookie", name: "longpref_session" });
    expect(doc.components.securitySchemes.token).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("turns Express parameters into path parameters and documents the error answers", () => {
    const op = operation(find("get", "/api/campaigns/:id/dashboard"));
    expect(doc.paths["/api/campaigns/{id}/dashboard"]).toBeDefined();
    expect(op.parameters).toContainEqual(expect.objectContaining({ name: "id", in: "path", required: true }));
    expect(Object.keys(op.responses).sort()).toEqual(["200", "400", "401", "403", "404"]);
    expect(doc.components.responses.E404.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/ApiError" });
    expect(doc.components.schemas.ApiError.required).toEqual(expect.arrayContaining(["ok", "error", "message"]));
    const create = operation(find("post", "/api/users"));
    expect(Object.keys(create.responses).sort()).toEqual(["201", "400", "401", "403", "409", "413"]);
    expect(operation(find("get", "/api/exports"))?.responses["422"]).toBeDefined();
    expect(doc.components.responses.E405.headers.Allow).toBeDefined();
  });

  it("describes query parameters from the query schema", () => {
    const op = operation(find("get", "/api/instructions"));
    const pageSize = op.parameters.find((p: Json) => p.name === "page_size");
    expect(pageSize).toMatchObject({ in: "query", required: false, schema: { maximum: 500 } });
    expect(op.parameters.map((p: Json) => p.name)).toEqual(expect.arrayContaining(["set", "lang", "q", "page"]));
    const exportOp = operation(find("get", "/api/exports"));
    expect(exportOp.parameters).toContainEqual(expect.objectContaining({ name: "from", in: "query", required: true }));
  });

  it("leaks no secret or configuration value", async () => {
    const admin = await t.agentAs("admin", "openapi-admin");
    const token = await admin.post("/api/tokens").send({ name: "ci" }).expect(201);
    const text = JSON.stringify((await request(t.app).get("/api/openapi.json").expect(200)).body);
    expect(text).not.toContain(token.body.secret);
    expect(text).not.toContain(password);
    expect(text).not.toContain("7654321");
    expect(text).not.toContain("SECRET_KEY_VARIABLE_XYZ");
    expect(text).not.toContain(t.dbPath);
    expect(text).not.toMatch(/\$argon2|\$scrypt/);
  });

  it("is public, and answered even with a stale token", async () => {
    await request(t.app).get("/api/openapi.json").set("Authorization", "Bearer lp_revoked").expect(200);
  });
});

describe("the document matches what the routes take", () => {
  it("POST /api/users: a body valid by the document is created; each way of breaking it is refused", async () => {
    const admin = await t.agentAs("admin", "body-admin");
    const schema = operation(find("post", "/api/users")).requestBody.content["application/json"].schema;
    expect(schema.additionalProperties).toBe(false);
    expect([...schema.required].sort()).toEqual(["password", "role", "username"]);
    const longest = "u".repeat(schema.properties.username.maxLength);
    const valid: Json = {
      username: longest,
      role: schema.properties.role.enum[1],
      password: "p".repeat(schema.properties.password.minLength),
    };
    const created = await admin.post("/api/users").send(valid).expect(201);
    find("post", "/api/users").input.response!.parse(created.body);
    for (const field of schema.required as string[]) {
      const { [field]: _left, ...without } = valid;
      await admin.post("/api/users").send(without).expect(400);
    }
    await admin
      .post("/api/users")
      .send({ ...valid, username: "v".repeat(schema.properties.username.maxLength + 1) })
      .expect(400);
    await admin
      .post("/api/users")
      .send({ ...valid, username: "other", role: "boss" })
      .expect(400);
    await admin
      .post("/api/users")
      .send({ ...valid, username: "other", extra: 1 })
      .expect(400);
  });

  it("POST /api/tokens and PUT /api/auth/language follow their documented bodies", async () => {
    const researcher = await t.agentAs("researcher", "body-researcher");
    const tokenSchema = operation(find("post", "/api/tokens")).requestBody.content["application/json"].schema;
    await researcher
      .post("/api/tokens")
      .send({ name: "n".repeat(tokenSchema.properties.name.maxLength) })
      .expect(201);
    await researcher
      .post("/api/tokens")
      .send({ name: "n".repeat(tokenSchema.properties.name.maxLength + 1) })
      .expect(400);
    const language = operation(find("put", "/api/auth/language")).requestBody.content["application/json"].schema;
    const choices = language.properties.language.anyOf.flatMap((s: Json) => s.enum ?? (s.type === "null" ? [null] : []));
    expect(choices).toEqual(["en", "zh", null]);
    for (const choice of choices) {
      const res = await researcher.put("/api/auth/language").send({ language: choice }).expect(200);
      find("put", "/api/auth/language").input.response!.parse(res.body);
    }
    await researcher.put("/api/auth/language").send({ language: "fr" }).expect(400);
  });

  it("GET /api/instructions: query values inside the documented range are taken, outside refused", async () => {
    const researcher = await t.agentAs("researcher", "query-researcher");
    const op = operation(find("get", "/api/instructions"));
    const max = op.parameters.find((p: Json) => p.name === "page_size").schema.maximum;
    const res = await researcher.get(`/api/instructions?page_size=${max}`).expect(200);
    find("get", "/api/instructions").input.response!.parse(res.body);
    await researcher.get(`/api/instructions?page_size=${max + 1}`).expect(400);
    await researcher.get("/api/instructions?not_documented=1").expect(400);
  });
});

describe("declared answers", () => {
  it("every GET route with a declared answer schema answers what it declares, in a world with one of everything", async () => {
    const w = await hostileWorld();
    try {
      const declared = w.app.locals.routes.filter((r) => r.method === "get" && r.input.response);
      for (const route of declared) {
        const res = await w.admin.get(urlFor(route, w.ids)).query(baseQuery(route, w.ids));
        expect(res.status, `${label(route)}: ${res.text.slice(0, 200)}`).toBe(200);
        const parsed = route.input.response!.safeParse(res.body);
        expect(parsed.error?.issues ?? [], label(route)).toEqual([]);
      }
      expect(declared.length).toBeGreaterThan(25);
    } finally {
      w.close();
    }
  });
});

describe("405 for a wrong method", () => {
  // Concrete paths: ids as 1; the methods each takes are those of every declared path it matches.
  const concrete = (path: string) => path.replace(/:[A-Za-z_]+/g, "1");
  const matches = (declared: string, path: string) => new RegExp(`^${declared.replace(/:[A-Za-z_]+/g, "[^/]+")}$`, "i").test(path);

  it("answers 405 with Allow and the JSON error body for every undeclared method of every declared path", async () => {
    const admin = await t.agentAs("admin", "method-admin");
    const paths = [...new Set(table.map((r) => concrete(r.path)))];
    let checked = 0;
    for (const path of paths) {
      const taken = new Set(table.filter((r) => matches(r.path, path)).map((r) => r.method));
      const allow = [...taken].map((m) => m.toUpperCase());
      if (taken.has("get")) allow.push("HEAD");
      for (const method of methods.filter((m) => !taken.has(m))) {
        for (const agent of [request(t.app), admin]) {
          const res = await agent[method](path);
          expect(res.status, `${method} ${path}: ${res.text}`).toBe(405);
          expect(res.headers.allow?.split(", ").sort(), `${method} ${path}`).toEqual(allow.sort());
          expect(res.body).toMatchObject({ ok: false, error: "method_not_allowed" });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("keeps HEAD on GET routes, OPTIONS, and the JSON 404 of unknown API paths", async () => {
    const admin = await t.agentAs("admin", "head-admin");
    await admin.head("/api/auth/me").expect(200);
    const options = await request(t.app).options("/api/users").expect(200);
    expect(options.headers.allow).toBe("GET, HEAD, POST");
    for (const path of ["/api/health", "/api/openapi.json"]) {
      const res = await request(t.app).options(path).expect(200);
      expect(res.headers.allow, path).toBe("GET, HEAD");
    }
    for (const path of ["/api/nothing-here", "/api/users/1/nothing", "/api/openapi.json/x"]) {
      const res = await request(t.app).delete(path).expect(404);
      expect(res.body).toMatchObject({ ok: false, error: "not_found" });
    }
  });

  it("is not the answer to a role the route refuses: that stays 401/403", async () => {
    await request(t.app).get("/api/users").expect(401);
    const annotator = await t.agentAs("annotator", "method-annotator");
    await annotator.get("/api/users").expect(403);
  });
});

describe("/openapi.json with the client served", () => {
  let dir: string;
  let withClient: TestApp;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "longpref-client-"));
    writeFileSync(join(dir, "index.html"), '<!doctype html><div id="root"></div>');
    withClient = testApp({ clientDir: dir });
  });
  afterAll(() => {
    withClient.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("redirects to /api/openapi.json instead of answering the app shell", async () => {
    const res = await request(withClient.app).get("/openapi.json").expect(301);
    expect(res.headers.location).toBe("/api/openapi.json");
    expect(res.text).not.toContain('<div id="root">');
  });

  it("answers unknown /api paths with JSON 404, never the app shell", async () => {
    for (const path of ["/api/nothing", "/api/openapi", "/api/users/1/x/y"]) {
      const res = await request(withClient.app).get(path).expect(404);
      expect(res.headers["content-type"], path).toMatch(/application\/json/);
      expect(res.text).not.toContain('<div id="root">');
    }
  });
});
