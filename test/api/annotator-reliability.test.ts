import type request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { CampaignAnnotatorReliabilitySchema } from "../../shared/schemas/annotator-reliability";
import { createCampaign } from "../../server/campaigns/create";
import { annotationQueue } from "../../server/campaigns/queue";
import { createWorkspace } from "../helpers/factories";
import { password, testApp, type TestApp } from "../helpers/test-app";

// GET /api/campaigns/:id/annotator-reliability: Dawid–Skene over every judgment of one campaign, through the
// real annotation queue and the real server.
let t: TestApp;
afterEach(() => t?.close());

type Side = "a" | "b" | "tie";
const flip: Record<Side, Side> = { a: "b", b: "a", tie: "tie" };

/**
 * Each annotator, in order, takes every comparison the queue gives them and answers `answer(truth)`,
 * where the truth of comparison i (in id order) is truths[i]; a / b name the comparison's samples (the
 * queue shows them in random order, mapped back here).
 */
function judge(campaignId: number, truths: Side[], annotators: [string, (truth: Side) => Side][]) {
  const queue = annotationQueue(t.ctx);
  const comparisons = t.db.prepare("SELECT id, sample_a_id FROM comparisons WHERE campaign_id = ? ORDER BY id").all(campaignId) as {
    id: number;
    sample_a_id: number;
  }[];
  const order = new Map(comparisons.map((c, i) => [c.id, { i, c }]));
  let key = 0;
  for (const [name, answer] of annotators) {
    const user = t.ctx.users.findByName(name) ?? t.ctx.users.create(name, "annotator", "x", new Date());
    for (let item = queue.next(campaignId, user); item; item = queue.next(campaignId, user)) {
      const a = t.db.prepare("SELECT comparison_id, left_sample_id FROM assignments WHERE id = ?").get(item.assignment_id) as {
        comparison_id: number;
        left_sample_id: number;
      };
      const { i, c } = order.get(a.comparison_id)!;
      const side = answer(truths[i]!);
      const leftIsA = a.left_sample_id === c.sample_a_id;
      const verdict = side === "a" ? (leftIsA ? "left" : "right") : side === "b" ? (leftIsA ? "right" : "left") : side;
      queue.submit(item.assignment_id, user, {
        verdict,
        time_ms: 1000,
        coverage_left: 1,
        coverage_right: 1,
        idempotency_key: `${name}-key-${++key}`,
      });
    }
  }
}

const truthOf = (i: number): Side => (["a", "a", "b", "tie", "b", "a"] as const)[i % 6]!;
const honest = (truth: Side) => truth;
const swapper = (truth: Side) => flip[truth];

async function world(comparisons: number) {
  t = testApp();
  const w = await createWorkspace(t.ctx, {
    adminPassword: password,
    instructions: comparisons,
    withOutputs: comparisons,
    writerSamples: 2,
  });
  return { w, researcher: await t.agentAs("researcher") };
}
const reliabilityUrl = (id: number) => `/api/campaigns/${id}/annotator-reliability`;
type Agent = request.Agent;

describe("GET /api/campaigns/:id/annotator-reliability", () => {
  it("flags the annotator who reads the sides the wrong way round, and answers exactly the documented shape", async () => {
    const { w, researcher } = await world(30);
    const truths = Array.from({ length: 30 }, (_, i) => truthOf(i));
    // k = 3: the swapper, then two honest annotators, judge every comparison.
    judge(w.campaign.id, truths, [
      ["swapper", swapper],
      ["ann1", honest],
      ["ann2", honest],
    ]);
    const res = await researcher.get(reliabilityUrl(w.campaign.id)).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(["annotators", "comparisons", "judgments", "threshold"]);
    expect(CampaignAnnotatorReliabilitySchema.parse(res.body)).toEqual(res.body);
    expect(res.body).toMatchObject({ comparisons: 30, judgments: 90, threshold: 0.5 });
    expect(Object.keys(res.body.annotators).sort()).toEqual(["ann1", "ann2", "swapper"]);
    for (const name of ["ann1", "ann2"]) {
      const a = res.body.annotators[name];
      expect(Object.keys(a).sort()).toEqual(["confusion", "flagged", "judgments", "position_bias", "reliability"]);
      expect(a).toMatchObject({ judgments: 30, flagged: false });
      expect(a.reliability).toBeGreaterThan(0.75);
      expect(a.position_bias).toBeGreaterThanOrEqual(0);
      expect(a.position_bias).toBeLessThanOrEqual(1);
    }
    expect(res.body.annotators.swapper).toMatchObject({ judgments: 30, flagged: true });
    expect(res.body.annotators.swapper.reliability).toBeLessThan(0.4);
    // π[first sample better][second sample better]: the swapper's error, learnt from the two others.
    expect(res.body.annotators.swapper.confusion[0][2]).toBeGreaterThan(0.7);
  });

  it("counts verify-pairs comparisons, whose two samples are of one model", async () => {
    const { w, researcher } = await world(24);
    const run = t.ctx.pairRuns.get(w.pairRunId)!;
    const campaignId = createCampaign(
      t.ctx,
      { name: "verify", set_id: run.set_id, source: { kind: "verify-pairs", pair_run_id: run.id } },
      null,
    );
    const comparisons = (t.db.prepare("SELECT COUNT(*) AS n FROM comparisons WHERE campaign_id = ?").get(campaignId) as { n: number }).n;
    expect(comparisons).toBeGreaterThan(20);
    const truths = Array.from({ length: comparisons }, (_, i) => truthOf(i));
    judge(campaignId, truths, [
      ["ann1", honest],
      ["ann2", honest],
      ["swapper", swapper],
    ]);
    const res = await researcher.get(reliabilityUrl(campaignId)).expect(200);
    expect(res.body).toMatchObject({ comparisons, judgments: 3 * comparisons });
    expect(res.body.annotators.swapper.flagged).toBe(true);
    expect(res.body.annotators.ann1.flagged).toBe(false);
  });

  it("answers an unjudged campaign with no annotators, refuses annotators (403) and unknown campaigns (404)", async () => {
    const { w, researcher } = await world(6);
    expect((await researcher.get(reliabilityUrl(w.campaign.id)).expect(200)).body).toEqual({
      annotators: {},
      threshold: 0.5,
      comparisons: 0,
      judgments: 0,
    });
    await researcher.get(reliabilityUrl(999)).expect(404);
    const annotator: Agent = await t.agentAs("annotator");
    await annotator.get(reliabilityUrl(w.campaign.id)).expect(403);
    const admin = await t.agentAs("admin", "admin2");
    await admin.get(reliabilityUrl(w.campaign.id)).expect(200);
    await researcher.get(`${reliabilityUrl(w.campaign.id)}?x=1`).expect(400);
  });
});
