import request from "supertest";
import type { Role } from "../../shared/schemas/user";
import { createApp, type AppDeps } from "../../server/app";
import { openDatabase } from "../../server/db/open";
import { silentLogger } from "../../server/logger";
import { createUser } from "./factories";
import { freshTestDatabase } from "./test-db";

export const password = "correct horse battery";

/**
 * A fresh database migrated by the real runner (a SQLite file, or a PostgreSQL database when the suites run on
 * PostgreSQL: test-db.ts), and the app built on it. `dbPath` is the file path or URL.
 */
export function testApp(overrides: Partial<AppDeps> = {}) {
  const database = freshTestDatabase();
  const dbPath = database.location;
  const db = openDatabase(dbPath);
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
      database.drop();
    },
  };
}
export type TestApp = ReturnType<typeof testApp>;
