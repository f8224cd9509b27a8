import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { defaultLoginLimits, loginLimiter, type LoginLimits } from "../../server/auth/login-limiter";
import { password, testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

// Small budgets so a test spends few scrypt checks; the proxy is trusted so X-Forwarded-For sets the address.
const limits: LoginLimits = { ...defaultLoginLimits, perAccountAddress: 3, perAccount: 6, perAddress: 10, perDevice: 3, windowSeconds: 60 };

function lockoutApp() {
  let now = new Date("2026-12-01T09:00:00Z");
  t = testApp({ loginLimits: limits, trustProxy: 1, now: () => now });
  return { advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const login = (from: string, username: string, pass: string, agent?: ReturnType<typeof request.agent>) =>
  (agent ?? request(t.app)).post("/api/auth/login").set("X-Forwarded-For", from).send({ username, password: pass });

/** A browser where the real admin signed in before: it holds a device cookie. */
async function adminBrowser(from: string) {
  await t.user("admin", "admin");
  const browser = request.agent(t.app);
  const first = await login(from, "admin", password, browser).expect(200);
  const cookies = ([] as string[]).concat(first.headers["set-cookie"] ?? []);
  expect(cookies.some((c) => /^longpref_device=.+HttpOnly/i.test(c))).toBe(true);
  return browser;
}

describe("login limits an attacker cannot turn against the user", () => {
  it("never refuses the real user's known browser for failures from other addresses, however the name is written", async () => {
    lockoutApp();
    const browser = await adminBrowser("10.0.0.1");
    // Anonymous failures for the account from two other addresses: the account's budget is spent.
    for (const from of ["203.0.113.7", "203.0.113.8"]) {
      for (const name of ["admin", "ADMIN", " Admin"]) await login(from, name, "not-the-password").expect(401);
    }
    const attacker = await login("203.0.113.7", "admin", password);
    expect(attacker.status).toBe(429);
    expect(Number(attacker.headers["retry-after"])).toBeGreaterThan(0);
    // A browser that never signed in as admin meets the account's limit, wherever it is...
    await login("10.0.0.1", "admin", password).expect(429);
    // ...the admin's own browser does not, at home or travelling.
    await login("10.0.0.1", "admin", password, browser).expect(200);
    await login("198.51.100.4", "admin", password, browser).expect(200);
  });

  it("never refuses the known browser for failures from its own address either (the attacker shares it)", async () => {
    lockoutApp();
    const browser = await adminBrowser("10.0.0.1");
    // The same address: the account's budget for it, then a spray that spends the address's budget.
    for (let i = 0; i < 3; i++) await login("10.0.0.1", "admin", `wrong-${i}-password`).expect(401);
    for (let i = 0; i < 7; i++) await login("10.0.0.1", `guess${i}`, "wrong-password").expect(401);
    await login("10.0.0.1", "someone", "wrong-password").expect(429);
    await login("10.0.0.1", "admin", password).expect(429);
    await login("10.0.0.1", "admin", password, browser).expect(200);
  });

  it("limits a device cookie by its own failure budget, and only for the account it was given to", async () => {
    const clock = lockoutApp();
    const browser = await adminBrowser("10.0.0.1");
    await t.user("rita", "researcher");
    // Admin's cookie is no pass for rita: her failures from this browser count against her as usual.
    for (let i = 0; i < 3; i++) await login("10.0.0.1", "rita", "wrong-password", browser).expect(401);
    await login("10.0.0.1", "rita", password, browser).expect(429);
    // The cookie's own budget: 3 failures (whoever holds the browser), then 429 until the window ends.
    for (let i = 0; i < 3; i++) await login("10.0.0.1", "admin", "wrong-password", browser).expect(401);
    const refused = await login("10.0.0.1", "admin", password, browser).expect(429);
    expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(60);
    clock.advance(61_000);
    await login("10.0.0.1", "admin", password, browser).expect(200);
  });

  it("keeps a class behind one address signing in: successes cost nothing, known browsers pass a spent address", async () => {
    lockoutApp();
    await t.user("admin", "admin");
    const annotators = await Promise.all(Array.from({ length: 5 }, async (_, i) => (await t.user(`ann${i}`, "annotator")).username));
    const browsers = annotators.map(() => request.agent(t.app));
    const first = await Promise.all(annotators.map((name, i) => login("10.1.1.1", name, password, browsers[i])));
    expect(first.map((r) => r.status)).toEqual(Array(5).fill(200));
    // Someone at the same address sprays ten wrong guesses: the address is spent for strangers.
    for (let i = 0; i < 10; i++) await login("10.1.1.1", `spray${i}`, "wrong-password").expect(401);
    await login("10.1.1.1", "admin", password).expect(429);
    const again = await Promise.all(annotators.map((name, i) => login("10.1.1.1", name, password, browsers[i])));
    expect(again.map((r) => r.status)).toEqual(Array(5).fill(200));
  });

  it("keeps at most maxKeys counters, whatever 300 distinct usernames from 300 addresses do", async () => {
    t = testApp();
    const limiter = loginLimiter({ ...defaultLoginLimits, maxKeys: 100 }, t.ctx.loginCounters);
    let peak = 0;
    for (let i = 0; i < 300; i++) {
      await limiter.check({ username: `unknown-user-${i}`, address: `10.0.${i >> 8}.${i & 255}` }, async () => null);
      peak = Math.max(peak, limiter.trackedKeys());
    }
    // Three counters per attempt: 900 wanted, 100 kept.
    expect(peak).toBe(100);
    expect(limiter.trackedKeys()).toBe(100);
  });
});
