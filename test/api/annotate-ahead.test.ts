import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { CampaignDashboardSchema, NextItemAheadResponseSchema } from "../../shared/schemas/campaigns";
import { createWorkspace } from "../helpers/factories";
import { password, testApp, type TestApp } from "../helpers/test-app";

// The prefetch lease (POST /next?ahead=1, decision 022): a second item leased behind the one on screen.

let t: TestApp;
afterEach(() => t?.close());

let clock = Date.parse("2026-11-29T10:00:00Z");
const comparisons = 9;

async function campaign(settings: Record<string, unknown>) {
  clock = Date.parse("2026-11-29T10:00:00Z");
  t = testApp({ now: () => new Date(clock) });
  const w = await createWorkspace(t.ctx, { adminPassword: password, withOutputs: comparisons });
  const admin = request.agent(t.app);
  await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);
  const created = await admin
    .post("/api/campaigns")
    .send({ name: "ahead", set_id: w.set.id, source: { kind: "vs-reference", model_id: w.models.writer.id }, settings })
    .expect(201);
  return { admin, id: created.body.campaign.id as number };
}

async function annotator(name: string) {
  await t.user(name, "annotator");
  const agent = request.agent(t.app);
  await agent.post("/api/auth/login").send({ username: name, password }).expect(200);
  return agent;
}
type Agent = Awaited<ReturnType<typeof annotator>>;

async function nextAhead(agent: Agent, id: number) {
  return NextItemAheadResponseSchema.parse((await agent.post(`/api/annotate/campaigns/${id}/next?ahead=1`).expect(200)).body);
}

let keys = 0;
const judge = (agent: Agent, assignmentId: number, expected = 201) =>
  agent
    .post(`/api/annotate/assignments/${assignmentId}/judgment`)
    .send({ verdict: "left", time_ms: 9000, coverage_left: 1, coverage_right: 1, idempotency_key: `ahead-key-${++keys}` })
    .expect(expected);

const row = (id: number) =>
  t.db.prepare("SELECT comparison_id, status, left_sample_id, right_sample_id FROM assignments WHERE id = ?").get(id) as {
    comparison_id: number;
    status: string;
    left_sample_id: number;
    right_sample_id: number;
  };
const judgments = () => (t.db.prepare("SELECT COUNT(*) AS n FROM human_judgments").get() as { n: number }).n;

