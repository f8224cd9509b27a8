import { afterEach, describe, expect, it } from "vitest";
import { WinRatesSchema } from "../../shared/schemas/win-rates";
import type { Side } from "../../shared/stats/judge-calibration";
import { insertHumanVotes, insertJobItems, judgeWorld } from "../helpers/judge-world";
import { insertBothOrders, insertPairJudgeJob } from "../helpers/pair-judgments";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

/** A campaign of 12 comparisons judged by three people and by a judge that always prefers the longer side. */
async function judgedCampaign() {
  t = testApp();
  const world = judgeWorld(t.ctx, { comparisons: 12 });
  const { jobId, templateHash } = insertPairJudgeJob(t.ctx, {
    setId: world.setId,
    judgeModelId: world.judge.id,
    source: { kind: "campaign", campaign_id: world.campaignId },
  });
  insertJobItems(t.ctx, jobId, world.comparisons);
  world.comparisons.forEach((c, i) => {
    // Sample a (the writer) is the longer side on even comparisons: much better there, better on odd ones for b.
    const [aFirst, bFirst] = i % 2 === 0 ? ([2, -2] as const) : ([-1, 1] as const);
    insertBothOrders(t.ctx, { jobId, a: c.a, b: c.b, judgeModelId: world.judge.id, templateHash, aFirst, bFirst });
    const votes: Side[] = i < 4 ? ["a", "a", "b"] : ["b", "tie", "b"];
    insertHumanVotes(t.ctx, world.campaignId, c, votes);
  });
  const admin = await t.agentAs("researcher", "res");
  return { world, admin, identity: `judge:${world.judge.name}` };
}

describe("a judge's combined verdicts as battle records in the win rates", () => {
  it("leaves the answer as it was without the new parameters, and shows the judge apart from or beside the humans", async () => {
    const { world, admin, identity } = await judgedCampaign();
    const base = `/api/analytics/win-rates?campaigns=${world.campaignId}&rounds=50`;
    const humansOnly = (await admin.get(base).expect(200)).body;
    expect(humansOnly.judgments).toBe(36);
    expect(Object.keys(humansOnly.annotators).sort()).toEqual(["person0", "person1", "person2"]);
    expect((await admin.get(`${base}&humans=true`).expect(200)).body).toEqual(humansOnly);

    const apart = (await admin.get(`${base}&humans=false&judges=${encodeURIComponent(identity)}`).expect(200)).body;
    expect(apart).toMatchObject({ judgments: 12, comparisons: 12 });
    expect(Object.keys(apart.annotators)).toEqual([identity]);
    // The longer side wins every comparison: the writer on the 6 even ones, the reference on the 6 odd ones.
    expect(apart.vs_reference[world.writer.name].all).toMatchObject({ win: 6, tie: 0, loss: 6, n: 12, win_rate: 0.5 });
    // No shown side: model_a counts as left on even comparison ids, so the judge's "position bias" is the
    // share of decided comparisons whose winner matches its id's parity.
    const leftWins = world.comparisons.filter((c, i) => (c.id % 2 === 0) === (i % 2 === 0)).length;
    expect(apart.position_bias).toMatchObject({ decided: 12, left_wins: leftWins });
    expect(apart.length_controlled[world.writer.name].judgments).toBe(12);

    const beside = (await admin.get(`${base}&judges=${encodeURIComponent(identity)}`).expect(200)).body;
    WinRatesSchema.parse(beside);
    expect(beside.judgments).toBe(48);
    expect(Object.keys(beside.annotators).sort()).toEqual([identity, "person0", "person1", "person2"].sort());
    // person0 says a on 0-3, b on 4-11; the judge a on even, b on odd: the same on 0, 2, 5, 7, 9, 11.
    expect(beside.agreement.cohen_kappa[`${identity}|person0`]).toMatchObject({ n: 12, agreement: 6 / 12 });
    expect(beside.agreement.with_majority_of_others[identity].n).toBe(12);
  });

  it("names a judge other than the builtin template's with its template, and refuses unknown ones naming them", async () => {
    const { world, admin, identity } = await judgedCampaign();
    const template = t.ctx.judgeTemplates.create("terse", "Compare $INST$ $RESPONSE_A$ $RESPONSE_B$", null, new Date(), "pairwise");
    const { jobId, templateHash } = insertPairJudgeJob(t.ctx, {
      setId: world.setId,
      judgeModelId: world.judge.id,
      source: { kind: "campaign", campaign_id: world.campaignId },
      templateId: template.id,
    });
    // Under this template the judge always says tie; it has answered only the first three comparisons.
    for (const c of world.comparisons.slice(0, 3)) {
      insertBothOrders(t.ctx, { jobId, a: c.a, b: c.b, judgeModelId: world.judge.id, templateHash, aFirst: 0, bFirst: 0 });
    }
    const terse = `${identity} [terse]`;
    const base = `/api/analytics/win-rates?campaigns=${world.campaignId}&rounds=0&humans=false`;
    const both = (await admin.get(`${base}&judges=${encodeURIComponent(`${identity},${terse}`)}`).expect(200)).body;
    expect(both.judgments).toBe(15);
    expect(both.annotators[terse].judgments).toBe(3);
    const unknown = await admin.get(`${base}&judges=${encodeURIComponent(`${identity},judge:nobody`)}`).expect(400);
    expect(unknown.body.message).toMatch(/judges: no judge "judge:nobody"/);
    expect((await admin.get(`${base}`).expect(400)).body.message).toMatch(/humans: false needs judges/);
    await admin.get(`${base}&judges=`).expect(400);
    await admin.get(`/api/analytics/win-rates?campaigns=${world.campaignId}&humans=maybe`).expect(400);
  });
});
