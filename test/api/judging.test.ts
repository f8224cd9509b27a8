import { readFileSync } from "node:fs";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { qualityScore } from "../../shared/scoring/judge-answer";
import { createJudgeJob } from "../../server/judging/jobs";
import { builtinTemplateText, judgePrompt } from "../../server/judging/template";
import { startFakeOpenAi, type Behaviour, type FakeOpenAi } from "../helpers/fake-openai";
import { seedModel, seedSet, testRunner } from "../helpers/sampling";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let fake: FakeOpenAi;
afterEach(async () => {
  await fake?.close();
  t?.close();
});

const answer = (s: number[], analysis = "Solid.") =>
  "Here is my analysis.\n```json\n" +
  JSON.stringify({
    Analysis: analysis,
    Relevance: s[0],
    Accuracy: s[1],
    Coherence: s[2],
    Clarity: s[3],
    "Breadth and Depth": s[4],
    "Reading Experience": s[5],
  }) +
  "\n```";
const ok = (text: string): Behaviour => ({ kind: "stream", text });

/** A set of instructions with finished outputs of two models, imported as a researcher would. */
async function seedOutputs(outputs: Record<string, string[]>) {
  const prompts = ["Write a letter to a friend", "Write a short story", "写一篇游记"];
  const setId = seedSet(t.ctx, prompts);
  const lines = Object.entries(outputs).flatMap(([model, texts]) =>
    texts.map((text, i) =>
      JSON.stringify({ instruction_id: `p${(i % prompts.length) + 1}`, model, text, sample_index: Math.floor(i / prompts.length) }),
    ),
  );
  const admin = await t.agentAs("admin");
  await admin
    .post("/api/outputs/import")
    .send({ set_id: setId, content: lines.join("\n") })
    .expect(201);
  return { setId, admin };
}

async function runJudgeJob(jobId: number, options: Parameters<typeof testRunner>[1] = {}) {
  const { runner, sleeps } = testRunner(t.ctx, options);
  await Promise.race([
    runner.runJudgeJob(jobId),
    new Promise((_, reject) => setTimeout(() => reject(new Error("judge job did not end")), 20_000)),
  ]);
  return { job: t.ctx.judgeJobs.get(jobId)!, sleeps };
}

const judgeScoresOf = (jobId: number) => t.ctx.judgeScores.page(jobId, undefined, 1, 500).items;

