import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createApp, defaultMaxBodyBytes, type App } from "./app";
import { bootstrapEmptyDatabase } from "./bootstrap";
import { clientDist, ensureClientBuild, projectRoot } from "./client-build";
import { systemClock } from "./clock";
import { describeDatabase } from "./db/dialect";
import type { Db } from "./db/open";
import { openLongprefDatabase } from "./db/open-checked";
import { endpointPolicy, type EndpointPolicy } from "./endpoint-policy";
import type { Env } from "./env";
import { removeAbandonedSets } from "./instructions/chunked-write";
import { consoleLogger } from "./logger";
import { openAiChat } from "./llm/chat-client";
import { removeAbandonedOutputImports } from "./sampling/import-outputs";
import { loadModelsFile } from "./sampling/models-file";
import type { JobRunner } from "./work/runner";
import { createJobRunner } from "./job-runner";

/**
 * How the browser gets the client. `npm start`: the built bundle (client/dist, rebuilt when stale), served
 * by the app on PORT. `npm run dev`: vite's dev server (hot reload) on PORT, proxying /api to the app on
 * apiPort; vite serves its own pages, as the app's CSP would refuse the inline script hot reload needs.
 */
export type ClientServing = { kind: "built" } | { kind: "vite"; apiPort: number };

export interface RunningServer {
  /** The address people open (the app's in `npm start`, vite's in `npm run dev`). */
  url: string;
  /** Stops listening, lets the runner settle its in-flight calls, closes the database. */
  stop(): Promise<void>;
}

const logUrl = (host: string, port: number) =>
  `http://${["0.0.0.0", "127.0.0.1", "::", "::1"].includes(host) ? "localhost" : host}:${port}`;

/**
 * What `npm start` and `npm run dev` both run, in this order: open and check the database (a file that is
 * not a usable longpref database stops here, untouched), serve nothing until abandoned imports are removed,
 * bootstrap an empty database, load the models file, start the job runner, listen.
 */
export async function startServer(env: Env, client: ClientServing): Promise<RunningServer> {
  const policy = endpointPolicy(process.env);
  const { db, applied } = openLongprefDatabase(env.LONGPREF_DB);
  if (applied.length > 0) consoleLogger.info(`Applied migrations: ${applied.join(", ")}`);
  if (client.kind === "built") await ensureClientBuild((l) => consoleLogger.info(l));
  const app = createApp({
    db,
    endpointPolicy: policy,
    clientDir: client.kind === "built" ? clientDist : undefined,
    trustProxy: env.LONGPREF_TRUST_PROXY,
    sessionIdleMs: Math.round(env.LONGPREF_SESSION_IDLE_HOURS * 3600 * 1000),
    maxBodyBytes: Math.round(env.LONGPREF_MAX_UPLOAD_MB * 1024 * 1024) || defaultMaxBodyBytes,
  });
  await prepareData(app, env);
  const runner = startJobRunner(app, env, policy);

  if (client.kind === "built") {
    const server = await listen(app, env.PORT, env.HOST);
    const url = logUrl(env.HOST, (server.address() as AddressInfo).port);
    consoleLogger.info(`longpref is serving ${url} (database ${describeDatabase(db, env.LONGPREF_DB)})`);
    return { url, stop: () => stopAll(db, runner, [server]) };
  }

  const api = await listen(app, client.apiPort, "127.0.0.1");
  const apiPort = (api.address() as AddressInfo).port;
  const { createServer } = await import("vite");
  const vite = await createServer({
    configFile: join(projectRoot, "vite.config.ts"),
    server: { host: env.HOST, port: env.PORT, strictPort: true, proxy: { "/api": `http://127.0.0.1:${apiPort}` } },
  });
  await vite.listen();
  const port = (vite.httpServer?.address() as AddressInfo | null)?.port ?? env.PORT;
  const url = logUrl(env.HOST, port);
  consoleLogger.info(
    `longpref is serving ${url} through vite, the API on http://127.0.0.1:${apiPort} (database ${describeDatabase(db, env.LONGPREF_DB)})`,
  );
  return { url, stop: () => stopAll(db, runner, [api], vite) };
}

async function prepareData(app: App, env: Env) {
  const ctx = app.locals.ctx;
  // An import or deletion cut by a crash left hidden rows: removed before anyone is served.
  const abandoned = await removeAbandonedSets(ctx);
  if (abandoned > 0) consoleLogger.info(`Removed ${abandoned} unfinished import(s) or deletion(s) of instruction sets`);
  const abandonedOutputs = await removeAbandonedOutputImports(ctx);
  if (abandonedOutputs > 0) consoleLogger.info(`Removed ${abandonedOutputs} unfinished outputs import job(s)`);
  await bootstrapEmptyDatabase(ctx, {
    adminPassword: env.LONGPREF_ADMIN_PASSWORD,
    demo: env.LONGPREF_NO_DEMO !== "1" && env.LONGPREF_NO_DEMO !== "true",
    print: (l) => consoleLogger.info(l),
  });
  const configured = loadModelsFile(ctx, env.LONGPREF_MODELS_FILE);
  if (configured.length > 0) consoleLogger.info(`Models from ${env.LONGPREF_MODELS_FILE}: ${configured.join(", ")}`);
}

// Sampling and judge jobs run in the server process; unfinished ones resume here after a crash or restart.
function startJobRunner(app: App, env: Env, policy: EndpointPolicy): JobRunner {
  return createJobRunner(app.locals.ctx, {
    chat: openAiChat({ hosts: policy.hosts }),
    clock: systemClock,
    leaseMs: env.LONGPREF_SAMPLING_LEASE_MS,
    stallMs: env.LONGPREF_SAMPLING_STALL_MS,
  }).start();
}

function listen(app: App, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}

/** SIGINT or SIGTERM (Ctrl-C, a supervisor): stop, then exit 0. */
export function stopOnSignals(server: RunningServer) {
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

// New connections stop at once; answers in flight (a long export) are not waited for, the runner is.
async function stopAll(db: Db, runner: JobRunner, servers: Server[], vite?: { close(): Promise<void> }) {
  for (const server of servers) server.close();
  await Promise.all([vite?.close(), runner.stop()]);
  db.close();
}
