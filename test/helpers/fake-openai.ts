import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake endpoint does with one request. */
export type Behaviour =
  | { kind: "stream"; text: string; chunks?: number; chunkDelayMs?: number; delayMs?: number; finish?: "stop" | "length" }
  | { kind: "json"; text: string; finish?: "stop" | "length" }
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: "stall"; text: string }
  | { kind: "cut"; text: string }
  | { kind: "garbage" }
  | { kind: "empty" }
  /** Anything else, written by the test itself (the fault tests' twelve kinds of failure). */
  | { kind: "answer"; write: (res: ServerResponse, model: string) => Promise<void> };

/** Sees every request open and close (a fault test's count across several fakes). */
export interface RequestCounter {
  enter(): void;
  leave(): void;
}

export interface RecordedRequest {
  body: {
    model: string;
    messages: { role: string; content: string }[];
    temperature?: number;
    top_p?: number;
    max_tokens?: number;
    stream?: boolean;
    n?: number;
  };
  prompt: string;
  url: string;
  authorization: string | undefined;
  port: number;
}

/**
 * An OpenAI-compatible chat-completions server for tests, scripted per request: the code under test
 * talks to it with the real client over real HTTP.
 */
export async function startFakeOpenAi(
  script: (req: RecordedRequest, index: number) => Behaviour,
  options: { counters?: RequestCounter[] } = {},
) {
  const requests: RecordedRequest[] = [];
  const counters = options.counters ?? [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sockets = new Set<import("node:net").Socket>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      if (req.url?.endsWith("/chat/completions") !== true) {
        res.writeHead(404).end(JSON.stringify({ error: { message: "not found" } }));
        return;
      }
      const body = JSON.parse(raw) as RecordedRequest["body"];
      const recorded: RecordedRequest = {
        body,
        prompt: body.messages.at(-1)?.content ?? "",
        url: req.url,
        authorization: req.headers.authorization,
        port: (server.address() as AddressInfo).port,
      };
      const index = requests.push(recorded) - 1;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      for (const c of counters) c.enter();
      res.on("close", () => {
        inFlight--;
        for (const c of counters) c.leave();
      });
      void respond(res, script(recorded, index), body.model, body.n ?? 1).catch(() => res.destroy());
    });
  });
  // Longer than any client's idle time, so a kept-alive connection is never closed under a client reusing it.
  server.keepAliveTimeout = 60_000;
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    get inFlight() {
      return inFlight;
    },
    /** Connections open to the fake: 0 once a client's sockets closed and what they carried was read. */
    get openConnections() {
      return sockets.size;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
export type FakeOpenAi = Awaited<ReturnType<typeof startFakeOpenAi>>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** One server-sent chat-completions chunk: a delta, or (with `usage`) the closing usage event. */
export const chunk = (model: string, delta: Record<string, unknown>, finish: string | null, usage?: unknown) =>
  `data: ${JSON.stringify({
    id: "chatcmpl-fake",
    object: "chat.completion.chunk",
    created: 0,
    model,
    choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }],
    ...(usage ? { usage } : {}),
  })}\n\n`;

/**
 * One choice's event of a request with n > 1 (servers send one choice per event, interleaved by index); the
 * usage event is `chunk`'s.
 */
export const choiceChunk = (model: string, index: number, delta: Record<string, unknown>, finish: string | null) =>
  `data: ${JSON.stringify({
    id: "chatcmpl-fake",
    object: "chat.completion.chunk",
    created: 0,
    model,
    choices: [{ index, delta, finish_reason: finish }],
  })}\n\n`;

/** What the fakes answer as choice `index` of a request whose answer is `text` (choice 0: the text itself). */
// A prefix, so each choice still ends as the answer does (a changed ending would look truncated).
export const choiceText = (text: string, index: number) => (index === 0 ? text : `Choice ${index}: ${text}`);

/**
 * The choices' events interleaved by index, piece by piece: `parts(text)` cuts each choice's text. Choices
 * listed in `unfinished` get their first piece only and no finish reason; the others end with `finish`.
 */
export function interleaved(
  model: string,
  text: string,
  n: number,
  o: { parts: (text: string) => string[]; finish: string; unfinished?: ReadonlySet<number> },
): string[] {
  const pieces = Array.from({ length: n }, (_, i) => o.parts(choiceText(text, i)));
  const longest = Math.max(...pieces.map((p) => p.length));
  const events: string[] = [];
  for (let step = 0; step < longest; step++) {
    for (let i = 0; i < n; i++) {
      if (o.unfinished?.has(i) && step > 0) continue;
      const piece = pieces[i]![step];
      if (piece !== undefined) events.push(choiceChunk(model, i, { content: piece }, null));
      if (step === pieces[i]!.length - 1 && !o.unfinished?.has(i)) events.push(choiceChunk(model, i, {}, o.finish));
    }
  }
  return events;
}

/** The text in `parts` pieces of about equal length (at least one character each). */
export function split(text: string, parts: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / parts));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

