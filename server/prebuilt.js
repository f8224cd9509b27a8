// Runs an entry (the CLI, the server) from its ahead-of-time bundle in dist/server when that bundle was built
// from the sources as they are now; otherwise rebuilds it first (esbuild, well under a second), and only when
// that fails (a syntax error, a read-only folder) runs the TypeScript sources through tsx. Plain JavaScript:
// it runs before anything can compile TypeScript. Never stale: the bundle's manifest records the size and
// mtime each source had when esbuild read it, and one differing file is enough to rebuild.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

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

/**
 * Runs entry `name` in this process (a supervisor's kill reaches the server itself, not a wrapper).
 * LONGPREF_PREBUILT=0 skips the bundle and runs the sources through tsx.
 */
export async function runEntry(name) {
  if (process.env.LONGPREF_PREBUILT !== "0" && (await bundleReady())) {
    return import(pathToFileURL(join(distDir, `${name}.js`)).href);
  }
  const { register } = await import("tsx/esm/api");
  register();
  return import(pathToFileURL(join(projectRoot, entries[name])).href);
}

async function bundleReady() {
  if (staleReason() === null) return true;
  try {
    const { buildServer } = await import("./build-server.js");
    await buildServer();
    return true;
  } catch {
    // tsx then runs the sources and reports the same problem (a syntax error) the way it always did.
    return false;
  }
}
