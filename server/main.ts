import { createApp, defaultMaxBodyBytes } from "./app";
import { bootstrapEmptyDatabase } from "./bootstrap";
import { clientDist, ensureClientBuild } from "./client-build";
import { openLongprefDatabase } from "./db/open-checked";
import { removeAbandonedSets } from "./instructions/chunked-write";
import { removeAbandonedOutputImports } from "./sampling/import-outputs";
import { readEnv } from "./env";
import { consoleLogger } from "./logger";
import { systemClock } from "./clock";
import { openAiChat } from "./llm/chat-client";
import { endpointPolicy } from "./endpoint-policy";
import { loadModelsFile } from "./sampling/models-file";
import { createJobRunner } from "./job-runner";

// The only impure entry: reads the environment, opens and migrates the database, serves.
async function main() {
  const env = readEnv();
  const policy = endpointPolicy(process.env);
  // Refuses (exit 1, file untouched) anything but a new or a longpref database this version can use.
  const { db, applied } = openLongprefDatabase(env.LONGPREF_DB);
  if (applied.length > 0) consoleLogger.info(`Applied migrations: ${applied.join(", ")}`);
  await ensureClientBuild((l) => consoleLogger.info(l));
  const app = createApp({
    db,
    endpointPolicy: policy,
    clientDir: clientDist,
    trustProxy: env.LONGPREF_TRUST_PROXY,
    sessionIdleMs: Math.round(env.LONGPREF_SESSION_IDLE_HOURS * 3600 * 1000),
    maxBodyBytes: Math.round(env.LONGPREF_MAX_UPLOAD_MB * 1024 * 1024) || defaultMaxBodyBytes,
  });
  // An import or deletion cut by a crash left hidden rows: removed before anyone is served.
  const abandoned = await removeAbandonedSets(app.locals.ctx);
  if (abandoned > 0) consoleLogger.info(`Removed ${abandoned} unfinished import(s) or deletion(s) of instruction sets`);
  const abandonedOutputs = await removeAbandonedOutputImports(app.locals.ctx);
  if (abandonedOutputs > 0) consoleLogger.info(`Removed ${abandonedOutputs} unfinished outputs import job(s)`);
  await bootstrapEmptyDatabase(app.locals.ctx, {
    adminPassword: env.LONGPREF_ADMIN_PASSWORD,
    demo: env.LONGPREF_NO_DEMO !== "1" && env.LONGPREF_NO_DEMO !== "true",
    print: (l) => consoleLogger.info(l),
  });
  const configured = loadModelsFile(app.locals.ctx, env.LONGPREF_MODELS_FILE);
  if (configured.length > 0) consoleLogger.info(`Models from ${env.LONGPREF_MODELS_FILE}: ${configured.join(", ")}`);
  // Sampling jobs run in the server process; unfinished ones resume here after a crash or restart.
  const runner = createJobRunner(app.locals.ctx, {
    chat: openAiChat({ hosts: policy.hosts }),
    clock: systemClock,
    leaseMs: env.LONGPREF_SAMPLING_LEASE_MS,
    stallMs: env.LONGPREF_SAMPLING_STALL_MS,
  }).start();
  const server = app.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    const shown = ["0.0.0.0", "127.0.0.1", "::", "::1"].includes(env.HOST) ? "localhost" : env.HOST;
    consoleLogger.info(`longpref is serving http://${shown}:${port} (database ${env.LONGPREF_DB})`);
  });
  const stop = () => {
    server.close();
    void runner.stop().then(() => (db.close(), process.exit(0)));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  consoleLogger.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
