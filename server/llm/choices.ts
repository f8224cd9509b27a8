import { RetryableError } from "./retry";

/** One choice of a completion asked for with `n`: its index in the request, its text and how it ended. */
export interface ChoiceResult {
  index: number;
  text: string;
  finishReason: string;
  /** Per choice only when the request asked for one choice (servers count tokens per request). */
  completionTokens: number | null;
}

/** A failed request with n > 1: the choices that did finish (kept by the runner; only the others are asked again). */
export type ChoicesError = Error & { finished: ChoiceResult[] };

export function withFinished<E extends Error>(err: E, finished: ChoiceResult[]): E & { finished: ChoiceResult[] } {
  return Object.assign(err, { finished });
}

/** The choices an error says finished before the request failed (none when it says nothing). */
export function finishedChoicesOf(err: unknown): ChoiceResult[] {
  const finished = err instanceof Error ? (err as Partial<ChoicesError>).finished : undefined;
  return Array.isArray(finished) ? finished : [];
}

/**
 * A proper stream that never held a choice past index 0 although n > 1 was asked: the endpoint ignores `n`
 * (llama.cpp, some proxies). The runner then asks one choice per request from that base URL.
 */
export class NIgnoredError extends RetryableError {}

/** One streamed event's choice as OpenAI-compatible servers send it with `n`: interleaved by index. */
export interface ChoiceDelta {
  index?: number;
  delta?: { content?: string | null } | null;
  finish_reason?: string | null;
}

/**
 * Collects the interleaved choices of one request with n > 1, per index. A choice is finished when its
 * finish_reason arrives (and reported at once, so it is saved even if the stream later breaks); an empty
 * one is not a result unless `allowEmpty`.
 */
export class ChoiceCollector {
  private readonly texts: string[];
  private readonly done: (ChoiceResult | undefined)[];
  private readonly empty = new Set<number>();
  private highestIndex = -1;

  constructor(
    private readonly n: number,
    private readonly o: {
      allowEmpty: boolean;
      onChoiceText?: (index: number, text: string) => void;
      onChoiceDone?: (choice: ChoiceResult) => void;
    },
  ) {
    this.texts = Array.from({ length: n }, () => "");
    this.done = Array.from({ length: n }, () => undefined);
  }

  add(choices: readonly ChoiceDelta[] | undefined): void {
    for (const choice of choices ?? []) {
      const index = choice.index ?? 0;
      // An index outside what was asked, or a choice already closed, would only corrupt a sample: ignored.
      if (!Number.isInteger(index) || index < 0 || index >= this.n || this.done[index] || this.empty.has(index)) continue;
      this.highestIndex = Math.max(this.highestIndex, index);
      const delta = choice.delta?.content;
      if (typeof delta === "string" && delta.length > 0) {
        this.texts[index] += delta;
        this.o.onChoiceText?.(index, this.texts[index]!);
      }
      if (choice.finish_reason) {
        const text = this.texts[index]!;
        if (text.trim() === "" && !this.o.allowEmpty) {
          this.empty.add(index);
          continue;
        }
        const result: ChoiceResult = { index, text, finishReason: choice.finish_reason, completionTokens: null };
        this.done[index] = result;
        this.o.onChoiceDone?.(result);
      }
    }
  }

  finished(): ChoiceResult[] {
    return this.done.filter((c): c is ChoiceResult => c !== undefined);
  }

  /** After a stream that ended properly: the choices, or why some are missing (carrying those that finished). */
  result(): ChoiceResult[] {
    const finished = this.finished();
    if (finished.length === this.n) return finished;
    if (this.highestIndex <= 0 && this.empty.size === 0 && finished.length <= 1)
      throw withFinished(
        new NIgnoredError(`the endpoint answered 1 of ${this.n} choices: it ignores n (asking one choice per request)`),
        finished,
      );
    const reason =
      this.empty.size > 0
        ? `empty content in ${this.empty.size} of ${this.n} choices`
        : `the stream ended without a finish reason for ${this.n - finished.length} of ${this.n} choices (cut off)`;
    throw withFinished(new RetryableError(reason), finished);
  }
}
