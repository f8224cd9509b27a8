import { describe, expect, it } from "vitest";
import { login, ServerProcess } from "../helpers/server-process";
import { emptyTestDatabase } from "../helpers/test-db";

// What `npm start` runs, as a real process on a fresh database (a file, or PostgreSQL under LONGPREF_TEST_PG):
// the demo workspace must be there.
describe("npm start on an empty database", () => {
  it("creates admin and the demo workspace, and serves the UI and the API", async () => {
    const database = emptyTestDatabase();
    const server = await ServerProcess.start(database.location, { LONGPREF_ADMIN_PASSWORD: "first-start-pass", LONGPREF_NO_DEMO: "0" });
    try {
      const { url, output } = server;
      expect(output).toContain('Created user "admin"');
      expect(output).not.toContain("first-start-pass");

      expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ ok: true, database: { state: "ok" } });
      const shell = await fetch(`${url}/sets`);
      expect(shell.status).toBe(200);
      expect(await shell.text()).toContain('<div id="root">');

      const cookie = await login(url, "admin", "first-start-pass");
      const sets = (await (await fetch(`${url}/api/instruction-sets`, { headers: { cookie } })).json()) as {
        items: { name: string; is_demo: boolean; instruction_count: number }[];
      };
      expect(sets.items).toHaveLength(1);
      expect(sets.items[0]!.is_demo).toBe(true);
      expect(sets.items[0]!.instruction_count).toBeGreaterThanOrEqual(28);
    } finally {
      await server.stop();
      database.drop();
    }
  });
});
