import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createWorkspace } from "../helpers/factories";
import { password, testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

let keys = 0;

describe("win rates over a campaign's human judgments", () => {
  it("counts each judgment for the candidate against the reference, and refuses what it cannot compute", async () => {
    t = testApp();
    const workspace = await createWorkspace(t.ctx, { adminPassword: password });
    const admin = request.agent(t.app);
    await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);
    const setId = workspace.set.id;
    const writer = workspace.models.writer.id;
    const { reference } = workspace.models;
    // Each annotator judges every comparison once: one per covered instruction.
    const comparisons = workspace.withOutputs;
    const judgments = 3 * comparisons;
    const campaign = (
      await admin
        .post("/api/campaigns")
        .send({
          name: "study",
          set_id: setId,
          source: { kind: "vs-reference", model_id: writer },
          settings: { judgments_per_comparison: 3 },
        })
        .expect(201)
    ).body.campaign;

    // Three annotators: one always left, one always right, one tie every third item else right.
    const verdictOf = [() => "left", () => "right", (i: number) => (i % 3 === 0 ? "tie" : "right")];
    for (const [n, verdict] of verdictOf.entries()) {
      await t.user(`ann${n}`, "annotator");
      const agent = request.agent(t.app);
      await agent
        .post("/api/auth/login")
        .send({ username: `ann${n}`, password })
        .expect(200);
      for (let i = 0; ; i++) {
        const item = (await agent.post(`/api/annotate/campaigns/${campaign.id}/next`).expect(200)).body.item;
        if (!item) break;
        await agent
          .post(`/api/annotate/assignments/${item.assignment_id}/judgment`)
          .send({ verdict: verdict(i), time_ms: 1000, coverage_left: 1, coverage_right: 1, idempotency_key: `analytics-${++keys}` })
          .expect(201);
      }
    }

    const stats = (await admin.get(`/api/analytics/win-rates?campaigns=${campaign.id}&rounds=200`).expect(200)).body;
    expect(stats).toMatchObject({ reference_model: reference.name, judgments, comparisons });
    const rows = t.db
      .prepare(
        "SELECT x.verdict, x.winner_sample_id = c.sample_a_id AS a FROM human_judgments x JOIN comparisons c ON c.id = x.comparison_id WHERE x.campaign_id = ?",
      )
      .all(campaign.id) as { verdict: string; a: number }[];
    const win = rows.filter((r) => r.verdict === "win" && r.a === 1).length;
    const loss = rows.filter((r) => r.verdict === "win" && r.a === 0).length;
    const tie = rows.length - win - loss;
    expect(stats.vs_reference[workspace.models.writer.name].all).toMatchObject({
      win,
      tie,
      loss,
      n: judgments,
      win_rate: (win + tie / 2) / judgments,
    });
    expect(stats.bradley_terry[reference.name]).toBe(1000);
    expect(Object.keys(stats.agreement.cohen_kappa).sort()).toEqual(["ann0|ann1", "ann0|ann2", "ann1|ann2"]);
    const left = t.db
      .prepare("SELECT COUNT(*) AS n FROM human_judgments WHERE verdict = 'win' AND winner_sample_id = left_sample_id")
      .get() as { n: number };
    expect(stats.position_bias).toMatchObject({ decided: win + loss, left_wins: left.n });

    // Issue #14's figures come from the same judgments, with the outputs' stored word counts.
    const writerName = workspace.models.writer.name;
    const lc = stats.length_controlled[writerName];
    expect(lc).toMatchObject({ judgments, raw_win_rate: (win + tie / 2) / judgments });
    expect(lc.win_rate !== null || lc.reason !== null).toBe(true);
    expect(stats.bootstrap).toEqual({ rounds: 200, seed: 7, cluster: "instruction" });
    expect(stats.annotators.ann0).toMatchObject({ judgments: comparisons, position_bias: 1 });
    expect(stats.annotators.ann1).toMatchObject({ judgments: comparisons, position_bias: 0 });
    expect(Object.keys(stats.weighted_vs_reference)).toEqual([writerName]);
    expect(stats.weighted_vs_reference[writerName].comparisons).toBe(comparisons);
    expect(stats.style_controlled !== null || stats.style_controlled_reason !== null).toBe(true);
    expect(stats.ranks[reference.name].rank).toBeGreaterThanOrEqual(1);

    await admin.get("/api/analytics/win-rates?campaigns=999999").expect(400);
    await admin.get(`/api/analytics/win-rates?campaigns=${campaign.id}&reference=nobody`).expect(400);
    await admin.get("/api/analytics/win-rates?campaigns=a,b").expect(400);
    const verify = (
      await admin
        .post("/api/campaigns")
        .send({ name: "verify", set_id: setId, source: { kind: "verify-pairs", pair_run_id: workspace.pairRunId } })
        .expect(201)
    ).body.campaign;
    expect(
      (await admin.get(`/api/analytics/win-rates?campaigns=${verify.id}&reference=${reference.name}`).expect(400)).body.message,
    ).toMatch(/no judgment/);
  });
});
