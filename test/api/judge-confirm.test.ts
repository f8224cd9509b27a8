import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { JudgeConfirmResponseSchema } from "../../shared/schemas/pair-judging";
import { ProposalPageSchema, type PairProposal } from "../../shared/schemas/pairs";
import type { PairVerdict } from "../../shared/scoring/pair-verdict";
import { builtinTemplate } from "../../server/judging/template";
import { runCli } from "../helpers/cli";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { insertBothOrders, insertPairAnswer, insertPairJudgeJob } from "../helpers/pair-judgments";
import { password, testApp, type TestApp } from "../helpers/test-app";

// Issue #17 point 5: a pairwise judge confirms the proposals it agreed with in both orders ("judge-confirmed",
// apart from the annotators' "confirmed"); exports can take just those, and a verify-pairs campaign the rest.

let t: TestApp;
afterEach(() => t?.close());

let clock = Date.parse("2026-12-05T10:00:00Z");
let w: Workspace;
type Agent = ReturnType<typeof request.agent>;

async function workspace() {
  clock = Date.parse("2026-12-05T10:00:00Z");
  t = testApp({ now: () => new Date(clock) });
  // Eight instructions with outputs, three writer samples each: eight proposals (the reference makes none).
  w = await createWorkspace(t.ctx, { adminPassword: password, withOutputs: 8 });
  const admin = request.agent(t.app);
  await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);
  const runId = w.pairRunId;
  const judge = w.models.judge.id;
  const job = insertPairJudgeJob(t.ctx, { setId: w.set.id, judgeModelId: judge, source: { kind: "pair-run", pair_run_id: runId } });
  const proposals = await list(admin, runId);
  expect(proposals).toHaveLength(8);
  const orders = (p: PairProposal, aFirst: PairVerdict, bFirst: PairVerdict) =>
    insertBothOrders(t.ctx, {
      jobId: job.jobId,
      a: p.chosen.sample_id,
      b: p.rejected.sample_id,
      judgeModelId: judge,
      templateHash: job.templateHash,
      aFirst,
      bFirst,
    });
  const one = (first: number, second: number, verdict: PairVerdict | null) =>
    insertPairAnswer(t.ctx, { jobId: job.jobId, first, second, judgeModelId: judge, templateHash: job.templateHash, verdict });
  return { admin, runId, judge, job, proposals, orders, one };
}

async function list(agent: Agent, runId: number, status?: string): Promise<PairProposal[]> {
  const res = await agent
    .get(`/api/pair-runs/${runId}/proposals`)
    .query({ page_size: 100, ...(status ? { status } : {}) })
    .expect(200);
  return ProposalPageSchema.parse(res.body).items;
}

const confirm = (agent: Agent, runId: number, body: Record<string, unknown>) =>
  agent.post(`/api/pair-runs/${runId}/judge-confirm`).send(body);

/**
 * The judge on each proposal: p0, p6 agree in both orders (strongly, and "better" both times); p1 flips with
 * position; p2 says "better" first and a tie reversed (disagreement, so a tie); p3 has one order only; p4 one
 * order failed; p5 both orders agree but a researcher accepted it first; p7 prefers the rejected in both.
 */
async function judged() {
  const s = await workspace();
  const [p0, p1, p2, p3, p4, p5, p6, p7] = s.proposals as [PairProposal, ...PairProposal[]];
  s.orders(p0, 2, -2);
  s.orders(p1!, 1, 1);
  s.orders(p2!, 1, 0);
  s.one(p3!.chosen.sample_id, p3!.rejected.sample_id, 2);
  s.one(p4!.chosen.sample_id, p4!.rejected.sample_id, 2);
  s.one(p4!.rejected.sample_id, p4!.chosen.sample_id, null);
  s.orders(p5!, 2, -2);
  s.orders(p6!, 1, -1);
  s.orders(p7!, -1, 2);
  await s.admin.post(`/api/pair-proposals/${p5!.id}/review`).send({ action: "accept" }).expect(200);
  return { ...s, p: [p0, p1, p2, p3, p4, p5, p6, p7] as PairProposal[] };
}

