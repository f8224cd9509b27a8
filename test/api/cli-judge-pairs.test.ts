import { afterEach, describe, expect, it } from "vitest";
import { PairJudgeSummarySchema } from "../../shared/schemas/pair-judging";
import { createPairJudgeJob } from "../../server/judging/pair-jobs";
import { runCli } from "../helpers/cli";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { insertHumanVotes, judgeWorld } from "../helpers/judge-world";
import { promptParts, verdictAnswer } from "../helpers/pair-judge-jobs";
import { seedModel } from "../helpers/sampling";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let fake: FakeOpenAi;
afterEach(async () => {
  await fake?.close();
  t?.close();
});

describe("longpref judge-pairs", () => {
  it("judges a campaign in both orders, prints the fixed JSON, exits 1 on a failed comparison, and continues an unfinished job", async () => {
    t = testApp();
    const world = judgeWorld(t.ctx, { comparisons: 4 });
    for (const c of world.comparisons) insertHumanVotes(t.ctx, world.campaignId, c, ["a", "a", "b"]);
    const texts = new Map(world.comparisons.map((c) => [t.ctx.samples.get(c.a)!.text, c.id]));
    const stubborn = world.comparisons[0]!;
    let fixed = false;
    // Always "Response A is better"; the first comparison shown writer-first gets no verdict until fixed.
    fake = await startFakeOpenAi((req) => {
      const { a } = promptParts(req.prompt);
      return !fixed && texts.get(a) === stubborn.id ? { kind: "stream", text: "A reads better." } : verdictAnswer("A>B");
    });
    seedModel(t.ctx, [fake.url], { name: "pair-judge" });
    const env = { LONGPREF_DB: t.dbPath };

    const run = await runCli(["judge-pairs", "--campaign", "world campaign", "--judge", "pair-judge", "--json"], env);
    expect(run.status, run.stderr).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(Object.keys(summary)).toEqual([
      "job_id",
      "comparisons",
      "judged",
      "failed",
      "flip_rate",
      "left_rate",
      "longer_rate",
      "win_rate_vs_reference",
      "human_agreement",
    ]);
    expect(PairJudgeSummarySchema.parse(summary)).toEqual(summary);
    // Always the left: every judged pair flips, every answer picks the left, every combined verdict is a tie.
    expect(summary).toMatchObject({ job_id: 1, comparisons: 4, judged: 3, failed: 1, flip_rate: 1, left_rate: 1 });
    expect(Object.keys(summary.win_rate_vs_reference)).toEqual(["world-writer"]);
    expect(summary.human_agreement).toMatchObject({ comparisons: 3, agreement: 0 });
    // 3 pairs × 2 orders once, the stubborn order 3 times (max_answers), its other order once.
    expect(fake.requests).toHaveLength(3 * 2 + 3 + 1);

    // Started by someone else and paused: the command continues it rather than starting another.
    fixed = true;
    const judge = t.ctx.models.findByName("pair-judge")!;
    const paused = createPairJudgeJob(
      t.ctx,
      { source: { kind: "campaign", campaign_id: world.campaignId }, judge_model_id: judge.id },
      null,
    );
    t.ctx.pairJudgeJobs.setStatus(paused, "paused", new Date());
    const again = await runCli(["judge-pairs", "--campaign", String(world.campaignId), "--judge", String(judge.id)], env);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain(`Continuing pair judge job ${paused}`);
    expect(again.stdout).toMatch(new RegExp(`^Pair judge job ${paused} done: 4 of 4 comparisons judged in both orders, 0 failed`));
    // Only the failed order was asked again.
    expect(fake.requests).toHaveLength(3 * 2 + 3 + 1 + 1);

    const usage = await runCli(["judge-pairs", "--judge", "pair-judge", "--json"], env);
    expect(usage.status).toBe(2);
    expect(JSON.parse(usage.stderr)).toMatchObject({ ok: false, error: "usage" });
    expect(usage.stderr).toMatch(/--campaign/);
  }, 90_000);
});
