import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { qualityScore } from "../../shared/scoring/judge-answer";
import { DimensionScoresSchema } from "../../shared/schemas/judging";
import type { Context } from "../context";
import { fieldsFromBody } from "../sampling/model-fields";
import { builtinTemplate } from "./template";

export const demoJudgeScoresFile = fileURLToPath(new URL("../../data/demo/judgments.jsonl", import.meta.url));
export const demoJudgeModel = "demo-judge";

const DemoJudgeScoreSchema = z.strictObject({
  instruction_id: z.string(),
  model: z.string(),
  sample_index: z.number().int().min(0),
  scores: DimensionScoresSchema,
  analysis: z.string(),
});

/**
 * The demo's illustrative judgments (written by hand, not by a model) as a finished judge job of the
 * made-up judge "demo-judge" with the builtin template, so reports, pairs and the review have S_q to show
 * with no endpoint. Call inside the demo's transaction, after its outputs are imported.
 */
export function seedDemoJudgeScores(ctx: Context, setId: number, createdBy: number): { judgeModelId: number; count: number } {
  const now = ctx.now();
  const judge = ctx.models.create(fieldsFromBody({ name: demoJudgeModel, base_urls: [], model: "illustrative-judge" }), "demo", now);
  const template = builtinTemplate(ctx, now);
  const jobId = ctx.judgeJobs.create(
    {
      set_id: setId,
      judge_model_id: judge.id,
      template_id: template.id,
      filter: {},
      temperature: 0.5,
      max_tokens: 1024,
      max_answers: 3,
      created_by: createdBy,
    },
    now,
  );
  const sampleIds = new Map(ctx.samples.keysOfSet(setId).map((r) => [`${r.external_id}/${r.model}/${r.sample_index}`, r.id]));
  const lines = readFileSync(demoJudgeScoresFile, "utf8").trim().split("\n");
  lines.forEach((line, i) => {
    const row = DemoJudgeScoreSchema.parse(JSON.parse(line));
    const sampleId = sampleIds.get(`${row.instruction_id}/${row.model}/${row.sample_index}`);
    if (sampleId === undefined)
      throw new Error(`${demoJudgeScoresFile}:${i + 1}: no demo output ${row.instruction_id}/${row.model}/${row.sample_index}`);
    const raw = JSON.stringify({ Analysis: row.analysis, ...row.scores });
    ctx.judgeScores.insertDone(
      jobId,
      sampleId,
      judge.id,
      template.hash,
      { scores: row.scores, quality_score: qualityScore(row.scores).total, analysis: row.analysis, raw_answer: raw },
      now,
    );
  });
  ctx.judgeJobs.finishIfComplete(jobId, now);
  return { judgeModelId: judge.id, count: lines.length };
}
