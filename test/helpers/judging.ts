import { qualityScore, type QualityScores } from "../../shared/scoring/judge-answer";
import type { Context } from "../../server/context";
import { createJudgeJob } from "../../server/judging/jobs";
import { fieldsFromBody } from "../../server/sampling/model-fields";

/** A judge model registered with an address nothing listens on: for judgments written by the test itself. */
export function seedJudgeModel(ctx: Context, name = "judge") {
  return ctx.models.create(fieldsFromBody({ name, base_urls: ["http://127.0.0.1:9/v1"], model: "judge-model" }), "ui", new Date());
}

/**
 * A judge job over the set's finished samples whose judgments are settled here, without an endpoint:
 * `outcome` gives each sample's six scores, or a string for a "judge failed" with that raw answer.
 * For tests of what is built on judgments (reports, pairs, review), not of judging itself.
 */
export function seedJudgeScores(
  ctx: Context,
  setId: number,
  judgeModelId: number,
  outcome: (sample: { id: number; instruction_id: number; model_id: number; sample_index: number }) => QualityScores | string,
  templateId?: number,
) {
  const jobId = createJudgeJob(ctx, { set_id: setId, judge_model_id: judgeModelId, template_id: templateId }, null);
  const rows = ctx.db
    .prepare(
      `SELECT x.id, s.id AS sample_id, s.instruction_id, s.model_id, s.sample_index FROM judge_scores x JOIN samples s ON s.id = x.sample_id
       WHERE x.job_id = ? AND x.status = 'queued'`,
    )
    .all(jobId) as { id: number; sample_id: number; instruction_id: number; model_id: number; sample_index: number }[];
  const now = new Date().toISOString();
  const done = ctx.db.prepare(
    `UPDATE judge_scores SET status = 'done', scores = ?, quality_score = ?, raw_answer = ?, attempts = 1, updated_at = ?, finished_at = ? WHERE id = ?`,
  );
  const failed = ctx.db.prepare(
    `UPDATE judge_scores SET status = 'failed', raw_answer = ?, invalid_answers = 3, attempts = 3, last_error = 'judge failed: test', updated_at = ?, finished_at = ? WHERE id = ?`,
  );
  ctx.db.transaction(() => {
    for (const row of rows) {
      const result = outcome({
        id: row.sample_id,
        instruction_id: row.instruction_id,
        model_id: row.model_id,
        sample_index: row.sample_index,
      });
      if (typeof result === "string") failed.run(result, now, now, row.id);
      else done.run(JSON.stringify(result), qualityScore(result).total, JSON.stringify(result), now, now, row.id);
    }
  })();
  ctx.judgeJobs.finishIfComplete(jobId, new Date());
  return jobId;
}

/** Six equal scores. */
export const allScores = (n: number): QualityScores => ({
  Relevance: n,
  Accuracy: n,
  Coherence: n,
  Clarity: n,
  "Breadth and Depth": n,
  "Reading Experience": n,
});
