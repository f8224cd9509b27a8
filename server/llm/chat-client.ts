import { STATUS_CODES } from "node:http";
import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from "openai";
import { EndpointRefused, guardedFetch } from "./guarded-fetch";
import type { HostRules } from "../endpoint-policy";
import { ChoiceCollector, type ChoiceResult, withFinished } from "./choices";
import { connectionError, endpointLabel } from "./endpoint-errors";
import { redactError } from "./redact";
import { PermanentError, RetryableError, parseRetryAfter } from "./retry";

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
  /** Called with the text so far as it streams, for checkpoints and progress. */
  onText?: (text: string) => void;
  /** Choices asked for in the one request (OpenAI's `n`), default 1; they stream interleaved by index. */
  n?: number;
  /** n > 1: a choice's text so far as it streams. */
  onChoiceText?: (index: number, text: string) => void;
  /** n > 1: a choice whose finish reason arrived, at once (saved even if the stream breaks later). */
  onChoiceDone?: (choice: ChoiceResult) => void;
}

export interface ChatResult {
  /** For n > 1: the first choice's (every choice is in `choices`). */
  text: string;
  finishReason: string;
  promptTokens: number | null;
  /** For n > 1: all choices together, as servers count them. */
  completionTokens: number | null;
  /** Every choice asked for, by index; a failed request with n > 1 throws an error carrying `finished`. */
  choices: ChoiceResult[];
}

export type ChatFn = (request: ChatRequest) => Promise<ChatResult>;

// Statuses a retry can fix: timeouts, conflicts, rate limits, server errors.
const retryableStatus = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

/**
 * One streamed chat completion through the official OpenAI client (its own retries off: the runner
 * retries with its own policy and clock). Every failure becomes a RetryableError or a PermanentError
 * with a reason a researcher can read; a result is returned only for a stream that ended properly.
 */
export function openAiChat(options: { now?: () => Date; hosts?: HostRules | null } = {}): ChatFn {
  const now = options.now ?? (() => new Date());
  // With an outbound policy every connection goes through its check; without one, the runtime's own fetch.
  const guarded = options.hosts ? guardedFetch(options.hosts) : undefined;
  const clients = new Map<string, OpenAI>();
  const clientFor = (baseUrl: string, apiKey: string | undefined) => {
    const key = `${baseUrl}\n${apiKey ?? ""}`;
    let client = clients.get(key);
    if (!client) {
      // The SDK's own log would print parse failures to the console; they reach the sample's record instead.
      client = new OpenAI({
        baseURL: baseUrl,
        apiKey: apiKey ?? "not-needed",
        maxRetries: 0,
        timeout: 24 * 3600 * 1000,
        logLevel: "off",
        ...(guarded ? { fetch: guarded } : {}),
      });
      clients.set(key, client);
    }
    return client;
  };

  return async (req) => {
    const controller = new AbortController();
    let why: RetryableError | undefined;
    const abort = (reason: RetryableError) => {
      why ??= reason;
      controller.abort();
    };
    const onOuterAbort = () => controller.abort();
    req.signal.addEventListener("abort", onOuterAbort, { once: true });
    const deadline = setTimeout(
      () => abort(new RetryableError(`no complete answer within ${req.timeoutMs} ms from ${endpointLabel(req.baseUrl)}`)),
      req.timeoutMs,
    );
    let stall: NodeJS.Timeout | undefined;
    const armStall = () => {
      clearTimeout(stall);
      stall = setTimeout(() => abort(new RetryableError(`stream stalled: nothing received for ${req.stallMs} ms`)), req.stallMs);
    };

    let text = "";
    let finishReason: string | null = null;
    let usage: { prompt_tokens?: number; completion_tokens?: number } | undefined;
    let chunks = 0;
    let contentType: string | null = null;
    const many = manyChoices(req);
    try {
      armStall();
      const { data: stream, response } = await clientFor(req.baseUrl, req.apiKey)
        .chat.completions.create(
          {
            model: req.model,
            messages: req.messages,
            temperature: req.temperature,
            ...(req.topP === null ? {} : { top_p: req.topP }),
            max_tokens: req.maxTokens,
            ...(many ? { n: req.n } : {}),
            // Extensions of vLLM and SGLang; Ollama continues a final assistant message by itself.
            ...(req.continueFinal ? { continue_final_message: true, add_generation_prompt: false } : {}),
            stream: true,
            stream_options: { include_usage: true },
          },
          { signal: controller.signal },
        )
        .withResponse();
      contentType = response.headers.get("content-type");
      for await (const chunk of stream) {
        armStall();
        chunks++;
        if (many) {
          many.add(chunk.choices);
          if (chunk.usage) usage = chunk.usage;
          continue;
        }
        const choice = chunk.choices?.[0];
        const delta = choice?.delta?.content;
        if (typeof delta === "string" && delta.length > 0) {
          text += delta;
          req.onText?.(text);
        }
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        if (chunk.usage) usage = chunk.usage;
      }
    } catch (err) {
      const failure = redactError(classify(err, why, req.signal, now(), req.baseUrl), req.apiKey);
      throw many ? withFinished(failure, many.finished()) : failure;
    } finally {
      clearTimeout(deadline);
      clearTimeout(stall);
      req.signal.removeEventListener("abort", onOuterAbort);
    }
    if (why) throw many ? withFinished(why, many.finished()) : why;
    // A 200 whose body held no event at all (a proxy's HTML page, a plain JSON answer) was never a stream.
    if (chunks === 0) throw new RetryableError(`no event stream in the answer (content-type ${contentType ?? "none"})`);
    if (many) return manyResult(many.result(), usage);
    if (finishReason === null) throw new RetryableError("the stream ended without a finish reason (cut off)");
    // A continuation may end at once (the partial answer was complete); a fresh answer may not be empty.
    if (text.trim() === "" && !req.continueFinal && !req.allowEmpty)
      throw new RetryableError(`empty content (finish reason "${finishReason}")`);
    return {
      text,
      finishReason,
      promptTokens: usage?.prompt_tokens ?? null,
      completionTokens: usage?.completion_tokens ?? null,
      choices: [{ index: 0, text, finishReason, completionTokens: usage?.completion_tokens ?? null }],
    };
  };
}

