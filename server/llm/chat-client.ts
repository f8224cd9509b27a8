import { Agent, interceptors, type Dispatcher } from "undici";
import type { HostRules } from "../endpoint-policy";
import { streamCompletion } from "./chat-stream";
import type { ChoiceResult } from "./choices";
import { guardedConnect } from "./guarded-connect";

export type { ChoiceResult } from "./choices";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatRequest {
  baseUrl: string;
  apiKey: string | undefined;
  model: string;
  messages: ChatMessage[];
  temperature: number;
  topP: number | null;
  maxTokens: number;
  /** The last message is a partial assistant answer to continue (vLLM/SGLang `continue_final_message`). */
  continueFinal?: boolean;
  /** An empty answer is a result, not an error (a connection test asks for a single token). */
  allowEmpty?: boolean;
  /** Whole request, from sending to the last token. */
  timeoutMs: number;
  /** Longest silence allowed between two streamed chunks. */
  stallMs: number;
  signal: AbortSignal;
  /** Choices asked for in one request (OpenAI's `n`); 1 when absent. */
  n?: number;
  /** Called with choice 0's text so far as it streams (at most once per read), for checkpoints and progress. */
  onText?: (text: string) => void;
  /** Called with a choice's text so far as it streams (at most once per read and choice), every choice. */
  onChoiceText?: (index: number, text: string) => void;
  /** n > 1: a choice whose finish reason arrived, at once (saved even if the stream breaks later). */
  onChoiceDone?: (choice: ChoiceResult) => void;
}

export interface ChatResult {
  /** Choice 0. */
  text: string;
  finishReason: string;
  promptTokens: number | null;
  completionTokens: number | null;
  /** Every choice, by index. */
  choices: ChoiceResult[];
}

export type ChatFn = (request: ChatRequest) => Promise<ChatResult>;

/**
 * The choices that finished before a request failed (a cut stream of n choices): the error thrown by a
 * ChatFn carries them, so the caller keeps those and asks again only for the others.
 */
export { finishedChoicesOf as finishedChoices } from "./choices";

/**
 * Streamed chat completions from OpenAI-compatible endpoints (vLLM, SGLang, OpenAI, Ollama...) read by
 * the lean reader (chat-stream.ts) over one connection pool. With an outbound policy every connection,
 * redirects included, goes through its check. Undici's own header and body timeouts are off: the reader
 * keeps the request's deadline and stall limit itself.
 */
export function openAiChat(options: { now?: () => Date; hosts?: HostRules | null } = {}): ChatFn {
  const now = options.now ?? (() => new Date());
  const agent = new Agent({
    headersTimeout: 0,
    bodyTimeout: 0,
    keepAliveTimeout: 30_000,
    ...(options.hosts ? { connect: guardedConnect(options.hosts) } : {}),
  });
  const dispatcher: Dispatcher = agent.compose(interceptors.redirect({ maxRedirections: 20 }));
  return (req) => streamCompletion(dispatcher, req, now);
}
