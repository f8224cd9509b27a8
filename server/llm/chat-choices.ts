import { RetryableError } from "./retry";

const maxReasonChars = 300;

/** One choice of a streamed completion as far as it arrived. */
export interface ChoiceState {
  index: number;
  text: string;
  finishReason: string | null;
}

/**
 * The choices of one streamed chat completion, built from its events' data (each a chat.completion.chunk):
 * deltas appended per choice index (n choices arrive interleaved), finish reasons and usage kept. The
 * shapes are checked by hand rather than with a schema: this runs once per streamed token, and only
 * strings that are strings and indexes in range are taken, anything else in a chunk is ignored.
 */
export class ChoiceCollector {
  readonly choices: ChoiceState[];
  /** Events read, [DONE] included: none at all means the answer was not an event stream. */
  events = 0;
  done = false;
  promptTokens: number | null = null;
  completionTokens: number | null = null;
  /** Per choice: its text grew since the last call of `takeChanged`. */
  private readonly grew: boolean[];
  private anyGrew = false;

  constructor(
    n: number,
    /** Told once when a choice's finish reason arrives. */
    private readonly onFinish: ((choice: ChoiceState) => void) | null = null,
  ) {
    this.choices = Array.from({ length: n }, (_, index) => ({ index, text: "", finishReason: null }));
    this.grew = this.choices.map(() => false);
  }

  /** One event's data. Throws a RetryableError for invalid JSON or an error event. */
  add(data: string, type: string): void {
    this.events++;
    if (this.done) return;
    if (data === "[DONE]") {
      this.done = true;
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      // The parse error would quote the body; the reason says what it was, not what it held.
      throw new RetryableError("unreadable answer: the event stream holds invalid JSON");
    }
    if (typeof chunk !== "object" || chunk === null) return;
    const { error, choices, usage } = chunk as { error?: unknown; choices?: unknown; usage?: unknown };
    // vLLM sends an error in a data event when generation fails midway; others name the event "error".
    if ((error !== undefined && error !== null) || type === "error")
      throw new RetryableError(`error event in the stream: ${errorMessage(error ?? chunk) ?? "no message"}`);
    if (Array.isArray(choices)) for (const choice of choices) this.addChoice(choice);
    if (typeof usage === "object" && usage !== null) {
      const { prompt_tokens, completion_tokens } = usage as { prompt_tokens?: unknown; completion_tokens?: unknown };
      if (typeof prompt_tokens === "number") this.promptTokens = prompt_tokens;
      if (typeof completion_tokens === "number") this.completionTokens = completion_tokens;
    }
  }

  private addChoice(choice: unknown): void {
    if (typeof choice !== "object" || choice === null) return;
    const { index = 0, delta, finish_reason } = choice as { index?: unknown; delta?: unknown; finish_reason?: unknown };
    const state = typeof index === "number" ? this.choices[index] : undefined;
    if (state === undefined || state.finishReason !== null) return;
    const content = typeof delta === "object" && delta !== null ? (delta as { content?: unknown }).content : undefined;
    if (typeof content === "string" && content !== "") {
      // A NUL is no text a writer meant, and PostgreSQL's text cannot hold one: it becomes U+FFFD on arrival,
      // so an answer is stored alike on both backends.
      state.text += content.includes("\0") ? content.replaceAll("\0", "\uFFFD") : content;
      this.grew[state.index] = true;
      this.anyGrew = true;
    }
    if (typeof finish_reason === "string" && finish_reason !== "") {
      state.finishReason = finish_reason;
      this.onFinish?.(state);
    }
  }

  /** Calls `each` once per choice whose text grew since the last call (once per read, not per token). */
  takeChanged(each: (choice: ChoiceState) => void): void {
    if (!this.anyGrew) return;
    this.anyGrew = false;
    for (const choice of this.choices) {
      if (!this.grew[choice.index]) continue;
      this.grew[choice.index] = false;
      each(choice);
    }
  }
}

/** `message` of an OpenAI-style error object, cut to 300 characters. */
export function errorMessage(error: unknown): string | null {
  const message = typeof error === "object" && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === "string" && message.trim() !== "" ? message.slice(0, maxReasonChars) : null;
}
