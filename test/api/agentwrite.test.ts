import { afterEach, describe, expect, it } from "vitest";
import { fillTemplate, parsePlan } from "../../server/sampling/agentwrite";
import { createSamplingJob } from "../../server/sampling/jobs";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { readFixture } from "../helpers/fixtures";
import { runToEnd, seedModel, seedSet, testRunner } from "../helpers/sampling";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let fake: FakeOpenAi;
afterEach(async () => {
  await fake?.close();
  t?.close();
});

const plan =
  "Paragraph 1 - Main point: the sea - Word count: 300 words\n\nParagraph 2 - Main point: the shore - Word count: 400 words\nParagraph 3 - Main point: the sky - Word count: 300 words";

describe("AgentWrite templates and plans", () => {
  it("fills placeholders literally, everywhere, in order", () => {
    expect(
      fillTemplate("$A$ and $A$ then $B$", [
        ["$A$", "x$&y"],
        ["$B$", "z"],
      ]),
    ).toBe("x$&y and x$&y then z");
    // A later placeholder inside inserted text is substituted too, as Python's sequential replace does.
    expect(
      fillTemplate("$INST$ / $STEP$", [
        ["$INST$", "write $STEP$"],
        ["$STEP$", "step 1"],
      ]),
    ).toBe("write step 1 / step 1");
  });

  it("splits a plan into one step per line and refuses what is not a plan", () => {
    expect(parsePlan(plan)).toEqual({ steps: plan.split("\n").filter(Boolean) });
    expect(parsePlan("   ")).toEqual({ error: "the plan is empty" });
    expect(parsePlan("I cannot help with that.\nSorry about it.")).toMatchObject({ error: expect.stringMatching(/no paragraph numbers/) });
    expect(parsePlan(Array.from({ length: 51 }, (_, i) => `Paragraph ${i + 1}`).join("\n"))).toMatchObject({
      error: expect.stringMatching(/51 steps/),
    });
  });
});

