import { randomUUID } from "node:crypto";
import type { Model } from "../../shared/schemas/model";
import type { Clock } from "../clock";
import type { Context } from "../context";
import { modelSlotsRepo, type ModelSlotsRepo } from "../db/repos/model-slots";
import type { ChatFn, ChatRequest, ChatResult } from "../llm/chat-client";
import { type ChoiceResult, finishedChoicesOf, NIgnoredError } from "../llm/choices";
import { endpointPolicy, keyEnvProblem, type EndpointPolicy } from "../endpoint-policy";
import { defaultRetryPolicy, PermanentError, RetryableError, retryDelayMs, UnreachableError, type RetryPolicy } from "../llm/retry";
import type { CallRequest, ChoicesRequest, WorkItem, WorkQueue } from "./queue";

/** How old a look at the models with work an item's end may refill from (tick). */
const workSeenMs = 250;

export interface RunnerOptions {
  chat: ChatFn;
  clock: Clock;
  random?: () => number;
  env?: NodeJS.ProcessEnv;
  /** How long a claimed item stays this runner's without a heartbeat; after a crash it returns then. */
  leaseMs?: number;
  /** Longest silence allowed inside a stream before it counts as stalled. */
  stallMs?: number;
  pollMs?: number;
  retry?: RetryPolicy;
}

/**
 * The kinds of work a runner takes from, built by whoever starts it (server/job-runner.ts), so this folder
 * imports neither sampling nor judging.
 */
export interface RunnerQueues {
  sampling: WorkQueue;
  judging: WorkQueue;
  /** Pairwise judge answers (both orders of a pair): the same limits as the other kinds. */
  pairJudging: WorkQueue;
}

/** Why a running item stops without an outcome: its job was paused or cancelled, or the runner stops. */
class StopWork extends Error {}

interface Running {
  controller: AbortController;
  queue: WorkQueue;
  jobId: number;
  done: Promise<void>;
}

/**
 * Works through the leased work of running jobs (samples to write, judgments to ask for): per model at
 * most max_in_flight requests whatever their kind and whichever process runs them (slots leased in the
 * database, shared with every other runner on the file), spread over the model's base URLs; each item claimed
 * under a lease renewed by a heartbeat, so after a crash another runner (or this one restarted) takes it
 * up again once the lease ends. Only a complete answer is saved; anything else is retried with backoff or
 * fails with its reason.
 */
export class JobRunner {
  readonly owner = `runner-${randomUUID()}`;
  readonly sampling: WorkQueue;
  readonly judging: WorkQueue;
  readonly pairJudging: WorkQueue;
  private readonly queues: WorkQueue[];
  /** Slots this runner holds per model, as written in model_slots. */
  private readonly held = new Map<number, number>();
  /** Held slots whose item just ended: the next item of the model takes one without a database write. */
  private readonly spare = new Map<number, number>();
  private readonly slots: ModelSlotsRepo;
  private readonly policy: EndpointPolicy;
  private readonly urlLoad = new Map<string, number>();
  /** Base URLs seen answering one choice where n were asked: they get one choice per request from then on. */
  private readonly nIgnored = new Set<string>();
  private readonly running = new Map<string, Running>();
  private timer: NodeJS.Timeout | undefined;
  /** The last look at which models have work (modelsWithWork). */
  private workSeen: { at: number; work: Map<Model, WorkQueue[]> } | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private stopping = false;
  /** Resolvers waiting for the next job to finish (runJob notices a job's end without polling lag). */
  private waiting: (() => void)[] = [];
  private readonly o: Required<Omit<RunnerOptions, "env">> & { env: NodeJS.ProcessEnv };

