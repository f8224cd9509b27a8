import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "../../server/clock";
import { createContext } from "../../server/context";
import { migrate } from "../../server/db/migrate";
import { openDatabase } from "../../server/db/open";
import { importInstructionSet } from "../../server/instructions/import-set";
import { silentLogger } from "../../server/logger";
import { openAiChat } from "../../server/llm/chat-client";
import { createSamplingJob } from "../../server/sampling/jobs";
import { fieldsFromBody } from "../../server/sampling/model-fields";
import { createJobRunner } from "../../server/job-runner";

// One measured sampling run in its own process (so peak memory and CPU are this run's): SAMPLES samples
// (4 per instruction) at CONCURRENCY against the fake endpoint at URL (several base URLs: comma-separated);
// prints one JSON line. CPU and memory are counted from just before the runner starts, after start-up.
const samples = Number(process.env.SAMPLES ?? 2000);
const concurrency = Number(process.env.CONCURRENCY ?? 64);
const n = 4;
// DB_LOCATION: a migrated database to run on instead (the backends bench gives a PostgreSQL one).
const db = openDatabase(process.env.DB_LOCATION ?? join(mkdtempSync(join(tmpdir(), "longpref-bench-sampling-")), "bench.db"));
migrate(db);
const ctx = createContext(db, () => new Date(), silentLogger);
const content = Array.from({ length: samples / n }, (_, i) =>
  JSON.stringify({ prompt: `Write a 2000-word essay number ${i}`, length: 2000 }),
).join("\n");
const set = importInstructionSet(ctx, { name: "bench", format: "jsonl", content }, null);
if (set.dryRun) throw new Error("dry run");
const model = ctx.models.create(
  fieldsFromBody({ name: "bench", base_urls: process.env.URL!.split(","), model: "bench", max_in_flight: concurrency }),
  "ui",
  new Date(),
);
const jobId = createSamplingJob(ctx, { set_id: set.setId, model_id: model.id, n }, null);

global.gc?.();
const { rss: rss0, heapUsed: heap0 } = process.memoryUsage();
let peakRss = rss0;
let peakHeap = heap0;
const watch = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 25);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await createJobRunner(ctx, { chat: openAiChat(), clock: systemClock, pollMs: 200 }).runJob(jobId);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
clearInterval(watch);
const job = ctx.samplingJobs.get(jobId)!;
const { chars } = db.prepare("SELECT coalesce(sum(length(text)), 0) AS chars FROM samples WHERE status = 'done'").get() as {
  chars: number;
};
console.log(
  JSON.stringify({
    samples,
    done: job.counts.done,
    failed: job.counts.failed,
    chars,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    startRssMb: rss0 / 2 ** 20,
    peakRssMb: peakRss / 2 ** 20,
    startHeapMb: heap0 / 2 ** 20,
    peakHeapMb: peakHeap / 2 ** 20,
  }),
);
db.close();