/** The collector of a request with n > 1 (undefined for one choice, whose path stays as it was). */
function manyChoices(req: ChatRequest): ChoiceCollector | undefined {
  if ((req.n ?? 1) <= 1) return undefined;
  return new ChoiceCollector(req.n!, {
    allowEmpty: req.allowEmpty === true || req.continueFinal === true,
    onChoiceText: req.onChoiceText,
    onChoiceDone: req.onChoiceDone,
  });
}

function manyResult(choices: ChoiceResult[], usage: { prompt_tokens?: number; completion_tokens?: number } | undefined): ChatResult {
  return {
    text: choices[0]!.text,
    finishReason: choices[0]!.finishReason,
    promptTokens: usage?.prompt_tokens ?? null,
    completionTokens: usage?.completion_tokens ?? null,
    choices,
  };
}

function classify(err: unknown, why: RetryableError | undefined, outer: AbortSignal, now: Date, baseUrl: string): Error {
  if (outer.aborted) return outer.reason instanceof Error ? outer.reason : new Error("aborted");
  if (why) return why;
  if (err instanceof APIUserAbortError) return new RetryableError("request aborted");
  const refused = policyRefusal(err);
  if (refused) return new PermanentError(refused.message);
  if (err instanceof APIConnectionError) return connectionError(err.cause ?? err, baseUrl);
  if (err instanceof APIError && typeof err.status === "number") {
    // The status and the JSON error's message only: a raw body (an HTML page, a config dump behind a
    // proxy) never reaches last_error, the UI or the logs, so a base URL cannot read a service back.
    const reason = errorMessage(err.error);
    const from = endpointLabel(baseUrl);
    const message =
      reason === null
        ? `HTTP ${err.status}${STATUS_CODES[err.status] ? ` ${STATUS_CODES[err.status]}` : ""} from ${from}`
        : `HTTP ${err.status} from ${from}: ${reason}`;
    if (retryableStatus(err.status)) return new RetryableError(message, parseRetryAfter(err.headers, now));
    return new PermanentError(message);
  }
  // An `error` event inside a stream (vLLM sends one when generation fails midway).
  if (err instanceof APIError) return new RetryableError(`error event in the stream: ${errorMessage(err.error) ?? "no message"}`);
  // Anything else comes from reading the answer: a connection closed mid-stream (undici says "terminated"),
  // a non-JSON body or garbage in the event stream (whose parse error would quote the body).
  if (err instanceof SyntaxError) return new RetryableError("unreadable answer: the event stream holds invalid JSON");
  const message = err instanceof Error ? err.message : String(err);
  if (message === "terminated") return new RetryableError("the connection closed in the middle of the answer (stream cut)");
  return new RetryableError(`unreadable answer: ${message.slice(0, maxReasonChars)}`);
}

const maxReasonChars = 300;

/** `error.message` of an OpenAI-style error body (the SDK keeps its `error` field), cut to 300 characters. */
function errorMessage(error: unknown): string | null {
  const message = typeof error === "object" && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === "string" && message.trim() !== "" ? message.slice(0, maxReasonChars) : null;
}

/** The outbound policy's refusal somewhere in the error's causes (fetch wraps the connector's error twice). */
function policyRefusal(err: unknown): EndpointRefused | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof EndpointRefused) return e;
  }
  return undefined;
}
