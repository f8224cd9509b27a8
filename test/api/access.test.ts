import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import type { RouteInfo } from "../../server/http/route";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

// A concrete URL for a declared route: ids that exist nowhere still reach the guard first.
const urlOf = (r: RouteInfo) => r.path.replace(/:[a-z_]+/g, "999999").replace(/\/$/, "");
const allows = (r: RouteInfo, role: string) =>
  r.access === "public" || r.access === "signed-in" || (r.access as readonly string[]).includes(role);

describe("access rules on every route", () => {
  it("declares the expected routes with their roles", () => {
    t = testApp();
    const routes = t.app.locals.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    for (const r of [
      "GET /api/health",
      "POST /api/auth/login",
      "GET /api/instruction-sets/",
      "POST /api/instruction-sets/import",
      "GET /api/instructions/",
      "POST /api/users/",
      "POST /api/tokens/",
    ]) {
      expect(routes).toContain(r);
    }
  });

  it("answers 401 on every non-public route without a session or token", async () => {
    t = testApp();
    const guarded = t.app.locals.routes.filter((r) => r.access !== "public");
    expect(guarded.length).toBeGreaterThan(8);
    for (const r of guarded) {
      const res = await request(t.app)[r.method](urlOf(r)).send({});
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
    }
  });

  it("lets annotators reach only the routes open to them", async () => {
    t = testApp();
    const annotator = await t.agentAs("annotator");
    for (const r of t.app.locals.routes.filter((r) => !allows(r, "annotator"))) {
      const res = await annotator[r.method](urlOf(r)).send({});
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
    }
    await annotator.get("/api/auth/me").expect(200);
  });

  it("keeps user management to admins", async () => {
    t = testApp();
    const researcher = await t.agentAs("researcher");
    await researcher.get("/api/users").expect(403);
    await researcher.get("/api/instruction-sets").expect(200);
  });

  it("answers unknown API paths with a JSON 404", async () => {
    t = testApp();
    const agent = await t.agentAs("admin");
    const res = await agent.get("/api/nothing-here").expect(404);
    expect(res.body.ok).toBe(false);
  });
});
