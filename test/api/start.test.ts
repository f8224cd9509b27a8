import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

// What `npm start` runs, as a real process on a fresh database file: the demo workspace must be there.
describe("npm start on an empty database", () => {
  it("creates admin and the demo workspace, and serves the UI and the API", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "longpref-start-")), "start.db");
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: root,
      env: { ...process.env, PORT: "0", LONGPREF_DB: dbPath, LONGPREF_ADMIN_PASSWORD: "first-start-pass" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let output = "";
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /serving (http:\/\/\S+)/.exec(output);
          if (match) (clearTimeout(timer), resolve(match[1]!.replace("localhost", "127.0.0.1")));
        };
        child.stdout.on("data", read);
        child.stderr.on("data", read);
        child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
      });
      expect(output).toContain('Created user "admin"');
      expect(output).not.toContain("first-start-pass");

      expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ ok: true });
      const shell = await fetch(`${url}/sets`);
      expect(shell.status).toBe(200);
      expect(await shell.text()).toContain('<div id="root">');

      const login = await fetch(`${url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password: "first-start-pass" }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
      const sets = (await (await fetch(`${url}/api/instruction-sets`, { headers: { cookie } })).json()) as {
        sets: { name: string; is_demo: boolean; instruction_count: number }[];
      };
      expect(sets.sets).toHaveLength(1);
      expect(sets.sets[0]!.is_demo).toBe(true);
      expect(sets.sets[0]!.instruction_count).toBeGreaterThanOrEqual(28);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
