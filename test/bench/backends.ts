import { spawn, spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../../server/db/open";
import { checkHumanJudgments } from "./annotation-check";
import { insideServer, percentiles } from "./annotation-load";
import type { BenchDb } from "./annotation-build";
import { type PhaseDurations, serveAndLoad } from "./annotation-phases";
import { alternatePaced } from "./backends-alternating";
import { type Backend, buildBackendDb, postgresBackend, serversOf, sqliteBackend } from "./backends-build";

// Both backends side by side on one machine (issue #19): the same annotation load (200 annotators on loopback
// against the real app in a child process) on a SQLite file and on a PostgreSQL database holding the same
// rows: paced next-item and submit p99 (goal < 20 ms on PostgreSQL), saturated throughput and its PG/SQLite
// ratio. PostgreSQL is the server named by LONGPREF_BENCH_PG (else LONGPREF_TEST_PG), e.g.
// postgres://postgres@127.0.0.1:55432/; without one this section says so and measures SQLite alone.
// BACKENDS_INSTRUCTIONS sets the size: 100,000 (the default) gives 1,000,000 prefilled judgments (10 per comparison).
const instructions = Number(process.env.BACKENDS_INSTRUCTIONS ?? 100_000);
const annotators = 200;
const perComparison = 10;
const durations: PhaseDurations = { floorS: 0, warmupS: 2, saturatedS: 15, pacedS: 20 };
const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

const pgServer = process.env.LONGPREF_BENCH_PG || process.env.LONGPREF_TEST_PG;
const backends: Backend[] = [sqliteBackend, ...(pgServer ? [postgresBackend(pgServer)] : [])];
if (!pgServer) console.log("backends: no PostgreSQL server named (LONGPREF_BENCH_PG), SQLite alone");

const saturatedRate: Record<string, number> = {};
// Both databases stay until the alternating paced run (backends-alternating.ts) has used them.
const kept: { backend: Backend; database: { location: string; drop(): void }; bench?: BenchDb }[] = [];
try {
  for (const backend of backends) {
    const database = backend.create();
    kept.push({ backend, database });
    const t0 = performance.now();
    const built = await buildBackendDb(database.location, { instructions, annotators, perComparison });
    const bench = { ...built, megabytes: 0 };
    kept.at(-1)!.bench = bench;
    const buildS = (performance.now() - t0) / 1000;
    const load0 = loadavg()[0]!;
    const load = await serveAndLoad(bench, undefined, durations, backend.servers);
    const { saturated, paced } = load;
    saturatedRate[backend.name] = saturated.createdInWindow / durations.saturatedS;
    const db = openDatabase(database.location);
    const check = checkHumanJudgments(db, built.campaignId);
    db.close();
    const errors = [...saturated.unexpected, ...paced.unexpected].map(([key, n]) => `${key} × ${n}`);
    console.log(
      `backends ${backend.name}: ${fmt(instructions)} comparisons, ${fmt(instructions * perComparison)} prefilled judgments, built in ${fmt(buildS, 1)} s ` +
        `(${built.timings.map(([name, ms]) => `${name} ${fmt(ms / 1000, 1)}`).join(", ")}); load average ${fmt(load0, 1)} before`,
    );
    console.log(
      `backends ${backend.name} paced (${annotators} annotators on ${serversOf(backend)}, 0.5–1.5 s per item, ${durations.pacedS} s): ` +
        `${fmt(paced.createdInWindow / durations.pacedS)} submits/s; next-item ${percentiles(paced.nextMs)}; submit ${percentiles(paced.submitMs)} (goal p99 < 20 ms); ${insideServer(load.pacedHandlerMs)}`,
    );
    console.log(
      `backends ${backend.name} saturated (${serversOf(backend)}, no think time, ${durations.saturatedS} s): ${fmt(saturatedRate[backend.name]!)} submits/s; ` +
        `next-item ${percentiles(saturated.nextMs)}; submit ${percentiles(saturated.submitMs)}; server CPU ${fmt(load.serverMs / 1000 / durations.saturatedS, 2)} cores; ` +
        `errors ${errors.length ? errors.join(", ") : "none"}; check: ${check.judgedTwice} judged twice, ${check.overK} over k, ${check.miscounted} counters off`,
    );
  }
  if (kept.length > 1) await alternatePaced(kept.map(({ backend, bench }) => ({ backend, bench: bench! })));
} finally {
  for (const { database } of kept) database.drop();
}
if (saturatedRate.PostgreSQL !== undefined) {
  console.log(
    `backends ratio: PostgreSQL ÷ SQLite saturated submits/s = ${fmt(saturatedRate.PostgreSQL / saturatedRate.SQLite!, 3)} ` +
      `(${fmt(saturatedRate.PostgreSQL)} ÷ ${fmt(saturatedRate.SQLite!)})`,
  );
}

// The sampling runner on each backend: 2,000 samples with C = 64 in flight against a fake endpoint answering
// after D = 200 ms (the sampling bench's child, on a database of each backend): achieved rate ÷ C/D.
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const C = 64;
const D = 200;
const endpoint = spawn(process.execPath, ["--import", "tsx", here("./fake-endpoint.ts")], {
  env: { ...process.env, DELAY_MS: String(D), TOKENS: "2000", CHUNKS: "50" },
  stdio: ["ignore", "pipe", "inherit"],
});
const port = await new Promise<number>((resolve) => endpoint.stdout!.once("data", (d: Buffer) => resolve(JSON.parse(d.toString()).port)));
const ofIdeal: Record<string, number> = {};
try {
  for (const backend of backends) {
    const database = backend.create();
    try {
      const run = spawnSync(process.execPath, ["--import", "tsx", here("./sampling-child.ts")], {
        env: {
          ...process.env,
          URL: `http://127.0.0.1:${port}/v1`,
          SAMPLES: "2000",
          CONCURRENCY: String(C),
          DB_LOCATION: database.location,
        },
        encoding: "utf8",
      });
      if (run.status !== 0) throw new Error(run.stderr);
      const r = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { done: number; failed: number; seconds: number; cpuSeconds: number };
      const rate = r.done / r.seconds;
      ofIdeal[backend.name] = rate / (C / (D / 1000));
      console.log(
        `backends ${backend.name} sampling 2,000 (C=${C}, D=${D} ms): ${r.done} done, ${r.failed} failed in ${fmt(r.seconds, 1)} s = ${fmt(rate, 1)} samples/s, ` +
          `${fmt(ofIdeal[backend.name]!, 3)} of C/D; CPU ${fmt((r.cpuSeconds / r.done) * 1000, 2)} s per 1,000 samples`,
      );
    } finally {
      database.drop();
    }
  }
} finally {
  endpoint.kill();
}
if (ofIdeal.PostgreSQL !== undefined) {
  console.log(`backends sampling ratio: PostgreSQL ÷ SQLite of C/D = ${fmt(ofIdeal.PostgreSQL / ofIdeal.SQLite!, 3)} (goal ≥ 0.9)`);
}
