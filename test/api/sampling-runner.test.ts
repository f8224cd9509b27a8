import { afterEach, describe, expect, it, vi } from "vitest";
import { countWords } from "../../shared/scoring/word-count";
import { createSamplingJob } from "../../server/sampling/jobs";
import { startFakeOpenAi, type Behaviour, type FakeOpenAi } from "../helpers/fake-openai";
import { runToEnd, seedModel, seedSet, testRunner } from "../helpers/sampling";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let fake: FakeOpenAi;
afterEach(async () => {
  await fake?.close();
  t?.close();
});

const ok = (text: string): Behaviour => ({ kind: "stream", text });
const samplesOf = (jobId: number) =>
  t.db.prepare("SELECT * FROM samples WHERE job_id = ? ORDER BY instruction_id, sample_index").all(jobId) as Record<string, unknown>[];

describe("sampling runner, direct strategy", () => {
  it("samples n outputs per instruction and records text, word count, finish reason, usage and attempts", async () => {
    t = testApp();
    fake = await startFakeOpenAi((req) => ok(`Answer to: ${req.prompt}. 这是回答。`));
    const setId = seedSet(t.ctx, ["Write a poem", "Write a story", "写一篇文章"]);
    const model = seedModel(t.ctx, [fake.url], { api_key_env: "LONGPREF_KEY_FAKE" });
    const jobId = createSamplingJob(t.ctx, { set_id: setId, model_id: model.id, n: 2 }, null);
    const { runner } = testRunner(t.ctx, { env: { LONGPREF_KEY_FAKE: "sk-test-123" } });
    const job = await runToEnd(t.ctx, runner, jobId);

    expect(job.status).toBe("done");
    expect(job.counts).toEqual({ queued: 0, running: 0, done: 6, failed: 0 });
    const rows = samplesOf(jobId);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({
      text: "Answer to: Write a poem. 这是回答。",
      finish_reason: "stop",
      attempts: 1,
      completion_tokens: 8,
      prompt_tokens: 10,
    });
    expect(rows[0]!.word_count).toBe(countWords("Answer to: Write a poem. 这是回答。"));
    expect(fake.requests).toHaveLength(6);
    expect(fake.requests[0]!.body).toMatchObject({ model: "fake-model", temperature: 0.5, max_tokens: 32768, stream: true });
    expect(fake.requests[0]!.authorization).toBe("Bearer sk-test-123");
  });

  it("retries 429 honouring Retry-After, then 500, with exponential backoff, and succeeds", async () => {
    t = testApp();
    fake = await startFakeOpenAi((_req, i) =>
      i === 0
        ? { kind: "status", status: 429, headers: { "retry-after": "7" } }
        : i === 1
          ? { kind: "status", status: 500 }
          : ok("finally"),
    );
    const model = seedModel(t.ctx, [fake.url]);
    const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, ["Write"]), model_id: model.id, n: 1 }, null);
    const { runner, sleeps } = testRunner(t.ctx, { retry: { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 } });
    await runToEnd(t.ctx, runner, jobId);
    const [row] = samplesOf(jobId);
    expect(row).toMatchObject({ status: "done", text: "finally", attempts: 3 });
    expect(row!.last_error).toMatch(/attempt 2: HTTP 500/);
    // random() = 1: the full backoff ceiling; the first wait is the server's 7 s, above the 1 s ceiling.
    expect(sleeps).toEqual([7000, 2000]);
  });

  it("flags a sample cut by the token limit when it saves it", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ({ kind: "stream", text: "It was the best of times, it was the", finish: "length" }));
    const model = seedModel(t.ctx, [fake.url]);
    const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, ["Write a novel"]), model_id: model.id, n: 1 }, null);
    await runToEnd(t.ctx, testRunner(t.ctx).runner, jobId);
    expect(samplesOf(jobId)[0]).toMatchObject({ status: "done", finish_reason: "length", flags: JSON.stringify(["truncation"]) });
  });

  it("fails permanent errors at once with the reason", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ({
      kind: "status",
      status: 400,
      body: { error: { message: "This model's maximum context length is 8192 tokens", type: "invalid_request_error" } },
    }));
    const model = seedModel(t.ctx, [fake.url]);
    const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, ["Write"]), model_id: model.id, n: 1 }, null);
    const { runner, sleeps } = testRunner(t.ctx);
    const job = await runToEnd(t.ctx, runner, jobId);
    expect(job.counts.failed).toBe(1);
    const [row] = samplesOf(jobId);
    expect(row).toMatchObject({ status: "failed", attempts: 1, text: "" });
    expect(row!.last_error).toMatch(/HTTP 400.*maximum context length/);
    expect(sleeps).toEqual([]);
  });

  it.each<[string, Behaviour]>([
    ["a cut stream", { kind: "cut", text: "half a sent" }],
    ["garbage SSE", { kind: "garbage" }],
    ["empty content", { kind: "empty" }],
    ["a stall", { kind: "stall", text: "and then nothing" }],
    ["a non-streaming JSON answer", { kind: "json", text: "not streamed" }],
    ["a 503", { kind: "status", status: 503 }],
  ])("retries %s and saves only the complete answer", async (_name, fault) => {
    t = testApp();
    fake = await startFakeOpenAi((_req, i) => (i < 2 ? fault : ok("the complete answer")));
    const model = seedModel(t.ctx, [fake.url]);
    const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, ["Write"]), model_id: model.id, n: 1 }, null);
    const { runner } = testRunner(t.ctx);
    await runToEnd(t.ctx, runner, jobId);
    expect(samplesOf(jobId)[0]).toMatchObject({ status: "done", text: "the complete answer", attempts: 3 });
  });

  it("fails a sample after the last attempt with a readable reason, never saving partial text as done", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ({ kind: "cut", text: "partial text that must not be kept as done" }));
    const model = seedModel(t.ctx, [fake.url]);
    const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, ["Write"]), model_id: model.id, n: 1 }, null);
    const { runner, sleeps } = testRunner(t.ctx, { retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 } });
    const job = await runToEnd(t.ctx, runner, jobId);
    expect(job).toMatchObject({ status: "done", counts: { done: 0, failed: 1 } });
    const [row] = samplesOf(jobId);
    expect(row).toMatchObject({ status: "failed", attempts: 4, word_count: null });
    expect(row!.last_error).toMatch(/gave up after 4 attempts: .*(cut|connection|ended)/i);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it("keeps at most max_in_flight requests open per model and spreads them over base URLs", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ({ kind: "stream", text: "slow answer", delayMs: 40 }));
    const second = await startFakeOpenAi(() => ({ kind: "stream", text: "slow answer", delayMs: 40 }));
    try {
      const model = seedModel(t.ctx, [fake.url, second.url], { max_in_flight: 3 });
      const prompts = Array.from({ length: 8 }, (_, i) => `Write number ${i}`);
      const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, prompts), model_id: model.id, n: 2 }, null);
      let peak = 0;
      const watch = setInterval(() => (peak = Math.max(peak, fake.inFlight + second.inFlight)), 2);
      const { runner } = testRunner(t.ctx);
      const job = await runToEnd(t.ctx, runner, jobId);
      clearInterval(watch);
      expect(job.counts.done).toBe(16);
      expect(peak).toBeLessThanOrEqual(3);
      expect(peak).toBe(3);
      expect(fake.requests.length).toBeGreaterThan(3);
      expect(second.requests.length).toBeGreaterThan(3);
    } finally {
      await second.close();
    }
  });

  it("stops requesting when the job is paused and hands running samples back to the queue", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ({ kind: "stream", text: "slow", chunks: 10, chunkDelayMs: 30 }));
    const model = seedModel(t.ctx, [fake.url], { max_in_flight: 2 });
    const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, ["a", "b", "c", "d"]), model_id: model.id, n: 1 }, null);
    const { runner } = testRunner(t.ctx);
    runner.start();
    // Both slots streaming (each answer takes ten 30 ms chunks), then the pause.
    await vi.waitFor(() => expect(fake.inFlight).toBe(2), { timeout: 10_000, interval: 5 });
    t.ctx.samplingJobs.setStatus(jobId, "paused", new Date());
    // The runner's poll aborts what runs and hands it back.
    await vi.waitFor(() => expect(t.ctx.samplingJobs.get(jobId)!.counts.running).toBe(0), { timeout: 10_000, interval: 5 });
    expect(t.ctx.samplingJobs.get(jobId)!.counts.queued).toBeGreaterThan(0);
    const requested = fake.requests.length;
    // A fill while paused claims nothing (claims are synchronous), so nothing more is requested.
    runner.tick();
    expect(t.ctx.samplingJobs.get(jobId)!.counts.running).toBe(0);
    expect(fake.requests.length).toBe(requested);
    t.ctx.samplingJobs.setStatus(jobId, "running", new Date());
    await runToEnd(t.ctx, runner, jobId);
    expect(t.ctx.samplingJobs.get(jobId)!.counts.done).toBe(4);
  });
});

