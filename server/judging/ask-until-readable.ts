import type { ChatResult } from "../llm/chat-client";
import { PermanentError } from "../llm/retry";
import type { WorkTools } from "../work/queue";

type Read<T> = ({ ok: true } & T) | { ok: false; reason: string };

interface Asking<T> {
  tools: WorkTools;
  prompt: string;
  settings: { temperature: number; max_tokens: number; max_answers: number };
  /** Unreadable answers this item already had (they survive a restart: the limit is per item, not per runner). */
  invalidSoFar: number;
  read: (text: string) => Read<T>;
  /** Keeps an unreadable answer and why, so the last one is there when the item fails. */
  recordInvalid: (raw: string, reason: string) => void;
  lastError: () => string;
  /** What a readable answer is, for the failure message: "six scores from 1 to 5". */
  expected: string;
}

export interface ReadableAnswer<T> {
  read: { ok: true } & T;
  answer: ChatResult;
  promptTokens: number | null;
  completionTokens: number | null;
}

/**
 * The judges' rule (decision 006): an answer that cannot be read is asked for again, up to max_answers, then
 * the item fails as "judge failed" with the last raw answer kept, so it is seen and never counted. Endpoint
 * errors are the runner's (tools.call retries them) and do not count against max_answers.
 */
export async function askUntilReadable<T>(o: Asking<T>): Promise<ReadableAnswer<T>> {
  let promptTokens = 0;
  let completionTokens = 0;
  for (let invalid = o.invalidSoFar; invalid < o.settings.max_answers; invalid++) {
    const answer = await o.tools.call({
      messages: [{ role: "user", content: o.prompt }],
      temperature: o.settings.temperature,
      topP: null,
      maxTokens: o.settings.max_tokens,
    });
    promptTokens += answer.promptTokens ?? 0;
    completionTokens += answer.completionTokens ?? 0;
    const read = o.read(answer.text);
    if (read.ok) return { read, answer, promptTokens: promptTokens || null, completionTokens: completionTokens || null };
    const why = answer.finishReason === "length" ? `${read.reason} (the answer hit max_tokens)` : read.reason;
    o.recordInvalid(answer.text, `answer ${invalid + 1}: ${why}`);
  }
  const n = o.settings.max_answers;
  throw new PermanentError(`judge failed: ${n} answer${n === 1 ? "" : "s"} could not be read as ${o.expected} (last: ${o.lastError()})`);
}
