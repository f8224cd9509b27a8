import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../server/app";
import { defaultLoginLimits, type LoginLimits } from "../../server/auth/login-limiter";
import { openDatabase, type Db } from "../../server/db/open";
import { silentLogger } from "../../server/logger";
import { password, testApp, type TestApp } from "../helpers/test-app";

// Two server processes on one database, as behind a load balancer (issue #19): each app here has its own
// connection and its own limiter, and shares nothing with the other but the database.
const limits: LoginLimits = { ...defaultLoginLimits, perAccountAddress: 3, perAccount: 6, perAddress: 10, perDevice: 3, windowSeconds: 60 };

let t: TestApp;
let secondDb: Db | undefined;
afterEach(() => {
  secondDb?.close();
  secondDb = undefined;
  t?.close();
});

function twoServers() {
  t = testApp({ loginLimits: limits, trustProxy: 1 });
  secondDb = openDatabase(t.dbPath);
  const second = createApp({ db: secondDb, log: silentLogger, loginLimits: limits, trustProxy: 1 });
  return [t.app, second] as const;
}

const login = (app: TestApp["app"], username: string, pass: string) =>
  request(app).post("/api/auth/login").set("X-Forwarded-For", "203.0.113.9").send({ username, password: pass });

const sessionCookie = (res: request.Response) =>
  ([] as string[])
    .concat(res.headers["set-cookie"] ?? [])
    .map((c) => c.split(";")[0])
    .join("; ");

describe("login limits and sessions shared by two servers on one database", () => {
  it("counts failures sent to either server against one budget", async () => {
    const [a, b] = twoServers();
    await t.user("rita", "researcher");
    await login(a, "rita", "wrong-password").expect(401);
    await login(b, "rita", "wrong-password").expect(401);
    await login(a, "rita", "wrong-password").expect(401);
    // Three failures in all, though neither server saw three: both refuse now, even the right password.
    await login(b, "rita", password).expect(429);
    await login(a, "rita", password).expect(429);
  });

  it("lets no more guesses through than the budget when they arrive at both servers at once", async () => {
    const [a, b] = twoServers();
    await t.user("rita", "researcher");
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login(i % 2 ? a : b, "rita", `guess-${i}-password`)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(limits.perAccountAddress);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - limits.perAccountAddress);
  });

  it("honours a session made on one server on the other, and ends it everywhere at logout", async () => {
    const [a, b] = twoServers();
    await t.user("rita", "researcher");
    const cookie = sessionCookie(await login(a, "rita", password).expect(200));
    const me = await request(b).get("/api/auth/me").set("Cookie", cookie).expect(200);
    expect(me.body.user.username).toBe("rita");
    await request(b).post("/api/auth/logout").set("Cookie", cookie).expect(200);
    await request(a).get("/api/auth/me").set("Cookie", cookie).expect(401);
  });
});
