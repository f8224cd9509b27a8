import type { CreateJudgeJobBody, JudgeJobProgress } from "../../shared/schemas/judging";
import { CreateJudgeJobBodySchema } from "../../shared/schemas/judging";
import type { JudgePreview } from "../../shared/schemas/preview";
import type { Context } from "../context";
import { invalidInput, notFound } from "../errors/domain-error";
import { retryFailedItems } from "../work/retry-failed";
import { builtinTemplate } from "./template";

/** The judge model and template a body names, checked; the builtin template when none is named. */
export function resolveJudge(ctx: Context, judgeModelId: number, templateId: number | undefined) {
  const judge = ctx.models.get(judgeModelId);
  if (!judge) throw invalidInput(`judge_model_id: model ${judgeModelId} not found`);
  const template = templateId === undefined ? builtinTemplate(ctx, ctx.now()) : ctx.judgeTemplates.get(templateId);
  if (!template) throw invalidInput(`template_id: judge template ${templateId} not found`);
  if (template.kind !== "single") {
    throw invalidInput(`template_id: "${template.name}" is a pairwise template; scoring one output needs a single-answer template`);
  }
  return { judge, template };
}

/** The set, judge, template and samples a judge job's choices name, checked; writes nothing. */
function planJudgeJob(ctx: Context, input: unknown) {
  const body = CreateJudgeJobBodySchema.parse(input);
  const set = ctx.sets.get(body.set_id);
  if (!set) throw invalidInput(`set_id: instruction set ${body.set_id} not found`);
  const { judge, template } = resolveJudge(ctx, body.judge_model_id, body.template_id);
  if (judge.base_urls.length === 0) throw invalidInput(`judge_model_id: model "${judge.name}" has no base URL to ask`);
  const { model_ids, ...instructionFilter } = body.filter;
  for (const id of model_ids ?? []) if (!ctx.models.get(id)) throw invalidInput(`filter.model_ids: model ${id} not found`);
  const instructionIds = ctx.instructions.ids({ set: set.id, ...instructionFilter });
  const sampleIds = ctx.samples.finishedIds(instructionIds, model_ids ?? null);
  return { body, set, judge, template, instructionIds, sampleIds };
}

/** What starting a judge job with these choices would ask, counted by the code that queues it. */
export function previewJudgeJob(ctx: Context, input: unknown): JudgePreview {
  const { body, judge, template, instructionIds, sampleIds } = planJudgeJob(ctx, input);
  const cached = ctx.judgeScores.countCached(judge.id, template.hash, sampleIds, body.retry_failed);
  return { instructions: instructionIds.length, samples: sampleIds.length, cached, requests: sampleIds.length - cached };
}

/**
 * Creates a judge job over the finished samples of a set (optionally of some models and a filter of the
 * instructions) and queues one judge score per sample not judged yet by this judge with this template, all in
 * one transaction.
 */
export function createJudgeJob(ctx: Context, input: CreateJudgeJobBody, createdBy: number | null): number {
  const { body, set, judge, template, sampleIds } = planJudgeJob(ctx, input);
  if (sampleIds.length === 0) throw invalidInput("filter: no finished sample of the set matches the filter");
  const now = ctx.now();
  return ctx.db.transaction(() => {
    const id = ctx.judgeJobs.create(
      {
        set_id: set.id,
        judge_model_id: judge.id,
        template_id: template.id,
        filter: body.filter,
        temperature: body.temperature,
        max_tokens: body.max_tokens,
        max_answers: body.max_answers,
        created_by: createdBy,
      },
      now,
    );
    const cached = ctx.judgeScores.queueForJob(id, judge.id, template.hash, sampleIds, body.retry_failed, now);
    ctx.judgeJobs.setCached(id, cached);
    // Everything cached: nothing to ask, the job is done at once.
    ctx.judgeJobs.finishIfComplete(id, now);
    return id;
  })();
}

const window = 5 * 60 * 1000;

/** Counts, pace over the last five minutes, ETA at that pace, and the latest errors. */
export function judgeJobProgress(ctx: Context, jobId: number): JudgeJobProgress {
  const job = ctx.judgeJobs.get(jobId);
  if (!job) throw notFound("judge job");
  const now = ctx.now();
  const span = Math.max(1000, Math.min(window, now.getTime() - new Date(job.created_at).getTime()));
  const perMinute = (ctx.judgeScores.finishedSince(jobId, new Date(now.getTime() - span)) / span) * 60_000;
  const left = job.counts.queued + job.counts.running;
  return {
    job,
    judgments_per_minute: perMinute,
    eta_seconds: left === 0 ? 0 : perMinute > 0 && job.status === "running" ? (left / perMinute) * 60 : null,
    recent_errors: ctx.judgeScores.recentErrors(jobId),
  };
}

/** Queues the failed judgments of a done job again (server/work/retry-failed.ts); how many. */
export function retryFailedJudgments(ctx: Context, jobId: number): number {
  const job = ctx.judgeJobs.get(jobId);
  if (!job) throw notFound("judge job");
  return retryFailedItems(ctx, job, {
    noun: "judgment",
    model: ctx.models.get(job.judge_model_id),
    requeue: ctx.judgeScores.requeueFailed,
    setRunning: (id, now) => ctx.judgeJobs.setStatus(id, "running", now),
  });
}

/** The set's newest judge job if it is done and every judgment it asked for failed (for the report's note). */
export function failedJudgeJob(ctx: Context, setId: number) {
  const newest = ctx.judgeJobs.list().find((j) => j.set_id === setId);
  if (newest?.outcome !== "failed") return null;
  const { id, judge_model_name, template_name } = newest;
  return { id, judge_model_name, template_name, failed: newest.counts.failed };
}
