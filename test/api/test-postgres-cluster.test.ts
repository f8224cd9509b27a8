import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { testBackend } from "../helpers/test-db";

// scripts/with-test-postgres.sh, which npm test's PostgreSQL pass runs in. Needs PostgreSQL installed: under
// CI=true it always runs (.ci/run installs it); the PostgreSQL pass itself skips it, running on such a cluster.
const script = fileURLToPath(new URL("../../scripts/with-test-postgres.sh", import.meta.url));
const installed = existsSync("/usr/lib/postgresql") && readdirSync("/usr/lib/postgresql").length > 0;

function run(command: string[], env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn("bash", [script, ...command], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const leftovers = () => readdirSync(process.env.TMPDIR ?? tmpdir()).filter((f) => f.startsWith("longpref-pg-"));

describe.skipIf(testBackend === "postgres" || (!installed && process.env.CI !== "true"))(
  "the throwaway PostgreSQL cluster",
  {
    timeout: 180_000,
  },
  () => {
    it("runs the command against a fresh loopback cluster with fsync off, passes its exit code on and leaves nothing behind", async () => {
      const before = new Set(leftovers());
      // The command prints what it was given and what the server says, then fails with 3.
      const probe = `node -e 'console.log(process.env.LONGPREF_TEST_PG)' && psql "$LONGPREF_TEST_PG" -Atc "SHOW fsync" -c "SHOW listen_addresses"; exit 3`;
      const res = await run(["bash", "-c", probe], { LONGPREF_TEST_PG: undefined });
      expect(res.code, res.stderr).toBe(3);
      const [url, fsync, listen] = res.stdout.trim().split("\n");
      expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/$/);
      expect(fsync).toBe("off");
      expect(listen).toBe("127.0.0.1");
      expect(leftovers().filter((f) => !before.has(f))).toEqual([]);
    });

    it("uses the server LONGPREF_TEST_PG names instead of starting one", async () => {
      const res = await run(["bash", "-c", 'echo "$LONGPREF_TEST_PG"'], { LONGPREF_TEST_PG: "postgres://postgres@db.example:5432/" });
      expect(res.code).toBe(0);
      expect(res.stdout.trim()).toBe("postgres://postgres@db.example:5432/");
    });
  },
);
