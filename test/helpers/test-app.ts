import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import type { Role } from "../../shared/schemas/user";
import { createApp, type AppDeps } from "../../server/app";
import { migrate } from "../../server/db/migrate";
import { openDatabase } from "../../server/db/open";
import { silentLogger } from "../../server/logger";
import { createUser } from "./factories";

export const password = "correct horse battery";

/** A fresh SQLite file migrated by the real runner, and the app built on it. */
export function testApp(overrides: Partial<AppDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "longpref-test-"));
  const dbPath = join(dir, "test.db");
  const db = openDatabase(dbPath);
  migrate(db);
  const app = createApp({ db, log: silentLogger, ...overrides });
  const ctx = app.locals.ctx;
  return {
    app,
    db,
    ctx,
    dbPath,
    user: (username: string, role: Role) => createUser(ctx, username, role, password),
    /** A supertest agent holding the session cookie of a new user with this role. */
    async agentAs(role: Role, username: string = role) {
      await this.user(username, role);
      const agent = request.agent(app);
      await agent.post("/api/auth/login").send({ username, password }).expect(200);
      return agent;
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type TestApp = ReturnType<typeof testApp>;
