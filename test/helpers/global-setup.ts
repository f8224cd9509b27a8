import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ensureClientBuild } from "../../server/client-build";

const buildServer = fileURLToPath(new URL("../../server/build-server.js", import.meta.url));

/**
 * Before any test file runs: the server and CLI bundles that runCli and ServerProcess start are rebuilt when
 * a source changed (once here, instead of by many test processes at once; each start still checks), and
 * browser tests get the built client when it is stale.
 */
export default async function setup() {
  const built = spawnSync(process.execPath, [buildServer, "--if-stale"], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`bundling the server and CLI failed:\n${built.stderr}`);
  if (process.env.LONGPREF_SKIP_CLIENT_BUILD === "1") return;
  await ensureClientBuild((line) => console.log(line));
}
