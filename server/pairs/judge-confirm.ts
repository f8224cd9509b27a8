import type { z } from "zod";
import { JudgeConfirmBodySchema, type JudgeConfirmResponseSchema } from "../../shared/schemas/pair-judging";
import { combineOrders, type PairVerdict } from "../../shared/scoring/pair-verdict";
import type { Context } from "../context";
import type { ProposalAnswers } from "../db/repos/judge-confirmations";
import { invalidInput, notFound } from "../errors/domain-error";
import { builtinPairTemplate } from "../judging/pair-template";

type JudgeConfirmAnswer = z.infer<typeof JudgeConfirmResponseSchema>;

/** What the judge's two cached answers say of one proposal: chosen shown as A, then rejected shown as A. */
function judgeSays(p: ProposalAnswers): "agrees" | "disagrees" | "unjudged" {
  const [first, second] = [p.chosen_first, p.rejected_first];
  if (first?.status !== "done" || second?.status !== "done" || first.verdict === null || second.verdict === null) return "unjudged";
  // Sample a is the chosen one: a win for a in both orders (no flip) is the proposal's own direction.
  const combined = combineOrders({ aFirst: first.verdict as PairVerdict, bFirst: second.verdict as PairVerdict });
  return combined.winner === "a" && !combined.flipped ? "agrees" : "disagrees";
}

/**
 * Marks a run's unreviewed proposals "judge-confirmed" where the pairwise judge (model and template) preferred
 * the chosen sample in both orders (docs/decisions/036-judge-confirmed-proposals.md). Reads only answers the
 * judge already gave (a pair judge job over the run asks them); reviewed or human-verified proposals are left
 * alone. Idempotent: a proposal confirmed before keeps its job and time, and counts as confirmed again.
 */
export function judgeConfirm(ctx: Context, runId: number, input: unknown): JudgeConfirmAnswer {
  const body = JudgeConfirmBodySchema.parse(input);
  const run = ctx.pairRuns.get(runId);
  if (!run) throw notFound("pair run");
  const model = ctx.models.get(body.judge_model_id);
  if (!model) throw invalidInput(`judge_model_id: model ${body.judge_model_id} not found`);
  const now = ctx.now();
  const template = body.template_id === undefined ? builtinPairTemplate(ctx, now) : ctx.judgeTemplates.get(body.template_id);
  if (!template) throw invalidInput(`template_id: judge template ${body.template_id} not found`);
  if (template.kind !== "pairwise")
    throw invalidInput(`template_id: "${template.name}" is a single-answer template; a confirmation reads a pairwise judge's answers`);

  return ctx.db.transaction(() => {
    const answer: JudgeConfirmAnswer = { confirmed: 0, not_confirmed: 0, unjudged: 0 };
    for (const p of ctx.judgeConfirmations.unreviewedAnswers(run.id, model.id, template.hash)) {
      const says = judgeSays(p);
      if (says === "unjudged") answer.unjudged++;
      else if (says === "disagrees") answer.not_confirmed++;
      else {
        // The job whose answer completed the pair: the later of the two (the cache may hold them from two jobs).
        const jobId = Math.max(p.chosen_first!.job_id, p.rejected_first!.job_id);
        if (p.confirmed_job_id === null) ctx.judgeConfirmations.confirm(p.proposal_id, jobId, now);
        answer.confirmed++;
      }
    }
    return answer;
  })();
}
