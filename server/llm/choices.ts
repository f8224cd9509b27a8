import { RetryableError } from "./retry";

/** One choice of a completion asked for with `n`: its index in the request, its text and how it ended. */
export interface ChoiceResult {
  index: number;
  text: string;
  finishReason: string;
  /** Per choice only when the request asked for one choice (servers count tokens per request). */
  completionTokens: number | null;
}

/** A failed request carries the choices that did finish (kept by the runner; only the others are asked again). */
export function withFinished<E extends Error>(err: E, finished: ChoiceResult[]): E & { finished: ChoiceResult[] } {
  return Object.assign(err, { finished });
}

/** The choices an error says finished before the request failed (none when it says nothing). */
export function finishedChoicesOf(err: unknown): ChoiceResult[] {
  const finished = err instanceof Error ? (err as { finished?: ChoiceResult[] }).finished : undefined;
  return Array.isArray(finished) ? finished : [];
}

/**
 * A proper stream that never held a choice past index 0 although n > 1 was asked: the endpoint ignores `n`
 * (llama.cpp, some proxies). The runner then asks one choice per request from that base URL.
 */
export class NIgnoredError extends RetryableError {}