describe("sampling with the agentwrite strategy", () => {
  it("asks for a plan, then each paragraph with the instruction, the plan and the text so far, and joins them", async () => {
    t = testApp();
    fake = await startFakeOpenAi((_req, i) => ({ kind: "stream", text: i === 0 ? plan : `Paragraph text ${i}.` }));
    const setId = seedSet(t.ctx, ["Write a 1000-word essay on the coast"]);
    const model = seedModel(t.ctx, [fake.url]);
    const jobId = createSamplingJob(t.ctx, { set_id: setId, model_id: model.id, n: 1, strategy: "agentwrite" }, null);
    const { runner } = testRunner(t.ctx);
    await runToEnd(t.ctx, runner, jobId);

    const prompts = fake.requests.map((r) => r.prompt);
    expect(prompts).toHaveLength(4);
    expect(prompts[0]).toContain("Write a 1000-word essay on the coast");
    expect(prompts[0]).not.toContain("$INST$");
    const steps = plan.split("\n").filter(Boolean);
    for (let i = 1; i <= 3; i++) {
      expect(prompts[i]).toContain("Write a 1000-word essay on the coast");
      expect(prompts[i]).toContain(steps[0]!);
      expect(prompts[i]).toContain(`Now write this step of the plan: ${steps[i - 1]}`);
      expect(prompts[i]).not.toMatch(/\$(INST|PLAN|TEXT|STEP)\$/);
    }
    expect(prompts[3]).toContain("Paragraph text 1.\n\nParagraph text 2.");
    expect(prompts[1]).not.toContain("Paragraph text");

    const sample = t.db.prepare("SELECT * FROM samples WHERE job_id = ?").get(jobId) as Record<string, unknown>;
    expect(sample).toMatchObject({
      status: "done",
      text: "Paragraph text 1.\n\nParagraph text 2.\n\nParagraph text 3.",
      plan,
      attempts: 4,
    });
    expect(JSON.parse(sample.steps as string)).toEqual(["Paragraph text 1.", "Paragraph text 2.", "Paragraph text 3."]);
  });

  it("runs LongWriter's own prompt files as custom templates, byte for byte", async () => {
    t = testApp();
    const planTemplate = readFixture("longwriter/agentwrite_plan.txt");
    const writeTemplate = readFixture("longwriter/agentwrite_write.txt");
    fake = await startFakeOpenAi((_req, i) => ({ kind: "stream", text: i === 0 ? plan : `P${i}` }));
    const instruction = "Write a 1000-word essay; cost: $5 & $& symbols";
    const setId = seedSet(t.ctx, [instruction]);
    const model = seedModel(t.ctx, [fake.url]);
    const jobId = createSamplingJob(
      t.ctx,
      { set_id: setId, model_id: model.id, n: 1, strategy: "agentwrite", plan_template: planTemplate, write_template: writeTemplate },
      null,
    );
    const { runner } = testRunner(t.ctx);
    await runToEnd(t.ctx, runner, jobId);
    const prompts = fake.requests.map((r) => r.prompt);
    expect(prompts[0]).toBe(planTemplate.split("$INST$").join(instruction));
    const steps = plan.split("\n").filter(Boolean);
    const expectedSecond = writeTemplate
      .split("$INST$")
      .join(instruction)
      .split("$PLAN$")
      .join(plan.trim())
      .split("$TEXT$")
      .join("P1")
      .split("$STEP$")
      .join(steps[1]!);
    expect(prompts[2]).toBe(expectedSecond);
  });

  it("asks again for a plan that cannot be parsed, then fails the sample with the reason", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ({ kind: "stream", text: "Sure! Here is an essay about the coast without any plan." }));
    const model = seedModel(t.ctx, [fake.url]);
    const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, ["Write"]), model_id: model.id, n: 1, strategy: "agentwrite" }, null);
    const { runner } = testRunner(t.ctx, { planRetries: 2 });
    await runToEnd(t.ctx, runner, jobId);
    expect(fake.requests).toHaveLength(3);
    const sample = t.db.prepare("SELECT status, last_error, text FROM samples WHERE job_id = ?").get(jobId);
    expect(sample).toMatchObject({ status: "failed", text: "" });
    expect((sample as { last_error: string }).last_error).toMatch(/plan could not be parsed: .*no paragraph numbers/);
  });

  it("resumes an interrupted sample at the next step, keeping the plan and the written steps", async () => {
    t = testApp();
    let failNext = true;
    fake = await startFakeOpenAi((req, i) => {
      if (i === 0) return { kind: "stream", text: plan };
      if (
        req.prompt.includes("Paragraph 2 - Main point") &&
        req.prompt.includes("Now write this step of the plan: Paragraph 2") &&
        failNext
      ) {
        failNext = false;
        return { kind: "status", status: 400, body: { error: { message: "simulated permanent failure" } } };
      }
      return { kind: "stream", text: `P${i}` };
    });
    const model = seedModel(t.ctx, [fake.url]);
    const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, ["Write"]), model_id: model.id, n: 1, strategy: "agentwrite" }, null);
    await runToEnd(t.ctx, testRunner(t.ctx).runner, jobId);
    const failed = t.db.prepare("SELECT id, status, plan, steps FROM samples WHERE job_id = ?").get(jobId) as {
      id: number;
      status: string;
      plan: string;
      steps: string;
    };
    expect(failed.status).toBe("failed");
    expect(JSON.parse(failed.steps)).toEqual(["P1"]);
    // Requeue it as a restart would find it: the plan and first step are kept, so no new plan is asked for.
    t.db.prepare("UPDATE samples SET status = 'queued' WHERE id = ?").run(failed.id);
    t.ctx.samplingJobs.setStatus(jobId, "running", new Date());
    const before = fake.requests.length;
    await runToEnd(t.ctx, testRunner(t.ctx).runner, jobId);
    const after = fake.requests.slice(before).map((r) => r.prompt);
    expect(after).toHaveLength(2);
    expect(after[0]).toContain("Now write this step of the plan: Paragraph 2");
    const done = t.db.prepare("SELECT status, text FROM samples WHERE id = ?").get(failed.id);
    expect(done).toMatchObject({ status: "done" });
  });
});
