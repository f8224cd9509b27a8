import { afterEach, describe, expect, it } from "vitest";
import { endpointPolicy } from "../../server/endpoint-policy";
import { openAiChat } from "../../server/llm/chat-client";
import { testConnection } from "../../server/llm/test-connection";
import { createSamplingJob } from "../../server/sampling/jobs";
import { choiceChunk, choiceText, chunk, interleaved, split, startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { runToEnd, seedModel, seedSet, testRunner } from "../helpers/sampling";
import { testApp, type TestApp } from "../helpers/test-app";

// Issue #20, point 1: the n samples of an instruction come from one streamed request whose choices arrive
// interleaved by index; each choice is saved on its own, and a broken stream is asked again only for the
// choices that did not finish.

let t: TestApp;
let fake: FakeOpenAi;
afterEach(async () => {
  await fake?.close();
  t?.close();
});

const rowsOf = (jobId: number) =>
  t.db
    .prepare(
      "SELECT s.instruction_id, s.sample_index, s.status, s.text, s.attempts, s.finish_reason, s.last_error, i.prompt FROM samples s JOIN instructions i ON i.id = s.instruction_id WHERE s.job_id = ? ORDER BY s.instruction_id, s.sample_index",
    )
    .all(jobId) as { instruction_id: number; sample_index: number; status: string; text: string; attempts: number; prompt: string }[];

// No stall limit to meet on a loaded machine: these tests are about choices, not silences.
const patient = { stallMs: 30_000 };
const answer = (prompt: string) => `The answer to "${prompt}", told at some length so that it streams in pieces.`;

describe("n choices per request", () => {
  it("asks once per instruction for its 4 samples and saves each choice as one sample", async () => {
    t = testApp();
    fake = await startFakeOpenAi((req) => ({ kind: "stream", text: answer(req.prompt), chunks: 6 }));
    const prompts = ["Write a poem", "Write a story", "Write a letter"];
    const model = seedModel(t.ctx, [fake.url], { n_per_request: 4 });
    const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, prompts), model_id: model.id, n: 4 }, null);
    const job = await runToEnd(t.ctx, testRunner(t.ctx, patient).runner, jobId);

    expect(job.counts).toEqual({ queued: 0, running: 0, done: 12, failed: 0 });
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests.map((r) => r.body.n)).toEqual([4, 4, 4]);
    for (const prompt of prompts) {
      const mine = rowsOf(jobId).filter((r) => r.prompt === prompt);
      expect(mine.map((r) => r.text)).toEqual([0, 1, 2, 3].map((i) => choiceText(answer(prompt), i)));
      expect(mine.every((r) => r.attempts === 1 && r.status === "done")).toBe(true);
    }
  });

  it("keeps the choices that finished before a cut and asks again for the others only", async () => {
    t = testApp();
    const text = answer("Write a poem");
    fake = await startFakeOpenAi((req, i) => {
      if (i > 0) return { kind: "stream", text, chunks: 3 };
      return {
        kind: "answer",
        write: async (res, m) => {
          res.writeHead(200, { "content-type": "text/event-stream" });
          // Choices 0 and 2 finish, 1 and 3 are cut off.
          for (const event of interleaved(m, text, req.body.n!, { parts: (s) => split(s, 3), finish: "stop", unfinished: new Set([1, 3]) }))
            res.write(event);
          await new Promise((r) => setTimeout(r, 20));
          res.socket?.destroy();
        },
      };
    });
    const model = seedModel(t.ctx, [fake.url], { n_per_request: 4 });
    const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, ["Write a poem"]), model_id: model.id, n: 4 }, null);
    const job = await runToEnd(t.ctx, testRunner(t.ctx, patient).runner, jobId);

    expect(job.counts).toMatchObject({ done: 4, failed: 0 });
    expect(fake.requests.map((r) => r.body.n)).toEqual([4, 2]);
    const rows = rowsOf(jobId);
    // Samples 0 and 2 took choices 0 and 2 of the first request; 1 and 3 took choices 0 and 1 of the second.
    expect(rows.map((r) => [r.text, r.attempts])).toEqual([
      [choiceText(text, 0), 1],
      [choiceText(text, 0), 2],
      [choiceText(text, 2), 1],
      [choiceText(text, 1), 2],
    ]);
  });

  it("asks one choice per request from an endpoint that ignores n, and still writes every sample once", async () => {
    t = testApp();
    let k = 0;
    // Answers choice 0 only, whatever n says (llama.cpp's server, some proxies).
    fake = await startFakeOpenAi(() => ({ kind: "stream", text: `only one ${k++}` }));
    const model = seedModel(t.ctx, [fake.url], { n_per_request: 4 });
    const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, ["Write a poem", "Write a story"]), model_id: model.id, n: 4 }, null);
    const job = await runToEnd(
      t.ctx,
      testRunner(t.ctx, { ...patient, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }).runner,
      jobId,
    );

    expect(job.counts).toMatchObject({ done: 8, failed: 0 });
    const texts = rowsOf(jobId).map((r) => r.text);
    expect(new Set(texts).size).toBe(8);
    // The first request with n = 4 shows the endpoint ignores n; after it, one choice per request.
    expect(fake.requests.filter((r) => (r.body.n ?? 1) > 1).length).toBeLessThanOrEqual(2);
    expect(fake.requests.length).toBeLessThanOrEqual(10);
  });

  it("retries a choice that came back empty alone, keeping its siblings", async () => {
    t = testApp();
    const text = answer("Write");
    fake = await startFakeOpenAi((req, i) =>
      i > 0
        ? { kind: "stream", text }
        : {
            kind: "answer",
            write: async (res, m) => {
              res.writeHead(200, { "content-type": "text/event-stream" });
              // Choice 1 gets no content at all, then a finish reason.
              const parts = (s: string) => (s.startsWith("Choice 1:") ? [] : split(s, 2));
              for (const event of interleaved(m, text, 3, { parts, finish: "stop" })) res.write(event);
              res.write(choiceChunk(m, 1, { content: "" }, "stop"));
              res.write(chunk(m, {}, null, { prompt_tokens: 1, completion_tokens: 9, total_tokens: 10 }));
              res.end("data: [DONE]\n\n");
              void req;
            },
          },
    );
    const model = seedModel(t.ctx, [fake.url], { n_per_request: 4 });
    const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, ["Write"]), model_id: model.id, n: 3 }, null);
    await runToEnd(t.ctx, testRunner(t.ctx, patient).runner, jobId);
    expect(fake.requests.map((r) => r.body.n ?? 1)).toEqual([3, 1]);
    expect(rowsOf(jobId).map((r) => r.text)).toEqual([choiceText(text, 0), choiceText(text, 0), choiceText(text, 2)]);
    expect(rowsOf(jobId)[1]).toMatchObject({
      attempts: 2,
      last_error: expect.stringMatching(/attempt 1: empty content in 1 of 3 choices/),
    });
  });

  it("test connection tells an endpoint that answers n choices from one that ignores n", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ({ kind: "stream", text: "OK" }));
    const honours = seedModel(t.ctx, [fake.url], { name: "honours", n_per_request: 4 });
    const plain = seedModel(t.ctx, [fake.url], { name: "plain" });
    const policy = endpointPolicy({});
    expect(await testConnection(honours, policy, {}, openAiChat())).toMatchObject({ ok: true, n_supported: true });
    expect(fake.requests.at(-1)!.body.n).toBe(2);
    expect((await testConnection(plain, policy, {}, openAiChat())).n_supported).toBeUndefined();
    expect(fake.requests.at(-1)!.body.n).toBeUndefined();
    await fake.close();
    // A server that answers choice 0 whatever n says.
    fake = await startFakeOpenAi(() => ({
      kind: "answer",
      write: async (res, m) => {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(chunk(m, { content: "OK" }, null));
        res.write(chunk(m, {}, "length"));
        res.end("data: [DONE]\n\n");
      },
    }));
    const ignored = seedModel(t.ctx, [fake.url], { name: "ignored", n_per_request: 4 });
    const test = await testConnection(ignored, policy, {}, openAiChat());
    expect(test).toMatchObject({ ok: true, n_supported: false, endpoints: [{ ok: true, n_supported: false }] });
  });
});
