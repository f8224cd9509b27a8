import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { defaultLoginLimits } from "../../server/auth/login-limiter";
import { hashPassword } from "../../server/auth/password";
import { password, testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

// Sequential guessing (429 + Retry-After per user and per IP) is in auth.test.ts; these are the ways around it.
describe("login brute force, the ways around the limiter", () => {
  it("counts guesses sent all at once: no more than the budget get their password checked", async () => {
    t = testApp({ loginLimits: { ...defaultLoginLimits, perAccountAddress: 3, perAccount: 3, perAddress: 1000, windowSeconds: 60 } });
    await t.user("rita", "researcher");
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(t.app)
          .post("/api/auth/login")
          .send({ username: "rita", password: `guess-${i}-wrong` }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
    for (const a of answers.filter((a) => a.status === 429)) expect(Number(a.headers["retry-after"])).toBeGreaterThan(0);
    await request(t.app).post("/api/auth/login").send({ username: "rita", password }).expect(429);
  });

  it("counts a username however it is written, and an IP whatever X-Forwarded-For claims", async () => {
    t = testApp({ loginLimits: { ...defaultLoginLimits, perAccountAddress: 3, perAccount: 3, perAddress: 6, windowSeconds: 60 } });
    await t.user("rita", "researcher");
    for (const username of ["rita", " RITA", "Rita "]) {
      await request(t.app).post("/api/auth/login").send({ username, password: "wrong-pass" }).expect(401);
    }
    await request(t.app).post("/api/auth/login").send({ username: "rita", password }).expect(429);
    // The app trusts no proxy: a forged X-Forwarded-For is not a new IP.
    for (let i = 0; i < 6; i++) {
      await request(t.app)
        .post("/api/auth/login")
        .set("X-Forwarded-For", `10.0.0.${i}`)
        .send({ username: `guess${i}`, password: "wrong-pass" });
    }
    const blocked = await request(t.app)
      .post("/api/auth/login")
      .set("X-Forwarded-For", "10.9.9.9")
      .send({ username: "other", password: "wrong-pass" });
    expect(blocked.status).toBe(429);
  });

  it("does not spend the IP's budget on successful logins, even 40 at once (a class behind one address)", async () => {
    t = testApp({ loginLimits: { ...defaultLoginLimits, perAccountAddress: 3, perAccount: 3, perAddress: 3, windowSeconds: 60 } });
    const hash = await hashPassword(password); // once: scrypt is slow on purpose
    for (let i = 0; i < 40; i++) t.ctx.users.create(`user${i}`, "annotator", hash, new Date());
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        request(t.app)
          .post("/api/auth/login")
          .send({ username: `user${i}`, password }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
  });

  it("bounds guesses sprayed over many usernames at once from one IP near its budget", async () => {
    t = testApp({ loginLimits: { ...defaultLoginLimits, perAccountAddress: 100, perAccount: 100, perAddress: 5, windowSeconds: 60 } });
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        request(t.app)
          .post("/api/auth/login")
          .send({ username: `spray${i}`, password: "wrong-pass" }),
      ),
    );
    const checked = answers.filter((a) => a.status === 401).length;
    // Checks run 4 at a time per IP, so at most 3 beyond the budget were already in scrypt when it ran out.
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(checked).toBeLessThanOrEqual(5 + 3);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(30 - checked);
  });
});