  constructor(
    private readonly ctx: Context,
    options: RunnerOptions,
    queues: RunnerQueues,
  ) {
    this.o = {
      random: Math.random,
      env: process.env,
      leaseMs: 30_000,
      stallMs: 300_000,
      pollMs: 1_000,
      retry: defaultRetryPolicy,
      ...options,
    };
    this.slots = modelSlotsRepo(ctx.db);
    this.policy = endpointPolicy(this.o.env);
    this.sampling = queues.sampling;
    this.judging = queues.judging;
    this.pairJudging = queues.pairJudging;
    this.queues = [this.sampling, this.judging, this.pairJudging];
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
    for (const r of this.running.values()) r.controller.abort(new StopWork("runner stopping"));
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  /** Runs until the sampling job is no longer running (done, paused or cancelled), then stops. */
  runJob(jobId: number, onProgress?: () => void): Promise<void> {
    return this.runWhile(() => this.sampling.isJobRunning(jobId), onProgress);
  }

  /** Runs until the judge job is no longer running, then stops. */
  runJudgeJob(jobId: number, onProgress?: () => void): Promise<void> {
    return this.runWhile(() => this.judging.isJobRunning(jobId), onProgress);
  }

  /** Runs until the pair judge job is no longer running, then stops. */
  runPairJudgeJob(jobId: number, onProgress?: () => void): Promise<void> {
    return this.runWhile(() => this.pairJudging.isJobRunning(jobId), onProgress);
  }

  private async runWhile(isRunning: () => boolean, onProgress?: () => void): Promise<void> {
    this.start();
    try {
      while (isRunning()) {
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
    const now = this.o.clock.now();
    const until = new Date(now.getTime() + this.o.leaseMs);
    // A timer's error would end the process: a heartbeat that fails (database busy, lost or closed under a
    // stopping runner) is skipped, and the next one renews; leases outlive several heartbeats.
    try {
      for (const queue of this.queues) queue.renewLeases(this.owner, until);
      this.slots.renew(this.owner, this.held, now, until);
    } catch (err) {
      this.ctx.log.warn(`lease heartbeat skipped: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private leaseEnd() {
    return new Date(this.o.clock.now().getTime() + this.o.leaseMs);
  }

  /**
   * One of the model's slots for a new item: a spare one this runner holds, else one claimed in the
   * database if this runner and every other one together hold fewer than max_in_flight.
   */
  private takeSlot(model: Model): boolean {
    const held = this.held.get(model.id) ?? 0;
    const spare = this.spare.get(model.id) ?? 0;
    if (this.stopping || held - spare >= model.max_in_flight) return false;
    if (spare > 0) {
      this.spare.set(model.id, spare - 1);
      return true;
    }
    if (!this.slots.claim(model.id, this.owner, held, model.max_in_flight, this.o.clock.now(), this.leaseEnd())) return false;
    this.held.set(model.id, held + 1);
    return true;
  }

  /** Hands back the slots no item took (one write per model), so other runners may use them. */
  private releaseSpareSlots() {
    for (const [modelId, spare] of this.spare) {
      if (spare === 0) continue;
      const held = Math.max(0, (this.held.get(modelId) ?? 0) - spare);
      this.held.set(modelId, held);
      this.spare.set(modelId, 0);
      this.slots.set(modelId, this.owner, held, this.leaseEnd());
    }
  }

  /** Aborts items whose job left "running" (paused, cancelled, gone), then fills free slots. */
  private poll(): void {
    const running = new Map<string, boolean>();
    for (const r of this.running.values()) {
      const key = `${r.queue.kind}:${r.jobId}`;
      if (!running.has(key)) running.set(key, r.queue.isJobRunning(r.jobId));
      if (!running.get(key)) r.controller.abort(new StopWork("job is no longer running"));
    }
    this.tick();
  }

  /**
   * Fills every model's free slots, taking from each kind of work in turn so none starves the other. `recent`
   * (an item just ended) may use the models with work as a look at most workSeenMs old saw them: four
   * statements fewer per item, each a round trip on PostgreSQL; a new job waits that long at most.
   */
  tick(recent = false): void {
    if (!this.stopping) this.fill(recent);
    this.releaseSpareSlots();
  }

  /** The models with work and their kinds of work: from the database, or from the last look when recent enough. */
  private modelsWithWork(recent: boolean): Map<Model, WorkQueue[]> {
    const seen = this.workSeen;
    if (recent && seen && performance.now() - seen.at < Math.min(this.o.pollMs, workSeenMs)) return seen.work;
    const queuesByModel = new Map<number, WorkQueue[]>();
    for (const queue of this.queues) {
      for (const modelId of queue.modelsWithWork()) queuesByModel.set(modelId, [...(queuesByModel.get(modelId) ?? []), queue]);
    }
    const work = new Map<Model, WorkQueue[]>();
    for (const [modelId, queues] of queuesByModel) {
      const model = this.ctx.models.get(modelId);
      if (model) work.set(model, queues);
    }
    this.workSeen = { at: performance.now(), work };
    return work;
  }

  private fill(recent: boolean): void {
    for (const [model, queues] of this.modelsWithWork(recent)) {
      const modelId = model.id;
      if (model.base_urls.length === 0) {
        this.failUnsendable(model, queues);
        continue;
      }
      // Kinds of work take turns; a kind leaves the rotation once it has nothing left to claim.
      const open = [...queues];
      while (open.length > 0 && this.takeSlot(model)) {
        const queue = open.shift()!;
        const item = queue.claim(modelId, this.owner, this.o.clock.now(), this.o.leaseMs, this.batchFor(model));
        if (item) {
          this.launch(queue, item, model);
          open.push(queue);
        } else {
          this.spare.set(modelId, (this.spare.get(modelId) ?? 0) + 1);
        }
      }
    }
  }

  /**
   * Work for a model with nowhere to send it (its outputs were imported, or its base URLs were removed)
   * fails at once with the reason, rather than waiting in a running job forever.
   */
  private failUnsendable(model: Model, queues: WorkQueue[]) {
    const reason = `model "${model.name}" has no base URL (a model with imported outputs only): add one on the Models page, then retry the failed items`;
    for (const queue of queues) {
      const jobs = new Set<number>();
      for (let item = queue.claim(model.id, this.owner, this.o.clock.now(), this.o.leaseMs); item; ) {
        queue.fail(item, this.owner, reason, this.o.clock.now());
        jobs.add(item.job_id);
        item = queue.claim(model.id, this.owner, this.o.clock.now(), this.o.leaseMs);
      }
      let finished = false;
      for (const jobId of jobs) finished = queue.finishJobIfComplete(jobId, this.o.clock.now()) || finished;
      if (finished) for (const wake of this.waiting.splice(0)) wake();
    }
  }

  private launch(queue: WorkQueue, item: WorkItem, model: Model) {
    const controller = new AbortController();
    const key = `${queue.kind}:${item.id}`;
    const done = this.run(queue, item, model, controller.signal).finally(() => {
      this.spare.set(model.id, (this.spare.get(model.id) ?? 0) + 1);
      this.running.delete(key);
      // While another of this runner's items of the job runs, the job cannot be complete: no need to ask (one
      // statement per item fewer); the job's last item here asks, as does the last one of any other runner.
      const jobRunsHere = [...this.running.values()].some((r) => r.queue === queue && r.jobId === item.job_id);
      if (!jobRunsHere && queue.finishJobIfComplete(item.job_id, this.o.clock.now())) {
        for (const wake of this.waiting.splice(0)) wake();
      }
      this.tick(true);
    });
    this.running.set(key, { controller, queue, jobId: item.job_id, done });
  }

  /** Outputs of one prompt one request may carry: the model's n_per_request, unless every base URL ignores n. */
  private batchFor(model: Model): number {
    return model.base_urls.some((url) => !this.nIgnored.has(url)) ? model.n_per_request : 1;
  }

  private async run(queue: WorkQueue, item: WorkItem, model: Model, signal: AbortSignal): Promise<void> {
    const now = () => this.o.clock.now();
    try {
      const tools = {
        call: (request: CallRequest) => this.call(queue, item, model, request, signal),
        callChoices: (request: ChoicesRequest) => this.callChoices(queue, item, model, request, signal),
        now,
      };
      await queue.execute(item, model, tools, this.owner, signal);
    } catch (err) {
      if (err instanceof StopWork || signal.aborted) queue.release(item, this.owner, now());
      else queue.fail(item, this.owner, err instanceof Error ? err.message : String(err), now());
    }
  }

  /** One chat completion with retries: backoff with jitter, Retry-After honoured, permanent errors at once. */
  private call(queue: WorkQueue, item: WorkItem, model: Model, request: CallRequest, signal: AbortSignal): Promise<ChatResult> {
    return this.retrying(queue, item, model, signal, {
      send: (endpoint) => this.o.chat({ ...request, ...endpoint }),
    }) as Promise<ChatResult>;
  }

  /**
   * Several outputs of one prompt, each attempt one request for those still open (n = their number, at
   * most n_per_request, 1 to a base URL that ignores n). A choice that finished is handed over at once and
   * never asked again, whatever happens to the rest of its stream.
   */
  private async callChoices(queue: WorkQueue, item: WorkItem, model: Model, request: ChoicesRequest, signal: AbortSignal): Promise<void> {
    let asked = 0;
    let handed = new Set<number>();
    const hand = (choice: ChoiceResult) => {
      if (choice.index >= asked || handed.has(choice.index)) return;
      handed.add(choice.index);
      request.onChoiceDone(choice.index, choice);
    };
    const { open: _open, onChoiceText, onChoiceDone: _done, ...common } = request;
    await this.retrying(queue, item, model, signal, {
      before: (baseUrl) => {
        asked = request.open(this.nIgnored.has(baseUrl) ? 1 : model.n_per_request);
        handed = new Set();
        return asked > 0;
      },
      send: async (endpoint) => {
        const one = asked === 1;
        const result = await this.o.chat({
          ...common,
          ...endpoint,
          n: asked,
          onText: one && onChoiceText ? (text) => onChoiceText(0, text) : undefined,
          onChoiceText: one ? undefined : onChoiceText,
          onChoiceDone: hand,
        });
        for (const choice of result.choices) hand(choice);
        return result;
      },
      failed: (err, baseUrl) => {
        for (const choice of finishedChoicesOf(err)) hand(choice);
        if (err instanceof NIgnoredError) this.nIgnored.add(baseUrl);
      },
    });
  }

  /**
   * The attempts of one call: `before` (false: nothing left to ask), then `send` to the least busy base URL,
   * retried with backoff and jitter, Retry-After honoured, permanent errors at once. A call with choices
   * loops until `before` finds nothing open.
   */
  private async retrying(
    queue: WorkQueue,
    item: WorkItem,
    model: Model,
    signal: AbortSignal,
    steps: {
      before?: (baseUrl: string) => boolean;
      send: (endpoint: Pick<ChatRequest, "baseUrl" | "apiKey" | "model" | "timeoutMs" | "stallMs" | "signal">) => Promise<ChatResult>;
      failed?: (err: unknown, baseUrl: string) => void;
    },
  ): Promise<ChatResult | undefined> {
    // Checked again here, not only when the model was saved: a row written before the rule (or by hand)
    // must not send a longpref setting to an endpoint as its bearer token.
    const keyProblem = model.api_key_env === null ? null : keyEnvProblem(model.api_key_env, this.policy);
    if (keyProblem) throw new PermanentError(`api_key_env: ${keyProblem}`);
    // Base URLs found unreachable during this call: the next attempt goes elsewhere, and none waits.
    const unreachable = new Set<string>();
    for (let attempt = 1, faults = 0; ; attempt++) {
      if (signal.aborted) throw new StopWork("stopped");
      const baseUrl = this.pickUrl(model, unreachable);
      if (steps.before && !steps.before(baseUrl)) return undefined;
      queue.countAttempt(item, this.owner, this.o.clock.now());
      this.urlLoad.set(baseUrl, (this.urlLoad.get(baseUrl) ?? 0) + 1);
      try {
        const result = await steps.send({
          baseUrl,
          apiKey: model.api_key_env ? this.o.env[model.api_key_env] : undefined,
          model: model.model,
          timeoutMs: model.timeout_ms,
          stallMs: this.o.stallMs,
          signal,
        });
        if (!steps.before) return result;
      } catch (err) {
        if (signal.aborted) throw new StopWork("stopped");
        steps.failed?.(err, baseUrl);
        if (err instanceof UnreachableError) {
          unreachable.add(baseUrl);
          if (unreachable.size >= model.base_urls.length) throw err;
          queue.recordError(item, this.owner, `attempt ${attempt}: ${err.message}`, this.o.clock.now());
          continue;
        }
        if (!(err instanceof RetryableError)) throw err;
        queue.recordError(item, this.owner, `attempt ${attempt}: ${err.message}`, this.o.clock.now());
        // Not a fault of the endpoint: it answered properly, one choice at a time; asked again at once.
        if (err instanceof NIgnoredError) continue;
        if (++faults >= this.o.retry.maxAttempts) {
          throw new PermanentError(`gave up after ${attempt} attempts: ${err.message}`);
        }
        await this.o.clock.sleep(retryDelayMs(faults, this.o.retry, this.o.random, err.retryAfterMs), signal).catch(() => {
          throw new StopWork("stopped while waiting to retry");
        });
      } finally {
        this.urlLoad.set(baseUrl, (this.urlLoad.get(baseUrl) ?? 1) - 1);
      }
    }
  }

  /** The model's least busy base URL, leaving out those found unreachable (unless all were). */
  private pickUrl(model: Model, unreachable: ReadonlySet<string> = new Set()): string {
    const open = model.base_urls.filter((url) => !unreachable.has(url));
    const urls = open.length > 0 ? open : model.base_urls;
    return urls.reduce((best, url) => ((this.urlLoad.get(url) ?? 0) < (this.urlLoad.get(best) ?? 0) ? url : best));
  }
}
