import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { password, testApp, type TestApp } from "../helpers/test-app";

// Issue 15, point 6: the interface language is the user's own choice, stored with the account so it follows them
// to another browser; without a choice (null) the client follows the browser's languages.
let t: TestApp;
afterEach(() => t?.close());

describe("a user's interface language", () => {
  it("is null until chosen, then is returned by login and /me in every new session", async () => {
    t = testApp();
    const ann = await t.agentAs("annotator", "ann");
    expect((await ann.get("/api/auth/me").expect(200)).body.user.language).toBeNull();

    const set = await ann.put("/api/auth/language").send({ language: "zh" }).expect(200);
    expect(set.body.user).toMatchObject({ username: "ann", language: "zh" });
    expect((await ann.get("/api/auth/me").expect(200)).body.user.language).toBe("zh");
    // Another browser: the login answer already carries the choice.
    const login = await request(t.app).post("/api/auth/login").send({ username: "ann", password }).expect(200);
    expect(login.body.user.language).toBe("zh");

    await ann.put("/api/auth/language").send({ language: "en" }).expect(200);
    expect((await ann.get("/api/auth/me")).body.user.language).toBe("en");
    // null goes back to following the browser.
    await ann.put("/api/auth/language").send({ language: null }).expect(200);
    expect((await ann.get("/api/auth/me")).body.user.language).toBeNull();
  });

  it("accepts only en, zh or null, and only from a signed-in user", async () => {
    t = testApp();
    const ann = await t.agentAs("annotator", "ann");
    for (const body of [{ language: "fr" }, { language: "ZH" }, { language: 1 }, {}, { language: "zh", extra: 1 }]) {
      const res = await ann.put("/api/auth/language").send(body).expect(400);
      expect(res.body.error).toBe("invalid_input");
    }
    expect((await ann.get("/api/auth/me")).body.user.language).toBeNull();
    await request(t.app).put("/api/auth/language").send({ language: "zh" }).expect(401);
    // A value outside the list cannot reach the table by another way either.
    const id = (await ann.get("/api/auth/me")).body.user.id as number;
    expect(() => t.db.prepare("UPDATE users SET language = 'fr' WHERE id = ?").run(id)).toThrow(/CHECK|check constraint/);
  });

  it("changes only the caller's own account, whatever id the body names", async () => {
    t = testApp();
    const admin = await t.agentAs("admin", "boss");
    const ann = await t.user("ann", "annotator");
    // There is no id to give: naming another user is an unknown field, refused.
    await admin.put("/api/auth/language").send({ language: "zh", user_id: ann.id }).expect(400);
    await admin.put("/api/auth/language").send({ language: "zh" }).expect(200);
    expect(t.ctx.users.get(ann.id)!.language).toBeNull();
    expect(t.ctx.users.findByName("boss")!.language).toBe("zh");
    // Admins see each account's choice in the user list (it is no secret), and cannot set it there.
    const listed = (await admin.get("/api/users").expect(200)).body.items as { username: string; language: string | null }[];
    expect(listed.map((u) => [u.username, u.language])).toEqual([
      ["ann", null],
      ["boss", "zh"],
    ]);
    await admin.patch(`/api/users/${ann.id}`).send({ language: "zh" }).expect(400);
  });
});