async function respond(res: ServerResponse, b: Behaviour, model: string, n: number) {
  const sse = () => res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const tokens = (text: string) => Math.max(1, Math.round(text.length / 4));
  switch (b.kind) {
    case "answer":
      return b.write(res, model);
    case "status":
      res.writeHead(b.status, { "content-type": "application/json", ...b.headers });
      res.end(JSON.stringify(b.body ?? { error: { message: `fake error ${b.status}`, type: "fake" } }));
      return;
    case "json":
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: "chatcmpl-fake",
          object: "chat.completion",
          created: 0,
          model,
          choices: [{ index: 0, message: { role: "assistant", content: b.text }, finish_reason: b.finish ?? "stop" }],
          usage: { prompt_tokens: 10, completion_tokens: tokens(b.text), total_tokens: 10 + tokens(b.text) },
        }),
      );
      return;
    case "garbage":
      sse();
      res.write("data: {this is not json\n\n");
      res.end("data: [DONE]\n\n");
      return;
    case "empty":
      sse();
      res.write(chunk(model, { role: "assistant", content: "" }, null));
      res.write(chunk(model, {}, "stop"));
      res.end("data: [DONE]\n\n");
      return;
    case "stall":
      sse();
      res.write(chunk(model, { role: "assistant", content: b.text }, null));
      return; // never finishes: the client must notice the silence
    case "cut":
      sse();
      res.write(chunk(model, { role: "assistant", content: b.text }, null));
      await sleep(5);
      res.socket?.destroy();
      return;
    case "stream": {
      if (b.delayMs) await sleep(b.delayMs);
      sse();
      if (n > 1) {
        // Every choice's pieces interleaved, one event per choice and piece, as vLLM and SGLang stream them.
        const events = interleaved(model, b.text, n, { parts: (text) => split(text, b.chunks ?? 4), finish: b.finish ?? "stop" });
        for (let i = 0; i < events.length; i += n) {
          if (res.destroyed) return;
          res.write(events.slice(i, i + n).join(""));
          if (b.chunkDelayMs) await sleep(b.chunkDelayMs);
        }
        const total = Array.from({ length: n }, (_, i) => tokens(choiceText(b.text, i))).reduce((a, c) => a + c, 0);
        res.write(chunk(model, {}, null, { prompt_tokens: 10, completion_tokens: total, total_tokens: 10 + total }));
        res.end("data: [DONE]\n\n");
        return;
      }
      const parts = split(b.text, b.chunks ?? 4);
      for (const part of parts) {
        if (res.destroyed) return;
        res.write(chunk(model, { content: part }, null));
        if (b.chunkDelayMs) await sleep(b.chunkDelayMs);
      }
      res.write(chunk(model, {}, b.finish ?? "stop"));
      res.write(chunk(model, {}, null, { prompt_tokens: 10, completion_tokens: tokens(b.text), total_tokens: 10 + tokens(b.text) }));
      res.end("data: [DONE]\n\n");
      return;
    }
  }
}
