import { randomUUID } from "node:crypto";
import { offlineSignals } from "../../shared/scoring/offline-signals";
import { countWords } from "../../shared/scoring/word-count";
import type { Model } from "../../shared/schemas/model";
import type { Sample } from "../../shared/schemas/sample";
import type { Clock } from "../clock";
import type { Context } from "../context";
import type { JobSettings } from "../db/repos/sampling-jobs";
import type { FinishedSample } from "../db/repos/samples";
import { defaultAgentWriteTemplates, joinSteps, parsePlan, planPrompt, writePrompt } from "./agentwrite";
import type { ChatFn, ChatResult } from "./chat-client";
import { defaultRetryPolicy, PermanentError, RetryableError, retryDelayMs, type RetryPolicy } from "./retry";

export interface RunnerOptions {
  chat: ChatFn;
  clock: Clock;
  random?: () => number;
  env?: NodeJS.ProcessEnv;
  /** How long a claimed sample stays this runner's without a heartbeat; after a crash it returns then. */
  leaseMs?: number;
  /** How often streamed text is written to the database while a sample runs. */
  checkpointMs?: number;
  /** Longest silence allowed inside a stream before it counts as stalled. */
  stallMs?: number;
  pollMs?: number;
  retry?: RetryPolicy;
  /** Times a plan that cannot be parsed is asked for again before the sample fails. */
  planRetries?: number;
}

/** Why a running sample stops without an outcome: its job was paused or cancelled, or the runner stops. */
class StopSample extends Error {}

type Claimed = Sample & { lease_owner: string };

/**
 * Works through the samples of running jobs: per model at most max_in_flight requests, spread over the
 * model's base URLs; each sample claimed under a lease renewed by a heartbeat, so after a crash another
 * runner (or this one restarted) takes it up again once the lease ends. Only a complete answer is saved as
 * done; anything else is retried with backoff or fails with its reason.
 */
export class SamplingRunner {
  readonly owner = `runner-${randomUUID()}`;
  private readonly inFlight = new Map<number, number>();
  private readonly urlLoad = new Map<string, number>();
  private readonly running = new Map<number, { controller: AbortController; jobId: number; done: Promise<void> }>();
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private stopping = false;
  /** Resolvers waiting for the next sample to finish (runJob notices a job's end without polling lag). */
  private waiting: (() => void)[] = [];
  private readonly o: Required<Omit<RunnerOptions, "env">> & { env: NodeJS.ProcessEnv };

  constructor(
    private readonly ctx: Context,
    options: RunnerOptions,
  ) {
    this.o = {
      random: Math.random,
      env: process.env,
      leaseMs: 30_000,
      checkpointMs: 2_000,
      stallMs: 300_000,
      pollMs: 1_000,
      retry: defaultRetryPolicy,
      planRetries: 2,
      ...options,
    };
  }

  start(): this {
    this.stopping = false;
    this.timer = setInterval(() => this.poll(), this.o.pollMs);
    this.heartbeat = setInterval(() => this.renewLeases(), Math.max(50, this.o.leaseMs / 3));
    this.tick();
    return this;
  }

  /** Stops claiming, aborts what runs and hands it back to the queue. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    clearInterval(this.heartbeat);
    for (const r of this.running.values()) r.controller.abort(new StopSample("runner stopping"));
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  /** Runs until the job is no longer running (done, paused or cancelled), then stops. */
  async runJob(jobId: number, onProgress?: () => void): Promise<void> {
    this.start();
    try {
      while (this.ctx.jobs.status(jobId) === "running") {
        onProgress?.();
        let wake = () => {};
        const woken = new Promise<void>((resolve) => (wake = resolve));
        const timer = setTimeout(wake, Math.min(this.o.pollMs, 500));
        this.waiting.push(wake);
        await woken;
        clearTimeout(timer);
        this.waiting = this.waiting.filter((w) => w !== wake);
      }
      onProgress?.();
    } finally {
      await this.stop();
    }
  }

  private renewLeases() {
    this.ctx.samples.renewLeases(this.owner, new Date(this.o.clock.now().getTime() + this.o.leaseMs));
  }

