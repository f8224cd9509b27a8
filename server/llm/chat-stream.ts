import { STATUS_CODES } from "node:http";
import { StringDecoder } from "node:string_decoder";
import { request, type Dispatcher } from "undici";
import type { ChatRequest, ChatResult, ChoiceResult } from "./chat-client";
import { ChoiceCollector, errorMessage, type ChoiceState } from "./chat-choices";
import { NIgnoredError, withFinished } from "./choices";
import { connectionError, endpointLabel } from "./endpoint-errors";
import { EndpointRefused } from "./guarded-connect";
import { redactError } from "./redact";
import { PermanentError, RetryableError, parseRetryAfter } from "./retry";
import { SseParser } from "./sse-events";

// Statuses a retry can fix: timeouts, conflicts, rate limits, server errors.
const retryableStatus = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;
/** Of an error answer, only this much is read: its JSON error's message is all a reason may show. */
const maxErrorBodyChars = 64 * 1024;

/**
 * One streamed chat completion, read without the OpenAI SDK's stream helpers (decision 042): undici's
 * request, text decoded once per read, events split by SseParser, each JSON.parse'd once into per-choice
 * texts, listeners told once per read. Every failure becomes a RetryableError or a PermanentError with a
 * reason a researcher can read, carrying `finished` (the choices that did finish); a result is returned
 * only when every choice ended properly.
 */
export async function streamCompletion(dispatcher: Dispatcher, req: ChatRequest, now: () => Date): Promise<ChatResult> {
  const n = req.n ?? 1;
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
  // One timer per request, not one per event: each read notes its time, the timer looks when it fires.
  let lastRead = performance.now();
  let stall: NodeJS.Timeout | undefined;
  const checkStall = (settled: boolean) => {
    const idle = performance.now() - lastRead;
    if (idle < req.stallMs) stall = setTimeout(checkStall, req.stallMs - idle, false);
    // Timers run before the reads that waited behind a busy event loop (a long synchronous write, a PostgreSQL
    // round trip): look again once those reads had their turn, so a stall is the endpoint's, never our own.
    else if (!settled) setImmediate(checkStall, true);
    else abort(new RetryableError(`stream stalled: nothing received for ${req.stallMs} ms`));
  };
  stall = setTimeout(checkStall, req.stallMs, false);

  const collector = new ChoiceCollector(n, finishListener(req));
  let contentType: string | null = null;
  try {
    let answer: Dispatcher.ResponseData;
    try {
      answer = await request(`${req.baseUrl.replace(/\/+$/, "")}/chat/completions`, {
        dispatcher,
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "text/event-stream",
          authorization: `Bearer ${req.apiKey ?? "not-needed"}`,
        },
        body: requestBody(req, n),
        signal: controller.signal,
      });
    } catch (err) {
      throw requestError(err, why, req.signal, req.baseUrl);
    }
    const type = answer.headers["content-type"];
    contentType = (Array.isArray(type) ? type[0] : type) ?? null;
    if (answer.statusCode < 200 || answer.statusCode > 299) throw await statusError(answer, req.baseUrl, now());
    await readEvents(answer.body, collector, notifier(req), () => (lastRead = performance.now())).catch((err: unknown) => {
      throw readError(err, why, req.signal);
    });
    if (why) throw why;
    return result(collector, req, contentType);
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    throw redactError(withFinished(error, finishedOf(collector, req)), req.apiKey);
  } finally {
    clearTimeout(deadline);
    clearTimeout(stall);
    req.signal.removeEventListener("abort", onOuterAbort);
  }
}

function requestBody(req: ChatRequest, n: number): string {
  return JSON.stringify({
    model: req.model,
    messages: req.messages,
    temperature: req.temperature,
    ...(req.topP === null ? {} : { top_p: req.topP }),
    max_tokens: req.maxTokens,
    ...(n > 1 ? { n } : {}),
    // Extensions of vLLM and SGLang; Ollama continues a final assistant message by itself.
    ...(req.continueFinal ? { continue_final_message: true, add_generation_prompt: false } : {}),
    stream: true,
    stream_options: { include_usage: true },
  });
}

