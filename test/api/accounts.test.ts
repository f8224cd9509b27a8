import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createWorkspace } from "../helpers/factories";
import { judgmentBody } from "../helpers/hostile-world";
import { password, testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

type Agent = ReturnType<typeof request.agent>;
const hour = 3600 * 1000;

async function signIn(username: string, pass = password): Promise<Agent> {
  const agent = request.agent(t.app);
  await agent.post("/api/auth/login").send({ username, password: pass }).expect(200);
  return agent;
}
const count = (sql: string, ...args: unknown[]) => (t.db.prepare(sql).get(...args) as { n: number }).n;

describe("accounts an admin manages", () => {
  it("disables an account at once (sessions and tokens answer 401, sign-in answers like a wrong password), keeps its work, and enables it again", async () => {
    t = testApp();
    await createWorkspace(t.ctx, { adminPassword: password });
    const admin = await signIn("admin");
    const rita = await t.user("rita", "researcher");
    const ritaBrowser = await signIn("rita");
    const otherBrowser = await signIn("rita");
    const token = (await ritaBrowser.post("/api/tokens").send({ name: "script" }).expect(201)).body.secret as string;
    // Rita judges an item of the workspace's campaign (open to everyone).
    const campaign = (t.db.prepare("SELECT id FROM campaigns").get() as { id: number }).id;
    const item = (await ritaBrowser.post(`/api/annotate/campaigns/${campaign}/next`).expect(200)).body.item;
    await ritaBrowser.post(`/api/annotate/assignments/${item.assignment_id}/judgment`).send(judgmentBody()).expect(201);
    expect(count("SELECT COUNT(*) AS n FROM human_judgments WHERE user_id = ?", rita.id)).toBe(1);

    const res = await admin.patch(`/api/users/${rita.id}`).send({ disabled: true }).expect(200);
    expect(res.body.user).toMatchObject({ username: "rita", disabled: true });
    for (const browser of [ritaBrowser, otherBrowser]) await browser.get("/api/auth/me").expect(401);
    await request(t.app).get("/api/instruction-sets").set("Authorization", `Bearer ${token}`).expect(401);
    expect(count("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?", rita.id)).toBe(0);
    const refused = await request(t.app).post("/api/auth/login").send({ username: "rita", password }).expect(401);
    const unknown = await request(t.app).post("/api/auth/login").send({ username: "nobody", password }).expect(401);
    expect(refused.body).toEqual(unknown.body);
    // The work stays, and no one can delete the account with it, even by hand.
    expect(count("SELECT COUNT(*) AS n FROM human_judgments WHERE user_id = ?", rita.id)).toBe(1);
    expect(() => t.db.prepare("DELETE FROM users WHERE id = ?").run(rita.id)).toThrow(/disable the account instead/);
    expect(count("SELECT COUNT(*) AS n FROM human_judgments WHERE user_id = ?", rita.id)).toBe(1);
    const listed = (await admin.get("/api/users").expect(200)).body.items as { username: string; disabled: boolean }[];
    expect(listed.find((u) => u.username === "rita")!.disabled).toBe(true);

    await admin.patch(`/api/users/${rita.id}`).send({ disabled: false }).expect(200);
    await signIn("rita");
    await request(t.app).get("/api/instruction-sets").set("Authorization", `Bearer ${token}`).expect(200);
    // An account without work can be deleted (by hand: there is no route for it).
    const temp = await t.user("temp", "annotator");
    t.db.prepare("DELETE FROM users WHERE id = ?").run(temp.id);
  });

  it("refuses to disable or demote the last enabled admin, and changes roles", async () => {
    t = testApp();
    const admin = await t.agentAs("admin");
    const me = (await admin.get("/api/auth/me")).body.user as { id: number };
    for (const change of [{ disabled: true }, { role: "researcher" }, { role: "annotator", disabled: false }]) {
      const res = await admin.patch(`/api/users/${me.id}`).send(change).expect(409);
      expect(res.body.message).toMatch(/last enabled admin/);
    }
    expect(t.ctx.users.get(me.id)).toMatchObject({ role: "admin", disabled: false });
    await admin.patch("/api/users/999999").send({ role: "admin" }).expect(404);
    const other = await t.user("second", "researcher");
    await admin.patch(`/api/users/${other.id}`).send({ role: "admin", disabled: true }).expect(200);
    // A disabled admin does not count.
    await admin.patch(`/api/users/${me.id}`).send({ role: "researcher" }).expect(409);
    await admin.patch(`/api/users/${other.id}`).send({ disabled: false }).expect(200);
    const demoted = await admin.patch(`/api/users/${me.id}`).send({ role: "researcher" }).expect(200);
    expect(demoted.body.user.role).toBe("researcher");
    await admin.get("/api/users").expect(403);
    const empty = await request(t.app).patch(`/api/users/${other.id}`).send({});
    expect(empty.status).toBe(401);
  });

  it("resets a password (shown once, sessions ended) and ends a user's sessions", async () => {
    t = testApp();
    const admin = await t.agentAs("admin");
    const ann = await t.user("ann", "annotator");
    const browser = await signIn("ann");
    const reset = await admin.post(`/api/users/${ann.id}/password`).send({}).expect(200);
    const fresh = reset.body.password as string;
    expect(fresh.length).toBeGreaterThanOrEqual(12);
    await browser.get("/api/auth/me").expect(401);
    await request(t.app).post("/api/auth/login").send({ username: "ann", password }).expect(401);
    expect(JSON.stringify((await admin.get("/api/users")).body)).not.toContain(fresh);
    const again = await signIn("ann", fresh);
    await signIn("ann", fresh);
    const ended = await admin.delete(`/api/users/${ann.id}/sessions`).expect(200);
    expect(ended.body).toEqual({ ended: 2 });
    await again.get("/api/auth/me").expect(401);
    await admin.post(`/api/users/${ann.id}/password`).send({ password: "chosen-password" }).expect(200);
    await signIn("ann", "chosen-password");
    await admin.get("/api/auth/me").expect(200);
  });
});

describe("one's own account", () => {
  it("changes one's own password with the current one, signing out other browsers but not this one", async () => {
    t = testApp();
    await t.user("ann", "annotator");
    const here = await signIn("ann");
    const there = await signIn("ann");
    const wrong = await here
      .post("/api/auth/password")
      .send({ current_password: "not-my-password", new_password: "new-password-1" })
      .expect(400);
    expect(wrong.body.message).toMatch(/current_password/);
    await there.get("/api/auth/me").expect(200);
    const short = await here.post("/api/auth/password").send({ current_password: password, new_password: "short" }).expect(400);
    expect(short.body.message).toMatch(/new_password/);
    const ok = await here.post("/api/auth/password").send({ current_password: password, new_password: "new-password-1" }).expect(200);
    expect(ok.body).toEqual({ ok: true, ended_sessions: 1 });
    await here.get("/api/auth/me").expect(200);
    await there.get("/api/auth/me").expect(401);
    await request(t.app).post("/api/auth/login").send({ username: "ann", password }).expect(401);
    await signIn("ann", "new-password-1");
  });

  it("signs out everywhere", async () => {
    t = testApp();
    await t.user("ann", "annotator");
    const browsers = [await signIn("ann"), await signIn("ann"), await signIn("ann")];
    const res = await browsers[0]!.post("/api/auth/logout-everywhere").expect(200);
    expect(res.body).toEqual({ ended: 3 });
    for (const b of browsers) await b.get("/api/auth/me").expect(401);
  });
});

describe("session lifetime", () => {
  it("ends a session idle for 12 hours and any session 14 days after sign-in, writing last-seen at most once a minute", async () => {
    let now = new Date("2026-12-01T08:00:00Z");
    t = testApp({ now: () => now });
    const advance = (ms: number) => (now = new Date(now.getTime() + ms));
    await t.user("ann", "annotator");
    const lastSeen = () => (t.db.prepare("SELECT last_seen_at AS at FROM sessions").get() as { at: string }).at;

    const idle = await signIn("ann");
    const signedInAt = lastSeen();
    advance(30_000);
    await idle.get("/api/auth/me").expect(200);
    expect(lastSeen()).toBe(signedInAt);
    advance(31_000);
    await idle.get("/api/auth/me").expect(200);
    expect(lastSeen()).toBe(now.toISOString());
    advance(12 * hour - 1000);
    await idle.get("/api/auth/me").expect(200);
    advance(12 * hour);
    await idle.get("/api/auth/me").expect(401);

    // Used every 11 hours, a session still ends 14 days after sign-in.
    const busy = await signIn("ann");
    for (let h = 11; h < 14 * 24; h += 11) {
      advance(11 * hour);
      await busy.get("/api/auth/me").expect(200);
    }
    advance(11 * hour);
    await busy.get("/api/auth/me").expect(401);
  });

  it("reads the idle time from LONGPREF_SESSION_IDLE_HOURS, 12 by default", async () => {
    const { readEnv } = await import("../../server/env");
    expect(readEnv({}).LONGPREF_SESSION_IDLE_HOURS).toBe(12);
    expect(readEnv({ LONGPREF_SESSION_IDLE_HOURS: "2" }).LONGPREF_SESSION_IDLE_HOURS).toBe(2);
    expect(() => readEnv({ LONGPREF_SESSION_IDLE_HOURS: "0" })).toThrow(/LONGPREF_SESSION_IDLE_HOURS/);
  });
});