  /** Aborts samples whose job left "running" (paused, cancelled, gone), then fills free slots. */
  private poll(): void {
    const statuses = new Map<number, string | undefined>();
    for (const r of this.running.values()) {
      if (!statuses.has(r.jobId)) statuses.set(r.jobId, this.ctx.jobs.status(r.jobId));
      if (statuses.get(r.jobId) !== "running") r.controller.abort(new StopSample("job is no longer running"));
    }
    this.tick();
  }

  /** Fills every model's free slots with claimed samples. */
  tick(): void {
    if (this.stopping) return;
    for (const modelId of this.ctx.jobs.runningModelIds()) {
      const model = this.ctx.models.get(modelId);
      if (!model || model.base_urls.length === 0) continue;
      while ((this.inFlight.get(modelId) ?? 0) < model.max_in_flight && !this.stopping) {
        const sample = this.ctx.samples.claim(modelId, this.owner, this.o.clock.now(), this.o.leaseMs);
        if (!sample) break;
        this.launch(sample, model);
      }
    }
  }

  private launch(sample: Claimed, model: Model) {
    this.inFlight.set(model.id, (this.inFlight.get(model.id) ?? 0) + 1);
    const controller = new AbortController();
    const done = this.run(sample, model, controller.signal).finally(() => {
      this.inFlight.set(model.id, (this.inFlight.get(model.id) ?? 1) - 1);
      this.running.delete(sample.id);
      if (this.ctx.jobs.finishIfComplete(sample.job_id, this.o.clock.now())) {
        for (const wake of this.waiting.splice(0)) wake();
      }
      this.tick();
    });
    this.running.set(sample.id, { controller, jobId: sample.job_id, done });
  }

  private async run(sample: Claimed, model: Model, signal: AbortSignal): Promise<void> {
    const now = () => this.o.clock.now();
    try {
      const settings = this.ctx.jobs.settings(sample.job_id);
      const instruction = this.ctx.instructions.get(sample.instruction_id);
      if (!settings || !instruction) throw new PermanentError("the job or instruction no longer exists");
      const result = settings.templates
        ? await this.agentWrite(sample, model, settings, instruction.prompt, signal)
        : await this.direct(sample, model, settings, instruction.prompt, signal);
      const { flags } = offlineSignals({
        text: result.text,
        finishReason: result.finish_reason,
        instructionLang: instruction.lang,
        words: result.word_count,
      });
      this.ctx.samples.finish(sample.id, this.owner, { ...result, flags }, now());
    } catch (err) {
      if (err instanceof StopSample || signal.aborted) this.ctx.samples.release(sample.id, this.owner, now());
      else this.ctx.samples.fail(sample.id, this.owner, err instanceof Error ? err.message : String(err), now());
    }
  }

  /**
   * One completion, its text checkpointed every few seconds. On a model that can continue a partial
   * answer, a sample interrupted by a crash resumes from its checkpoint instead of starting over.
   */
  private async direct(sample: Claimed, model: Model, settings: JobSettings, prompt: string, signal: AbortSignal): Promise<Omit<FinishedSample, "flags">> {
    const prefix = model.resume_partial ? sample.text : "";
    let lastCheckpoint = this.o.clock.now().getTime();
    const started = this.o.clock.now().getTime();
    const result = await this.call(sample, model, settings, prompt, signal, (text) => {
      const t = this.o.clock.now().getTime();
      if (t - lastCheckpoint < this.o.checkpointMs) return;
      lastCheckpoint = t;
      this.ctx.samples.checkpoint(sample.id, this.owner, prefix + text, this.o.clock.now());
    }, prefix);
    const text = prefix + result.text;
    return {
      text,
      word_count: countWords(text),
      finish_reason: result.finishReason,
      prompt_tokens: result.promptTokens,
      completion_tokens: result.completionTokens,
      latency_ms: this.o.clock.now().getTime() - started,
    };
  }

