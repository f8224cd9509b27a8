import type { ServerResponse } from "node:http";
import { choiceChunk, choiceText, chunk, interleaved, split, startFakeOpenAi } from "../helpers/fake-openai";

/**
 * What a faulty endpoint may do with one chat-completions request. "ok" and "length" stream the whole
 * answer (finish reason "stop" or "length"); every other kind withholds it in its own way.
 */
export const faultKinds = [
  "ok",
  "length",
  "429",
  "500",
  "503",
  "502-html",
  "stall",
  "cut",
  "malformed",
  "empty",
  "not-json",
  "reset",
  "400",
  "401",
] as const;
export type FaultKind = (typeof faultKinds)[number];

export interface Reply {
  kind: FaultKind;
  /** The complete answer: streamed whole by "ok" and "length", in part by "stall", "cut" and "malformed". */
  text: string;
  /** Retry-After in seconds, sent with a 429. */
  retryAfterS?: number;
  /** Which attempt of the client's this answers, when the script knows (for its log only). */
  attempt?: number;
}

export interface Served {
  prompt: string;
  reply: Reply;
  /** Choices asked for (the request's n). */
  n: number;
}

/** Open requests counted from arrival to the end of their answer, with the highest count seen. */
export class OpenRequests {
  open = 0;
  peak = 0;
  enter() {
    this.peak = Math.max(this.peak, ++this.open);
  }
  leave() {
    this.open--;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * An OpenAI-compatible endpoint (the tests' fake, test/helpers/fake-openai.ts) whose every answer is chosen
 * by `reply` (from the request's last message), written over real HTTP so the code under test meets each
 * fault as it would from a real server. `stallMs` is how long a stalled answer stays silent before it would
 * go on (the client must have given up by then); `hold` keeps every answer back before its first byte.
 * `counters` see every request open and close.
 */
export async function startFaultyEndpoint(
  reply: (prompt: string) => Reply,
  options: { stallMs?: number; hold?: () => Promise<void>; counters?: OpenRequests[] } = {},
) {
  const served: Served[] = [];
  const requests = new OpenRequests();
  const fake = await startFakeOpenAi(
    ({ prompt, body }) => {
      const chosen = reply(prompt);
      const n = body.n ?? 1;
      served.push({ prompt, reply: chosen, n });
      return {
        kind: "answer",
        write: (res, model) => (n > 1 ? answerChoices(res, chosen, model, n, options) : answer(res, chosen, model, options)),
      };
    },
    { counters: [requests, ...(options.counters ?? [])] },
  );
  return { url: fake.url, served, requests, close: () => fake.close() };
}
export type FaultyEndpoint = Awaited<ReturnType<typeof startFaultyEndpoint>>;

async function answer(res: ServerResponse, r: Reply, model: string, o: { stallMs?: number; hold?: () => Promise<void> }) {
  await o.hold?.();
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const sse = () => res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  // Each piece leaves in its own turn of the event loop, so the client reads several chunks.
  const stream = async (parts: string[]) => {
    for (const part of parts) {
      if (res.destroyed) return false;
      res.write(chunk(model, { content: part }, null));
      await new Promise((done) => setImmediate(done));
    }
    return !res.destroyed;
  };
  const finish = (reason: "stop" | "length") => {
    res.write(chunk(model, {}, reason));
    const tokens = Math.max(1, Math.round(r.text.length / 4));
    res.write(chunk(model, {}, null, { prompt_tokens: 10, completion_tokens: tokens, total_tokens: tokens + 10 }));
    res.end("data: [DONE]\n\n");
  };
  const parts = split(r.text, 3 + (r.text.length % 4));
  const error = (message: string, type: string) => ({ error: { message, type, code: null, param: null } });

  switch (r.kind) {
    case "ok":
    case "length":
      sse();
      // An SSE comment (proxies and OpenRouter send them to keep a connection open) is not a fault.
      res.write(": keep-alive\n\n");
      if (await stream(parts)) finish(r.kind === "ok" ? "stop" : "length");
      return;
    case "429":
      return json(429, error("Rate limit reached, please retry", "rate_limit_error"), { "retry-after": String(r.retryAfterS ?? 1) });
    case "500":
      return json(500, error("The server had an error while processing your request", "server_error"));
    case "503":
      return json(503, error("The engine is currently overloaded", "server_error"));
    case "400":
      return json(400, error("This model's maximum context length is 8192 tokens", "invalid_request_error"));
    case "401":
      return json(401, error("Incorrect API key provided", "invalid_request_error"));
    case "502-html":
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>");
      return;
    case "not-json":
      // A proxy's error page with a success status, where an event stream was asked for.
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body>upstream connect error or disconnect/reset before headers</body></html>");
      return;
    case "reset":
      res.socket?.destroy();
      return;
    case "empty":
      sse();
      res.write(chunk(model, { role: "assistant", content: "" }, null));
      finish("stop");
      return;
    case "stall":
      sse();
      await stream(parts.slice(0, 1));
      // Silent past the client's stall limit; if the client is still there, the answer then goes on.
      await sleep(o.stallMs ?? 60_000);
      if (await stream(parts.slice(1))) finish("stop");
      return;
    case "cut":
      sse();
      await stream(parts.slice(0, Math.max(1, parts.length - 1)));
      res.socket?.destroy();
      return;
    case "malformed":
      // One event's JSON broken off in the middle of an otherwise complete answer: a reader that skipped
      // it would save the answer without that piece.
      sse();
      await stream(parts.slice(0, 1));
      res.write('data: {"id":"chatcmpl-faulty","choices":[{"index":0,"delta":{"content":"and th\n\n');
      if (await stream(parts.slice(1))) finish("stop");
      return;
  }
}

/**
 * The same faults for a request with n > 1 choices, streamed interleaved by index (choice i's text is
 * choiceText(text, i)). A fault inside a stream (stall, cut, malformed, empty) comes after choice 0 has
 * finished and the others have begun: a client must keep choice 0 and ask again for the others only.
 */
async function answerChoices(res: ServerResponse, r: Reply, model: string, n: number, o: { stallMs?: number; hold?: () => Promise<void> }) {
  const parts = (text: string) => split(text, 3 + (text.length % 4));
  const sse = () => res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const write = async (events: string[]) => {
    for (const event of events) {
      if (res.destroyed) return false;
      res.write(event);
      await new Promise((done) => setImmediate(done));
    }
    return !res.destroyed;
  };
  const usage = () => {
    const tokens = Array.from({ length: n }, (_, i) => Math.max(1, Math.round(choiceText(r.text, i).length / 4))).reduce((a, b) => a + b);
    res.write(chunk(model, {}, null, { prompt_tokens: 10, completion_tokens: tokens, total_tokens: tokens + 10 }));
    res.end("data: [DONE]\n\n");
  };
  const others = new Set(Array.from({ length: n - 1 }, (_, i) => i + 1));
  // Choice 0 whole, the others begun: what a fault inside the stream leaves behind.
  const begun = () => interleaved(model, r.text, n, { parts, finish: "stop", unfinished: others });
  switch (r.kind) {
    case "ok":
    case "length":
      await o.hold?.();
      sse();
      res.write(": keep-alive\n\n");
      if (await write(interleaved(model, r.text, n, { parts, finish: r.kind === "ok" ? "stop" : "length" }))) usage();
      return;
    case "stall":
      await o.hold?.();
      sse();
      await write(begun());
      await sleep(o.stallMs ?? 60_000);
      return void res.end();
    case "cut":
      await o.hold?.();
      sse();
      await write(begun());
      res.socket?.destroy();
      return;
    case "malformed":
      await o.hold?.();
      sse();
      await write(begun());
      res.write('data: {"id":"chatcmpl-faulty","choices":[{"index":1,"delta":{"content":"and th\n\n');
      if (await write(interleaved(model, r.text, n, { parts, finish: "stop" }))) usage();
      return;
    case "empty":
      await o.hold?.();
      sse();
      // Choice 0 whole; the others with no content at all, then a finish reason.
      await write(interleaved(model, r.text, n, { parts: (text) => (text === r.text ? parts(text) : []), finish: "stop" }));
      for (const i of others) res.write(choiceChunk(model, i, { content: "" }, "stop"));
      usage();
      return;
    default:
      return answer(res, r, model, o);
  }
}
