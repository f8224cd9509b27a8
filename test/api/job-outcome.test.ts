import { afterEach, describe, expect, it } from "vitest";
import { createOutputs, createSet } from "../helpers/factories";
import { startFakeOpenAi, type Behaviour, type FakeOpenAi } from "../helpers/fake-openai";
import { seedModel, seedSet, testRunner } from "../helpers/sampling";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  t?.close();
});

const refused: Behaviour = { kind: "status", status: 400, body: { error: { message: "maximum context length exceeded" } } };
const judgeAnswer =
  "```json\n" +
  JSON.stringify({
    Analysis: "Fine.",
    Relevance: 4,
    Accuracy: 4,
    Coherence: 4,
    Clarity: 4,
    "Breadth and Depth": 4,
    "Reading Experience": 4,
  }) +
  "\n```";

const within = <T>(promise: Promise<T>, ms = 20_000) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not done in ${ms} ms`)), ms))]);

describe("a job's outcome and retrying its failed items", () => {
  it("marks sampling jobs failed or partly failed, and retry-failed re-runs only the failed samples", async () => {
    t = testApp();
    // The endpoint refuses "c" and "d" until the test lets it answer everything.
    let healthy = false;
    fake = await startFakeOpenAi((req) =>
      !healthy && (req.prompt === "c" || req.prompt === "d") ? refused : { kind: "stream", text: `answer to ${req.prompt}` },
    );
    const model = seedModel(t.ctx, [fake.url]);
    const setId = seedSet(t.ctx, ["a", "b", "c", "d"]);
    const researcher = await t.agentAs("researcher");
    const annotator = await t.agentAs("annotator");
    const created = await researcher.post("/api/sampling-jobs").send({ set_id: setId, model_id: model.id, n: 1 }).expect(201);
    const jobId = created.body.job.id as number;
    expect(created.body.job.outcome).toBeNull();
    // Still running: nothing to retry yet.
    await researcher.post(`/api/sampling-jobs/${jobId}/retry-failed`).expect(409);

    await within(testRunner(t.ctx).runner.runJob(jobId));
    const partly = await researcher.get(`/api/sampling-jobs/${jobId}`).expect(200);
    expect(partly.body.job).toMatchObject({ status: "done", outcome: "partly_failed", counts: { done: 2, failed: 2 } });
    const listed = await researcher.get("/api/sampling-jobs").expect(200);
    expect(listed.body.items.find((j: { id: number }) => j.id === jobId).outcome).toBe("partly_failed");

    // A job where everything failed says so.
    const doomedSet = seedSet(t.ctx, ["c", "d"], "doomed");
    const doomed = await researcher.post("/api/sampling-jobs").send({ set_id: doomedSet, model_id: model.id, n: 2 }).expect(201);
    await within(testRunner(t.ctx).runner.runJob(doomed.body.job.id));
    const failed = await researcher.get(`/api/sampling-jobs/${doomed.body.job.id}`).expect(200);
    expect(failed.body.job).toMatchObject({ status: "done", outcome: "failed", counts: { done: 0, failed: 4 } });

    // Retrying: researchers only, and only the failed samples are asked again.
    await annotator.post(`/api/sampling-jobs/${jobId}/retry-failed`).expect(403);
    healthy = true;
    const before = fake.requests.length;
    const retried = await researcher.post(`/api/sampling-jobs/${jobId}/retry-failed`).expect(200);
    expect(retried.body).toMatchObject({
      requeued: 2,
      job: { status: "running", outcome: null, counts: { done: 2, queued: 2, failed: 0 } },
    });
    await within(testRunner(t.ctx).runner.runJob(jobId));
    // (A stream stalled under load may be asked twice; what matters is which samples were asked.)
    const again = new Set(fake.requests.slice(before).map((r) => r.prompt));
    expect([...again].sort()).toEqual(["c", "d"]);
    const succeeded = await researcher.get(`/api/sampling-jobs/${jobId}`).expect(200);
    expect(succeeded.body.job).toMatchObject({ status: "done", outcome: "succeeded", counts: { done: 4, failed: 0 } });
    // Nothing failed any more: nothing to retry.
    const none = await researcher.post(`/api/sampling-jobs/${jobId}/retry-failed`).expect(409);
    expect(none.body.message).toContain("no failed samples");
  });

  it("says on Reports that a judge job's judgments all failed, and retry-failed brings the scores", async () => {
    t = testApp();
    let healthy = false;
    fake = await startFakeOpenAi(() =>
      healthy ? { kind: "stream", text: judgeAnswer } : { kind: "status", status: 401, body: { error: { message: "bad key" } } },
    );
    const set = createSet(t.ctx, { name: "s", instructions: 4 });
    createOutputs(t.ctx, set, [{ name: "writer", samples: 1 }]);
    const judge = seedModel(t.ctx, [fake.url], { name: "judge" });
    const researcher = await t.agentAs("researcher");
    const job = await researcher.post("/api/judge-jobs").send({ set_id: set.id, judge_model_id: judge.id }).expect(201);
    const jobId = job.body.job.id as number;
    await within(testRunner(t.ctx).runner.runJudgeJob(jobId));

    const progress = await researcher.get(`/api/judge-jobs/${jobId}`).expect(200);
    expect(progress.body.job).toMatchObject({ status: "done", outcome: "failed", counts: { failed: 4, done: 0 } });
    const report = await researcher.get(`/api/reports/length?set=${set.id}`).expect(200);
    expect(report.body.judge).toBeNull();
    expect(report.body.failed_judge_job).toEqual({ id: jobId, judge_model_name: "judge", template_name: expect.any(String), failed: 4 });

    healthy = true;
    await researcher.post(`/api/judge-jobs/${jobId}/retry-failed`).expect(200);
    await within(testRunner(t.ctx).runner.runJudgeJob(jobId));
    const after = await researcher.get(`/api/judge-jobs/${jobId}`).expect(200);
    expect(after.body.job).toMatchObject({ status: "done", outcome: "succeeded", counts: { done: 4, failed: 0 } });
    const scored = await researcher.get(`/api/reports/length?set=${set.id}`).expect(200);
    expect(scored.body.failed_judge_job).toBeNull();
    expect(scored.body.models[0].judged).toBe(4);
  });

  it("fails at once, with the reason, the samples of a model left without a base URL, and refuses to retry them", async () => {
    t = testApp();
    const model = seedModel(t.ctx, ["http://127.0.0.1:9/v1"]);
    const researcher = await t.agentAs("researcher");
    const created = await researcher
      .post("/api/sampling-jobs")
      .send({ set_id: seedSet(t.ctx, ["a", "b"]), model_id: model.id, n: 1 })
      .expect(201);
    // As a row written by hand or a model whose endpoint was dropped: nowhere to send the work.
    t.ctx.models.update(model.id, { ...model, base_urls: [] });
    await within(testRunner(t.ctx).runner.runJob(created.body.job.id));
    const progress = await researcher.get(`/api/sampling-jobs/${created.body.job.id}`).expect(200);
    expect(progress.body.job).toMatchObject({ status: "done", outcome: "failed", counts: { failed: 2 } });
    expect(progress.body.recent_errors[0].error).toContain('model "fake" has no base URL');
    const retry = await researcher.post(`/api/sampling-jobs/${created.body.job.id}/retry-failed`).expect(400);
    expect(retry.body.message).toContain("has no base URL");
  });
});
