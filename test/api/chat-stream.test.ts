import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { finishedChoices, openAiChat, type ChatRequest } from "../../server/llm/chat-client";
import { RetryableError } from "../../server/llm/retry";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";

// The lean stream reader (decision 042) over real HTTP: n choices interleaved by index, a stream cut
// after some choices finished, events in CRLF, error events, and the stall limit kept with one timer.

let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const event = (choices: unknown[], extra: object = {}) =>
  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 0, model: "m", choices, ...extra })}\n\n`;
const delta = (index: number, content: string, finish: string | null = null) => ({ index, delta: { content }, finish_reason: finish });
const tick = () => new Promise((r) => setImmediate(r));

/** A fake whose every answer is written by `write` as an event stream. */
async function serve(write: (res: ServerResponse) => Promise<void>) {
  fake = await startFakeOpenAi(() => ({
    kind: "answer",
    write: async (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      await write(res);
    },
  }));
  return fake;
}

const ask = (url: string, more: Partial<ChatRequest> = {}) =>
  openAiChat()({
    baseUrl: url,
    apiKey: undefined,
    model: "m",
    messages: [{ role: "user", content: "Write" }],
    temperature: 1,
    topP: null,
    maxTokens: 100,
    timeoutMs: 10_000,
    stallMs: 5_000,
    signal: new AbortController().signal,
    ...more,
  });

/** Choice i's tokens: "c<i>t0 c<i>t1 ..." */
const tokens = (i: number, count: number) => Array.from({ length: count }, (_, t) => `c${i}t${t} `);

describe("n choices in one streamed request", () => {
  it("asks for n and builds every choice from its own deltas, interleaved by index, telling listeners per choice", async () => {
    const url = (
      await serve(async (res) => {
        for (let t = 0; t < 5; t++) {
          // Indexes out of order within a round, as vLLM sends whichever choice produced a token.
          for (const i of [2, 0, 3, 1]) res.write(event([delta(i, tokens(i, 5)[t]!, t === 4 ? (i === 3 ? "length" : "stop") : null)]));
          await tick();
        }
        res.write(event([], { usage: { prompt_tokens: 7, completion_tokens: 20 } }));
        res.end("data: [DONE]\n\n");
      })
    ).url;
    const seen = new Map<number, string[]>();
    const result = await ask(url, {
      n: 4,
      onChoiceText: (i, text) => seen.set(i, [...(seen.get(i) ?? []), text]),
    });
    expect(fake!.requests[0]!.body).toMatchObject({ n: 4, stream: true });
    expect(result.choices).toEqual(
      [0, 1, 2, 3].map((i) => ({
        index: i,
        text: tokens(i, 5).join(""),
        finishReason: i === 3 ? "length" : "stop",
        completionTokens: null,
      })),
    );
    expect(result).toMatchObject({ text: tokens(0, 5).join(""), finishReason: "stop", promptTokens: 7, completionTokens: 20 });
    for (const i of [0, 1, 2, 3]) {
      const texts = seen.get(i)!;
      expect(texts.at(-1)).toBe(tokens(i, 5).join(""));
      // Each text told is the one before it, grown: never another choice's tokens.
      for (let k = 1; k < texts.length; k++) expect(texts[k]!.startsWith(texts[k - 1]!)).toBe(true);
    }
  });

  it("fails a cut stream with the choices that did finish, so only the others are asked again", async () => {
    const url = (
      await serve(async (res) => {
        for (let t = 0; t < 3; t++) {
          for (const i of [0, 1, 2, 3]) {
            const finishes = t === 2 && (i === 1 || i === 3);
            if (t < 2 || finishes) res.write(event([delta(i, tokens(i, 3)[t]!, finishes ? "stop" : null)]));
          }
          await tick();
        }
        res.socket?.destroy();
      })
    ).url;
    const err = await ask(url, { n: 4 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as Error).message).toMatch(/stream cut/);
    expect(finishedChoices(err)).toEqual(
      [1, 3].map((i) => ({ index: i, text: tokens(i, 3).join(""), finishReason: "stop", completionTokens: null })),
    );
  });

  it("fails a stream that ends with a choice unfinished or empty, naming it and keeping the finished ones", async () => {
    const url = (
      await serve(async (res) => {
        res.write(event([delta(0, "zero", "stop"), delta(1, "one")]));
        res.end("data: [DONE]\n\n");
      })
    ).url;
    const cut = await ask(url, { n: 2 }).catch((e: unknown) => e);
    expect((cut as Error).message).toBe("the stream ended without a finish reason for 1 of 2 choices (cut off)");
    expect(finishedChoices(cut).map((c) => c.index)).toEqual([0]);
    await fake!.close();

    const empty = await serve(async (res) => {
      res.write(event([delta(0, "", "stop"), delta(1, "one", "stop")]));
      res.end("data: [DONE]\n\n");
    });
    const err = await ask(empty.url, { n: 2 }).catch((e: unknown) => e);
    expect((err as Error).message).toBe("empty content in 1 of 2 choices");
    expect(finishedChoices(err).map((c) => c.index)).toEqual([1]);
  });
});

describe("the stream reader", () => {
  it("reads events ended by CRLF with comments between them, one event's line split over writes", async () => {
    const url = (
      await serve(async (res) => {
        const body = `: hello\r\n\r\n${event([delta(0, "Hello, ")])}${event([delta(0, "world", "stop")])}data: [DONE]\n\n`.replace(
          /\n/g,
          "\r\n",
        );
        for (let i = 0; i < body.length; i += 7) {
          res.write(body.slice(i, i + 7));
          await tick();
        }
        res.end();
      })
    ).url;
    expect(await ask(url)).toMatchObject({ text: "Hello, world", finishReason: "stop", choices: [{ index: 0, text: "Hello, world" }] });
  });

  it("fails on an error event with the endpoint's message", async () => {
    const url = (
      await serve(async (res) => {
        res.write(event([delta(0, "Once")]));
        res.end('event: error\ndata: {"message":"the engine died"}\n\n');
      })
    ).url;
    const err = await ask(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as Error).message).toBe("error event in the stream: the engine died");
  });

  it("keeps a slow stream whose gaps stay under the stall limit, and gives up on a longer silence", async () => {
    const stallMs = 400;
    const url = (
      await serve(async (res) => {
        // Five gaps of a third of the limit: over the limit in all, never in one gap.
        for (let t = 0; t < 5; t++) {
          res.write(event([delta(0, `${t} `)]));
          await new Promise((r) => setTimeout(r, stallMs / 3));
        }
        res.end(`${event([delta(0, "end", "stop")])}data: [DONE]\n\n`);
      })
    ).url;
    expect((await ask(url, { stallMs })).text).toBe("0 1 2 3 4 end");
    await fake!.close();

    const silent = await serve(async (res) => {
      res.write(event([delta(0, "then nothing")]));
    });
    const started = Date.now();
    await expect(ask(silent.url, { stallMs })).rejects.toThrow(`stream stalled: nothing received for ${stallMs} ms`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(stallMs);
  });
});