describe("partial text", () => {
  it("is checkpointed while a sample streams", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ({ kind: "stream", text: "one two three four five six seven eight", chunks: 8, chunkDelayMs: 60 }));
    const model = seedModel(t.ctx, [fake.url]);
    const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, ["Write"]), model_id: model.id, n: 1 }, null);
    const { runner } = testRunner(t.ctx, { checkpointMs: 50 });
    const seen: string[] = [];
    const watch = setInterval(() => {
      const row = t.db.prepare("SELECT status, text FROM samples WHERE job_id = ?").get(jobId) as { status: string; text: string };
      if (row.status === "running" && row.text !== "") seen.push(row.text);
    }, 20);
    await runToEnd(t.ctx, runner, jobId);
    clearInterval(watch);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]!.length).toBeLessThan("one two three four five six seven eight".length);
    expect(samplesOf(jobId)[0]).toMatchObject({ status: "done", text: "one two three four five six seven eight" });
  });

  it("is continued after a crash on a model that can continue a final assistant message, and discarded elsewhere", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ({ kind: "stream", text: "and the second half." }));
    const setId = seedSet(t.ctx, ["Write"]);
    const resuming = seedModel(t.ctx, [fake.url], { name: "vllm", resume_partial: true });
    const plain = seedModel(t.ctx, [fake.url], { name: "openai" });
    for (const model of [resuming, plain]) {
      const jobId = createSamplingJob(t.ctx, { set_id: setId, model_id: model.id, n: 1 }, null);
      // What a runner killed mid-stream leaves: a running sample with checkpointed text and a lapsed lease.
      t.db
        .prepare(
          "UPDATE samples SET status = 'running', text = 'The first half, ', lease_owner = 'dead', lease_until = '2000-01-01T00:00:00.000Z' WHERE job_id = ?",
        )
        .run(jobId);
      await runToEnd(t.ctx, testRunner(t.ctx).runner, jobId);
    }
    const [continued, restarted] = fake.requests;
    expect(continued!.body.messages).toEqual([
      { role: "user", content: "Write" },
      { role: "assistant", content: "The first half, " },
    ]);
    expect(continued!.body).toMatchObject({ continue_final_message: true, add_generation_prompt: false });
    expect(restarted!.body.messages).toEqual([{ role: "user", content: "Write" }]);
    expect(restarted!.body).not.toHaveProperty("continue_final_message");
    const texts = t.db.prepare("SELECT text FROM samples ORDER BY id").all();
    expect(texts).toEqual([{ text: "The first half, and the second half." }, { text: "and the second half." }]);
  });
});
