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

import type { Instruction } from "../../shared/schemas/instruction";

/**
 * A claimed sample; with `siblings`, more outputs of its (job, instruction) asked for as choices of one
 * request (the model's n_per_request). `current`: the samples of the attempt in flight, whose row counts it.
 */
type Claimed = Sample & { lease_owner: string; siblings?: Claimed[]; current?: Claimed[] };
const everyOne = (item: Claimed): Claimed[] => [item, ...(item.siblings ?? [])];
const inAttempt = (item: Claimed): Claimed[] => item.current ?? everyOne(item);

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

  /**
   * The claimed samples of one instruction as the choices of one streamed request (fewer after a failure:
   * only those still open are asked again). Each is checkpointed and finished on its own, as its choice ends.
   */
  async function choices(item: Claimed, settings: SamplingJobSettings, instruction: Instruction, tools: WorkTools): Promise<void> {
    const open = everyOne(item);
    let attempt: Claimed[] = [];
    const started = now().getTime();
    await tools
      .callChoices({
        messages: [{ role: "user", content: instruction.prompt }],
        ...request(settings),
        open: (limit) => {
          for (const sample of attempt) checkpoints.drop(sample.id);
          attempt = open.slice(0, limit);
          item.current = attempt;
          return attempt.length;
        },
        // Noted at every read, written with every other sample's once per interval (checkpoint-batch.ts).
        onChoiceText: (index, text) => {
          const sample = attempt[index];
          if (sample) checkpoints.note(sample.id, sample.lease_owner, text);
        },
        onChoiceDone: (index, choice) => {
          const sample = attempt[index];
          const at = sample ? open.indexOf(sample) : -1;
          if (!sample || at < 0) return;
          open.splice(at, 1);
          checkpoints.drop(sample.id);
          save(sample, instruction, {
            text: choice.text,
            word_count: countWords(choice.text),
            finish_reason: choice.finishReason,
            prompt_tokens: null,
            completion_tokens: choice.completionTokens,
            latency_ms: now().getTime() - started,
          });
        },
      })
      .finally(() => {
        for (const sample of attempt) checkpoints.drop(sample.id);
      });
  }

  function save(sample: Claimed, instruction: Instruction, result: Omit<FinishedSample, "flags">) {
    const { flags } = offlineSignals({
      text: result.text,
      finishReason: result.finish_reason,
      instructionLang: instruction.lang,
      words: result.word_count,
    });
    ctx.samples.finish(sample.id, sample.lease_owner, { ...result, flags }, now());
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
    claim(modelId, owner, at, leaseMs, batch = 1) {
      const first: Claimed | undefined = ctx.samples.claim(modelId, owner, at, leaseMs);
      if (!first || batch <= 1) return first;
      // AgentWrite asks for a plan and steps per sample; a sample resumed from its own text is continued alone.
      if (ctx.samplingJobs.settings(first.job_id)?.templates !== null) return first;
      const fresh = ctx.models.get(modelId)?.resume_partial === true;
      if (fresh && first.text !== "") return first;
      const siblings = ctx.samples.claimSiblings(first, owner, at, leaseMs, batch - 1, fresh);
      return siblings.length > 0 ? { ...first, siblings } : first;
    },
    renewLeases: (owner, until) => void ctx.samples.renewLeases(owner, until),
    isJobRunning: (jobId) => ctx.samplingJobs.status(jobId) === "running",
    finishJobIfComplete: (jobId, at) => ctx.samplingJobs.finishIfComplete(jobId, at),
    countAttempt: (item, owner, at) => inAttempt(item).forEach((s) => ctx.samples.countAttempt(s.id, owner, at)),
    recordError: (item, owner, message, at) => inAttempt(item).forEach((s) => ctx.samples.recordError(s.id, owner, message, at)),
    // Finished ones are left as they are (each statement touches only a running row of this owner).
    release: (item, owner, at) => everyOne(item).forEach((s) => ctx.samples.release(s.id, owner, at)),
    fail: (item, owner, message, at) => everyOne(item).forEach((s) => ctx.samples.fail(s.id, owner, message, at)),
    async execute(sample, model, tools, owner) {
      const settings = ctx.samplingJobs.settings(sample.job_id);
      const instruction = ctx.instructions.get(sample.instruction_id);
      if (!settings || !instruction) throw new PermanentError("the job or instruction no longer exists");
      if (sample.siblings && sample.siblings.length > 0) return choices(sample, settings, instruction, tools);
      const result = settings.templates
        ? await agentWrite(sample, settings, instruction.prompt, tools)
        : await direct(sample, model, settings, instruction.prompt, tools);
      save({ ...sample, lease_owner: owner }, instruction, result);
    },
  };
}

const request = (settings: SamplingJobSettings) => ({
  temperature: settings.params.temperature,
  topP: settings.params.top_p,
  maxTokens: settings.params.max_tokens,
});
