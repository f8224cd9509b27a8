import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("..", import.meta.url));
export const clientDist = join(projectRoot, "client", "dist");

// What the client bundle is built from: a change to any of these makes the build stale.
const sources = ["client/src", "client/index.html", "shared", "vite.config.ts", "package-lock.json"];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

export function clientBuildIsStale(): boolean {
  const built = join(clientDist, "index.html");
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return sources.some((s) => newestMtime(join(projectRoot, s)) > builtAt);
}

/** Builds the client with vite when its build is missing or older than its sources. */
export async function ensureClientBuild(log: (line: string) => void): Promise<void> {
  if (!clientBuildIsStale()) return;
  log("Building the client (missing or stale)...");
  const { build } = await import("vite");
  await build({ configFile: join(projectRoot, "vite.config.ts"), logLevel: "warn" });
  log("Client built.");
}
