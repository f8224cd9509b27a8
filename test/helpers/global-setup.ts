import { ensureClientBuild } from "../../server/client-build";

// Browser tests drive the built client; build it once, before any test file runs, when it is stale.
export default async function setup() {
  if (process.env.LONGPREF_SKIP_CLIENT_BUILD === "1") return;
  await ensureClientBuild((line) => console.log(line));
}