describe("the ahead lease", () => {
  it("hands the prefetched item out next, never a comparison twice, and counts judgments once", async () => {
    const { admin, id } = await campaign({ judgments_per_comparison: 1 });
    const a = await annotator("ann-a");
    const seen: number[] = [];
    let previousAhead: number | null = null;
    for (let i = 0; ; i++) {
      const got = await nextAhead(a, id);
      // Asking again (a reload, a second tab) neither moves on nor leases a third item.
      const again = await nextAhead(a, id);
      expect(again.item?.assignment_id).toBe(got.item?.assignment_id);
      expect(again.ahead?.assignment_id).toBe(got.ahead?.assignment_id);
      if (!got.item) {
        expect(got.ahead).toBeNull();
        break;
      }
      // The item on screen is the one prefetched before, with the same sides.
      if (previousAhead !== null) expect(got.item.assignment_id).toBe(previousAhead);
      expect(got.item.judged_by_you).toBe(i);
      if (got.ahead) {
        expect(row(got.ahead.assignment_id).comparison_id).not.toBe(row(got.item.assignment_id).comparison_id);
        expect(got.ahead.left.text).toBe(
          (t.db.prepare("SELECT text FROM samples WHERE id = ?").get(row(got.ahead.assignment_id).left_sample_id) as { text: string }).text,
        );
      }
      if (i === 0) {
        // Only the item on screen is "in progress" for the researcher; the prefetched one is not shown.
        const dashboard = CampaignDashboardSchema.parse((await admin.get(`/api/campaigns/${id}/dashboard`).expect(200)).body);
        expect(dashboard.in_progress).toBe(1);
      }
      seen.push(row(got.item.assignment_id).comparison_id);
      const answer = await judge(a, got.item.assignment_id);
      expect(answer.body.judgment.judged_by_you).toBe(i + 1);
      previousAhead = got.ahead?.assignment_id ?? null;
    }
    expect(seen).toHaveLength(comparisons);
    expect(new Set(seen).size).toBe(comparisons);
    expect(judgments()).toBe(comparisons);
    const assignments = t.db.prepare("SELECT COUNT(*) AS n FROM assignments WHERE status <> 'done'").get() as { n: number };
    expect(assignments.n).toBe(0);
  });

  it("holds the prefetched comparison from others (k = 1) until its lease ends, then releases it normally", async () => {
    const { id } = await campaign({ judgments_per_comparison: 1, lease_minutes: 10 });
    const a = await annotator("ann-a");
    const b = await annotator("ann-b");
    const held = await nextAhead(a, id);
    const mine = [row(held.item!.assignment_id).comparison_id, row(held.ahead!.assignment_id).comparison_id];
    // b gets every other comparison, not a's two.
    const others: number[] = [];
    for (let got = await nextAhead(b, id); got.item; got = await nextAhead(b, id)) {
      others.push(row(got.item.assignment_id).comparison_id);
      await judge(b, got.item.assignment_id);
    }
    expect(others).toHaveLength(comparisons - 2);
    expect(others.some((c) => mine.includes(c))).toBe(false);

    // a walks away: both leases run out and both comparisons go back to the queue, to b.
    clock += 11 * 60_000;
    const returned: number[] = [];
    for (let got = await nextAhead(b, id); got.item; got = await nextAhead(b, id)) {
      returned.push(row(got.item.assignment_id).comparison_id);
      await judge(b, got.item.assignment_id);
    }
    expect(returned.sort()).toEqual([...mine].sort());
    // a's late judgment of the prefetched item is refused (it went to b); a has nothing left.
    const late = await judge(a, held.ahead!.assignment_id, 409);
    expect(late.body.message).toMatch(/lease/);
    expect(await nextAhead(a, id)).toEqual({ item: null, ahead: null });
    expect(judgments()).toBe(comparisons);
  });

  it("after a skip shows the prefetched item; after an undo the undone one, keeping the prefetched one behind", async () => {
    const { id } = await campaign({ judgments_per_comparison: 2 });
    const a = await annotator("ann-a");
    const first = await nextAhead(a, id);
    await a.post(`/api/annotate/assignments/${first.item!.assignment_id}/skip`).expect(200);
    const second = await nextAhead(a, id);
    expect(second.item!.assignment_id).toBe(first.ahead!.assignment_id);
    const judged = await judge(a, second.item!.assignment_id);
    const third = await nextAhead(a, id);
    expect(third.item!.assignment_id).toBe(second.ahead!.assignment_id);
    clock += 1000;
    await a.post(`/api/annotate/judgments/${judged.body.judgment.id}/undo`).expect(200);
    const back = await nextAhead(a, id);
    expect(back.item!.assignment_id).toBe(second.item!.assignment_id);
    expect(back.ahead!.assignment_id).toBe(third.item!.assignment_id);
    // Each comparison once for a: the skipped one never again.
    const all = t.db.prepare("SELECT comparison_id FROM assignments").all() as { comparison_id: number }[];
    expect(new Set(all.map((r) => r.comparison_id)).size).toBe(all.length);
    expect(row(first.item!.assignment_id).status).toBe("skipped");
    expect(row(third.ahead!.assignment_id).status).toBe("active");
  });

  it("refuses an unknown value", async () => {
    const { id } = await campaign({});
    const a = await annotator("ann-a");
    await a.post(`/api/annotate/campaigns/${id}/next?ahead=yes`).expect(400);
    await a.post(`/api/annotate/campaigns/${id}/next?other=1`).expect(400);
  });
});