/** With n > 1, each choice is handed over the moment it finishes (so a later cut or crash keeps it). */
function finishListener(req: ChatRequest): ((choice: ChoiceState) => void) | null {
  const { onChoiceDone } = req;
  if (!onChoiceDone || (req.n ?? 1) <= 1) return null;
  return (c) => {
    if (mayBeEmpty(c, req)) onChoiceDone({ index: c.index, text: c.text, finishReason: c.finishReason!, completionTokens: null });
  };
}

/** The request's listeners, told once per read about each choice whose text grew. */
function notifier(req: ChatRequest): ((choice: ChoiceState) => void) | null {
  const { onText, onChoiceText } = req;
  if (!onText && !onChoiceText) return null;
  return (choice) => {
    if (choice.index === 0) onText?.(choice.text);
    onChoiceText?.(choice.index, choice.text);
  };
}

/** Reads the body to its end, every event into the collector; rejects with the first error. */
function readEvents(
  body: Dispatcher.ResponseData["body"],
  collector: ChoiceCollector,
  notify: ((choice: ChoiceState) => void) | null,
  onRead: () => void,
): Promise<void> {
  const parser = new SseParser((data, type) => collector.add(data, type));
  // Undici's body ignores setEncoding; a decoder of our own keeps a character split between reads whole.
  const decoder = new StringDecoder("utf8");
  return new Promise((resolve, reject) => {
    body.on("data", (bytes: Buffer) => {
      onRead();
      try {
        parser.push(decoder.write(bytes));
        if (notify) collector.takeChanged(notify);
      } catch (err) {
        reject(err);
        body.destroy();
      }
    });
    // A turn later: undici hands a connection back to its pool one event-loop turn after the answer's end
    // (setImmediate), and a request sent before that opens a new connection (1,024 streams made 2,049).
    body.on("end", () => setImmediate(resolve));
    body.on("error", reject);
  });
}

/** The answer of a stream that ended, or why it is not one (each choice on its own when there are several). */
function result(collector: ChoiceCollector, req: ChatRequest, contentType: string | null): ChatResult {
  // A 200 whose body held no event at all (a proxy's HTML page, a plain JSON answer) was never a stream.
  if (collector.events === 0) throw new RetryableError(`no event stream in the answer (content-type ${contentType ?? "none"})`);
  if (collector.choices.length > 1) return severalChoices(collector, req);
  const unfinished = collector.choices.find((c) => c.finishReason === null);
  if (unfinished) throw new RetryableError(`the stream ended without a finish reason (cut off)`);
  // A continuation may end at once (the partial answer was complete); a fresh answer may not be empty.
  const empty = collector.choices.find((c) => !mayBeEmpty(c, req));
  if (empty) throw new RetryableError(`empty content (finish reason "${empty.finishReason}")`);
  const choices = finishedOf(collector, req);
  const first = choices[0]!;
  return {
    text: first.text,
    finishReason: first.finishReason,
    promptTokens: collector.promptTokens,
    completionTokens: collector.completionTokens,
    choices,
  };
}

/** n > 1: every choice finished, or why not; a proper stream with choice 0 alone means the endpoint ignores n. */
function severalChoices(collector: ChoiceCollector, req: ChatRequest): ChatResult {
  const n = collector.choices.length;
  const finished = finishedOf(collector, req);
  if (finished.length < n) {
    const others = collector.choices.slice(1);
    if (others.every((c) => c.text === "" && c.finishReason === null) && mayBeEmptyOrOpen(collector.choices[0]!, req))
      throw new NIgnoredError(`the endpoint answered 1 of ${n} choices: it ignores n (asking one choice per request)`);
    const empty = collector.choices.filter((c) => c.finishReason !== null && !mayBeEmpty(c, req)).length;
    throw new RetryableError(
      empty > 0
        ? `empty content in ${empty} of ${n} choices`
        : `the stream ended without a finish reason for ${n - finished.length} of ${n} choices (cut off)`,
    );
  }
  return {
    text: finished[0]!.text,
    finishReason: finished[0]!.finishReason,
    promptTokens: collector.promptTokens,
    completionTokens: collector.completionTokens,
    choices: finished,
  };
}

