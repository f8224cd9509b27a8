import { rmSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname } from "node:path";
import { openDatabase } from "../../server/db/open";
import { inProcessQueue, rawInserts, submitWrites } from "./annotation-baselines";
import { annotators, buildAnnotationDb, judgmentsPerAnnotator, k } from "./annotation-build";
import { checkHumanJudgments } from "./annotation-check";
import { insideServer, percentiles } from "./annotation-load";
import { floorS, pacedS, saturatedS, serveAndLoad, warmupS } from "./annotation-phases";

// The annotation queue under load: 200,000 samples and 1,000,000 judgments in the database, 100 simulated
// annotators on loopback against the real app in a child process. Figures: next-item and submit latency
// (goal p99 < 20 ms) and submits/s against raw prepared inserts into the same table (goal ≥ 0.5), with
// two fairer baselines that show where the time goes. ANNOTATION_CPU_PROF=<dir> profiles the server.
const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

const t0 = performance.now();
const bench = await buildAnnotationDb();
console.log(
  `annotation build: 100,000 instructions, 200,000 samples (1–2 kB each), ${annotators} annotators, ` +
    `${fmt(annotators * judgmentsPerAnnotator)} judgments (k = ${k}) in ${fmt((performance.now() - t0) / 1000, 1)} s ` +
    `(${bench.timings.map(([name, ms]) => `${name} ${fmt(ms / 1000, 1)}`).join(", ")}); ${fmt(bench.megabytes)} MB file`,
);
try {
  const load0 = loadavg()[0]!;
  const load = await serveAndLoad(bench, process.env.ANNOTATION_CPU_PROF);
  const { saturated, paced } = load;
  const serverRate = saturated.createdInWindow / saturatedS;
  const requestRate = (saturated.nextMs.length + saturated.submitMs.length) / saturatedS;
  console.log(
    `annotation load: ${availableParallelism()} CPUs, load average ${fmt(load0, 1)} before; ${annotators} logins in ${fmt(load.loginS, 1)} s; ` +
      `HTTP floor GET /api/auth/me (helmet, session, JSON) ${fmt(load.floor.requests / floorS)} req/s at ` +
      `${fmt((load.floor.serverMs * 1000) / load.floor.requests)} µs server CPU each`,
  );
  console.log(
    `annotation saturated (no think time, ${warmupS} s warm-up + ${saturatedS} s): next-item ${percentiles(saturated.nextMs)}; ` +
      `submit ${percentiles(saturated.submitMs)} (goal p99 < 20 ms; ${annotators} in flight ÷ ${fmt(requestRate)} req/s = ` +
      `${fmt((annotators / requestRate) * 1000, 1)} ms mean by Little's law)`,
  );
  console.log(
    `annotation saturated: ${fmt(saturated.createdInWindow)} judgments = ${fmt(serverRate)} submits/s; server CPU ` +
      `${fmt(load.serverMs / 1000 / saturatedS, 2)} cores = ${fmt((load.serverMs * 1000) / (requestRate * saturatedS))} µs per request; ` +
      `load generator ${fmt(load.clientMs / 1000 / saturatedS, 2)} cores`,
  );
  console.log(
    `annotation paced (each annotator reads 0.5–1.5 s per item, ${pacedS} s): ${fmt(paced.createdInWindow / pacedS)} submits/s; ` +
      `next-item ${percentiles(paced.nextMs)}; submit ${percentiles(paced.submitMs)} (goal p99 < 20 ms); ${insideServer(load.pacedHandlerMs)}`,
  );
  for (const [name, s] of [
    ["saturated", saturated],
    ["paced", paced],
  ] as const) {
    if (s.unexpected.size > 0)
      console.log(`annotation ${name}: unexpected answers ${[...s.unexpected].map(([key, n]) => `${key} × ${n}`).join(", ")}`);
  }

  const db = openDatabase(bench.path);
  try {
    const raw = rawInserts(db, bench.baselineCampaignId, bench.userIds, 2, 60_000);
    const writes = submitWrites(db, bench.baselineCampaignId, bench.userIds, 2, 30_000);
    const queue = inProcessQueue(db, bench.campaignId, bench.userIds, 3);
    console.log(
      `annotation baselines (same file and pragmas, no HTTP): raw INSERT autocommit ${fmt(raw.perSecond)}/s; ` +
        `submit's writes (INSERT + 2 UPDATEs, one transaction) ${fmt(writes.perSecond)}/s; queue.next + queue.submit in-process ` +
        `${fmt(queue.perSecond)} items/s (next ${fmt(queue.nextUs)} µs, submit + judgedBy ${fmt(queue.submitUs)} µs)`,
    );
    console.log(
      `annotation ratios: server submits/s ÷ raw inserts/s = ${fmt(serverRate / raw.perSecond, 3)} (goal ≥ 0.5); ` +
        `÷ submit's writes = ${fmt(serverRate / writes.perSecond, 3)}; ÷ in-process queue = ${fmt(serverRate / queue.perSecond, 3)}`,
    );
    const check = checkHumanJudgments(db, bench.campaignId);
    const created = saturated.created + paced.created;
    console.log(
      `annotation check: ${fmt(check.fromLoad)} new annotations for ${fmt(created)} answers 201; ${check.judgedTwice} comparisons ` +
        `judged twice by one annotator; ${check.overK} comparisons over k = ${k}; ${check.miscounted} comparison counters off`,
    );
    if (check.fromLoad !== created || check.judgedTwice + check.overK + check.miscounted > 0) {
      throw new Error("annotation bench: the database disagrees with the answers");
    }
  } finally {
    db.close();
  }
} finally {
  rmSync(dirname(bench.path), { recursive: true, force: true });
}
