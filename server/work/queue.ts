import type { Model } from "../../shared/schemas/model";
import type { ChatMessage, ChatResult } from "../llm/chat-client";
import type { ChoiceResult } from "../llm/choices";

/** A claimed unit of work (a sample to write, a judgment to ask for), leased to one runner. */
export interface WorkItem {
  id: number;
  job_id: number;
}

/** What a queue tells the runner about a single request: its prompt, parameters and streamed text. */
export interface CallRequest {
  messages: ChatMessage[];
  continueFinal?: boolean;
  temperature: number;
  topP: number | null;
  maxTokens: number;
  onText?: (text: string) => void;
}

/**
 * Several outputs of one prompt from requests with n choices each (OpenAI's `n`): the runner asks, attempt
 * after attempt, for the outputs still open, and hands each finished choice over as it arrives.
 */
export interface ChoicesRequest extends Omit<CallRequest, "onText"> {
  /**
   * Called before each attempt: the outputs still open, at most `limit` of them, become the attempt's
   * choices 0..k-1; returns k (0: all are written, the call ends).
   */
  open(limit: number): number;
  onChoiceText?: (index: number, text: string) => void;
  /** A finished choice of the current attempt, by its index in that attempt. */
  onChoiceDone(index: number, choice: ChoiceResult): void;
}

/** What the runner lends a queue while one item runs. */
export interface WorkTools {
  /** One chat completion with the runner's retries; every attempt and error is recorded on the item. */
  call(request: CallRequest): Promise<ChatResult>;
  /** Outputs as choices of as few requests as the model allows (its n_per_request), with the same retries. */
  callChoices(request: ChoicesRequest): Promise<void>;
  now(): Date;
}

/**
 * One kind of leased work (sampling, judging): its rows are claimed per model under a lease, so the runner
 * can share each model's max_in_flight between kinds and hand work back after a crash.
 */
export interface WorkQueue<T extends WorkItem = WorkItem> {
  readonly kind: string;
  /** Models with work waiting in running jobs. */
  modelsWithWork(): number[];
  /** `batch`: how many outputs of one prompt one request may carry (a queue that cannot batch ignores it). */
  claim(modelId: number, owner: string, now: Date, leaseMs: number, batch?: number): T | undefined;
  renewLeases(owner: string, until: Date): void;
  isJobRunning(jobId: number): boolean;
  /** Marks the job done when nothing of it is left to do; true if it did. */
  finishJobIfComplete(jobId: number, now: Date): boolean;
  countAttempt(item: T, owner: string, now: Date): void;
  recordError(item: T, owner: string, message: string, now: Date): void;
  /** Back to the queue (paused, cancelled, runner stopping). */
  release(item: T, owner: string, now: Date): void;
  fail(item: T, owner: string, message: string, now: Date): void;
  /** Does the work and saves its outcome; throws to fail it. */
  execute(item: T, model: Model, tools: WorkTools, owner: string, signal: AbortSignal): Promise<void>;
}
