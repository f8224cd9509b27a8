import { defaultGenerationParams } from "../../shared/schemas/model";
import type { CreateSamplingJobBody, SamplingJobProgress } from "../../shared/schemas/sampling";
import { CreateSamplingJobBodySchema } from "../../shared/schemas/sampling";
import type { SamplingPreview } from "../../shared/schemas/preview";
import type { Context } from "../context";
import { invalidInput, notFound } from "../errors/domain-error";
import { retryFailedItems } from "../work/retry-failed";
import { defaultAgentWriteTemplates, maxPlanSteps } from "./agentwrite";
import { chooseSubset } from "./instruction-subset";

/** The instructions, model and templates a job's choices name, checked; writes nothing. */
function planSamplingJob(ctx: Context, input: unknown) {
  const body = CreateSamplingJobBodySchema.parse(input);
  const set = ctx.sets.get(body.set_id);
  if (!set) throw invalidInput(`set_id: instruction set ${body.set_id} not found`);
  const model = ctx.models.get(body.model_id);
  if (!model) throw invalidInput(`model_id: model ${body.model_id} not found`);
  if (model.base_urls.length === 0) throw invalidInput(`model_id: model "${model.name}" has no base URL to sample from`);
  if (body.strategy === "direct" && (body.plan_template || body.write_template)) {
    throw invalidInput("plan_template: templates apply to the agentwrite strategy only");
  }
  const { subset, ...filter } = body.filter;
  const instructionIds = chooseSubset(ctx.instructions.ids({ set: set.id, ...filter }), subset);
  const templates =
    body.strategy === "agentwrite"
      ? { plan: body.plan_template ?? defaultAgentWriteTemplates.plan, write: body.write_template ?? defaultAgentWriteTemplates.write }
      : null;
  if (templates && !templates.plan.includes("$INST$")) throw invalidInput("plan_template: must contain $INST$");
  if (templates && !templates.write.includes("$STEP$")) throw invalidInput("write_template: must contain $STEP$");
  return { body, set, model, instructionIds, templates };
}

// AgentWrite's sections are known only once a plan is written: LongWriter's plans run about one paragraph per
// 500 required words (1–50 steps); instructions without a required length are counted as 5 sections.
const wordsPerSection = 500;
const sectionsUnknownLength = 5;

/** What starting a sampling job with these choices would make, counted by the code that makes it. */
export function previewSamplingJob(ctx: Context, input: unknown): SamplingPreview {
  const { body, instructionIds } = planSamplingJob(ctx, input);
  const samples = instructionIds.length * body.n;
  if (body.strategy === "direct") return { instructions: instructionIds.length, samples, requests: samples, requests_estimated: false };
  let perSample = 0;
  for (const id of instructionIds) {
    const words = ctx.instructions.get(id)?.required_length;
    const sections = words ? Math.min(maxPlanSteps, Math.max(1, Math.ceil(words / wordsPerSection))) : sectionsUnknownLength;
    perSample += 1 + sections;
  }
  return { instructions: instructionIds.length, samples, requests: perSample * body.n, requests_estimated: true };
}

/**
 * Creates a job and all its sample rows, (instruction × sample index), in one transaction: from then on
 * each sample exists exactly once, whatever happens to the runner.
 */
export function createSamplingJob(ctx: Context, input: CreateSamplingJobBody, createdBy: number | null): number {
  const { body, set, model, instructionIds, templates } = planSamplingJob(ctx, input);
  if (instructionIds.length === 0) throw invalidInput("filter: no instruction of the set matches the filter");
  const now = ctx.now();
  return ctx.db.transaction(() => {
    const id = ctx.samplingJobs.create(
      {
        set_id: set.id,
        model_id: model.id,
        n: body.n,
        strategy: body.strategy,
        filter: body.filter,
        params: {
          temperature: body.temperature ?? model.params.temperature ?? defaultGenerationParams.temperature,
          top_p: body.top_p === undefined ? model.params.top_p : body.top_p,
          max_tokens: body.max_tokens ?? model.params.max_tokens,
        },
        templates,
        status: "running",
        created_by: createdBy,
      },
      now,
    );
    ctx.samples.createQueued(id, model.id, instructionIds, body.n, now);
    return id;
  })();
}

const window = 5 * 60 * 1000;

/** Counts, pace over the last five minutes, ETA at that pace, and the latest errors. */
export function samplingJobProgress(ctx: Context, jobId: number): SamplingJobProgress {
  const job = ctx.samplingJobs.get(jobId);
  if (!job) throw notFound("sampling job");
  const now = ctx.now();
  const started = new Date(job.created_at).getTime();
  const span = Math.max(1000, Math.min(window, now.getTime() - started));
  const recent = ctx.samples.finishedSince(jobId, new Date(now.getTime() - span));
  const perMinute = (recent.n / span) * 60_000;
  const left = job.counts.queued + job.counts.running;
  return {
    job,
    samples_per_minute: perMinute,
    tokens_per_second: ((recent.tokens ?? 0) / span) * 1000,
    eta_seconds: left === 0 ? 0 : perMinute > 0 && job.status === "running" ? (left / perMinute) * 60 : null,
    recent_errors: ctx.samples.recentErrors(jobId),
  };
}

/** Queues the failed samples of a done job again (server/work/retry-failed.ts); how many. */
export function retryFailedSamples(ctx: Context, jobId: number): number {
  const job = ctx.samplingJobs.get(jobId);
  if (!job) throw notFound("sampling job");
  return retryFailedItems(ctx, job, {
    noun: "sample",
    model: ctx.models.get(job.model_id),
    requeue: ctx.samples.requeueFailed,
    setRunning: (id, now) => ctx.samplingJobs.setStatus(id, "running", now),
  });
}
