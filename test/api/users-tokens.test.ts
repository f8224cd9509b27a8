import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

describe("users", () => {
  it("lets an admin add users who can then log in", async () => {
    t = testApp();
    const admin = await t.agentAs("admin");
    const res = await admin.post("/api/users").send({ username: "ann", role: "annotator", password: "annotator-pass" }).expect(201);
    expect(res.body.user).toMatchObject({ username: "ann", role: "annotator" });
    await request(t.app).post("/api/auth/login").send({ username: "ann", password: "annotator-pass" }).expect(200);
    const list = await admin.get("/api/users").expect(200);
    expect(list.body.items.map((u: { username: string }) => u.username)).toEqual(["admin", "ann"]);
  });

  it("rejects a duplicate name with 409 and a bad role with 400 naming the field", async () => {
    t = testApp();
    const admin = await t.agentAs("admin");
    await admin.post("/api/users").send({ username: "ADMIN", role: "researcher", password: "password-123" }).expect(409);
    const bad = await admin.post("/api/users").send({ username: "zed", role: "overlord", password: "password-123" }).expect(400);
    expect(bad.body.message).toContain("role");
    const count = t.db.prepare("SELECT COUNT(*) AS n FROM users").get() as { n: number };
    expect(count.n).toBe(1);
  });
});

describe("personal API tokens", () => {
  it("authenticates scripts with a Bearer token shown once and stored hashed", async () => {
    t = testApp();
    const researcher = await t.agentAs("researcher");
    const created = await researcher.post("/api/tokens").send({ name: "laptop script" }).expect(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^lp_/);
    const list = await researcher.get("/api/tokens").expect(200);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const row = t.db.prepare("SELECT token_hash FROM api_tokens").get() as { token_hash: string };
    expect(row.token_hash).not.toContain(secret.slice(3));

    await request(t.app).get("/api/instruction-sets").set("Authorization", `Bearer ${secret}`).expect(200);
    const touched = t.db.prepare("SELECT last_used_at FROM api_tokens").get() as { last_used_at: string | null };
    expect(touched.last_used_at).not.toBeNull();

    await researcher.delete(`/api/tokens/${created.body.token.id}`).expect(200);
    await request(t.app).get("/api/instruction-sets").set("Authorization", `Bearer ${secret}`).expect(401);
  });

  it("refuses an unknown token and keeps token routes from annotators", async () => {
    t = testApp();
    await request(t.app).get("/api/instruction-sets").set("Authorization", "Bearer lp_forged").expect(401);
    const annotator = await t.agentAs("annotator");
    await annotator.post("/api/tokens").send({ name: "x" }).expect(403);
  });

  it("does not let one user revoke another's token", async () => {
    t = testApp();
    const a = await t.agentAs("researcher", "alice");
    const b = await t.agentAs("researcher", "bob");
    const created = await a.post("/api/tokens").send({ name: "alice's" }).expect(201);
    await b.delete(`/api/tokens/${created.body.token.id}`).expect(404);
    await request(t.app).get("/api/auth/me").set("Authorization", `Bearer ${created.body.secret}`).expect(200);
  });
});
