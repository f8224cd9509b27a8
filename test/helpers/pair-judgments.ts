import type { PairJudgeSource } from "../../shared/schemas/pair-judging";
import type { PairVerdict } from "../../shared/scoring/pair-verdict";
import type { Context } from "../../server/context";
import { builtinPairTemplate } from "../../server/judging/pair-template";

// Pairwise judge answers written straight into the database, for tests of what reads them (statistics,
// calibration, judge confirmation) without running a judge. Tests of the jobs themselves run the real runner.

/** A done pair judge job row (no items), with the builtin pairwise template unless one is named. */
export function insertPairJudgeJob(
  ctx: Context,
  o: { setId: number; judgeModelId: number; source: PairJudgeSource; templateId?: number; status?: "running" | "done" },
) {
  const templateId = o.templateId ?? builtinPairTemplate(ctx, new Date()).id;
  const now = new Date().toISOString();
  const campaignId = o.source.kind === "campaign" ? o.source.campaign_id : null;
  const pairRunId = o.source.kind === "pair-run" ? o.source.pair_run_id : null;
  const id = ctx.db
    .prepare(
      `INSERT INTO pair_judge_jobs (set_id, source, campaign_id, pair_run_id, judge_model_id, template_id, temperature, max_tokens,
         max_answers, status, created_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, 0, 1024, 3, ?, ?, ?) RETURNING id`,
    )
    .run(
      o.setId,
      JSON.stringify(o.source),
      campaignId,
      pairRunId,
      o.judgeModelId,
      templateId,
      o.status ?? "done",
      now,
      now,
    ).lastInsertRowid;
  return { jobId: Number(id), templateId, templateHash: ctx.judgeTemplates.get(templateId)!.hash };
}

/** One answered order: `first` shown as Response A; verdict null writes a failed answer. */
export function insertPairAnswer(
  ctx: Context,
  o: { jobId: number; first: number; second: number; judgeModelId: number; templateHash: string; verdict: PairVerdict | null },
) {
  const now = new Date().toISOString();
  ctx.db
    .prepare(
      `INSERT INTO pair_judgments (job_id, first_sample_id, second_sample_id, judge_model_id, template_hash, status, verdict,
         raw_answer, last_error, attempts, updated_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    )
    .run(
      o.jobId,
      o.first,
      o.second,
      o.judgeModelId,
      o.templateHash,
      o.verdict === null ? "failed" : "done",
      o.verdict,
      o.verdict === null ? "no verdict" : JSON.stringify({ analysis: "", verdict: o.verdict }),
      o.verdict === null ? "judge failed: no verdict" : null,
      now,
      now,
    );
}

/** Both orders of a pair from sample a's side: `aFirst` when a is Response A, `bFirst` as written with b first. */
export function insertBothOrders(
  ctx: Context,
  o: { jobId: number; a: number; b: number; judgeModelId: number; templateHash: string; aFirst: PairVerdict; bFirst: PairVerdict },
) {
  const common = { jobId: o.jobId, judgeModelId: o.judgeModelId, templateHash: o.templateHash };
  insertPairAnswer(ctx, { ...common, first: o.a, second: o.b, verdict: o.aFirst });
  insertPairAnswer(ctx, { ...common, first: o.b, second: o.a, verdict: o.bFirst });
}
