import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { defaultLoginLimits } from "../../server/auth/login-limiter";
import { password, testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

describe("health and login", () => {
  it("answers health without login and refuses other routes without a session", async () => {
    t = testApp();
    await request(t.app)
      .get("/api/health")
      .expect(200, { ok: true, database: { state: "ok" } });
    const res = await request(t.app).get("/api/instruction-sets").expect(401);
    expect(res.body).toMatchObject({ ok: false, error: "unauthenticated" });
  });

  it("logs in with a session cookie that is HttpOnly and SameSite=Lax, and logs out", async () => {
    t = testApp();
    await t.user("rita", "researcher");
    const res = await request(t.app).post("/api/auth/login").send({ username: "rita", password }).expect(200);
    expect(res.body.user).toMatchObject({ username: "rita", role: "researcher" });
    expect(res.body.user.password_hash).toBeUndefined();
    const cookie = res.headers["set-cookie"]![0]!;
    expect(cookie).toMatch(/^longpref_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    // Only a hash of the session id is stored.
    const sid = /longpref_session=([^;]+)/.exec(cookie)![1]!;
    const stored = t.db.prepare("SELECT token_hash FROM sessions").all() as { token_hash: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(sid);

    const me = await request(t.app).get("/api/auth/me").set("Cookie", cookie).expect(200);
    expect(me.body.user.username).toBe("rita");
    await request(t.app).post("/api/auth/logout").set("Cookie", cookie).expect(200);
    await request(t.app).get("/api/auth/me").set("Cookie", cookie).expect(401);
  });

  it("refuses a wrong password and an unknown user with the same answer", async () => {
    t = testApp();
    await t.user("rita", "researcher");
    const wrong = await request(t.app).post("/api/auth/login").send({ username: "rita", password: "nope-nope" }).expect(401);
    const unknown = await request(t.app).post("/api/auth/login").send({ username: "ghost", password }).expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers["set-cookie"]).toBeUndefined();
  });

  it("rejects a malformed body with 400 naming the field, and broken JSON with 400", async () => {
    t = testApp();
    const res = await request(t.app).post("/api/auth/login").send({ username: "rita" }).expect(400);
    expect(res.body.message).toContain("password");
    const broken = await request(t.app).post("/api/auth/login").set("Content-Type", "application/json").send('{"username": ').expect(400);
    expect(broken.body.error).toBe("invalid_json");
  });

  it("rate-limits failed logins per user, even with the right password afterwards", async () => {
    t = testApp({ loginLimits: { ...defaultLoginLimits, perAccountAddress: 3, perAccount: 3, perAddress: 100, windowSeconds: 60 } });
    await t.user("rita", "researcher");
    for (let i = 0; i < 3; i++) {
      await request(t.app).post("/api/auth/login").send({ username: "rita", password: "wrong-pass" }).expect(401);
    }
    const blocked = await request(t.app).post("/api/auth/login").send({ username: "rita", password }).expect(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    // Another user from the same IP is not blocked by rita's failures.
    await t.user("sam", "annotator");
    await request(t.app).post("/api/auth/login").send({ username: "sam", password }).expect(200);
  });

  it("rate-limits failed logins per IP across usernames", async () => {
    t = testApp({ loginLimits: { ...defaultLoginLimits, perAccountAddress: 100, perAccount: 100, perAddress: 4, windowSeconds: 60 } });
    await t.user("rita", "researcher");
    for (let i = 0; i < 4; i++) {
      await request(t.app)
        .post("/api/auth/login")
        .send({ username: `guess${i}`, password: "wrong-pass" })
        .expect(401);
    }
    const blocked = await request(t.app).post("/api/auth/login").send({ username: "rita", password }).expect(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    expect(blocked.body).toMatchObject({ ok: false, error: "rate_limited" });
  });

  it("refuses cookie-authenticated mutations from another origin", async () => {
    t = testApp();
    const agent = await t.agentAs("admin");
    await agent
      .post("/api/users")
      .set("Origin", "http://evil.example")
      .send({ username: "mallory", role: "admin", password: "password123" })
      .expect(403);
    expect(t.ctx.users.findByName("mallory")).toBeUndefined();
  });
});
