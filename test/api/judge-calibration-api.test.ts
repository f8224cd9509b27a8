import { afterEach, describe, expect, it } from "vitest";
import { JudgeCalibrationSchema, JudgeIdentitiesResponseSchema, PairJudgeSummarySchema } from "../../shared/schemas/pair-judging";
import type { Side } from "../../shared/stats/judge-calibration";
import type { PairVerdict } from "../../shared/scoring/pair-verdict";
import { insertHumanVotes, insertJobItems, judgeWorld, type JudgeWorld } from "../helpers/judge-world";
import { insertBothOrders, insertPairJudgeJob } from "../helpers/pair-judgments";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

/** A job of the world's judge over its campaign, every comparison answered with these two orders. */
function judgeAll(world: JudgeWorld, orders: (i: number) => [PairVerdict, PairVerdict], templateId?: number) {
  const { jobId, templateHash } = insertPairJudgeJob(t.ctx, {
    setId: world.setId,
    judgeModelId: world.judge.id,
    source: { kind: "campaign", campaign_id: world.campaignId },
    templateId,
  });
  insertJobItems(t.ctx, jobId, world.comparisons);
  world.comparisons.forEach((c, i) => {
    const [aFirst, bFirst] = orders(i);
    insertBothOrders(t.ctx, { jobId, a: c.a, b: c.b, judgeModelId: world.judge.id, templateHash, aFirst, bFirst });
  });
  return jobId;
}

/**
 * Two campaigns of 24 comparisons (sample a the longer on even ones). In the first the judge prefers the
 * longer side (much better on even, better on odd) but flips on 5, 11, 17, 23, and the people disagree
 * among themselves; in the second the people are unanimous and the judge always prefers the shorter side.
 */
async function twoCampaigns() {
  t = testApp();
  const first = judgeWorld(t.ctx, { comparisons: 24, name: "first" });
  const flips = new Set([5, 11, 17, 23]);
  const firstJob = judgeAll(first, (i) => (flips.has(i) ? [1, 1] : i % 2 === 0 ? [2, -1] : [-1, 1]));
  first.comparisons.forEach((c, i) => {
    const votes: Side[] = i % 2 === 0 ? ["a", "a", "a"] : i < 12 ? ["b", "b", "a"] : ["a", "a", "b"];
    insertHumanVotes(t.ctx, first.campaignId, c, votes);
  });
  const second = judgeWorld(t.ctx, { comparisons: 24, name: "second", judge: first.judge });
  judgeAll(second, (i) => (i % 2 === 0 ? [-1, 1] : [1, -1]));
  second.comparisons.forEach((c, i) => insertHumanVotes(t.ctx, second.campaignId, c, i % 2 === 0 ? ["a", "a", "a"] : ["b", "b", "b"]));
  const researcher = await t.agentAs("researcher", "res");
  return { first, second, firstJob, researcher, judge: first.judge };
}

