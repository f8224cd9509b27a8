// Where the prebuilt bundles live (dist/server) and whether they may run: the manifest written by
// server/build-server.js records the size and mtime each source had when esbuild read it; one file that
// differs now (or a missing output) makes the bundles stale. A few ms: it runs at every start.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("..", import.meta.url));
export const distDir = join(projectRoot, "dist", "server");
export const manifestFile = join(distDir, "manifest.json");

/** The bundles built, by name (dist/server/NAME.js), and the source each starts from. */
export const entries = { cli: "server/cli/main.ts", server: "server/main.ts" };

/** Why the bundles cannot be run as they are (missing, or a source changed since), or null when they can. */
export function staleReason() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  } catch {
    return "not built";
  }
  for (const output of manifest.outputs ?? []) {
    if (!sameFile(join(projectRoot, output), undefined)) return `${output} is missing`;
  }
  for (const [input, seen] of Object.entries(manifest.inputs ?? {})) {
    if (!sameFile(join(projectRoot, input), seen)) return `${input} changed`;
  }
  return Object.keys(manifest.inputs ?? {}).length > 0 ? null : "empty manifest";
}

// `seen` is [mtimeMs, size] as recorded at build time; undefined only asks whether the file exists.
function sameFile(path, seen) {
  try {
    const stat = statSync(path);
    return seen === undefined || (stat.mtimeMs === seen[0] && stat.size === seen[1]);
  } catch {
    return false;
  }
}
