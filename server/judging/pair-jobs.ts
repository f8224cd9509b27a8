import { proposalStatuses } from "../../shared/schemas/pairs";
import {
  CreatePairJudgeJobBodySchema,
  type CreatePairJudgeJobBody,
  type PairJudgeJobProgress,
  type PairJudgePreview,
  type PairJudgeSource,
} from "../../shared/schemas/pair-judging";
import { modelPairs } from "../campaigns/create";
import type { Context } from "../context";
import type { PairItem } from "../db/repos/pair-judge-jobs";
import { invalidInput, notFound } from "../errors/domain-error";
import { retryFailedItems } from "../work/retry-failed";
import { builtinPairTemplate } from "./pair-template";

/** The set and pairs a source names, checked; messages name the body field at fault. */
function pairsOf(ctx: Context, source: PairJudgeSource): { setId: number; items: PairItem[] } {
  if (source.kind === "campaign") {
    const campaign = ctx.campaigns.get(source.campaign_id);
    if (!campaign) throw invalidInput(`source.campaign_id: campaign ${source.campaign_id} not found`);
    return { setId: campaign.set_id, items: ctx.pairJudgeJobs.campaignPairs(campaign.id) };
  }
  if (source.kind === "pair-run") {
    const run = ctx.pairRuns.get(source.pair_run_id);
    if (!run) throw invalidInput(`source.pair_run_id: pair run ${source.pair_run_id} not found`);
    // Every proposal, whatever humans made of it: chosen as sample a, so agreeing with it means preferring a.
    const items = ctx.pairRuns.asComparisons(run.id, proposalStatuses).map((c) => ({ ...c, comparison_id: null }));
    return { setId: run.set_id, items };
  }
  const set = ctx.sets.get(source.set_id);
  if (!set) throw invalidInput(`source.set_id: instruction set ${source.set_id} not found`);
  for (const field of ["model_a_id", "model_b_id"] as const) {
    if (!ctx.models.get(source[field])) throw invalidInput(`source.${field}: model ${source[field]} not found`);
  }
  if (source.model_a_id === source.model_b_id) throw invalidInput("source.model_b_id: models A and B must differ");
  const instructionIds = ctx.instructions.ids({ set: set.id, ...source.filter });
  const items = modelPairs(ctx, source.model_a_id, source.model_b_id, instructionIds).map((c) => ({ ...c, comparison_id: null }));
  return { setId: set.id, items };
}

/** The judge, template and pairs a body names, checked; writes nothing but the builtin template. */
function planPairJudgeJob(ctx: Context, input: unknown) {
  const body = CreatePairJudgeJobBodySchema.parse(input);
  const judge = ctx.models.get(body.judge_model_id);
  if (!judge) throw invalidInput(`judge_model_id: model ${body.judge_model_id} not found`);
  if (judge.base_urls.length === 0) throw invalidInput(`judge_model_id: model "${judge.name}" has no base URL to ask`);
  const template = body.template_id === undefined ? builtinPairTemplate(ctx, ctx.now()) : ctx.judgeTemplates.get(body.template_id);
  if (!template) throw invalidInput(`template_id: judge template ${body.template_id} not found`);
  if (template.kind !== "pairwise") {
    throw invalidInput(`template_id: "${template.name}" scores one output; comparing two needs a pairwise template`);
  }
  const { setId, items } = pairsOf(ctx, body.source);
  return { body, judge, template, setId, items };
}

/** What a pair judge job with these choices would ask, counted by the queries that queue it. */
export function previewPairJudgeJob(ctx: Context, input: unknown): PairJudgePreview {
  const { body, judge, template, items } = planPairJudgeJob(ctx, input);
  const pairs = items.map((p) => [p.sample_a_id, p.sample_b_id] as const);
  const { orders, cached } = ctx.pairJudgments.countCached(
    { judge_model_id: judge.id, template_hash: template.hash },
    pairs,
    body.retry_failed,
  );
  return { pairs: items.length, answers: orders, cached, requests: orders - cached };
}

/**
 * Creates a pair judge job: its pairs, and both orders of each (a first, b first) queued unless this judge
 * and template answered them already, all in one transaction.
 */
export function createPairJudgeJob(ctx: Context, input: CreatePairJudgeJobBody, createdBy: number | null): number {
  const { body, judge, template, setId, items } = planPairJudgeJob(ctx, input);
  if (items.length === 0) throw invalidInput("source: no pair to judge: the source has no comparison with finished samples on both sides");
  const now = ctx.now();
  return ctx.db.transaction(() => {
    const id = ctx.pairJudgeJobs.create(
      {
        set_id: setId,
        source: body.source,
        judge_model_id: judge.id,
        template_id: template.id,
        temperature: body.temperature,
        max_tokens: body.max_tokens,
        max_answers: body.max_answers,
        created_by: createdBy,
      },
      items,
      now,
    );
    const cached = ctx.pairJudgments.queueForJob(id, { judge_model_id: judge.id, template_hash: template.hash }, body.retry_failed, now);
    ctx.pairJudgeJobs.setCached(id, cached);
    // Everything cached: nothing to ask, the job is done at once.
    ctx.pairJudgeJobs.finishIfComplete(id, now);
    return id;
  })();
}

const window = 5 * 60 * 1000;

/** Counts, pace over the last five minutes, ETA at that pace, and the latest errors. */
export function pairJudgeJobProgress(ctx: Context, jobId: number): PairJudgeJobProgress {
  const job = ctx.pairJudgeJobs.get(jobId);
  if (!job) throw notFound("pair judge job");
  const now = ctx.now();
  const span = Math.max(1000, Math.min(window, now.getTime() - new Date(job.created_at).getTime()));
  const perMinute = (ctx.pairJudgments.finishedSince(jobId, new Date(now.getTime() - span)) / span) * 60_000;
  const left = job.counts.queued + job.counts.running;
  return {
    job,
    answers_per_minute: perMinute,
    eta_seconds: left === 0 ? 0 : perMinute > 0 && job.status === "running" ? (left / perMinute) * 60 : null,
    recent_errors: ctx.pairJudgments.recentErrors(jobId),
  };
}

/** Queues the failed answers of a done job again (server/work/retry-failed.ts); how many. */
export function retryFailedPairJudgments(ctx: Context, jobId: number): number {
  const job = ctx.pairJudgeJobs.get(jobId);
  if (!job) throw notFound("pair judge job");
  return retryFailedItems(ctx, job, {
    noun: "answer",
    model: ctx.models.get(job.judge_model_id),
    requeue: ctx.pairJudgments.requeueFailed,
    setRunning: (id, now) => ctx.pairJudgeJobs.setStatus(id, "running", now),
  });
}