describe("POST /api/pair-runs/:id/judge-confirm", () => {
  it("confirms the unreviewed proposals both orders agree with, apart from human confirmation, and only those", async () => {
    const { admin, runId, judge, job, p } = await judged();
    const answer = await confirm(admin, runId, { judge_model_id: judge }).expect(200);
    expect(JudgeConfirmResponseSchema.parse(answer.body)).toEqual({ confirmed: 2, not_confirmed: 3, unjudged: 2 });

    const byId = new Map((await list(admin, runId)).map((x) => [x.id, x]));
    const statuses = p.map((x) => byId.get(x.id)!.status);
    expect(statuses).toEqual([
      "judge-confirmed",
      "proposed",
      "proposed",
      "proposed",
      "proposed",
      "accepted",
      "judge-confirmed",
      "proposed",
    ]);
    expect(byId.get(p[0]!.id)).toMatchObject({ judge_confirmed_job_id: job.jobId, judge_confirmed_at: new Date(clock).toISOString() });
    // The researcher's review wins: p5 stays accepted and carries no judge confirmation.
    expect(byId.get(p[5]!.id)).toMatchObject({ status: "accepted", judge_confirmed_job_id: null });
    // The human status column is untouched: "confirmed" stays the annotators' word.
    const stored = t.db.prepare("SELECT DISTINCT status FROM pair_proposals WHERE run_id = ? ORDER BY status").pluck().all(runId);
    expect(stored).toEqual(["accepted", "proposed"]);

    const run = (await admin.get(`/api/pair-runs/${runId}`).expect(200)).body.run;
    expect(run.status_counts).toEqual({ proposed: 5, "judge-confirmed": 2, accepted: 1, rejected: 0, confirmed: 0, overturned: 0 });
    expect(run.proposals).toBe(8);
    expect((await list(admin, runId, "judge-confirmed")).map((x) => x.id)).toEqual([p[0]!.id, p[6]!.id]);
    expect((await list(admin, runId, "proposed")).map((x) => x.id)).toEqual([1, 2, 3, 4, 7].map((i) => p[i]!.id));
    expect((await list(admin, runId, "confirmed")).length).toBe(0);
    // The instruction review page shows the same status.
    const review = (await admin.get(`/api/instructions/${p[0]!.instruction_id}/review`).query({ run: runId }).expect(200)).body;
    expect(review.proposals.find((x: PairProposal) => x.id === p[0]!.id).status).toBe("judge-confirmed");

    // Idempotent: the same answer, and the first confirmation keeps its time.
    clock += 60_000;
    await confirm(admin, runId, { judge_model_id: judge }).expect(200, { confirmed: 2, not_confirmed: 3, unjudged: 2 });
    expect((await list(admin, runId, "judge-confirmed")).map((x) => x.judge_confirmed_at)).toEqual([
      new Date(clock - 60_000).toISOString(),
      new Date(clock - 60_000).toISOString(),
    ]);
  });

  it("reads only the named judge's answers with the template's hash", async () => {
    const { admin, runId, judge } = await judged();
    const other = t.ctx.judgeTemplates.create(
      "terse pairs",
      "Compare.\n$INST$\nA: $RESPONSE_A$\nB: $RESPONSE_B$",
      null,
      new Date(),
      "pairwise",
    );
    // Nothing cached under this template; another model has answered nothing at all.
    await confirm(admin, runId, { judge_model_id: judge, template_id: other.id }).expect(200, {
      confirmed: 0,
      not_confirmed: 0,
      unjudged: 7,
    });
    await confirm(admin, runId, { judge_model_id: w.models.writer.id }).expect(200, { confirmed: 0, not_confirmed: 0, unjudged: 7 });
    expect(await list(admin, runId, "judge-confirmed")).toEqual([]);
  });

  it("lets human review and verification win, and a reset forget the judge's confirmation", async () => {
    const { admin, runId, judge, p } = await judged();
    await confirm(admin, runId, { judge_model_id: judge }).expect(200);
    const review = (id: number, action: string) => admin.post(`/api/pair-proposals/${id}/review`).send({ action }).expect(200);
    expect((await review(p[0]!.id, "reject")).body.proposal).toMatchObject({
      status: "rejected",
      judge_confirmed_job_id: expect.any(Number),
    });
    expect((await review(p[0]!.id, "reset")).body.proposal).toMatchObject({
      status: "proposed",
      judge_confirmed_job_id: null,
      judge_confirmed_at: null,
    });
    // The reset proposal is unreviewed again: the judge's cached answers confirm it once more.
    await confirm(admin, runId, { judge_model_id: judge }).expect(200, { confirmed: 2, not_confirmed: 3, unjudged: 2 });
    expect((await list(admin, runId, "judge-confirmed")).map((x) => x.id)).toEqual([p[0]!.id, p[6]!.id]);
  });

  it("refuses a single-answer template, an unknown model or run, and annotators", async () => {
    const { admin, runId, judge } = await workspace();
    const single = builtinTemplate(t.ctx, new Date());
    const wrong = await confirm(admin, runId, { judge_model_id: judge, template_id: single.id }).expect(400);
    expect(wrong.body.message).toMatch(/^template_id: .*single-answer/);
    expect((await confirm(admin, runId, { judge_model_id: 999 }).expect(400)).body.message).toMatch(/^judge_model_id:/);
    expect((await confirm(admin, runId, { judge_model_id: judge, template_id: 999 }).expect(400)).body.message).toMatch(/^template_id:/);
    await confirm(admin, 999, { judge_model_id: judge }).expect(404);
    await confirm(admin, runId, {}).expect(400);
    const annotator = await t.agentAs("annotator", "ann");
    await confirm(annotator, runId, { judge_model_id: judge }).expect(403);
    const researcher = await t.agentAs("researcher", "res");
    await confirm(researcher, runId, { judge_model_id: judge }).expect(200);
  });
});

