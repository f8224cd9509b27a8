import type { z } from "zod";
import type { InstructionReview, PairProposal, ProposalStatus, ReviewActionSchema } from "../../shared/schemas/pairs";
import { InstructionReviewQuerySchema } from "../../shared/schemas/pairs";
import type { Context } from "../context";
import { conflict, invalidInput, notFound } from "../errors/domain-error";
import { builtinTemplate } from "../judging/template";
import { defaultScoreSettings, newestJudgeOf, scoreInstructionSamples } from "./scored-samples";

type ReviewAction = z.infer<typeof ReviewActionSchema>;

/**
 * Statuses a researcher may still change; confirmed / overturned belong to the annotators. A researcher's
 * review wins over a judge's confirmation (docs/decisions/036-judge-confirmed-proposals.md).
 */
const reviewable: readonly ProposalStatus[] = ["proposed", "judge-confirmed", "accepted", "rejected"];

/**
 * Applies a researcher's review: accept, reject, swap (exchange chosen and rejected, accepted as swapped;
 * a second swap undoes the first) or reset (back to the proposal as the scores made it, the judge's
 * confirmation forgotten too: POST /api/pair-runs/:id/judge-confirm gives it back from the judge's cache).
 */
export function reviewProposal(ctx: Context, proposalId: number, action: ReviewAction, userId: number): PairProposal {
  const proposal = ctx.pairRuns.getProposal(proposalId);
  if (!proposal) throw notFound("pair proposal");
  if (!reviewable.includes(proposal.status))
    throw conflict(`the proposal is ${proposal.status} by annotators; it can no longer be reviewed`);
  const by = { reviewed_by: userId, reviewed_at: ctx.now().toISOString() };
  const change =
    action === "accept"
      ? { status: "accepted" as const, swap: false, ...by }
      : action === "reject"
        ? { status: "rejected" as const, swap: false, ...by }
        : action === "swap"
          ? { status: "accepted" as const, swap: true, ...by }
          : // A reset forgets the review entirely, so the proposal reads as never reviewed.
            { status: "proposed" as const, swap: proposal.swapped, reviewed_by: null, reviewed_at: null };
  if (!ctx.pairRuns.review(proposal.id, change)) throw conflict("the proposal changed while it was reviewed; reload it");
  return ctx.pairRuns.getProposal(proposal.id)!;
}

/**
 * Everything the review page shows for one instruction: the run in force (asked for, else the set's newest),
 * the judge whose S_q is shown, every sample with its scores, the run's proposals here, and the neighbouring
 * instructions that have proposals in the run.
 */
export function instructionReview(ctx: Context, instructionId: number, rawQuery: unknown): InstructionReview {
  const query = InstructionReviewQuerySchema.parse(rawQuery);
  const instruction = ctx.instructions.get(instructionId);
  if (!instruction) throw notFound("instruction");
  const run = (query.run === undefined ? ctx.pairRuns.newestOfSet(instruction.set_id) : ctx.pairRuns.get(query.run)) ?? null;
  if (!run && query.run !== undefined) throw invalidInput(`run: pair run ${query.run} not found`);
  if (run && run.set_id !== instruction.set_id) throw invalidInput(`run: pair run ${run.id} belongs to another instruction set`);
  const judge = selectJudge(ctx, run, query, instruction);
  const settings = run
    ? { lengthWeight: run.length_weight, excludeFlags: run.exclude_flags, flagPenalty: run.flag_penalty }
    : defaultScoreSettings;
  const neighbours = run ? ctx.pairRuns.neighbours(run.id, instruction.set_id, instruction.position) : { previous: null, next: null };
  return {
    instruction,
    set_name: ctx.sets.get(instruction.set_id)!.name,
    run,
    judge: judge && {
      judge_model_id: judge.judge_model_id,
      judge_model_name: judge.judge_model_name,
      template_id: judge.template_id,
      template_name: judge.template_name,
    },
    length_weight: settings.lengthWeight,
    samples: scoreInstructionSamples(
      ctx,
      instruction,
      judge && { judgeModelId: judge.judge_model_id, templateHash: judge.template_hash },
      settings,
    ),
    proposals: run ? ctx.pairRuns.forInstruction(run.id, instruction.id) : [],
    previous_instruction_id: neighbours.previous,
    next_instruction_id: neighbours.next,
    position: run ? ctx.pairRuns.position(run.id, instruction.id, instruction.position) : null,
  };
}

interface SelectedJudge {
  judge_model_id: number;
  judge_model_name: string;
  template_id: number;
  template_name: string;
  template_hash: string;
}

/** The run's judge; else the one the query names; else the newest judge job's with judgments here; else none. */
function selectJudge(
  ctx: Context,
  run: InstructionReview["run"],
  query: z.infer<typeof InstructionReviewQuerySchema>,
  instruction: InstructionReview["instruction"],
): SelectedJudge | null {
  if (run) return run;
  if (query.judge_model === undefined && query.template !== undefined) throw invalidInput("judge_model: required with template");
  const named =
    query.judge_model !== undefined ? { judge_model_id: query.judge_model, template_id: query.template } : newestJudgeOf(ctx, instruction);
  if (!named) return null;
  const model = ctx.models.get(named.judge_model_id);
  if (!model) throw invalidInput(`judge_model: model ${named.judge_model_id} not found`);
  const template = named.template_id === undefined ? builtinTemplate(ctx, ctx.now()) : ctx.judgeTemplates.get(named.template_id);
  if (!template) throw invalidInput(`template: judge template ${named.template_id} not found`);
  return {
    judge_model_id: model.id,
    judge_model_name: model.name,
    template_id: template.id,
    template_name: template.name,
    template_hash: template.hash,
  };
}
