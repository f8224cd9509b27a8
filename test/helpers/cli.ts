import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const cliBin = fileURLToPath(new URL("../../server/cli/bin.js", import.meta.url));

/**
 * `npx longpref ARGS` as a child process. Asynchronous: a fake endpoint living in the test's process must
 * keep answering while the CLI runs.
 */
export function runCli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cliBin, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (status) => resolve({ status, stdout, stderr }));
  });
}