describe("the judge against the people", () => {
  it("reports flips, position and length bias, agreement and kappa with the majority as computed by hand", async () => {
    const { first, second, researcher, judge } = await twoCampaigns();
    const url = `/api/judges/calibration?judge_model_id=${judge.id}&campaigns=${first.campaignId}`;
    const c = JudgeCalibrationSchema.parse((await researcher.get(url).expect(200)).body);
    expect(c).toMatchObject({ identity: `judge:${judge.name}`, campaign_ids: [first.campaignId], pairs_judged: 24 });
    expect(c.flip_rate).toBe(4 / 24);
    // Per pair one answer for each side shown first, but both for the first shown on the 4 flips: 28 of 48.
    expect(c.left_rate).toBe(28 / 48);
    // The judge: every decisive verdict (20) for the longer. The people: 36 + 6·2 + 6·1 of 72 decisive judgments.
    expect(c.longer_rate).toEqual({ judge: 1, judge_pairs: 20, humans: 54 / 72, human_judgments: 72 });
    // Agrees on the 12 even, on 1, 3, 7, 9; not on 5, 11 (tie vs b) nor 13-23 (b or tie vs a). κ = 120/312.
    expect(c.human_agreement?.comparisons).toBe(24);
    expect(c.human_agreement?.agreement).toBe(16 / 24);
    expect(c.human_agreement?.kappa).toBeCloseTo(5 / 13, 12);
    // People: 36 judgments agree with their unanimous others, 12 lone dissents disagree; κ = (0.75 - 1800/2304) / (1 - 1800/2304).
    expect(c.humans_with_each_other?.judgments).toBe(48);
    expect(c.humans_with_each_other?.agreement).toBe(0.75);
    expect(c.humans_with_each_other?.kappa).toBeCloseTo(-1 / 7, 12);
    expect(c.by_strength).toEqual([
      { strength: "tie", comparisons: 4, agreement: 0 },
      { strength: "better", comparisons: 8, agreement: 0.5 },
      { strength: "much better", comparisons: 12, agreement: 1 },
    ]);
    expect(c.verdict).toBe("as-well-as-humans");

    const other = JudgeCalibrationSchema.parse(
      (await researcher.get(`/api/judges/calibration?judge_model_id=${judge.id}&campaigns=${second.campaignId}`).expect(200)).body,
    );
    expect(other).toMatchObject({ flip_rate: 0, left_rate: 0.5, verdict: "worse-than-humans" });
    expect(other.longer_rate).toMatchObject({ judge: 0, humans: 1 });
    expect(other.human_agreement).toMatchObject({ comparisons: 24, agreement: 0, kappa: -1 });
    expect(other.humans_with_each_other).toMatchObject({ judgments: 72, agreement: 1, kappa: 1 });

    // By default every campaign it judged.
    const all = (await researcher.get(`/api/judges/calibration?judge_model_id=${judge.id}`).expect(200)).body;
    expect(all.campaign_ids).toEqual([first.campaignId, second.campaignId]);
    expect(all.pairs_judged).toBe(48);
  });

  it("says not enough data under 20 comparisons judged by both", async () => {
    t = testApp();
    const world = judgeWorld(t.ctx, { comparisons: 20 });
    judgeAll(world, () => [1, -1]);
    world.comparisons.slice(0, 19).forEach((c) => insertHumanVotes(t.ctx, world.campaignId, c, ["a", "a", "b"]));
    const researcher = await t.agentAs("researcher", "res");
    const c = (await researcher.get(`/api/judges/calibration?judge_model_id=${world.judge.id}`).expect(200)).body;
    expect(c).toMatchObject({ pairs_judged: 20, human_agreement: { comparisons: 19, agreement: 1 }, verdict: "not-enough-data" });
  });

  it("lists the judge identities with their jobs, pairs and campaigns, paged", async () => {
    const { first, second, researcher, judge } = await twoCampaigns();
    const terse = t.ctx.judgeTemplates.create("terse", "Compare $INST$ $RESPONSE_A$ $RESPONSE_B$", null, new Date(), "pairwise");
    const { jobId } = insertPairJudgeJob(t.ctx, {
      setId: first.setId,
      judgeModelId: judge.id,
      source: { kind: "campaign", campaign_id: first.campaignId },
      templateId: terse.id,
    });
    insertJobItems(t.ctx, jobId, first.comparisons.slice(0, 2));
    const page = JudgeIdentitiesResponseSchema.parse((await researcher.get("/api/judges").expect(200)).body);
    expect(page.total).toBe(2);
    expect(page.items[0]).toMatchObject({
      identity: `judge:${judge.name}`,
      judge_model_id: judge.id,
      jobs: 2,
      pairs_judged: 48,
      campaign_ids: [first.campaignId, second.campaignId],
    });
    expect(page.items[1]).toMatchObject({ identity: `judge:${judge.name} [terse]`, template_id: terse.id, jobs: 1, pairs_judged: 0 });
    const second2 = (await researcher.get("/api/judges?page=2&page_size=1").expect(200)).body;
    expect(second2.items.map((i: { identity: string }) => i.identity)).toEqual([`judge:${judge.name} [terse]`]);
    // The terse template judged nothing both ways yet: its calibration is empty, not an error.
    const empty = (await researcher.get(`/api/judges/calibration?judge_model_id=${judge.id}&template_id=${terse.id}`).expect(200)).body;
    expect(empty).toMatchObject({ pairs_judged: 0, flip_rate: null, human_agreement: null, verdict: "not-enough-data" });
  });

  it("answers a job's summary, and refuses what it cannot answer with a clear message", async () => {
    const { firstJob, researcher, judge } = await twoCampaigns();
    const summary = PairJudgeSummarySchema.parse((await researcher.get(`/api/pair-judge-jobs/${firstJob}/summary`).expect(200)).body);
    expect(summary).toMatchObject({ job_id: firstJob, comparisons: 24, judged: 24, failed: 0, flip_rate: 4 / 24 });
    expect((await researcher.get(`/api/pair-judge-jobs/${firstJob + 99}/summary`).expect(404)).body.message).toMatch(/pair judge job/);
    await researcher.get("/api/pair-judge-jobs/x/summary").expect(400);
    expect((await researcher.post(`/api/pair-judge-jobs/${firstJob}/summary`).expect(405)).headers.allow).toBe("GET, HEAD");

    const calibration = (q: string) => researcher.get(`/api/judges/calibration?${q}`);
    expect((await calibration("judge_model_id=9999").expect(404)).body.message).toMatch(/judge model 9999 not found/);
    expect((await calibration(`judge_model_id=${judge.id}&template_id=9999`).expect(404)).body.message).toMatch(/judge template 9999/);
    const single = t.ctx.judgeTemplates.create("scores", "Score $INST$ $RESPONSE$", null, new Date());
    expect((await calibration(`judge_model_id=${judge.id}&template_id=${single.id}`).expect(400)).body.message).toMatch(
      /not a pairwise template/,
    );
    const unused = t.ctx.judgeTemplates.create("unused", "Which? $INST$ $RESPONSE_A$ $RESPONSE_B$", null, new Date(), "pairwise");
    expect((await calibration(`judge_model_id=${judge.id}&template_id=${unused.id}`).expect(404)).body.message).toMatch(
      /a pair judge job of "first-judge" with template "unused" not found/,
    );
    expect((await calibration(`judge_model_id=${judge.id}&campaigns=424242`).expect(400)).body.message).toMatch(
      /campaign 424242 not found/,
    );
    await calibration(`judge_model_id=${judge.id}&campaigns=1,,2`).expect(400);
    await calibration("").expect(400);

    const annotator = await t.agentAs("annotator", "ann");
    await annotator.get("/api/judges").expect(403);
    await annotator.get(`/api/judges/calibration?judge_model_id=${judge.id}`).expect(403);
    await annotator.get(`/api/pair-judge-jobs/${firstJob}/summary`).expect(403);
  });
});
