import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { qualityScore, type QualityScores, qualityDimensions } from "../../shared/scoring/judge-answer";
import { seededRandom } from "../../shared/scoring/seeded-random";
import { createContext } from "../../server/context";
import { migrate } from "../../server/db/migrate";
import { openDatabase } from "../../server/db/open";
import { importInstructionSet } from "../../server/instructions/import-set";
import { createJudgeJob } from "../../server/judging/jobs";
import { silentLogger } from "../../server/logger";
import { createPairRun } from "../../server/pairs/runs";
import { instructionReview } from "../../server/pairs/review";
import { fieldsFromBody } from "../../server/sampling/model-fields";

// Stored pair proposals end to end on a SQLite file: 100,000 instructions × 4 finished samples, every
// sample judged. Figures: queueing a judge job over all of them (the cache lookups included), creating a
// pair run (score every sample in SQL, propose, store the proposals), then what a reviewer waits for.
const instructions = 100_000;
const n = 4;

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

const db = openDatabase(join(mkdtempSync(join(tmpdir(), "longpref-bench-pairs-")), "bench.db"));
migrate(db);
const ctx = createContext(db, () => new Date(), silentLogger);
const content = Array.from({ length: instructions }, (_, i) =>
  JSON.stringify({ id: `i${i}`, prompt: `Write about topic ${i}.`, length: 500 + (i % 8) * 500 }),
).join("\n");
const outcome = importInstructionSet(ctx, { name: "bench", format: "jsonl", content }, null);
if (outcome.dryRun) throw new Error("unexpected dry run");
const setId = outcome.setId;
const writer = ctx.models.create(fieldsFromBody({ name: "writer", base_urls: [], model: "w" }), "ui", new Date());
const judge = ctx.models.create(fieldsFromBody({ name: "judge", base_urls: ["http://127.0.0.1:9/v1"], model: "j" }), "ui", new Date());
const jobId = ctx.samplingJobs.create(
  {
    set_id: setId,
    model_id: writer.id,
    n,
    strategy: "import",
    filter: {},
    params: { temperature: 0.5, top_p: null, max_tokens: 1000 },
    templates: null,
    status: "done",
    created_by: null,
  },
  new Date(),
);
const random = seededRandom(7, "bench:pair-run");
const ids = ctx.instructions.ids({ set: setId });
db.transaction(() => {
  for (const instruction_id of ids) {
    for (let k = 0; k < n; k++) {
      const words = 300 + Math.floor(random() * 4000);
      ctx.samples.insertFinished(
        [
          {
            job_id: jobId,
            instruction_id,
            model_id: writer.id,
            sample_index: k,
            source: "imported",
            text: "x",
            word_count: words,
            finish_reason: "stop",
            flags: random() < 0.02 ? ["repetition"] : [],
          },
        ],
        new Date(),
      );
    }
  }
})();

const [judgeJob, queueMs] = time(() => createJudgeJob(ctx, { set_id: setId, judge_model_id: judge.id }, null));
console.log(`judge job: ${(instructions * n).toLocaleString("en-US")} judgments queued in ${queueMs.toFixed(0)} ms`);
const settle = db.prepare("UPDATE judge_scores SET status = 'done', scores = ?, quality_score = ?, finished_at = updated_at WHERE id = ?");
const rows = db.prepare("SELECT id FROM judge_scores WHERE job_id = ?").all(judgeJob) as { id: number }[];
db.transaction(() => {
  for (const { id } of rows) {
    const scores = Object.fromEntries(qualityDimensions.map((d) => [d, 1 + Math.floor(random() * 5)])) as QualityScores;
    settle.run(JSON.stringify(scores), qualityScore(scores).total, id);
  }
})();
const [, requeueMs] = time(() => createJudgeJob(ctx, { set_id: setId, judge_model_id: judge.id }, null));
console.log(`judge job again: all ${(instructions * n).toLocaleString("en-US")} found cached in ${requeueMs.toFixed(0)} ms`);

for (const strategy of ["best-vs-random", "all-pairs"] as const) {
  const [runId, runMs] = time(() => createPairRun(ctx, { set_id: setId, judge_model_id: judge.id, strategy, seed: 7 }, null));
  const run = ctx.pairRuns.get(runId)!;
  console.log(
    `pair run (stored, ${strategy}): ${instructions.toLocaleString("en-US")} instructions × ${n} samples → ` +
      `${run.proposals.toLocaleString("en-US")} proposals in ${runMs.toFixed(0)} ms${strategy === "best-vs-random" ? " (goal < 5,000 ms)" : ""}`,
  );
}
const runId = ctx.pairRuns.list()[0]!.id;
const [, pageMs] = time(() => ctx.pairRuns.page(runId, undefined, undefined, 500, 50));
const middle = ids[Math.floor(ids.length / 2)]!;
const [, reviewMs] = time(() => instructionReview(ctx, middle, { run: runId }));
console.log(`review: proposals page 500 in ${pageMs.toFixed(1)} ms; one instruction's review in ${reviewMs.toFixed(1)} ms`);
db.close();
