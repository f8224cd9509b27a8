import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../helpers/server-process";

// Start-up cost of the command line and the server, prebuilt (server/prebuilt.js, dist/server) next to the
// TypeScript sources through tsx (LONGPREF_PREBUILT=0), as wall time and CPU (the children's, from
// /proc/self/stat): `longpref --help` (goal < 0.3 s) run by node and by npx, one runCli spawn as the tests make it (`ls sets --json`
// on a database), and `npm start` until GET / answers the page (goal < 1.5 s). `node -e 0` is the floor on
// this machine at this moment (other work slows everything here alike). BENCH_RUNS=N runs each N times.
const root = fileURLToPath(new URL("../..", import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const dir = mkdtempSync(join(tmpdir(), "longpref-bench-start-"));
const dbPath = join(dir, "bench.db");
const baseEnv = {
  ...process.env,
  LONGPREF_DB: dbPath,
  LONGPREF_NO_DEMO: "1",
  LONGPREF_ADMIN_PASSWORD: "bench admin password",
  LONGPREF_MODELS_FILE: join(dir, "models.json"),
};
const tsx = { LONGPREF_PREBUILT: "0" };

// Linux: user + system seconds of the children waited for so far (fields 16 and 17, clock ticks of 10 ms).
function childrenCpu(): number {
  if (!existsSync("/proc/self/stat")) return NaN;
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const figure = (wall: number[], cpu: number[]) => `${median(wall).toFixed(2)} s wall, ${median(cpu).toFixed(2)} s CPU`;

function timeCommand(args: string[], env: Record<string, string> = {}): string {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuBefore = childrenCpu();
    const started = performance.now();
    const run = spawnSync(args[0]!, args.slice(1), { cwd: root, env: { ...baseEnv, ...env }, encoding: "utf8" });
    wall.push((performance.now() - started) / 1000);
    cpu.push(childrenCpu() - cpuBefore);
    if (run.status !== 0) throw new Error(`${args.join(" ")} failed: ${run.stderr}`);
  }
  return figure(wall, cpu);
}

/** Spawns `npm start` and polls GET / until it answers the page; the server is stopped (SIGTERM) each time. */
async function timeStart(env: Record<string, string>): Promise<string> {
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const started = performance.now();
    const child = spawn("npm", ["start"], { cwd: root, env: { ...baseEnv, ...env, PORT: String(port) }, stdio: "ignore", detached: true });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      for (;;) {
        if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
        const page = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
        if (page?.status === 200 && (await page.text()).includes('<div id="root">')) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      wall.push((performance.now() - started) / 1000);
    } finally {
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    }
  }
  return `${median(wall).toFixed(2)} s wall`;
}

function timeBuild(): string {
  const started = performance.now();
  const built = spawnSync(process.execPath, ["server/build-server.js"], { cwd: root, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  return `${((performance.now() - started) / 1000).toFixed(2)} s wall`;
}

console.log(`\n== CLI and server start (median of ${runs}) ==`);
console.log(`full rebuild (npm run build:server, also what a run pays after an edit): ${timeBuild()}`);
console.log(`node -e 0 (floor now):                 ${timeCommand([process.execPath, "-e", "0"])}`);
const bin = [process.execPath, "server/cli/bin.js"];
console.log(`longpref --help        prebuilt:       ${timeCommand([...bin, "--help"])}   tsx: ${timeCommand([...bin, "--help"], tsx)}`);
// What people type: npm exec first links the project into its own cache and reads the installed tree.
console.log(
  `npx longpref --help    prebuilt:       ${timeCommand(["npx", "longpref", "--help"])}   tsx: ${timeCommand(["npx", "longpref", "--help"], tsx)}`,
);
// Migrates the empty database once, so the timed runs open an existing one as most test runs do.
timeCommand([...bin, "ls", "sets"]);
console.log(
  `runCli (ls sets --json) prebuilt:      ${timeCommand([...bin, "ls", "sets", "--json"])}   tsx: ${timeCommand([...bin, "ls", "sets", "--json"], tsx)}`,
);
console.log(`npm start to a served page prebuilt:   ${await timeStart({})}   tsx: ${await timeStart(tsx)}`);
rmSync(dir, { recursive: true, force: true });