  /** Plan, then each step in order; the plan and every finished step are checkpointed, so a restart resumes at the step. */
  private async agentWrite(sample: Claimed, model: Model, settings: JobSettings, prompt: string, signal: AbortSignal): Promise<Omit<FinishedSample, "flags">> {
    const templates = settings.templates ?? defaultAgentWriteTemplates;
    const started = this.o.clock.now().getTime();
    let promptTokens = 0;
    let completionTokens = 0;
    const add = (r: ChatResult) => {
      promptTokens += r.promptTokens ?? 0;
      completionTokens += r.completionTokens ?? 0;
    };

    let plan = sample.plan;
    let planSteps = plan === null ? null : parsePlan(plan);
    for (let ask = 0; plan === null || planSteps === null || "error" in planSteps; ask++) {
      if (ask > this.o.planRetries) throw new PermanentError(`plan could not be parsed: ${(planSteps as { error: string }).error}`);
      const answer = await this.call(sample, model, settings, planPrompt(templates, prompt), signal);
      add(answer);
      plan = answer.text;
      planSteps = parsePlan(plan);
      if ("error" in planSteps) this.ctx.samples.recordError(sample.id, this.owner, `unusable plan: ${planSteps.error}`, this.o.clock.now());
    }
    const steps = planSteps.steps;
    const written = [...(sample.steps ?? [])];
    this.ctx.samples.checkpoint(sample.id, this.owner, joinSteps(written), this.o.clock.now(), plan, written);
    let finishReason = "stop";
    for (let i = written.length; i < steps.length; i++) {
      const answer = await this.call(sample, model, settings, writePrompt(templates, prompt, plan, joinSteps(written), steps[i]!), signal);
      add(answer);
      written.push(answer.text.trim());
      finishReason = answer.finishReason;
      this.ctx.samples.checkpoint(sample.id, this.owner, joinSteps(written), this.o.clock.now(), plan, written);
    }
    const text = joinSteps(written);
    return {
      text,
      word_count: countWords(text),
      finish_reason: finishReason,
      prompt_tokens: promptTokens || null,
      completion_tokens: completionTokens || null,
      latency_ms: this.o.clock.now().getTime() - started,
      plan,
      steps: written,
    };
  }

  /** One chat completion with retries: backoff with jitter, Retry-After honoured, permanent errors at once. */
  private async call(
    sample: Claimed,
    model: Model,
    settings: JobSettings,
    prompt: string,
    signal: AbortSignal,
    onText?: (text: string) => void,
    partial = "",
  ): Promise<ChatResult> {
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw new StopSample("stopped");
      this.ctx.samples.countAttempt(sample.id, this.owner, this.o.clock.now());
      const baseUrl = this.pickUrl(model);
      this.urlLoad.set(baseUrl, (this.urlLoad.get(baseUrl) ?? 0) + 1);
      try {
        return await this.o.chat({
          baseUrl,
          apiKey: model.api_key_env ? this.o.env[model.api_key_env] : undefined,
          model: model.model,
          messages: partial ? [{ role: "user", content: prompt }, { role: "assistant", content: partial }] : [{ role: "user", content: prompt }],
          continueFinal: partial !== "",
          temperature: settings.params.temperature,
          topP: settings.params.top_p,
          maxTokens: settings.params.max_tokens,
          timeoutMs: model.timeout_ms,
          stallMs: this.o.stallMs,
          signal,
          onText,
        });
      } catch (err) {
        if (signal.aborted) throw new StopSample("stopped");
        if (!(err instanceof RetryableError)) throw err;
        this.ctx.samples.recordError(sample.id, this.owner, `attempt ${attempt}: ${err.message}`, this.o.clock.now());
        if (attempt >= this.o.retry.maxAttempts) {
          throw new PermanentError(`gave up after ${attempt} attempts: ${err.message}`);
        }
        await this.o.clock
          .sleep(retryDelayMs(attempt, this.o.retry, this.o.random, err.retryAfterMs), signal)
          .catch(() => {
            throw new StopSample("stopped while waiting to retry");
          });
      } finally {
        this.urlLoad.set(baseUrl, (this.urlLoad.get(baseUrl) ?? 1) - 1);
      }
    }
  }

  /** The model's least busy base URL. */
  private pickUrl(model: Model): string {
    return model.base_urls.reduce((best, url) => ((this.urlLoad.get(url) ?? 0) < (this.urlLoad.get(best) ?? 0) ? url : best));
  }
}
