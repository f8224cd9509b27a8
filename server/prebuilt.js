// Runs an entry (the CLI, the server) from its ahead-of-time bundle in dist/server when that bundle was built
// from the sources as they are now; otherwise rebuilds it first (esbuild: seconds, once), and only when
// that fails (a syntax error, a read-only folder) runs the TypeScript sources through tsx. Plain JavaScript:
// it runs before anything can compile TypeScript. Never stale: the bundle's manifest records the size and
// mtime each source had when esbuild read it, and one differing file is enough to rebuild.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { distDir, entries, projectRoot, staleReason } from "./prebuilt-manifest.js";

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
