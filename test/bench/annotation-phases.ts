import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BenchDb } from "./annotation-build";
import { password } from "./annotation-build";
import { type Annotator, closeConnections, getLoop, login, type PhaseStats, runPhase } from "./annotation-load";

// The served part of the annotation bench: the app in a child process (annotation-server.ts) on the bench
// file, its annotators logged in, then three phases: the HTTP floor (GET /api/auth/me back to back), a
// saturating load (next, judge, next... with no think time) and a paced one (0.5–1.5 s of reading per item).
// The load test (test/load/) runs the same phases with its own durations.
export interface PhaseDurations {
  floorS: number;
  warmupS: number;
  saturatedS: number;
  pacedS: number;
}
export const benchDurations: PhaseDurations = { floorS: 3, warmupS: 2, saturatedS: 15, pacedS: 8 };
export const { warmupS, saturatedS, pacedS, floorS } = benchDurations;

/** What the server process reports of itself over IPC. */
export interface ServerUsage {
  cpuMs: number;
  rssMb: number;
  peakRssMb: number;
}

/** Milliseconds per request inside the server process, as annotation-server.ts reports them. */
export interface HandlerTimes {
  next: number[];
  submit: number[];
}

export interface Load {
  loginS: number;
  floor: { requests: number; serverMs: number };
  saturated: PhaseStats;
  /** Server and load-generator CPU over the saturated phase's measured window. */
  serverMs: number;
  clientMs: number;
  paced: PhaseStats;
  /** Server and load-generator CPU over the paced phase. */
  pacedServerMs: number;
  pacedClientMs: number;
  /** Each paced next-item's and submit's time inside a server process (all servers together). */
  pacedHandlerMs: HandlerTimes;
  /** The server's memory (now and peak so far) once listening, after the logins and after each phase. */
  serverMemory: { started: ServerUsage; afterLogins: ServerUsage; afterSaturated: ServerUsage; afterPaced: ServerUsage };
}

/** Server processes on one bench database, their annotators logged in (dealt round them, each staying on one). */
export interface Served {
  annotators: Annotator[];
  loginS: number;
  /** The first server's memory now and at its peak. */
  usage(): Promise<ServerUsage>;
  /** CPU of all the servers so far. */
  cpuMs(): Promise<number>;
  /** What every server handled since it was last asked (each forgets it). */
  handlerTimes(): Promise<HandlerTimes>;
  /** Stops the servers (their profiles, if any, are written). */
  stop(): Promise<void>;
}

/**
 * Starts `servers` processes of the app on the bench database (PostgreSQL's deployment runs several on one
 * database) and logs the bench's annotators in. profileDir: the servers run with --cpu-prof and write their
 * profiles there on exit. `started` is the first server's usage once listening, before the logins.
 */
export async function serve(bench: BenchDb, servers = 1, profileDir?: string): Promise<Served & { started: ServerUsage }> {
  const children = Array.from({ length: servers }, () =>
    fork(fileURLToPath(new URL("./annotation-server.ts", import.meta.url)), [], {
      execArgv: ["--import", "tsx", ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])],
      env: { ...process.env, DB_PATH: bench.path },
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    }),
  );
  // One question over IPC to a server, answered by its next message.
  const ask = <T>(server: (typeof children)[number], question: "cpu" | "handlers") =>
    new Promise<T>((resolve) => {
      server.once("message", (m) => resolve(m as T));
      server.send(question);
    });
  const usageOf = (server: (typeof children)[number]) => ask<ServerUsage>(server, "cpu");
  const stop = async () => {
    await Promise.all(
      children.map(
        (server) =>
          new Promise((resolve) => {
            if (server.exitCode !== null) return resolve(null);
            server.once("exit", resolve);
            server.kill("SIGTERM");
          }),
      ),
    );
  };
  try {
    const ports = await Promise.all(
      children.map(
        (server) =>
          new Promise<number>((resolve, reject) => {
            server.stdout!.once("data", (d: Buffer) => resolve((JSON.parse(d.toString()) as { port: number }).port));
            server.once("exit", (code) => reject(new Error(`annotation server exited (${code})`)));
          }),
      ),
    );
    const started = await usageOf(children[0]!);
    const loginStart = performance.now();
    const annotators = await Promise.all(bench.usernames.map((u, i) => login(ports[i % ports.length]!, u, password)));
    return {
      annotators,
      loginS: (performance.now() - loginStart) / 1000,
      started,
      usage: () => usageOf(children[0]!),
      cpuMs: async () => (await Promise.all(children.map(usageOf))).reduce((sum, u) => sum + u.cpuMs, 0),
      handlerTimes: async () => {
        const all = await Promise.all(children.map((server) => ask<HandlerTimes>(server, "handlers")));
        return { next: all.flatMap((h) => h.next), submit: all.flatMap((h) => h.submit) };
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Paced annotators (0.5–1.5 s of reading per item) from now for `seconds`, measured from the start. */
export function runPaced(annotators: Annotator[], campaignId: number, seconds: number): Promise<PhaseStats> {
  const from = performance.now();
  return runPhase(annotators, { campaignId, measureFrom: from, until: from + seconds * 1000, thinkMs: () => 500 + Math.random() * 1000 });
}

/**
 * The three phases on `servers` processes (see serve); CPU is summed over the servers, memory is the first one's.
 */
export async function serveAndLoad(
  bench: BenchDb,
  profileDir?: string,
  durations: PhaseDurations = benchDurations,
  servers = 1,
): Promise<Load> {
  const { floorS, warmupS, saturatedS, pacedS } = durations;
  const served = await serve(bench, servers, profileDir);
  const { annotators, handlerTimes } = served;
  // Server and load-generator CPU from `from` (performance.now()) until `run` settles.
  async function withCpu<T>(from: number, run: () => Promise<T>) {
    let server0 = NaN;
    let client0 = process.cpuUsage();
    const mark = setTimeout(
      () =>
        void served.cpuMs().then((ms) => {
          server0 = ms;
          client0 = process.cpuUsage();
        }),
      Math.max(0, from - performance.now()),
    );
    const result = await run();
    clearTimeout(mark);
    const client = process.cpuUsage(client0);
    return { result, serverMs: (await served.cpuMs()) - server0, clientMs: (client.user + client.system) / 1000 };
  }

  try {
    const afterLogins = await served.usage();
    const floor = await withCpu(performance.now(), () => getLoop(annotators, "/api/auth/me", floorS));
    const measureFrom = performance.now() + warmupS * 1000;
    const saturated = await withCpu(measureFrom, () =>
      runPhase(annotators, { campaignId: bench.campaignId, measureFrom, until: measureFrom + saturatedS * 1000 }),
    );
    const afterSaturated = await served.usage();
    await handlerTimes();
    const paced = await withCpu(performance.now(), () => runPaced(annotators, bench.campaignId, pacedS));
    return {
      loginS: served.loginS,
      floor: { requests: floor.result, serverMs: floor.serverMs },
      saturated: saturated.result,
      serverMs: saturated.serverMs,
      clientMs: saturated.clientMs,
      paced: paced.result,
      pacedServerMs: paced.serverMs,
      pacedClientMs: paced.clientMs,
      pacedHandlerMs: await handlerTimes(),
      serverMemory: { started: served.started, afterLogins, afterSaturated, afterPaced: await served.usage() },
    };
  } finally {
    closeConnections();
    await served.stop();
  }
}
