import { afterEach, describe, expect, it } from "vitest";
import { PairJudgeSummarySchema } from "../../shared/schemas/pair-judging";
import type { PairVerdict } from "../../shared/scoring/pair-verdict";
import { pairJudgeSummary } from "../../server/stats/pair-judge-summary";
import { insertHumanVotes, insertJobItems, judgeWorld } from "../helpers/judge-world";
import { insertBothOrders, insertPairAnswer, insertPairJudgeJob } from "../helpers/pair-judgments";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

describe("pairJudgeSummary: the figures of `judge-pairs --json`, from the answers stored", () => {
  it("counts pairs, flips, left and longer choices, the win rate vs the reference and agreement with the human majority", () => {
    t = testApp();
    const world = judgeWorld(t.ctx, { comparisons: 12 });
    const { jobId, templateHash } = insertPairJudgeJob(t.ctx, {
      setId: world.setId,
      judgeModelId: world.judge.id,
      source: { kind: "campaign", campaign_id: world.campaignId },
    });
    insertJobItems(t.ctx, jobId, world.comparisons);
    const common = { jobId, judgeModelId: world.judge.id, templateHash };
    // Comparisons 0-9 answered in both orders: the judge prefers the longer side (a on even, b on odd), much
    // better on even ones, except on 1 and 3 where it picks whichever is shown first (a flip, so a tie).
    world.comparisons.slice(0, 10).forEach((c, i) => {
      expect(c.wordsA > c.wordsB).toBe(i % 2 === 0);
      const [aFirst, bFirst]: [PairVerdict, PairVerdict] = i === 1 || i === 3 ? [1, 1] : i % 2 === 0 ? [2, -2] : [-1, 1];
      insertBothOrders(t.ctx, { ...common, a: c.a, b: c.b, aFirst, bFirst });
    });
    // 10 and 11: one order failed.
    for (const c of world.comparisons.slice(10)) {
      insertPairAnswer(t.ctx, { ...common, first: c.a, second: c.b, verdict: 1 });
      insertPairAnswer(t.ctx, { ...common, first: c.b, second: c.a, verdict: null });
    }
    // People on 0-5; the judge's combined verdicts there are a, tie, a, tie, a, b.
    const votes: ["a" | "b" | "tie" | "both-bad", ...("a" | "b" | "tie" | "both-bad")[]][] = [
      ["a", "a", "b"], // majority a, judge a
      ["tie", "tie", "a"], // majority tie, judge tie
      ["b", "b", "a"], // majority b, judge a
      ["a", "b", "tie"], // no majority: left out
      ["a"], // majority a, judge a
      ["b", "both-bad", "b"], // majority b, judge b (5 is odd: b is longer)
    ];
    votes.forEach((v, i) => insertHumanVotes(t.ctx, world.campaignId, world.comparisons[i]!, v));

    const summary = PairJudgeSummarySchema.parse(pairJudgeSummary(t.ctx, jobId));
    expect(summary).toMatchObject({ job_id: jobId, comparisons: 12, judged: 10, failed: 2 });
    expect(summary.flip_rate).toBe(2 / 10);
    // 8 pairs with one answer for each side shown first, 2 with both answers for the left side: 12 of 20.
    expect(summary.left_rate).toBe(12 / 20);
    // Every decisive combined verdict (8) chose the longer side.
    expect(summary.longer_rate).toBe(1);
    // The writer (a) wins 0, 2, 4, 6, 8; loses 5, 7, 9; ties 1, 3: (5 + 2/2) / 10.
    const writer = summary.win_rate_vs_reference?.[world.writer.name];
    expect(writer?.win_rate).toBe(0.6);
    expect(writer?.ci?.[0]).toBeLessThan(0.6);
    expect(writer?.ci?.[1]).toBeGreaterThan(0.6);
    // (a,a) (tie,tie) (a,b) (a,a) (b,b): 4 of 5; κ = (0.8 - 9/25) / (1 - 9/25).
    expect(summary.human_agreement?.comparisons).toBe(5);
    expect(summary.human_agreement?.agreement).toBe(0.8);
    expect(summary.human_agreement?.kappa).toBeCloseTo(0.6875, 12);
  });

  it("has no win rate or human agreement for a job over pairs that are no campaign's comparisons", () => {
    t = testApp();
    const world = judgeWorld(t.ctx, { comparisons: 4 });
    const { jobId, templateHash } = insertPairJudgeJob(t.ctx, {
      setId: world.setId,
      judgeModelId: world.judge.id,
      source: { kind: "models", set_id: world.setId, model_a_id: world.writer.id, model_b_id: world.reference.id, filter: {} },
    });
    insertJobItems(t.ctx, jobId, world.comparisons, false);
    for (const c of world.comparisons) insertHumanVotes(t.ctx, world.campaignId, c, ["a"]);
    // Equal strengths on the reference's side whoever is shown first: never the longer on even pairs.
    for (const c of world.comparisons)
      insertBothOrders(t.ctx, { jobId, a: c.a, b: c.b, judgeModelId: world.judge.id, templateHash, aFirst: -1, bFirst: 1 });
    const summary = pairJudgeSummary(t.ctx, jobId);
    expect(summary).toMatchObject({ comparisons: 4, judged: 4, failed: 0, flip_rate: 0, left_rate: 0.5, longer_rate: 0.5 });
    expect(summary.win_rate_vs_reference).toBeNull();
    expect(summary.human_agreement).toBeNull();
    expect(() => pairJudgeSummary(t.ctx, jobId + 1)).toThrow(/not found/);
  });
});
