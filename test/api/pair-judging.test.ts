import { afterEach, describe, expect, it } from "vitest";
import { createJudgeJob } from "../../server/judging/jobs";
import { createPairJudgeJob } from "../../server/judging/pair-jobs";
import { identityOf } from "../../server/stats/judge-identity";
import { createPairRun } from "../../server/pairs/runs";
import { startFakeOpenAi, type Behaviour, type FakeOpenAi } from "../helpers/fake-openai";
import { allScores, seedJudgeModel, seedJudgeScores } from "../helpers/judging";
import { scoresFor } from "../helpers/factories";
import { answersOf, pairCampaign, promptParts, runPairJob, verdictAnswer } from "../helpers/pair-judge-jobs";
import { seedModel, testRunner } from "../helpers/sampling";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let fake: FakeOpenAi;
afterEach(async () => {
  await fake?.close();
  t?.close();
});

const textOf = (sampleId: number) => t.ctx.samples.get(sampleId)!.text;

describe("pair judge jobs", () => {
  it("asks every comparison in both orders with the right texts as A and B, at temperature 0, and stores the verdicts", async () => {
    t = testApp();
    // Alpha's answer is always preferred, wherever it is shown.
    fake = await startFakeOpenAi((req) => {
      const { a } = promptParts(req.prompt);
      return verdictAnswer(a.length > 0 && alphaTexts.has(a) ? "A>B" : "B>>A");
    });
    const w = pairCampaign(t.ctx, { instructions: 4, judgeUrl: fake.url });
    const comparisons = t.ctx.pairJudgeJobs.campaignPairs(w.campaignId);
    const alphaTexts = new Set(comparisons.map((c) => textOf(c.sample_a_id)));
    const admin = await t.agentAs("researcher");

    const preview = await admin
      .post("/api/pair-judge-jobs/preview")
      .send({ source: { kind: "campaign", campaign_id: w.campaignId }, judge_model_id: w.judgeId })
      .expect(200);
    expect(preview.body).toEqual({ pairs: 4, answers: 8, cached: 0, requests: 8 });
    const created = await admin
      .post("/api/pair-judge-jobs")
      .send({ source: { kind: "campaign", campaign_id: w.campaignId }, judge_model_id: w.judgeId })
      .expect(201);
    const jobId = created.body.job.id as number;
    expect(created.body.job).toMatchObject({
      status: "running",
      pairs: 4,
      total: 8,
      cached: 0,
      temperature: 0,
      campaign_id: w.campaignId,
      identity: "judge:judge",
      template_name: "longpref pairwise",
    });

    const job = await runPairJob(t.ctx, jobId);
    expect(job).toMatchObject({ status: "done", outcome: "succeeded", counts: { queued: 0, running: 0, done: 8, failed: 0 } });
    expect(fake.requests).toHaveLength(8);
    expect(fake.requests.every((r) => r.body.temperature === 0)).toBe(true);
    // Each comparison once with its sample a as Response A, once with its sample b as Response A.
    const asked = fake.requests.map((r) => promptParts(r.prompt));
    for (const c of comparisons) {
      const [a, b] = [textOf(c.sample_a_id), textOf(c.sample_b_id)];
      const prompt = t.ctx.instructions.get(c.instruction_id)!.prompt;
      expect(asked.filter((p) => p.a === a && p.b === b && p.request === prompt)).toHaveLength(1);
      expect(asked.filter((p) => p.a === b && p.b === a && p.request === prompt)).toHaveLength(1);
    }
    const answers = answersOf(t.ctx, jobId);
    for (const x of answers) {
      const alphaFirst = alphaTexts.has(textOf(x.first_sample_id));
      expect(x).toMatchObject({ status: "done", verdict: alphaFirst ? 1 : -2, verdict_label: alphaFirst ? "A>B" : "B>>A" });
      expect(x.first_model_name).toBe(alphaFirst ? "alpha" : "beta");
    }
    const items = t.db.prepare("SELECT comparison_id FROM pair_judge_items WHERE job_id = ? ORDER BY comparison_id").all(jobId);
    expect(items).toEqual(comparisons.map((c) => ({ comparison_id: c.comparison_id })));

    const page = await admin.get(`/api/pair-judge-jobs/${jobId}/answers?status=done&page_size=3`).expect(200);
    expect(page.body).toMatchObject({ total: 8, page: 1, page_size: 3 });
    expect(page.body.items).toHaveLength(3);
    const progress = await admin.get(`/api/pair-judge-jobs/${jobId}`).expect(200);
    expect(progress.body).toMatchObject({ eta_seconds: 0, recent_errors: [] });
    expect(progress.body.answers_per_minute).toBeGreaterThan(0);
    const list = await admin.get("/api/pair-judge-jobs").expect(200);
    expect(list.body.items.map((j: { id: number }) => j.id)).toEqual([jobId]);
  });

  it("a second job over the same pairs asks nothing; a job over a set's two models shares the cache", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => verdictAnswer("A=B"));
    const w = pairCampaign(t.ctx, { instructions: 3, judgeUrl: fake.url });
    const first = createPairJudgeJob(t.ctx, { source: { kind: "campaign", campaign_id: w.campaignId }, judge_model_id: w.judgeId! }, null);
    await runPairJob(t.ctx, first);
    expect(fake.requests).toHaveLength(6);

    const again = createPairJudgeJob(t.ctx, { source: { kind: "campaign", campaign_id: w.campaignId }, judge_model_id: w.judgeId! }, null);
    expect(t.ctx.pairJudgeJobs.get(again)).toMatchObject({ status: "done", cached: 6, total: 0, pairs: 3 });
    // Model B against model A over the set: the same ordered pairs the other way round, all answered.
    const models = { kind: "models" as const, set_id: w.set.id, model_a_id: w.betaId, model_b_id: w.alphaId };
    const admin = await t.agentAs("researcher");
    const preview = await admin.post("/api/pair-judge-jobs/preview").send({ source: models, judge_model_id: w.judgeId }).expect(200);
    expect(preview.body).toEqual({ pairs: 3, answers: 6, cached: 6, requests: 0 });
    const swapped = createPairJudgeJob(t.ctx, { source: models, judge_model_id: w.judgeId! }, null);
    expect(t.ctx.pairJudgeJobs.get(swapped)).toMatchObject({ status: "done", cached: 6 });
    const items = t.db.prepare("SELECT sample_a_id, sample_b_id FROM pair_judge_items WHERE job_id = ?").all(swapped) as {
      sample_a_id: number;
      sample_b_id: number;
    }[];
    expect(items.every((i) => t.ctx.samples.get(i.sample_a_id)!.model_id === w.betaId)).toBe(true);
    expect(fake.requests).toHaveLength(6);
  });

  it("asks failed answers again in a new job unless retry_failed is false, and takes over those a paused job left", async () => {
    t = testApp();
    let good = false;
    fake = await startFakeOpenAi(() => (good ? verdictAnswer("A>B") : { kind: "stream", text: "unsure" }));
    const w = pairCampaign(t.ctx, { instructions: 2, judgeUrl: fake.url });
    const source = { kind: "campaign" as const, campaign_id: w.campaignId };
    const failing = createPairJudgeJob(t.ctx, { source, judge_model_id: w.judgeId!, max_answers: 1 }, null);
    expect(await runPairJob(t.ctx, failing)).toMatchObject({ status: "done", counts: { failed: 4 } });

    const kept = createPairJudgeJob(t.ctx, { source, judge_model_id: w.judgeId!, retry_failed: false }, null);
    expect(t.ctx.pairJudgeJobs.get(kept)).toMatchObject({ status: "done", cached: 4, total: 0 });
    // Asked again: the rows move to the new job (decision 006), the old job keeps none of them.
    const paused = createPairJudgeJob(t.ctx, { source, judge_model_id: w.judgeId! }, null);
    expect(t.ctx.pairJudgeJobs.get(paused)).toMatchObject({ cached: 0, counts: { queued: 4 } });
    expect(t.ctx.pairJudgeJobs.get(failing)!.total).toBe(0);
    expect(answersOf(t.ctx, paused).every((a) => a.invalid_answers === 0 && a.raw_answer === null)).toBe(true);
    t.ctx.pairJudgeJobs.setStatus(paused, "paused", new Date());
    good = true;
    const taker = createPairJudgeJob(t.ctx, { source, judge_model_id: w.judgeId! }, null);
    expect(t.ctx.pairJudgeJobs.get(taker)).toMatchObject({ cached: 0, counts: { queued: 4 } });
    expect(await runPairJob(t.ctx, taker)).toMatchObject({ status: "done", counts: { done: 4 } });
    expect(t.ctx.pairJudgeJobs.get(paused)!.total).toBe(0);
  });

  it("re-asks unreadable answers, then fails them as 'judge failed' with the raw answer kept and no verdict", async () => {
    t = testApp();
    const bad: Record<string, string> = {
      "no verdict": '{"analysis": "A is better."}',
      "two verdicts": '{"analysis": "hm", "verdict": "A>B", "verdict": "B>A"}',
      "wrong scale": '{"analysis": "hm", "verdict": "7/10"}',
      prose: 'Here is my answer: {"analysis": "hm", "verdict": "A>B"} Thanks!',
    };
    const shapes = Object.values(bad);
    // Instruction i's pair gets shape i in every answer (both orders); the fifth gets one bad answer, then a good one.
    fake = await startFakeOpenAi((req) => {
      const n = w.set.records.findIndex((r) => r.prompt === promptParts(req.prompt).request);
      if (n < shapes.length) return { kind: "stream", text: shapes[n]! };
      const before = fake.requests.filter((r) => r.prompt === req.prompt).length;
      return before === 1 ? { kind: "stream", text: "A is better." } : verdictAnswer("A>>B");
    });
    const w = pairCampaign(t.ctx, { instructions: 5, judgeUrl: fake.url });
    const jobId = createPairJudgeJob(
      t.ctx,
      { source: { kind: "campaign", campaign_id: w.campaignId }, judge_model_id: w.judgeId!, max_answers: 2 },
      null,
    );
    const job = await runPairJob(t.ctx, jobId);
    expect(job).toMatchObject({ status: "done", outcome: "partly_failed", counts: { done: 2, failed: 8 } });
    const answers = answersOf(t.ctx, jobId);
    for (const x of answers.filter((a) => a.status === "failed")) {
      expect(x.verdict).toBeNull();
      expect(x.invalid_answers).toBe(2);
      expect(shapes).toContain(x.raw_answer);
      expect(x.last_error).toMatch(/^judge failed: 2 answers could not be read as one verdict/);
    }
    expect(answers.filter((a) => a.status === "done")).toEqual([
      expect.objectContaining({ verdict: 2, invalid_answers: 1 }),
      expect.objectContaining({ verdict: 2, invalid_answers: 1 }),
    ]);
    // 4 pairs × 2 orders × 2 answers, then 2 orders × (one bad, one good).
    expect(fake.requests).toHaveLength(20);
  });

  it("an empty answer is re-asked and never counted", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ({ kind: "empty" }) satisfies Behaviour);
    const w = pairCampaign(t.ctx, { instructions: 1, judgeUrl: fake.url });
    const jobId = createPairJudgeJob(t.ctx, { source: { kind: "campaign", campaign_id: w.campaignId }, judge_model_id: w.judgeId! }, null);
    const job = await runPairJob(t.ctx, jobId);
    expect(job.counts).toMatchObject({ done: 0, failed: 2 });
    expect(answersOf(t.ctx, jobId).every((a) => a.verdict === null && /empty content/.test(a.last_error ?? ""))).toBe(true);
    expect(fake.requests.length).toBeGreaterThan(2);
  });

  it("pauses, resumes and cancels; a paused job's answers are not asked for; failed ones can be retried", async () => {
    t = testApp();
    let good = false;
    fake = await startFakeOpenAi(() => (good ? verdictAnswer("A>B") : { kind: "stream", text: "no idea" }));
    const w = pairCampaign(t.ctx, { instructions: 2, judgeUrl: fake.url });
    const admin = await t.agentAs("researcher");
    const body = { source: { kind: "campaign", campaign_id: w.campaignId }, judge_model_id: w.judgeId, max_answers: 1 };
    const id = (await admin.post("/api/pair-judge-jobs").send(body).expect(201)).body.job.id as number;
    await admin.post(`/api/pair-judge-jobs/${id}/pause`).expect(200);
    await admin.post(`/api/pair-judge-jobs/${id}/pause`).expect(409);
    const { runner } = testRunner(t.ctx);
    runner.tick();
    expect(t.ctx.pairJudgeJobs.get(id)!.counts).toMatchObject({ queued: 4, running: 0 });
    await runner.stop();
    expect(fake.requests).toHaveLength(0);
    await admin.post(`/api/pair-judge-jobs/${id}/resume`).expect(200);
    expect(await runPairJob(t.ctx, id)).toMatchObject({ status: "done", outcome: "failed", counts: { failed: 4 } });
    await admin.post(`/api/pair-judge-jobs/${id}/cancel`).expect(409);

    good = true;
    const retried = await admin.post(`/api/pair-judge-jobs/${id}/retry-failed`).expect(200);
    expect(retried.body).toMatchObject({ requeued: 4, job: { status: "running", counts: { queued: 4 } } });
    expect(await runPairJob(t.ctx, id)).toMatchObject({ status: "done", counts: { done: 4, failed: 0 } });
    await admin.post(`/api/pair-judge-jobs/${id}/retry-failed`).expect(409);

    const other = (
      await admin
        .post("/api/pair-judge-jobs")
        .send({ ...body, max_answers: 2 })
        .expect(201)
    ).body.job;
    expect(other).toMatchObject({ status: "done", cached: 4, total: 0 });
    const cancelled = await admin.post(`/api/pair-judge-jobs/${other.id}/cancel`).expect(409);
    expect(cancelled.body.message).toMatch(/cannot cancel a job that is done/);
  });

  it("takes up answers whose runner died once their leases end, keeping the invalid answers counted, asking nothing twice", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => verdictAnswer("B>A"));
    const w = pairCampaign(t.ctx, { instructions: 3, judgeUrl: fake.url });
    const jobId = createPairJudgeJob(
      t.ctx,
      { source: { kind: "campaign", campaign_id: w.campaignId }, judge_model_id: w.judgeId!, max_answers: 3 },
      null,
    );
    // A runner that claimed two answers, counted two invalid answers on the first, and died: its leases ran out.
    const long = new Date(Date.now() - 61_000);
    const dead = t.ctx.pairJudgments.claim(w.judgeId!, "dead-runner", long, 60_000)!;
    const other = t.ctx.pairJudgments.claim(w.judgeId!, "dead-runner", long, 60_000)!;
    t.ctx.pairJudgments.recordInvalid(dead.id, "dead-runner", "nope", "answer 1: no JSON object in the answer", new Date());
    t.ctx.pairJudgments.recordInvalid(dead.id, "dead-runner", "nope", "answer 2: no JSON object in the answer", new Date());
    const job = await runPairJob(t.ctx, jobId);
    expect(job).toMatchObject({ status: "done", counts: { done: 6, failed: 0 } });
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM pair_judgments").get()).toEqual({ n: 6 });
    expect(t.ctx.pairJudgments.get(dead.id)).toMatchObject({ status: "done", invalid_answers: 2, verdict: -1 });
    expect(t.ctx.pairJudgments.get(other.id)).toMatchObject({ status: "done", invalid_answers: 0 });
    // Each order asked exactly once.
    const prompts = fake.requests.map((r) => r.prompt);
    expect(prompts).toHaveLength(6);
    expect(new Set(prompts).size).toBe(6);
    // The dead runner's late writes change nothing: the answers are no longer its own.
    expect(
      t.ctx.pairJudgments.finish(
        dead.id,
        "dead-runner",
        { verdict: 2, analysis: null, raw_answer: "", prompt_tokens: null, completion_tokens: null, latency_ms: 1 },
        new Date(),
      ),
    ).toBe(false);
  });

  it("judges a pair run's proposals with the chosen sample as sample a", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => verdictAnswer("A>B"));
    const w = pairCampaign(t.ctx, { instructions: 3, alpha: { samples: 2, lengthFactor: (_, s) => (s === 0 ? 1 : 0.3) } });
    const scorer = seedJudgeModel(t.ctx, "scorer");
    seedJudgeScores(t.ctx, w.set.id, scorer.id, scoresFor);
    const runId = createPairRun(t.ctx, { set_id: w.set.id, judge_model_id: scorer.id, seed: 1 }, null);
    const proposals = t.ctx.pairRuns.asComparisons(runId, ["proposed", "accepted", "rejected", "confirmed", "overturned"]);
    expect(proposals.length).toBeGreaterThan(0);
    const judge = seedModel(t.ctx, [fake.url], { name: "judge" }).id;
    const jobId = createPairJudgeJob(t.ctx, { source: { kind: "pair-run", pair_run_id: runId }, judge_model_id: judge }, null);
    expect(t.ctx.pairJudgeJobs.get(jobId)).toMatchObject({ pair_run_id: runId, set_id: w.set.id, pairs: proposals.length });
    const items = t.db
      .prepare("SELECT sample_a_id, sample_b_id, proposal_id FROM pair_judge_items WHERE job_id = ? ORDER BY proposal_id")
      .all(jobId);
    expect(items).toEqual(proposals.map((p) => ({ sample_a_id: p.sample_a_id, sample_b_id: p.sample_b_id, proposal_id: p.proposal_id })));
  });

  it("shares the judge model's max_in_flight with single-answer judge jobs, the two kinds taking turns", async () => {
    t = testApp();
    fake = await startFakeOpenAi((req) =>
      req.prompt.includes("<response_a>")
        ? { ...verdictAnswer("A=B"), chunks: 4, chunkDelayMs: 15 }
        : { kind: "stream", text: JSON.stringify({ Analysis: "ok", ...allScores(4) }), chunks: 4, chunkDelayMs: 15 },
    );
    const w = pairCampaign(t.ctx, { instructions: 3 });
    const judge = seedModel(t.ctx, [fake.url], { name: "judge", max_in_flight: 2 });
    const pairJob = createPairJudgeJob(t.ctx, { source: { kind: "campaign", campaign_id: w.campaignId }, judge_model_id: judge.id }, null);
    const scoreJob = createJudgeJob(t.ctx, { set_id: w.set.id, judge_model_id: judge.id }, null);
    const { runner } = testRunner(t.ctx);
    runner.start();
    const started = Date.now();
    while (t.ctx.pairJudgeJobs.status(pairJob) === "running" || t.ctx.judgeJobs.status(scoreJob) === "running") {
      if (Date.now() - started > 20_000) throw new Error("jobs did not end");
      await new Promise((r) => setTimeout(r, 20));
    }
    await runner.stop();
    expect(t.ctx.pairJudgeJobs.get(pairJob)!.counts.done).toBe(6);
    expect(t.ctx.judgeJobs.get(scoreJob)!.counts.done).toBe(6);
    expect(fake.maxInFlight).toBe(2);
    const firstPair = fake.requests.findIndex((r) => r.prompt.includes("<response_a>"));
    const firstScore = fake.requests.findIndex((r) => !r.prompt.includes("<response_a>"));
    expect(Math.max(firstPair, firstScore)).toBeLessThan(6);
  });

  it("names a custom template in the job's identity, as the statistics do", async () => {
    t = testApp();
    const w = pairCampaign(t.ctx, { instructions: 1, judgeUrl: "http://127.0.0.1:9/v1" });
    const admin = await t.agentAs("researcher");
    const text = 'Compare for $INST$: first $RESPONSE_A$, then $RESPONSE_B$. Answer {"analysis", "verdict"}.';
    const template = (await admin.post("/api/judge-templates").send({ name: "terse", text, kind: "pairwise" }).expect(201)).body.template;
    const body = { source: { kind: "campaign", campaign_id: w.campaignId }, judge_model_id: w.judgeId, template_id: template.id };
    const job = (await admin.post("/api/pair-judge-jobs").send(body).expect(201)).body.job;
    expect(job).toMatchObject({ identity: "judge:judge [terse]", template_name: "terse", template_hash: template.hash });
    expect(job.identity).toBe(identityOf("judge", { name: "terse", builtin: false }));
    const builtin = (
      await admin
        .post("/api/pair-judge-jobs")
        .send({ ...body, template_id: undefined })
        .expect(201)
    ).body.job;
    expect(builtin.identity).toBe(identityOf("judge", { name: builtin.template_name, builtin: true }));
  });

  it("refuses unknown sources and judges, a judge without a base URL, and a single-answer template, naming the field", async () => {
    t = testApp();
    const w = pairCampaign(t.ctx, { instructions: 1, judgeUrl: "http://127.0.0.1:9/v1" });
    const admin = await t.agentAs("researcher");
    const source = { kind: "campaign", campaign_id: w.campaignId };
    const refuse = async (body: object, message: RegExp) => {
      const res = await admin.post("/api/pair-judge-jobs").send(body).expect(400);
      expect(res.body.message).toMatch(message);
    };
    await refuse(
      { source: { kind: "campaign", campaign_id: 999 }, judge_model_id: w.judgeId },
      /^source\.campaign_id: campaign 999 not found/,
    );
    await refuse({ source: { kind: "pair-run", pair_run_id: 999 }, judge_model_id: w.judgeId }, /^source\.pair_run_id: pair run 999/);
    await refuse(
      { source: { kind: "models", set_id: w.set.id, model_a_id: w.alphaId, model_b_id: w.alphaId }, judge_model_id: w.judgeId },
      /^source\.model_b_id: models A and B must differ/,
    );
    await refuse(
      { source: { kind: "models", set_id: w.set.id, model_a_id: 999, model_b_id: w.alphaId }, judge_model_id: w.judgeId },
      /^source\.model_a_id: model 999 not found/,
    );
    await refuse({ source, judge_model_id: 999 }, /^judge_model_id: model 999 not found/);
    await refuse({ source, judge_model_id: w.alphaId }, /^judge_model_id: model "alpha" has no base URL/);
    const single = (await admin.get("/api/judge-templates").expect(200)).body.items.find((x: { kind: string }) => x.kind === "single");
    await refuse({ source, judge_model_id: w.judgeId, template_id: single.id }, /^template_id: "longpref default" .* pairwise template/);
    await refuse({ source, judge_model_id: w.judgeId, template_id: 999 }, /^template_id: judge template 999 not found/);
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM pair_judge_jobs").get()).toEqual({ n: 0 });
    const annotator = await t.agentAs("annotator");
    await annotator.get("/api/pair-judge-jobs").expect(403);
  });
});
