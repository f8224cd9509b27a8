import { offlineSignals } from "../../shared/scoring/offline-signals";
import { countWords } from "../../shared/scoring/word-count";
import type { Model } from "../../shared/schemas/model";
import type { Sample } from "../../shared/schemas/sample";
import type { Clock } from "../clock";
import type { Context } from "../context";
import type { SamplingJobSettings } from "../db/repos/sampling-jobs";
import type { FinishedSample } from "../db/repos/samples";
import type { WorkQueue, WorkTools } from "../work/queue";
import { defaultAgentWriteTemplates, joinSteps, parsePlan, planPrompt, writePrompt } from "./agentwrite";
import { checkpointBatch } from "./checkpoint-batch";
import type { ChatResult } from "../llm/chat-client";
import { PermanentError } from "../llm/retry";

type Claimed = Sample & { lease_owner: string };

export interface SamplingQueueOptions {
  clock: Clock;
  /** How often streamed text is written to the database while a sample runs. */
  checkpointMs: number;
  /** Times a plan that cannot be parsed is asked for again before the sample fails. */
  planRetries: number;
}

/** Samples of running sampling jobs: direct completions or AgentWrite's plan-then-write. */
export function samplingQueue(ctx: Context, o: SamplingQueueOptions): WorkQueue<Claimed> {
  const now = () => o.clock.now();
  const checkpoints = checkpointBatch(ctx, o.checkpointMs, now);

  /**
   * One completion, its text checkpointed every few seconds. On a model that can continue a partial
   * answer, a sample interrupted by a crash resumes from its checkpoint instead of starting over.
   */
  async function direct(
    sample: Claimed,
    model: Model,
    settings: SamplingJobSettings,
    prompt: string,
    tools: WorkTools,
  ): Promise<Omit<FinishedSample, "flags">> {
    const prefix = model.resume_partial ? sample.text : "";
    const started = now().getTime();
    const result = await tools
      .call({
        messages: prefix
          ? [
              { role: "user", content: prompt },
              { role: "assistant", content: prefix },
            ]
          : [{ role: "user", content: prompt }],
        continueFinal: prefix !== "",
        ...request(settings),
        // Noted at every read, written with every other sample's once per interval (checkpoint-batch.ts).
        onText: (text) => checkpoints.note(sample.id, sample.lease_owner, prefix + text),
      })
      .finally(() => checkpoints.drop(sample.id));
    const text = prefix + result.text;
    return {
      text,
      word_count: countWords(text),
      finish_reason: result.finishReason,
      prompt_tokens: result.promptTokens,
      completion_tokens: result.completionTokens,
      latency_ms: now().getTime() - started,
    };
  }

  /** Plan, then each step in order; the plan and every finished step are checkpointed, so a restart resumes at the step. */
  async function agentWrite(
    sample: Claimed,
    settings: SamplingJobSettings,
    prompt: string,
    tools: WorkTools,
  ): Promise<Omit<FinishedSample, "flags">> {
    const templates = settings.templates ?? defaultAgentWriteTemplates;
    const started = now().getTime();
    let promptTokens = 0;
    let completionTokens = 0;
    const ask = async (content: string) => {
      const r: ChatResult = await tools.call({ messages: [{ role: "user", content }], ...request(settings) });
      promptTokens += r.promptTokens ?? 0;
      completionTokens += r.completionTokens ?? 0;
      return r;
    };

    let plan = sample.plan;
    let planSteps = plan === null ? null : parsePlan(plan);
    for (let tries = 0; plan === null || planSteps === null || "error" in planSteps; tries++) {
      if (tries > o.planRetries) throw new PermanentError(`plan could not be parsed: ${(planSteps as { error: string }).error}`);
      plan = (await ask(planPrompt(templates, prompt))).text;
      planSteps = parsePlan(plan);
      if ("error" in planSteps) ctx.samples.recordError(sample.id, sample.lease_owner, `unusable plan: ${planSteps.error}`, now());
    }
    const steps = planSteps.steps;
    const written = [...(sample.steps ?? [])];
    ctx.samples.checkpoint(sample.id, sample.lease_owner, joinSteps(written), now(), plan, written);
    let finishReason = "stop";
    for (let i = written.length; i < steps.length; i++) {
      const answer = await ask(writePrompt(templates, prompt, plan, joinSteps(written), steps[i]!));
      written.push(answer.text.trim());
      finishReason = answer.finishReason;
      ctx.samples.checkpoint(sample.id, sample.lease_owner, joinSteps(written), now(), plan, written);
    }
    const text = joinSteps(written);
    return {
      text,
      word_count: countWords(text),
      finish_reason: finishReason,
      prompt_tokens: promptTokens || null,
      completion_tokens: completionTokens || null,
      latency_ms: now().getTime() - started,
      plan,
      steps: written,
    };
  }

  return {
    kind: "sampling",
    modelsWithWork: () => ctx.samplingJobs.runningModelIds(),
    claim: (modelId, owner, at, leaseMs) => ctx.samples.claim(modelId, owner, at, leaseMs),
    renewLeases: (owner, until) => void ctx.samples.renewLeases(owner, until),
    isJobRunning: (jobId) => ctx.samplingJobs.status(jobId) === "running",
    finishJobIfComplete: (jobId, at) => ctx.samplingJobs.finishIfComplete(jobId, at),
    countAttempt: (item, owner, at) => void ctx.samples.countAttempt(item.id, owner, at),
    recordError: (item, owner, message, at) => void ctx.samples.recordError(item.id, owner, message, at),
    release: (item, owner, at) => void ctx.samples.release(item.id, owner, at),
    fail: (item, owner, message, at) => void ctx.samples.fail(item.id, owner, message, at),
    async execute(sample, model, tools, owner) {
      const settings = ctx.samplingJobs.settings(sample.job_id);
      const instruction = ctx.instructions.get(sample.instruction_id);
      if (!settings || !instruction) throw new PermanentError("the job or instruction no longer exists");
      const result = settings.templates
        ? await agentWrite(sample, settings, instruction.prompt, tools)
        : await direct(sample, model, settings, instruction.prompt, tools);
      const { flags } = offlineSignals({
        text: result.text,
        finishReason: result.finish_reason,
        instructionLang: instruction.lang,
        words: result.word_count,
      });
      ctx.samples.finish(sample.id, owner, { ...result, flags }, now());
    },
  };
}

const request = (settings: SamplingJobSettings) => ({
  temperature: settings.params.temperature,
  topP: settings.params.top_p,
  maxTokens: settings.params.max_tokens,
});