describe("judge-confirmed proposals downstream", () => {
  it("exports just them with statuses=judge-confirmed (API and CLI), and keeps them in the default export", async () => {
    const { admin, runId, judge, p } = await judged();
    const lines = async (query: Record<string, string>) =>
      (
        await admin
          .get("/api/exports")
          .query({ from: "proposals", run: String(runId), provenance: "true", ...query })
          .expect(200)
      ).text
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { meta: { chosen_sample_id: number } });
    const before = (await lines({})).map((r) => r.meta.chosen_sample_id);
    await confirm(admin, runId, { judge_model_id: judge }).expect(200);
    const only = await lines({ statuses: "judge-confirmed" });
    expect(only.map((r) => r.meta.chosen_sample_id)).toEqual([p[0]!.chosen.sample_id, p[6]!.chosen.sample_id]);
    // The default (proposed, judge-confirmed, accepted, confirmed) writes the same rows as before the judge.
    expect((await lines({})).map((r) => r.meta.chosen_sample_id)).toEqual(before);
    expect(before).toHaveLength(8);
    const proposedOnly = (await lines({ statuses: "proposed" })).map((r) => r.meta.chosen_sample_id);
    expect(proposedOnly).toEqual([1, 2, 3, 4, 7].map((i) => p[i]!.chosen.sample_id));

    const dir = mkdtempSync(join(tmpdir(), "longpref-judge-confirmed-"));
    const out = join(dir, "confirmed.jsonl");
    const args = ["export", "--from", "proposals", "--run", String(runId), "--statuses", "judge-confirmed", "--provenance"];
    const result = await runCli([...args, "--out", out, "--json"], { LONGPREF_DB: t.dbPath });
    expect(result.status, result.stderr).toBe(0);
    const written = readFileSync(out, "utf8").trimEnd().split("\n");
    expect(written.map((l) => JSON.parse(l).meta.chosen_sample_id)).toEqual([p[0]!.chosen.sample_id, p[6]!.chosen.sample_id]);
  });

  it("forms a default verify-pairs campaign over the proposals the judge did not confirm", async () => {
    const { admin, runId, judge, p } = await judged();
    await confirm(admin, runId, { judge_model_id: judge }).expect(200);
    const create = async (name: string, statuses?: string[]) =>
      (
        await admin
          .post("/api/campaigns")
          .send({
            name,
            set_id: w.set.id,
            source: { kind: "verify-pairs", pair_run_id: runId, ...(statuses ? { statuses } : {}) },
            settings: { judgments_per_comparison: 1 },
          })
          .expect(201)
      ).body.campaign.id as number;
    const proposalsOf = (campaignId: number) =>
      t.db.prepare("SELECT proposal_id FROM comparisons WHERE campaign_id = ? ORDER BY proposal_id").pluck().all(campaignId);
    const rest = await create("the rest");
    // Default statuses (proposed, accepted): everything but the judge-confirmed p0 and p6.
    expect(proposalsOf(rest)).toEqual([1, 2, 3, 4, 5, 7].map((i) => p[i]!.id));
    const checked = await create("check the judge", ["judge-confirmed"]);
    expect(proposalsOf(checked)).toEqual([p[0]!.id, p[6]!.id]);

    // Annotators verify a judge-confirmed proposal: their verdict wins, and an undo gives the judge's back.
    const ann = await t.agentAs("annotator", "ann");
    const item = (await ann.post(`/api/annotate/campaigns/${checked}/next`).expect(200)).body.item;
    const assignment = t.db.prepare("SELECT comparison_id, left_sample_id FROM assignments WHERE id = ?").get(item.assignment_id) as {
      comparison_id: number;
      left_sample_id: number;
    };
    const comparison = t.db.prepare("SELECT proposal_id, sample_a_id FROM comparisons WHERE id = ?").get(assignment.comparison_id) as {
      proposal_id: number;
      sample_a_id: number;
    };
    const chosenSide = assignment.left_sample_id === comparison.sample_a_id ? "left" : "right";
    const judgment = (
      await ann
        .post(`/api/annotate/assignments/${item.assignment_id}/judgment`)
        .send({ verdict: chosenSide, time_ms: 12_000, coverage_left: 1, coverage_right: 1, idempotency_key: "judge-confirm-check-1" })
        .expect(201)
    ).body.judgment;
    const statusOf = async () => (await list(admin, runId)).find((x) => x.id === comparison.proposal_id)!.status;
    expect(await statusOf()).toBe("confirmed");
    expect(t.db.prepare("SELECT proposal_status_before FROM comparisons WHERE id = ?").pluck().get(assignment.comparison_id)).toBe(
      "proposed",
    );
    await ann.post(`/api/annotate/judgments/${judgment.id}/undo`).expect(200);
    expect(await statusOf()).toBe("judge-confirmed");
  });
});