const mayBeEmptyOrOpen = (c: ChoiceState, req: ChatRequest) => c.finishReason === null || mayBeEmpty(c, req);
const mayBeEmpty = (c: ChoiceState, req: ChatRequest) => c.text.trim() !== "" || req.continueFinal === true || req.allowEmpty === true;

/** The choices that ended properly so far. */
function finishedOf(collector: ChoiceCollector, req: ChatRequest): ChoiceResult[] {
  const one = collector.choices.length === 1;
  return collector.choices
    .filter((c) => c.finishReason !== null && mayBeEmpty(c, req))
    .map((c) => ({
      index: c.index,
      text: c.text,
      finishReason: c.finishReason!,
      completionTokens: one ? collector.completionTokens : null,
    }));
}

/** An error status: the status and the JSON error's message only, never the raw body. */
async function statusError(answer: Dispatcher.ResponseData, baseUrl: string, now: Date): Promise<Error> {
  // A raw body (an HTML page, a config dump behind a proxy) never reaches last_error, the UI or the logs,
  // so a base URL cannot read a service back.
  const body = await readSome(answer.body).catch(() => "");
  let reason: string | null = null;
  try {
    reason = errorMessage((JSON.parse(body) as { error?: unknown } | null)?.error);
  } catch {}
  const status = answer.statusCode;
  const from = endpointLabel(baseUrl);
  const message =
    reason === null
      ? `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ""} from ${from}`
      : `HTTP ${status} from ${from}: ${reason}`;
  if (!retryableStatus(status)) return new PermanentError(message);
  const headers = answer.headers;
  const get = (name: string) => {
    const value = headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? null;
  };
  return new RetryableError(message, parseRetryAfter({ get }, now));
}

/** The first 64 KiB of a body; the rest is not read (the connection is dropped). */
function readSome(body: Dispatcher.ResponseData["body"]): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const decoder = new StringDecoder("utf8");
    body.on("data", (bytes: Buffer) => {
      text += decoder.write(bytes);
      if (text.length < maxErrorBodyChars) return;
      body.destroy();
      resolve(text);
    });
    body.on("end", () => resolve(text));
    body.on("error", reject);
  });
}

/** Why no answer came: the policy refused the address, nothing listens, or the connection broke. */
function requestError(err: unknown, why: RetryableError | undefined, outer: AbortSignal, baseUrl: string): Error {
  if (outer.aborted) return outer.reason instanceof Error ? outer.reason : new Error("aborted");
  if (why) return why;
  const refused = policyRefusal(err);
  if (refused) return new PermanentError(refused.message);
  return connectionError(err, baseUrl);
}

// What a connection closed under a streaming answer looks like from undici.
const cutCodes = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE", "UND_ERR_RES_CONTENT_LENGTH_MISMATCH"]);

/** Why reading the answer stopped: a limit, the caller, the stream's own content, or a cut connection. */
function readError(err: unknown, why: RetryableError | undefined, outer: AbortSignal): Error {
  if (outer.aborted) return outer.reason instanceof Error ? outer.reason : new Error("aborted");
  if (why) return why;
  if (err instanceof RetryableError || err instanceof PermanentError) return err;
  const refused = policyRefusal(err);
  if (refused) return new PermanentError(refused.message);
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string" && cutCodes.has(code))
    return new RetryableError("the connection closed in the middle of the answer (stream cut)");
  const message = err instanceof Error ? err.message : String(err);
  return new RetryableError(`unreadable answer: ${message.slice(0, 300)}`);
}

/** The outbound policy's refusal somewhere in the error's causes. */
function policyRefusal(err: unknown): EndpointRefused | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof EndpointRefused) return e;
  }
  return undefined;
}
