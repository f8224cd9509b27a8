import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCampaign } from "../../server/campaigns/create";
import { createContext } from "../../server/context";
import { migrate } from "../../server/db/migrate";
import { openDatabase } from "../../server/db/open";
import { importInstructionSet } from "../../server/instructions/import-set";
import { createPairJudgeJob, previewPairJudgeJob } from "../../server/judging/pair-jobs";
import { silentLogger } from "../../server/logger";
import { fieldsFromBody } from "../../server/sampling/model-fields";

// Queueing a pairwise judge job on a SQLite file: a campaign of 100,000 comparisons, each asked in both
// orders (200,000 answers), then a second job finding every answer cached. Goals (issue 17): < 10 s, < 3 s.
const comparisons = 100_000;

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

const db = openDatabase(join(mkdtempSync(join(tmpdir(), "longpref-bench-pair-judge-")), "bench.db"));
migrate(db);
const ctx = createContext(db, () => new Date(), silentLogger);
const content = Array.from({ length: comparisons }, (_, i) =>
  JSON.stringify({ id: `i${i}`, prompt: `Write about topic ${i}.`, length: 500 }),
).join("\n");
const outcome = importInstructionSet(ctx, { name: "bench", format: "jsonl", content }, null);
if (outcome.dryRun) throw new Error("unexpected dry run");
const setId = outcome.setId;
const judge = ctx.models.create(fieldsFromBody({ name: "judge", base_urls: ["http://127.0.0.1:9/v1"], model: "j" }), "ui", new Date());
const models = ["alpha", "beta"].map((name) => ctx.models.create(fieldsFromBody({ name, base_urls: [], model: name }), "ui", new Date()));
const ids = ctx.instructions.ids({ set: setId });
db.transaction(() => {
  for (const model of models) {
    const jobId = ctx.samplingJobs.create(
      {
        set_id: setId,
        model_id: model.id,
        n: 1,
        strategy: "import",
        filter: {},
        params: { temperature: 0.5, top_p: null, max_tokens: 1000 },
        templates: null,
        status: "done",
        created_by: null,
      },
      new Date(),
    );
    for (const instruction_id of ids) {
      ctx.samples.insertFinished(
        [
          {
            job_id: jobId,
            instruction_id,
            model_id: model.id,
            sample_index: 0,
            source: "imported",
            text: "x",
            word_count: 500,
            finish_reason: "stop",
            flags: [],
          },
        ],
        new Date(),
      );
    }
  }
})();
const campaignId = createCampaign(
  ctx,
  { name: "bench", set_id: setId, source: { kind: "custom", model_a_id: models[0]!.id, model_b_id: models[1]!.id }, annotators: "all" },
  null,
);
const body = { source: { kind: "campaign" as const, campaign_id: campaignId }, judge_model_id: judge.id };

const [preview, previewMs] = time(() => previewPairJudgeJob(ctx, body));
const [first, queueMs] = time(() => createPairJudgeJob(ctx, body, null));
const queued = ctx.pairJudgeJobs.get(first)!;
console.log(
  `pair judge job: ${queued.pairs.toLocaleString("en-US")} comparisons × 2 orders = ${queued.total.toLocaleString("en-US")} answers queued in ` +
    `${queueMs.toFixed(0)} ms (goal < 10,000 ms); its preview (${preview.requests.toLocaleString("en-US")} requests) in ${previewMs.toFixed(0)} ms`,
);
db.prepare("UPDATE pair_judgments SET status = 'done', verdict = 1, finished_at = updated_at WHERE job_id = ?").run(first);
ctx.pairJudgeJobs.finishIfComplete(first, new Date());
const [second, cachedMs] = time(() => createPairJudgeJob(ctx, body, null));
const again = ctx.pairJudgeJobs.get(second)!;
console.log(
  `pair judge job again: ${again.cached.toLocaleString("en-US")} answers found cached (${again.total} to ask, ${again.status}) in ` +
    `${cachedMs.toFixed(0)} ms (goal < 3,000 ms)`,
);
db.close();