describe("judge jobs", () => {
  it("asks the judge once per finished sample with LongBench-Write's settings and stores S_q per dimension", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ok(answer([5, 4, 4, 5, 3, 4])));
    const { setId, admin } = await seedOutputs({ writer: ["Dear Ann, the weather is fine.", "Once upon a time.", "我们去了西湖。"] });
    const judge = seedModel(t.ctx, [fake.url], { name: "judge" });
    const created = await admin.post("/api/judge-jobs").send({ set_id: setId, judge_model_id: judge.id }).expect(201);
    const jobId = created.body.job.id as number;
    expect(created.body.job).toMatchObject({
      status: "running",
      total: 3,
      cached: 0,
      temperature: 0.5,
      max_tokens: 1024,
      max_answers: 3,
      template_name: "longpref default",
    });

    const { job } = await runJudgeJob(jobId);
    expect(job.status).toBe("done");
    expect(job.counts).toEqual({ queued: 0, running: 0, done: 3, failed: 0 });
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests[0]!.body).toMatchObject({ model: "fake-model", temperature: 0.5, max_tokens: 1024 });
    const prompts = fake.requests.map((r) => r.prompt).sort();
    expect(prompts).toContain(judgePrompt(builtinTemplateText, "写一篇游记", "我们去了西湖。"));

    const [first] = judgeScoresOf(jobId);
    expect(first).toMatchObject({
      status: "done",
      quality_score: (100 + 75 + 75 + 100 + 50 + 75) / 6,
      analysis: "Solid.",
      invalid_answers: 0,
      attempts: 1,
    });
    expect(first!.scores).toEqual({ Relevance: 5, Accuracy: 4, Coherence: 4, Clarity: 5, "Breadth and Depth": 3, "Reading Experience": 4 });
    expect(first!.dimension_scores).toEqual(qualityScore(first!.scores!).dimensions);
    expect(first!.raw_answer).toBe(answer([5, 4, 4, 5, 3, 4]));

    const progress = await admin.get(`/api/judge-jobs/${jobId}`).expect(200);
    expect(progress.body.job.counts.done).toBe(3);
    const page = await admin.get(`/api/judge-jobs/${jobId}/judgments?status=done&page_size=2`).expect(200);
    expect(page.body).toMatchObject({ total: 3, page: 1, page_size: 2 });
    expect(page.body.items).toHaveLength(2);
    const bySample = await admin.get(`/api/samples/${first!.sample_id}/judgments`).expect(200);
    expect(bySample.body.judgments.map((j: { id: number }) => j.id)).toEqual([first!.id]);
  });

  it("asks again after an unreadable answer, and marks 'judge failed' with the raw answer after max_answers", async () => {
    t = testApp();
    // The letter gets prose, then valid scores; the story gets a 6 every time; the travelogue a valid answer.
    fake = await startFakeOpenAi((req) => {
      if (req.prompt.includes("Dear Ann"))
        return ok(
          fake.requests.filter((r) => r.prompt.includes("Dear Ann")).length === 1 ? "I would rate it highly." : answer([4, 4, 4, 4, 4, 4]),
        );
      if (req.prompt.includes("Once upon")) return ok(answer([6, 4, 4, 4, 4, 4]));
      return ok(answer([3, 3, 3, 3, 3, 3]));
    });
    const { setId } = await seedOutputs({ writer: ["Dear Ann, hello.", "Once upon a time.", "我们去了西湖。"] });
    const judge = seedModel(t.ctx, [fake.url], { name: "judge" });
    const jobId = createJudgeJob(t.ctx, { set_id: setId, judge_model_id: judge.id, max_answers: 2 }, null);
    const { job } = await runJudgeJob(jobId);

    expect(job.counts).toEqual({ queued: 0, running: 0, done: 2, failed: 1 });
    const rows = judgeScoresOf(jobId);
    const letter = rows.find((r) => r.external_id === "p1")!;
    expect(letter).toMatchObject({ status: "done", invalid_answers: 1, quality_score: 75 });
    const story = rows.find((r) => r.external_id === "p2")!;
    expect(story).toMatchObject({ status: "failed", invalid_answers: 2, scores: null, quality_score: null });
    expect(story.raw_answer).toBe(answer([6, 4, 4, 4, 4, 4]));
    expect(story.last_error).toMatch(/^judge failed: 2 answers could not be read .*"Relevance" is 6, not an integer from 1 to 5/);
    expect(fake.requests.filter((r) => r.prompt.includes("Once upon"))).toHaveLength(2);
    const progress = await (await t.agentAs("researcher")).get(`/api/judge-jobs/${jobId}`).expect(200);
    expect(progress.body.recent_errors.some((e: { error: string }) => e.error.startsWith("judge failed"))).toBe(true);
  });

  it("never crashes on answers of any shape", async () => {
    t = testApp();
    const shapes = [
      "",
      "{",
      "{}".repeat(50_000),
      '{"Relevance": {"a": [1, 2]}}',
      "[1,2,3]",
      "null",
      "\u0000\uffff",
      '{"Relevance": "5", "Accuracy": "4"}',
    ];
    fake = await startFakeOpenAi((_req, i) =>
      i < shapes.length && shapes[i] !== "" ? ok(shapes[i]!) : i < shapes.length ? { kind: "empty" } : ok(answer([2, 2, 2, 2, 2, 2])),
    );
    const { setId } = await seedOutputs({ writer: ["Dear Ann."] });
    const judge = seedModel(t.ctx, [fake.url], { name: "judge", max_in_flight: 1 });
    const jobId = createJudgeJob(t.ctx, { set_id: setId, judge_model_id: judge.id, max_answers: 10 }, null);
    const { job } = await runJudgeJob(jobId);
    expect(job.counts.done).toBe(1);
    // The empty answer is an endpoint fault retried by the runner, not an answer: 7 invalid, then the valid one.
    expect(judgeScoresOf(jobId)[0]).toMatchObject({ status: "done", invalid_answers: 7, quality_score: 25 });
  });

  it("caches per (sample, judge model, template): a second job asks nothing, another template asks again", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ok(answer([4, 4, 4, 4, 4, 4])));
    const { setId, admin } = await seedOutputs({ writer: ["Dear Ann.", "Once upon a time."], other: ["Hi Bob.", "A tale."] });
    const judge = seedModel(t.ctx, [fake.url], { name: "judge" });
    const writer = t.ctx.models.findByName("writer")!;
    const first = createJudgeJob(t.ctx, { set_id: setId, judge_model_id: judge.id, filter: { model_ids: [writer.id] } }, null);
    await runJudgeJob(first);
    expect(fake.requests).toHaveLength(2);

    const again = await admin.post("/api/judge-jobs").send({ set_id: setId, judge_model_id: judge.id }).expect(201);
    expect(again.body.job).toMatchObject({ total: 2, cached: 2 });
    await runJudgeJob(again.body.job.id);
    expect(fake.requests).toHaveLength(4);

    const repeat = await admin.post("/api/judge-jobs").send({ set_id: setId, judge_model_id: judge.id }).expect(201);
    // Everything cached: nothing to ask, so the job is done at once.
    expect(repeat.body.job).toMatchObject({ total: 0, cached: 4, status: "done" });

    const longwriterJudge = readFileSync("../shared/fixtures/longwriter/judge.txt", "utf8");
    const template = await admin.post("/api/judge-templates").send({ name: "LongWriter judge.txt", text: longwriterJudge }).expect(201);
    const other = await admin
      .post("/api/judge-jobs")
      .send({ set_id: setId, judge_model_id: judge.id, template_id: template.body.template.id })
      .expect(201);
    expect(other.body.job).toMatchObject({ total: 4, cached: 0, template_hash: template.body.template.hash });
    await runJudgeJob(other.body.job.id);
    expect(fake.requests).toHaveLength(8);
    const asked = fake.requests.at(-1)!.prompt;
    expect(asked).toContain("<User Request>");
    expect(asked).not.toMatch(/\$INST\$|\$RESPONSE\$/);
  });

  it("asks again for failed judgments in a new job unless retry_failed is false", async () => {
    t = testApp();
    let valid = false;
    fake = await startFakeOpenAi(() => ok(valid ? answer([5, 5, 5, 5, 5, 5]) : "no scores today"));
    const { setId } = await seedOutputs({ writer: ["Dear Ann."] });
    const judge = seedModel(t.ctx, [fake.url], { name: "judge" });
    const first = createJudgeJob(t.ctx, { set_id: setId, judge_model_id: judge.id, max_answers: 1 }, null);
    expect((await runJudgeJob(first)).job.counts.failed).toBe(1);

    const kept = createJudgeJob(t.ctx, { set_id: setId, judge_model_id: judge.id, retry_failed: false }, null);
    expect(t.ctx.judgeJobs.get(kept)).toMatchObject({ total: 0, cached: 1, status: "done" });

    valid = true;
    const retried = createJudgeJob(t.ctx, { set_id: setId, judge_model_id: judge.id }, null);
    const { job } = await runJudgeJob(retried);
    expect(job.counts).toMatchObject({ done: 1, failed: 0 });
    expect(judgeScoresOf(retried)[0]).toMatchObject({ status: "done", invalid_answers: 0, quality_score: 100 });
  });

  it("retries endpoint errors with backoff like sampling, and fails on a permanent error", async () => {
    t = testApp();
    fake = await startFakeOpenAi((req, i) => {
      if (req.prompt.includes("Once upon"))
        return { kind: "status", status: 400, body: { error: { message: "maximum context length exceeded" } } };
      return i === 0 ? { kind: "status", status: 503 } : ok(answer([3, 3, 3, 3, 3, 3]));
    });
    const { setId } = await seedOutputs({ writer: ["Dear Ann.", "Once upon a time."] });
    const judge = seedModel(t.ctx, [fake.url], { name: "judge", max_in_flight: 1 });
    const jobId = createJudgeJob(t.ctx, { set_id: setId, judge_model_id: judge.id }, null);
    const { job, sleeps } = await runJudgeJob(jobId);
    expect(job.counts).toMatchObject({ done: 1, failed: 1 });
    expect(sleeps).toHaveLength(1);
    const failed = judgeScoresOf(jobId).find((j) => j.status === "failed")!;
    expect(failed.last_error).toMatch(/HTTP 400 from \S+: .*maximum context length/);
    expect(failed.raw_answer).toBeNull();
  });

  it("takes up a judgment whose runner died once its lease ends, keeping the invalid answers it counted", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ok("still no scores"));
    const { setId } = await seedOutputs({ writer: ["Dear Ann."] });
    const judge = seedModel(t.ctx, [fake.url], { name: "judge" });
    const jobId = createJudgeJob(t.ctx, { set_id: setId, judge_model_id: judge.id, max_answers: 3 }, null);
    // A runner that claimed it, counted two invalid answers and died: its lease ran out a second ago.
    const dead = t.ctx.judgeScores.claim(judge.id, "dead-runner", new Date(Date.now() - 61_000), 60_000)!;
    t.ctx.judgeScores.recordInvalid(dead.id, "dead-runner", "nope", "answer 1: no JSON object in the answer", new Date());
    t.ctx.judgeScores.recordInvalid(dead.id, "dead-runner", "nope", "answer 2: no JSON object in the answer", new Date());
    const { job } = await runJudgeJob(jobId);
    expect(job.counts.failed).toBe(1);
    expect(fake.requests).toHaveLength(1);
    expect(judgeScoresOf(jobId)[0]).toMatchObject({ invalid_answers: 3, raw_answer: "still no scores" });
  });

  it("pauses, resumes and cancels; a paused job's judgments are not asked for", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ok(answer([4, 4, 4, 4, 4, 4])));
    const { setId, admin } = await seedOutputs({ writer: ["Dear Ann.", "Once upon a time."] });
    const judge = seedModel(t.ctx, [fake.url], { name: "judge" });
    const created = await admin.post("/api/judge-jobs").send({ set_id: setId, judge_model_id: judge.id }).expect(201);
    const id = created.body.job.id as number;
    await admin.post(`/api/judge-jobs/${id}/pause`).expect(200);
    await admin.post(`/api/judge-jobs/${id}/pause`).expect(409);
    const { runner } = testRunner(t.ctx);
    // One fill of free slots, as each poll does: claims are synchronous, so a paused job's would show at once.
    runner.tick();
    expect(t.ctx.judgeJobs.get(id)!.counts).toMatchObject({ queued: 2, running: 0 });
    await runner.stop();
    expect(fake.requests).toHaveLength(0);
    await admin.post(`/api/judge-jobs/${id}/resume`).expect(200);
    const { job } = await runJudgeJob(id);
    expect(job).toMatchObject({ status: "done", counts: { done: 2 } });
    await admin.post(`/api/judge-jobs/${id}/cancel`).expect(409);
  });

  it("shares a model's max_in_flight between sampling and judging", async () => {
    t = testApp();
    fake = await startFakeOpenAi((req) =>
      req.prompt.includes("<response>")
        ? { kind: "stream", text: answer([4, 4, 4, 4, 4, 4]), chunks: 4, chunkDelayMs: 20 }
        : { kind: "stream", text: "A new story.", chunks: 4, chunkDelayMs: 20 },
    );
    const { setId } = await seedOutputs({ writer: ["Dear Ann.", "Once upon a time.", "我们去了西湖。"] });
    const model = seedModel(t.ctx, [fake.url], { name: "both", max_in_flight: 2 });
    const { createSamplingJob } = await import("../../server/sampling/jobs");
    const samplingJob = createSamplingJob(t.ctx, { set_id: setId, model_id: model.id, n: 2 }, null);
    const judgeJob = createJudgeJob(
      t.ctx,
      { set_id: setId, judge_model_id: model.id, filter: { model_ids: [t.ctx.models.findByName("writer")!.id] } },
      null,
    );
    const { runner } = testRunner(t.ctx);
    runner.start();
    const started = Date.now();
    while (t.ctx.samplingJobs.status(samplingJob) === "running" || t.ctx.judgeJobs.status(judgeJob) === "running") {
      if (Date.now() - started > 20_000) throw new Error("jobs did not end");
      await new Promise((r) => setTimeout(r, 20));
    }
    await runner.stop();
    expect(t.ctx.samplingJobs.get(samplingJob)!.counts.done).toBe(6);
    expect(t.ctx.judgeJobs.get(judgeJob)!.counts.done).toBe(3);
    expect(fake.maxInFlight).toBe(2);
    // Kinds take turns for free slots: judging starts before sampling has finished, not after it.
    const firstJudge = fake.requests.findIndex((r) => r.prompt.includes("<response>"));
    expect(firstJudge).toBeLessThan(6);
  });
});

