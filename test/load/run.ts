import { rmSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname } from "node:path";
import { openDatabase } from "../../server/db/open";
import { buildAnnotationDb, k } from "../bench/annotation-build";
import { checkHumanJudgments } from "../bench/annotation-check";
import { percentiles, type PhaseStats } from "../bench/annotation-load";
import { serveAndLoad, type PhaseDurations } from "../bench/annotation-phases";

// `npm run test:load` (issue #7): 200 annotators on loopback against the real app in a child process, on a
// database holding 1,000,000 judgments (the annotation bench's file: 200,000 samples, k = 20, here 5,000
// prefilled judgments per annotator). The main phase is the paced one, 60 s of annotators who read each
// item 0.5–1.5 s; a saturating phase (no think time) shows the ceiling. Every non-2xx answer and every
// network error is an error. Afterwards the file must pass integrity_check and the queue's rules (at most
// k judgments per comparison, no annotator twice on one comparison, counters equal to the rows).
// Exit code 1 on any error or failed check. About 2.5 minutes on a quiet machine. The machine's load
// average during the phases is printed: other work on the same CPUs slows the server as much as the load.
const annotators = 200;
const judgmentsPerAnnotator = 5_000;
// No HTTP-floor phase here (the bench has one).
const durations: PhaseDurations = { floorS: 0, warmupS: 2, saturatedS: 15, pacedS: 60 };

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const quantiles = [50, 95, 99, 100];
const errorsOf = (s: PhaseStats) => [...s.unexpected.values()].reduce((a, b) => a + b, 0);

const t0 = performance.now();
const load0 = loadavg()[0]!;
const bench = await buildAnnotationDb({ annotators, judgmentsPerAnnotator });
const buildS = (performance.now() - t0) / 1000;
console.log(
  `load build: 200,000 samples, ${annotators} annotators, ${fmt(annotators * judgmentsPerAnnotator)} judgments (k = ${k}), ` +
    `${fmt(bench.megabytes)} MB file in ${fmt(buildS, 1)} s; ${availableParallelism()} CPUs, load average ${fmt(load0, 1)} before`,
);

let failures: string[] = [];
const loads: number[] = [];
const watchLoad = setInterval(() => loads.push(loadavg()[0]!), 5_000);
try {
  const load = await serveAndLoad(bench, undefined, durations);
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
  const meanLoad = loads.reduce((a, b) => a + b, 0) / loads.length;
  const { started, afterLogins } = load.serverMemory;
  console.log(
    `load logins: ${annotators} annotators signed in in ${fmt(load.loginS, 1)} s; load average ${fmt(meanLoad, 1)} on average while serving; ` +
      `server RSS ${fmt(started.rssMb)} MB once listening (peak ${fmt(started.peakRssMb)}), ${fmt(afterLogins.rssMb)} MB after the logins (peak ${fmt(afterLogins.peakRssMb)})`,
  );
  for (const [name, what, s, seconds, serverMs, clientMs, memory] of phases) {
    const requests = s.nextMs.length + s.submitMs.length;
    const errors = errorsOf(s);
    console.log(
      `load ${name} (${annotators} annotators, ${what}): next-item ${percentiles(s.nextMs, quantiles)}; submit ${percentiles(s.submitMs, quantiles)}; ` +
        `${fmt(requests / seconds)} requests/s, ${fmt(s.createdInWindow / seconds)} judgments/s (${fmt(s.created)} judgments); ` +
        `errors ${errors}${errors ? ` (${[...s.unexpected].map(([key, n]) => `${key} × ${n}`).join(", ")})` : ""}; ` +
        `server CPU ${fmt(serverMs / 1000 / seconds, 2)} cores, RSS ${fmt(memory.rssMb)} MB (peak ${fmt(memory.peakRssMb)} MB); load generator ${fmt(clientMs / 1000 / seconds, 2)} cores`,
    );
    if (errors > 0) failures.push(`${errors} errors in the ${name} phase`);
  }

  const checkStart = performance.now();
  const db = openDatabase(bench.path);
  try {
    const integrity = (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check);
    const check = checkHumanJudgments(db, bench.campaignId);
    const created = load.saturated.created + load.paced.created;
    console.log(
      `load check (${fmt((performance.now() - checkStart) / 1000, 1)} s): integrity_check ${integrity.join("; ")}; ${fmt(check.fromLoad)} judgments ` +
        `stored for ${fmt(created)} answers 201; ${check.overK} comparisons over k = ${k}; ${check.judgedTwice} comparisons judged twice ` +
        `by one annotator; ${check.miscounted} comparison counters off`,
    );
    if (integrity.join() !== "ok") failures.push("integrity_check failed");
    if (check.fromLoad !== created) failures.push(`${check.fromLoad} judgments stored for ${created} answers 201`);
    if (check.overK + check.judgedTwice + check.miscounted > 0) failures.push("the queue's rules are broken");
  } finally {
    db.close();
  }
} catch (err) {
  failures = [...failures, `load test crashed: ${err instanceof Error ? err.stack : String(err)}`];
} finally {
  clearInterval(watchLoad);
  rmSync(dirname(bench.path), { recursive: true, force: true });
}
console.log(
  `load total: ${fmt((performance.now() - t0) / 1000, 1)} s; ${failures.length === 0 ? "passed" : `FAILED: ${failures.join("; ")}`}`,
);
process.exit(failures.length === 0 ? 0 : 1);
