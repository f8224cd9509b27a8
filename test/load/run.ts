import { availableParallelism, loadavg } from "node:os";
import { openDatabase } from "../../server/db/open";
import { k } from "../bench/annotation-build";
import { checkHumanJudgments } from "../bench/annotation-check";
import { insideServer, percentiles, type PhaseStats } from "../bench/annotation-load";
import { serveAndLoad, type PhaseDurations } from "../bench/annotation-phases";
import { type Backend, buildBackendDb, postgresBackend, serversOf, sqliteBackend } from "../bench/backends-build";

// `npm run test:load` (issues #7 and #19): 200 annotators on loopback against the real app in a child process,
// on a database holding 1,000,000 judgments (100,000 comparisons, 200,000 samples, k = 20, 10 prefilled
// judgments per comparison), on SQLite and, given a PostgreSQL server (LONGPREF_TEST_PG, which
// scripts/with-test-postgres.sh sets), on PostgreSQL with the same rows. The main phase is the paced one, 60 s
// of annotators who read each item 0.5–1.5 s; a saturating phase (no think time) shows the ceiling. Every
// non-2xx answer and every network error is an error. Afterwards the database must pass its integrity check
// (SQLite's integrity_check) and the queue's rules (at most k judgments per comparison, no annotator twice on
// one comparison, counters equal to the rows). Exit code 1 on any error or failed check. About 2.5 minutes per
// backend on a quiet machine. The machine's load average during the phases is printed: other work on the same
// CPUs slows the server as much as the load.
const annotators = 200;
const instructions = 100_000;
const perComparison = 10;
// No HTTP-floor phase here (the bench has one).
const durations: PhaseDurations = { floorS: 0, warmupS: 2, saturatedS: 15, pacedS: 60 };

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const quantiles = [50, 95, 99, 100];
const errorsOf = (s: PhaseStats) => [...s.unexpected.values()].reduce((a, b) => a + b, 0);

const pgServer = process.env.LONGPREF_TEST_PG;
if (!pgServer && process.env.CI === "true") {
  console.error("CI: no PostgreSQL server named (LONGPREF_TEST_PG); run through scripts/with-test-postgres.sh");
  process.exit(1);
}
const backends: Backend[] = [sqliteBackend, ...(pgServer ? [postgresBackend(pgServer)] : [])];
if (!pgServer) console.log("load: no PostgreSQL server named (LONGPREF_TEST_PG), SQLite alone");

const t0 = performance.now();
const failures: string[] = [];
for (const backend of backends) {
  const name = `load ${backend.name}`;
  try {
    failures.push(...(await loadOne(backend)).map((f) => `${backend.name}: ${f}`));
  } catch (err) {
    failures.push(`${backend.name}: load test crashed: ${err instanceof Error ? err.stack : String(err)}`);
    console.log(`${name}: crashed`);
  }
}
console.log(
  `load total: ${fmt((performance.now() - t0) / 1000, 1)} s; ${failures.length === 0 ? "passed" : `FAILED: ${failures.join("; ")}`}`,
);
process.exit(failures.length === 0 ? 0 : 1);

/** One backend: build, serve and load, check. Answers what failed. */
async function loadOne(backend: Backend): Promise<string[]> {
  const name = `load ${backend.name}`;
  const failures: string[] = [];
  const database = backend.create();
  const loads: number[] = [];
  const watchLoad = setInterval(() => loads.push(loadavg()[0]!), 5_000);
  try {
    const started = performance.now();
    const load0 = loadavg()[0]!;
    const bench = await buildBackendDb(database.location, { instructions, annotators, perComparison });
    console.log(
      `${name} build: ${fmt(instructions * 2)} samples, ${annotators} annotators, ${fmt(instructions * perComparison)} judgments (k = ${k}) ` +
        `in ${fmt((performance.now() - started) / 1000, 1)} s; ${availableParallelism()} CPUs, load average ${fmt(load0, 1)} before`,
    );
    const load = await serveAndLoad({ ...bench, megabytes: 0 }, undefined, durations, backend.servers);
    clearInterval(watchLoad);
    const phases = [
      [
        "paced (main)",
        `${durations.pacedS} s, each annotator reads 0.5–1.5 s per item`,
        load.paced,
        durations.pacedS,
        load.pacedServerMs,
        load.pacedClientMs,
        load.serverMemory.afterPaced,
      ],
      [
        "saturated",
        `${durations.warmupS} s warm-up + ${durations.saturatedS} s, no think time`,
        load.saturated,
        durations.saturatedS,
        load.serverMs,
        load.clientMs,
        load.serverMemory.afterSaturated,
      ],
    ] as const;
    const meanLoad = loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length);
    const { started: listening, afterLogins } = load.serverMemory;
    console.log(
      `${name} logins: ${annotators} annotators signed in in ${fmt(load.loginS, 1)} s; load average ${fmt(meanLoad, 1)} on average while serving; ` +
        `server RSS ${fmt(listening.rssMb)} MB once listening (peak ${fmt(listening.peakRssMb)}), ${fmt(afterLogins.rssMb)} MB after the logins (peak ${fmt(afterLogins.peakRssMb)})`,
    );
    for (const [phase, what, s, seconds, serverMs, clientMs, memory] of phases) {
      const requests = s.nextMs.length + s.submitMs.length;
      const errors = errorsOf(s);
      console.log(
        `${name} ${phase} (${annotators} annotators on ${serversOf(backend)}, ${what}): next-item ${percentiles(s.nextMs, quantiles)}; submit ${percentiles(s.submitMs, quantiles)}; ` +
          `${fmt(requests / seconds)} requests/s, ${fmt(s.createdInWindow / seconds)} judgments/s (${fmt(s.created)} judgments); ` +
          `errors ${errors}${errors ? ` (${[...s.unexpected].map(([key, n]) => `${key} × ${n}`).join(", ")})` : ""}; ` +
          `server CPU ${fmt(serverMs / 1000 / seconds, 2)} cores, RSS ${fmt(memory.rssMb)} MB (peak ${fmt(memory.peakRssMb)} MB); load generator ${fmt(clientMs / 1000 / seconds, 2)} cores`,
      );
      if (phase === "paced (main)") console.log(`${name} paced: ${insideServer(load.pacedHandlerMs)}`);
      if (errors > 0) failures.push(`${errors} errors in the ${phase} phase`);
    }

    const checkStart = performance.now();
    const db = openDatabase(database.location);
    try {
      // PostgreSQL checks its pages as it reads them; SQLite's file gets the full check.
      const integrity =
        backend.name === "SQLite"
          ? (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ")
          : "ok";
      const check = checkHumanJudgments(db, bench.campaignId);
      const created = load.saturated.created + load.paced.created;
      console.log(
        `${name} check (${fmt((performance.now() - checkStart) / 1000, 1)} s): integrity ${integrity}; ${fmt(check.fromLoad)} judgments ` +
          `stored for ${fmt(created)} answers 201; ${check.overK} comparisons over k = ${k}; ${check.judgedTwice} comparisons judged twice ` +
          `by one annotator; ${check.miscounted} comparison counters off`,
      );
      if (integrity !== "ok") failures.push("integrity check failed");
      if (check.fromLoad !== created) failures.push(`${check.fromLoad} judgments stored for ${created} answers 201`);
      if (check.overK + check.judgedTwice + check.miscounted > 0) failures.push("the queue's rules are broken");
    } finally {
      db.close();
    }
  } finally {
    clearInterval(watchLoad);
    database.drop();
  }
  return failures;
}