describe("judge templates", () => {
  it("lists the builtin, refuses a template without placeholders, a duplicate text, and deleting the builtin or a used one", async () => {
    t = testApp();
    const admin = await t.agentAs("admin");
    const list = await admin.get("/api/judge-templates").expect(200);
    expect(list.body.items).toHaveLength(1);
    const builtin = list.body.items[0];
    expect(builtin).toMatchObject({ name: "longpref default", builtin: true, text: builtinTemplateText });

    const missing = await admin.post("/api/judge-templates").send({ name: "bad", text: "Rate $INST$ please" }).expect(400);
    expect(missing.body.message).toMatch(/\$RESPONSE\$/);
    await admin.post("/api/judge-templates").send({ name: "copy", text: builtinTemplateText }).expect(409);
    const unknown = await admin.post("/api/judge-templates").send({ name: "x", text: "$INST$ $RESPONSE$", extra: 1 }).expect(400);
    expect(JSON.stringify(unknown.body)).toMatch(/extra/);
    await admin.delete(`/api/judge-templates/${builtin.id}`).expect(409);

    const custom = await admin.post("/api/judge-templates").send({ name: "mine", text: "Judge $RESPONSE$ for $INST$" }).expect(201);
    await admin.delete(`/api/judge-templates/${custom.body.template.id}`).expect(200);
    await admin.get(`/api/judge-templates/${custom.body.template.id}`).expect(404);
  });

  it("refuses a job naming an unknown set, judge, template or model, or a judge with no base URL", async () => {
    t = testApp();
    const { setId, admin } = await seedOutputs({ writer: ["Dear Ann."] });
    const judge = seedModel(t.ctx, ["http://127.0.0.1:9/v1"], { name: "judge" });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ set_id: 999, judge_model_id: judge.id }, /set_id/],
      [{ set_id: setId, judge_model_id: 999 }, /judge_model_id/],
      [{ set_id: setId, judge_model_id: judge.id, template_id: 999 }, /template_id/],
      [{ set_id: setId, judge_model_id: judge.id, filter: { model_ids: [999] } }, /model_ids/],
      [{ set_id: setId, judge_model_id: judge.id, max_answers: 0 }, /max_answers/],
      [{ set_id: setId, judge_model_id: judge.id, filter: { q: "no such text" } }, /filter/],
    ];
    for (const [body, message] of cases) {
      const res = await admin.post("/api/judge-jobs").send(body).expect(400);
      expect(JSON.stringify(res.body)).toMatch(message);
    }
    const noUrl = seedModel(t.ctx, [], { name: "offline" });
    const res = await admin.post("/api/judge-jobs").send({ set_id: setId, judge_model_id: noUrl.id }).expect(400);
    expect(res.body.message).toMatch(/no base URL/);
    await request(t.app).get("/api/judge-jobs").expect(401);
  });
});
