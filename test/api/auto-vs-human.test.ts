import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { AutoVsHumanSchema } from "../../shared/schemas/analytics";
import { combinedScore } from "../../shared/scoring/combined-score";
import { lengthScore } from "../../shared/scoring/length-score";
import { createWorkspace } from "../helpers/factories";
import { password, testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

let keys = 0;
async function setup() {
  t = testApp();
  const workspace = await createWorkspace(t.ctx, { adminPassword: password });
  const admin = request.agent(t.app);
  await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);
  return { admin, setId: workspace.set.id, workspace };
}

/** Judges every item of a campaign as admin: `pick` says which side wins from the two sides' sample ids. */
async function judgeAll(
  agent: request.Agent,
  campaignId: number,
  pick: (a: number, left: number, right: number) => "left" | "right" | "tie",
) {
  for (;;) {
    const item = (await agent.post(`/api/annotate/campaigns/${campaignId}/next`).expect(200)).body.item;
    if (!item) return;
    const row = t.db
      .prepare(
        "SELECT a.left_sample_id AS l, a.right_sample_id AS r, c.sample_a_id AS a FROM assignments a JOIN comparisons c ON c.id = a.comparison_id WHERE a.id = ?",
      )
      .get(item.assignment_id) as { l: number; r: number; a: number };
    await agent
      .post(`/api/annotate/assignments/${item.assignment_id}/judgment`)
      .send({
        verdict: pick(row.a, row.l, row.r),
        time_ms: 1000,
        coverage_left: 1,
        coverage_right: 1,
        idempotency_key: `auto-vs-human-${++keys}`,
      })
      .expect(201);
  }
}

describe("automatic scores against human verdicts", () => {
  it("says how often humans kept the proposed chosen sample, per length range", async () => {
    const { admin, setId, workspace } = await setup();
    const run = t.ctx.pairRuns.get(workspace.pairRunId)!;
    expect(run.proposals).toBeGreaterThanOrEqual(4);
    const created = await admin
      .post("/api/campaigns")
      .send({
        name: "verify",
        set_id: setId,
        source: { kind: "verify-pairs", pair_run_id: run.id },
        settings: { judgments_per_comparison: 1 },
      })
      .expect(201);
    const id = created.body.campaign.id as number;
    // Humans keep the chosen sample on every comparison but the first two (by id), and call one a tie.
    const comparisons = (
      t.db.prepare("SELECT id, sample_a_id FROM comparisons WHERE campaign_id = ? ORDER BY id").all(id) as {
        id: number;
        sample_a_id: number;
      }[]
    ).map((c) => c.sample_a_id);
    await judgeAll(admin, id, (a, left, _right) => {
      const i = comparisons.indexOf(a);
      if (i === 2) return "tie";
      const chosenSide = left === a ? "left" : "right";
      return i < 2 ? (chosenSide === "left" ? "right" : "left") : chosenSide;
    });
    const result = AutoVsHumanSchema.parse((await admin.get(`/api/campaigns/${id}/auto-vs-human`).expect(200)).body);
    expect(result.judge?.judge_model_name).toBe(workspace.models.judge.name);
    expect(result.proposals!.overall).toEqual({
      n: run.proposals - 1,
      agree: run.proposals - 3,
      rate: (run.proposals - 3) / (run.proposals - 1),
    });
    const perRange = Object.values(result.proposals!.by_range);
    expect(perRange.reduce((n, r) => n + r.n, 0)).toBe(run.proposals - 1);
    expect(result.weights).toHaveLength(21);
    expect(result.weights[0]!.weight).toBe(0);
    expect(result.weights[20]!.weight).toBe(1);

    // The curve is what S says about the decided judgments, recomputed here from the stored rows.
    const rows = t.db
      .prepare(
        `SELECT i.required_length AS req, w.word_count AS ww, l.word_count AS lw, jw.quality_score AS wq, jl.quality_score AS lq
         FROM human_judgments x JOIN comparisons c ON c.id = x.comparison_id JOIN instructions i ON i.id = c.instruction_id
           JOIN samples w ON w.id = x.winner_sample_id
           JOIN samples l ON l.id = CASE WHEN x.winner_sample_id = x.left_sample_id THEN x.right_sample_id ELSE x.left_sample_id END
           JOIN judge_scores jw ON jw.sample_id = w.id JOIN judge_scores jl ON jl.sample_id = l.id
         WHERE x.campaign_id = ? AND x.verdict = 'win'`,
      )
      .all(id) as { req: number; ww: number; lw: number; wq: number; lq: number }[];
    expect(result.decided).toBe(rows.length);
    for (const { weight, agreement } of result.weights) {
      let expected = 0;
      for (const r of rows) {
        const sw = combinedScore({ lengthScore: lengthScore(r.req, r.ww), qualityScore: r.wq, weight })!;
        const sl = combinedScore({ lengthScore: lengthScore(r.req, r.lw), qualityScore: r.lq, weight })!;
        expected += sw > sl ? 1 : sw === sl ? 0.5 : 0;
      }
      expect(agreement).toBeCloseTo(expected / rows.length, 12);
    }
    const best = Math.max(...result.weights.map((w) => w.agreement));
    expect(result.weights.find((w) => w.weight === result.best_weight)!.agreement).toBe(best);
  });

  it("suggests a weight for a vs-reference campaign with the set's judge, and has no proposals part", async () => {
    const { admin, setId, workspace } = await setup();
    const writer = workspace.models.writer.id;
    const created = await admin
      .post("/api/campaigns")
      .send({ name: "vs", set_id: setId, source: { kind: "vs-reference", model_id: writer }, settings: { judgments_per_comparison: 1 } })
      .expect(201);
    // Humans always prefer the longer answer: a length-heavy S agrees with them at least as well as S_q alone.
    const words = (id: number) => (t.db.prepare("SELECT word_count AS w FROM samples WHERE id = ?").get(id) as { w: number }).w;
    await judgeAll(admin, created.body.campaign.id, (_a, left, right) => (words(left) >= words(right) ? "left" : "right"));
    const result = AutoVsHumanSchema.parse((await admin.get(`/api/campaigns/${created.body.campaign.id}/auto-vs-human`).expect(200)).body);
    expect(result.proposals).toBeNull();
    expect(result.decided).toBe(workspace.campaign.comparisons);
    expect(result.best_weight).not.toBeNull();
    await admin.get(`/api/campaigns/${created.body.campaign.id}/auto-vs-human?judge_model=999999`).expect(400);
    await admin.get("/api/campaigns/999999/auto-vs-human").expect(404);
  });
});
