import { parse as parseCsv } from "csv-parse/sync";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { AnnotatorHistorySchema, HistoryDetailSchema, ReviseJudgmentResponseSchema } from "../../shared/schemas/annotator-history";
import { AnnotationItemSchema, CampaignDashboardSchema, type AnnotationItem } from "../../shared/schemas/campaigns";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { password, testApp, type TestApp } from "../helpers/test-app";

// An annotator's own history (issue 15, point 4): their judgments newest first, changed while the campaign is
// open (the earlier version kept, the statistics on the latest), skipped items taken up again; nobody else's.

let t: TestApp;
afterEach(() => t?.close());

let clock = Date.parse("2026-12-01T09:00:00Z");
let w: Workspace;

async function workspace(k = 3) {
  clock = Date.parse("2026-12-01T09:00:00Z");
  t = testApp({ now: () => new Date(clock) });
  w = await createWorkspace(t.ctx, { adminPassword: password, withOutputs: 6, judgmentsPerComparison: k });
  const admin = request.agent(t.app);
  await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);
  return admin;
}

async function annotator(name: string) {
  await t.user(name, "annotator");
  const agent = request.agent(t.app);
  await agent.post("/api/auth/login").send({ username: name, password }).expect(200);
  return agent;
}
type Agent = Awaited<ReturnType<typeof annotator>>;

async function next(agent: Agent): Promise<AnnotationItem | null> {
  const res = await agent.post(`/api/annotate/campaigns/${w.campaign.id}/next`).expect(200);
  return res.body.item === null ? null : AnnotationItemSchema.parse(res.body.item);
}

let keys = 0;
async function judge(agent: Agent, verdict: string, rationale = ""): Promise<{ id: number; item: AnnotationItem }> {
  const item = (await next(agent))!;
  clock += 60_000;
  const res = await agent
    .post(`/api/annotate/assignments/${item.assignment_id}/judgment`)
    .send({ verdict, rationale, time_ms: 9_000, coverage_left: 1, coverage_right: 1, idempotency_key: `hist-${++keys}-abcdef` })
    .expect(201);
  return { id: res.body.judgment.id as number, item };
}

async function history(agent: Agent, query: Record<string, string> = {}) {
  const res = await agent.get(`/api/annotate/campaigns/${w.campaign.id}/history`).query(query).expect(200);
  return AnnotatorHistorySchema.parse(res.body);
}

const stored = (id: number) =>
  t.db
    .prepare("SELECT verdict, winner_sample_id, left_sample_id, right_sample_id, margin, rationale FROM human_judgments WHERE id = ?")
    .get(id) as {
    verdict: string;
    winner_sample_id: number | null;
    left_sample_id: number;
    right_sample_id: number;
    rationale: string;
  };
const revisions = (id: number) =>
  t.db
    .prepare(
      "SELECT verdict, winner_sample_id, rationale, made_at, replaced_at FROM judgment_revisions WHERE human_judgment_id = ? ORDER BY id",
    )
    .all(id);
const sampleA = (judgmentId: number) =>
  (
    t.db
      .prepare("SELECT c.sample_a_id AS a FROM human_judgments x JOIN comparisons c ON c.id = x.comparison_id WHERE x.id = ?")
      .get(judgmentId) as { a: number }
  ).a;
const promptOf = (item: AnnotationItem) => item.instruction.prompt;

describe("annotator history", () => {
  it("lists their own judgments newest first, a page at a time, as they gave them, with the items they skipped", async () => {
    await workspace();
    const ann = await annotator("ann");
    const first = await judge(ann, "left", "left reads better");
    const second = await judge(ann, "right");
    const skipped = (await next(ann))!;
    await ann.post(`/api/annotate/assignments/${skipped.assignment_id}/skip`).expect(200);
    const third = await judge(ann, "tie");
    // Someone else's judgments are not in it.
    const other = await annotator("other");
    await judge(other, "both-bad");

    const all = await history(ann);
    expect(all.campaign).toMatchObject({ id: w.campaign.id, status: "open", title: `Campaign ${w.campaign.id}` });
    expect(all.total).toBe(3);
    expect(all.items.map((i) => [i.id, i.verdict, i.revisions, i.changed_at])).toEqual([
      [third.id, "tie", 0, null],
      [second.id, "right", 0, null],
      [first.id, "left", 0, null],
    ]);
    expect(all.items[2]!.rationale).toBe("left reads better");
    expect(promptOf(first.item).startsWith(all.items[2]!.excerpt.replace(/…$/, ""))).toBe(true);
    expect(all.skipped.map((s) => s.assignment_id)).toEqual([skipped.assignment_id]);
    expect(promptOf(skipped).startsWith(all.skipped[0]!.excerpt.replace(/…$/, ""))).toBe(true);
    expect(all.skipped_total).toBe(1);

    const page2 = await history(ann, { page: "2", page_size: "2" });
    expect(page2.items.map((i) => i.id)).toEqual([first.id]);
    await ann.get(`/api/annotate/campaigns/${w.campaign.id}/history`).query({ page_size: "1000" }).expect(400);

    // The item again, as it was shown: the same sides in the same places.
    const detail = HistoryDetailSchema.parse((await ann.get(`/api/annotate/judgments/${first.id}`).expect(200)).body);
    expect(detail.instruction.prompt).toBe(promptOf(first.item));
    expect(detail.left.text).toBe(first.item.left.text);
    expect(detail.right.text).toBe(first.item.right.text);
    expect(detail.judgment).toMatchObject({ id: first.id, verdict: "left" });
  });

  it("changes a judgment, keeps the version it replaced, and the dashboard and exports count the latest", async () => {
    const admin = await workspace();
    const ann = await annotator("ann");
    const j = await judge(ann, "left", "first thought");
    const before = stored(j.id);
    expect(before.winner_sample_id).toBe(before.left_sample_id);
    const aIsLeft = before.left_sample_id === sampleA(j.id);
    const tally = async () =>
      CampaignDashboardSchema.parse((await admin.get(`/api/campaigns/${w.campaign.id}/dashboard`).expect(200)).body).tally;
    expect(await tally()).toMatchObject(aIsLeft ? { a_wins: 1, b_wins: 0 } : { a_wins: 0, b_wins: 1 });

    const judgedAt = "2026-12-01T09:01:00.000Z";
    clock = Date.parse("2026-12-01T11:00:00Z");
    const revised = ReviseJudgmentResponseSchema.parse(
      (await ann.post(`/api/annotate/judgments/${j.id}/revise`).send({ verdict: "right", rationale: "on second reading" }).expect(200))
        .body,
    ).judgment;
    expect(revised).toMatchObject({
      id: j.id,
      verdict: "right",
      rationale: "on second reading",
      revisions: 1,
      changed_at: "2026-12-01T11:00:00.000Z",
      judged_at: judgedAt,
    });
    // The row holds the latest; the earlier version is kept with when it was made and replaced.
    expect(stored(j.id)).toMatchObject({ verdict: "win", winner_sample_id: before.right_sample_id, rationale: "on second reading" });
    expect(revisions(j.id)).toEqual([
      {
        verdict: "win",
        winner_sample_id: before.left_sample_id,
        rationale: "first thought",
        made_at: judgedAt,
        replaced_at: "2026-12-01T11:00:00.000Z",
      },
    ]);
    expect(await tally()).toMatchObject(aIsLeft ? { a_wins: 0, b_wins: 1 } : { a_wins: 1, b_wins: 0 });

    // A second change keeps the first change too; sending the same version again adds nothing.
    clock += 60_000;
    await ann.post(`/api/annotate/judgments/${j.id}/revise`).send({ verdict: "tie", rationale: "" }).expect(200);
    await ann.post(`/api/annotate/judgments/${j.id}/revise`).send({ verdict: "tie", rationale: "" }).expect(200);
    expect(revisions(j.id)).toHaveLength(2);
    expect(revisions(j.id)[1]).toMatchObject({ winner_sample_id: before.right_sample_id, made_at: "2026-12-01T11:00:00.000Z" });
    expect(await tally()).toMatchObject({ a_wins: 0, b_wins: 0, ties: 1 });
    const csv = await admin
      .get("/api/exports")
      .query({ from: "battles", campaign: String(w.campaign.id), format: "battles-csv" })
      .buffer(true)
      .parse((res, callback) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => callback(null, body));
      })
      .expect(200);
    const rows = parseCsv(csv.body as string, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.annotator, r.winner])).toEqual([["ann", "tie"]]);

    // The campaign's rules hold for a change as for a first verdict.
    await ann.post(`/api/annotate/judgments/${j.id}/revise`).send({ verdict: "left", margin: "much" }).expect(400);
    await ann.post(`/api/annotate/judgments/${j.id}/revise`).send({ verdict: "sideways" }).expect(400);
  });

  it("settles a verify-pairs proposal again when the judgment deciding it changes", async () => {
    const admin = await workspace();
    const created = await admin
      .post("/api/campaigns")
      .send({
        name: "verify",
        set_id: w.set.id,
        source: { kind: "verify-pairs", pair_run_id: w.pairRunId },
        settings: { judgments_per_comparison: 1 },
      })
      .expect(201);
    const id = created.body.campaign.id as number;
    const ann = await annotator("ann");
    const item = AnnotationItemSchema.parse((await ann.post(`/api/annotate/campaigns/${id}/next`).expect(200)).body.item);
    const row = t.db
      .prepare(
        "SELECT a.left_sample_id AS left_id, c.sample_a_id AS chosen, c.proposal_id FROM assignments a JOIN comparisons c ON c.id = a.comparison_id WHERE a.id = ?",
      )
      .get(item.assignment_id) as { left_id: number; chosen: number; proposal_id: number };
    const status = () => (t.db.prepare("SELECT status FROM pair_proposals WHERE id = ?").get(row.proposal_id) as { status: string }).status;
    const chosenSide = row.left_id === row.chosen ? "left" : "right";
    const judged = await ann
      .post(`/api/annotate/assignments/${item.assignment_id}/judgment`)
      .send({ verdict: chosenSide, time_ms: 9_000, coverage_left: 1, coverage_right: 1, idempotency_key: "verify-hist-abcdef" })
      .expect(201);
    expect(status()).toBe("confirmed");
    const jid = judged.body.judgment.id as number;
    await ann
      .post(`/api/annotate/judgments/${jid}/revise`)
      .send({ verdict: chosenSide === "left" ? "right" : "left" })
      .expect(200);
    expect(status()).toBe("overturned");
    await ann.post(`/api/annotate/judgments/${jid}/revise`).send({ verdict: "tie" }).expect(200);
    expect(status()).toBe("proposed");
  });

  it("takes a skipped item up again as the next item, unless it has all its judgments by then", async () => {
    await workspace(1);
    const ann = await annotator("ann");
    const skipped = (await next(ann))!;
    await ann.post(`/api/annotate/assignments/${skipped.assignment_id}/skip`).expect(200);
    const moved = (await next(ann))!;
    expect(moved.assignment_id).not.toBe(skipped.assignment_id);
    clock += 30_000;

    const res = await ann.post(`/api/annotate/assignments/${skipped.assignment_id}/revisit`).expect(200);
    expect(res.body).toEqual({ ok: true, assignment_id: skipped.assignment_id });
    const again = (await next(ann))!;
    expect(again.assignment_id).toBe(skipped.assignment_id);
    expect(again.left.text).toBe(skipped.left.text);
    await ann
      .post(`/api/annotate/assignments/${again.assignment_id}/judgment`)
      .send({ verdict: "left", time_ms: 5_000, coverage_left: 1, coverage_right: 1, idempotency_key: "revisited-abcdef" })
      .expect(201);
    expect((await history(ann)).skipped).toEqual([]);
    // Not skipped (any more): nothing to revisit.
    await ann.post(`/api/annotate/assignments/${skipped.assignment_id}/revisit`).expect(409);
    // The item they moved on to is still theirs after that.
    expect((await next(ann))!.assignment_id).toBe(moved.assignment_id);

    // k = 1: once someone else has judged a skipped comparison, it is not handed back.
    await ann.post(`/api/annotate/assignments/${moved.assignment_id}/skip`).expect(200);
    const other = await annotator("other");
    const taken = (await next(other))!;
    expect(taken.instruction.prompt).toBe(moved.instruction.prompt);
    await ann.post(`/api/annotate/assignments/${moved.assignment_id}/revisit`).expect(409);
  });

  it("answers 404 for another annotator's judgments, items and campaigns", async () => {
    const admin = await workspace();
    const ann = await annotator("ann");
    const mine = await judge(ann, "left");
    const skipped = (await next(ann))!;
    await ann.post(`/api/annotate/assignments/${skipped.assignment_id}/skip`).expect(200);
    const other = await annotator("other");
    await other.get(`/api/annotate/judgments/${mine.id}`).expect(404);
    await other.post(`/api/annotate/judgments/${mine.id}/revise`).send({ verdict: "right" }).expect(404);
    await other.post(`/api/annotate/assignments/${skipped.assignment_id}/revisit`).expect(404);
    expect(stored(mine.id).winner_sample_id).toBe(stored(mine.id).left_sample_id);
    expect((await history(other)).items).toEqual([]);
    // A campaign they are not in: 404, as for one that does not exist.
    const annId = (t.db.prepare("SELECT id FROM users WHERE username = 'ann'").get() as { id: number }).id;
    await admin
      .patch(`/api/campaigns/${w.campaign.id}`)
      .send({ annotators: [annId] })
      .expect(200);
    await other.get(`/api/annotate/campaigns/${w.campaign.id}/history`).expect(404);
    await other.get("/api/annotate/campaigns/99999/history").expect(404);
    await request(t.app).get(`/api/annotate/campaigns/${w.campaign.id}/history`).expect(401);
  });

  it("keeps the history of a closed campaign readable and refuses changes to it", async () => {
    const admin = await workspace();
    const ann = await annotator("ann");
    const mine = await judge(ann, "left");
    const skipped = (await next(ann))!;
    await ann.post(`/api/annotate/assignments/${skipped.assignment_id}/skip`).expect(200);
    await admin.patch(`/api/campaigns/${w.campaign.id}`).send({ status: "closed" }).expect(200);

    const closed = await history(ann);
    expect(closed.campaign.status).toBe("closed");
    expect(closed.items.map((i) => i.id)).toEqual([mine.id]);
    await ann.get(`/api/annotate/judgments/${mine.id}`).expect(200);
    const refused = await ann.post(`/api/annotate/judgments/${mine.id}/revise`).send({ verdict: "right" }).expect(409);
    expect(refused.body.message).toMatch(/closed/);
    await ann.post(`/api/annotate/assignments/${skipped.assignment_id}/revisit`).expect(409);
    expect(revisions(mine.id)).toEqual([]);
    expect(stored(mine.id).winner_sample_id).toBe(stored(mine.id).left_sample_id);
  });
});
