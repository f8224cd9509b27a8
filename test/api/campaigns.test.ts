import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { AnnotationItemSchema, CampaignDashboardSchema, CampaignSchema, type AnnotationItem } from "../../shared/schemas/campaigns";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { password, testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

// A clock the test moves: leases and the undo window are about time.
let clock = Date.parse("2026-11-29T10:00:00Z");
const advance = (ms: number) => (clock += ms);

let w: Workspace;
// A vs-reference campaign here has one comparison per instruction with outputs.
const comparisons = 9;

async function workspace() {
  clock = Date.parse("2026-11-29T10:00:00Z");
  t = testApp({ now: () => new Date(clock) });
  w = await createWorkspace(t.ctx, { adminPassword: password, withOutputs: comparisons });
  const admin = request.agent(t.app);
  await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);
  return { admin, setId: w.set.id, writer: w.models.writer.id, reference: w.models.reference.id };
}

async function annotator(name: string, role: "annotator" | "researcher" = "annotator") {
  const user = await t.user(name, role);
  const agent = request.agent(t.app);
  await agent.post("/api/auth/login").send({ username: name, password }).expect(200);
  return { agent, user };
}
type Agent = Awaited<ReturnType<typeof annotator>>["agent"];

async function next(agent: Agent, campaignId: number): Promise<AnnotationItem | null> {
  const res = await agent.post(`/api/annotate/campaigns/${campaignId}/next`).expect(200);
  return res.body.item === null ? null : AnnotationItemSchema.parse(res.body.item);
}

let keys = 0;
const judgment = (verdict: string, extra: Record<string, unknown> = {}) => ({
  verdict,
  time_ms: 12_000,
  coverage_left: 0.8,
  coverage_right: 0.6,
  idempotency_key: `key-${++keys}-abcdef`,
  ...extra,
});

const assignment = (id: number) =>
  t.db.prepare("SELECT * FROM assignments WHERE id = ?").get(id) as {
    comparison_id: number;
    left_sample_id: number;
    right_sample_id: number;
    status: string;
  };
const annotations = () => t.db.prepare("SELECT * FROM human_judgments ORDER BY id").all() as Record<string, unknown>[];

describe("campaigns", () => {
  it("forms comparisons for each kind and refuses what cannot be formed", async () => {
    const { admin, setId, writer, reference } = await workspace();
    const vs = await admin
      .post("/api/campaigns")
      .send({ name: "vs", set_id: setId, source: { kind: "vs-reference", model_id: writer } })
      .expect(201);
    const campaign = CampaignSchema.parse(vs.body.campaign);
    expect(campaign).toMatchObject({ kind: "vs-reference", comparisons, complete: 0, judgments: 0, annotators: "all", status: "open" });
    // The reference was found (the set's reference model) and stored.
    expect(campaign.source).toEqual({ kind: "vs-reference", model_id: writer, reference_model_id: reference });
    expect(campaign.settings).toMatchObject({ judgments_per_comparison: 3, allow_tie: true, rationale: "optional" });
    // Each comparison: the writer's first sample (index 0) against the reference's output.
    const pairs = t.db
      .prepare(
        "SELECT sa.model_id AS a, sa.sample_index AS ai, sb.model_id AS b FROM comparisons c JOIN samples sa ON sa.id = c.sample_a_id JOIN samples sb ON sb.id = c.sample_b_id WHERE c.campaign_id = ?",
      )
      .all(campaign.id);
    expect(new Set(pairs.map((p) => JSON.stringify(p)))).toEqual(new Set([JSON.stringify({ a: writer, ai: 0, b: reference })]));

    const run = t.ctx.pairRuns.get(w.pairRunId)!;
    const verify = await admin
      .post("/api/campaigns")
      .send({
        name: "verify",
        set_id: setId,
        source: { kind: "verify-pairs", pair_run_id: run.id },
        settings: { judgments_per_comparison: 1 },
      })
      .expect(201);
    expect(verify.body.campaign).toMatchObject({ kind: "verify-pairs", comparisons: run.proposals });
    const custom = await admin
      .post("/api/campaigns")
      .send({
        name: "custom",
        set_id: setId,
        filter: { lang: "en" },
        source: { kind: "custom", model_a_id: reference, model_b_id: writer },
      })
      .expect(201);
    const english = w.set.records.slice(0, comparisons).filter((r) => r.lang === "en").length;
    expect(english).toBeGreaterThan(0);
    expect(english).toBeLessThan(comparisons);
    expect(custom.body.campaign.comparisons).toBe(english);

    const bad: [Record<string, unknown>, RegExp, number][] = [
      [{ name: "x", set_id: 999, source: { kind: "custom", model_a_id: writer, model_b_id: reference } }, /set_id/, 400],
      [{ name: "x", set_id: setId, source: { kind: "custom", model_a_id: writer, model_b_id: writer } }, /model_b_id/, 400],
      [{ name: "x", set_id: setId, source: { kind: "vs-reference", model_id: 999 } }, /model_id/, 400],
      [{ name: "x", set_id: setId, source: { kind: "verify-pairs", pair_run_id: 999 } }, /pair_run_id/, 400],
      [
        {
          name: "x",
          set_id: setId,
          source: { kind: "custom", model_a_id: writer, model_b_id: reference },
          filter: { q: "no such words anywhere" },
        },
        /no comparison/,
        400,
      ],
      [
        { name: "x", set_id: setId, source: { kind: "custom", model_a_id: writer, model_b_id: reference }, annotators: [999] },
        /annotators/,
        400,
      ],
      [
        {
          name: "x",
          set_id: setId,
          source: { kind: "custom", model_a_id: writer, model_b_id: reference },
          settings: { judgments_per_comparison: 0 },
        },
        /judgments_per_comparison/,
        400,
      ],
      [
        { name: "vs", set_id: setId, source: { kind: "custom", model_a_id: writer, model_b_id: reference } },
        /campaign named .{1,2}vs.{1,2} exists/,
        409,
      ],
    ];
    for (const [body, message, status] of bad) {
      const res = await admin.post("/api/campaigns").send(body).expect(status);
      expect(JSON.stringify(res.body)).toMatch(message);
    }
  });
});

describe("assignment", () => {
  it("never shows an annotator a comparison twice, gives the least judged first and stops at k judgments", async () => {
    const { admin, setId, writer } = await workspace();
    const created = await admin
      .post("/api/campaigns")
      .send({ name: "k2", set_id: setId, source: { kind: "vs-reference", model_id: writer }, settings: { judgments_per_comparison: 2 } })
      .expect(201);
    const id = created.body.campaign.id as number;
    const a = await annotator("ann-a");
    const b = await annotator("ann-b");
    const c = await annotator("ann-c");

    // a and b take turns: b's first item is not a's (fewest judgments first).
    const first = (await next(a.agent, id))!;
    const again = (await next(a.agent, id))!;
    expect(again.assignment_id).toBe(first.assignment_id);
    expect([again.left.text, again.right.text]).toEqual([first.left.text, first.right.text]);
    const bFirst = (await next(b.agent, id))!;
    expect(assignment(bFirst.assignment_id).comparison_id).not.toBe(assignment(first.assignment_id).comparison_id);

    const seen = new Map<string, Set<number>>();
    for (const [name, who] of [
      ["a", a],
      ["b", b],
      ["c", c],
    ] as const) {
      seen.set(name, new Set());
      for (let item = await next(who.agent, id); item; item = await next(who.agent, id)) {
        const comparison = assignment(item.assignment_id).comparison_id;
        expect(seen.get(name)!.has(comparison)).toBe(false);
        seen.get(name)!.add(comparison);
        await who.agent.post(`/api/annotate/assignments/${item.assignment_id}/judgment`).send(judgment("left")).expect(201);
      }
    }
    expect(seen.get("a")!.size).toBe(comparisons);
    expect(seen.get("b")!.size).toBe(comparisons);
    // k = 2: the third annotator finds nothing left.
    expect(seen.get("c")!.size).toBe(0);
    const perComparison = t.db
      .prepare(
        "SELECT c.judgments, COUNT(x.id) AS n FROM comparisons c LEFT JOIN human_judgments x ON x.comparison_id = c.id WHERE c.campaign_id = ? GROUP BY c.id",
      )
      .all(id) as { judgments: number; n: number }[];
    expect(perComparison).toHaveLength(comparisons);
    expect(perComparison.every((r) => r.judgments === 2 && r.n === 2)).toBe(true);
    const campaign = (await admin.get(`/api/campaigns/${id}`).expect(200)).body.campaign;
    expect(campaign).toMatchObject({ comparisons, complete: comparisons, judgments: 2 * comparisons });
  });

  it("returns an abandoned item to the queue when its lease ends; its annotator resumes it only if nobody took it", async () => {
    const { admin, setId, writer } = await workspace();
    const created = await admin
      .post("/api/campaigns")
      .send({
        name: "lease",
        set_id: setId,
        source: { kind: "vs-reference", model_id: writer },
        settings: { judgments_per_comparison: 1, lease_minutes: 10 },
      })
      .expect(201);
    const id = created.body.campaign.id as number;
    const a = await annotator("ann-a");
    const b = await annotator("ann-b");
    const held = (await next(a.agent, id))!;
    const comparison = assignment(held.assignment_id).comparison_id;
    // While a holds it (k = 1), b gets the other comparisons.
    const taken: number[] = [];
    for (let i = 0; i < comparisons - 1; i++) {
      const item = (await next(b.agent, id))!;
      taken.push(assignment(item.assignment_id).comparison_id);
      await b.agent.post(`/api/annotate/assignments/${item.assignment_id}/judgment`).send(judgment("right")).expect(201);
    }
    expect(taken).not.toContain(comparison);
    expect(await next(b.agent, id)).toBeNull();

    advance(11 * 60_000);
    const returned = (await next(b.agent, id))!;
    expect(assignment(returned.assignment_id).comparison_id).toBe(comparison);
    await b.agent.post(`/api/annotate/assignments/${returned.assignment_id}/judgment`).send(judgment("tie")).expect(201);
    // a comes back: the item went to b, so a's submission is refused and a has nothing left.
    const late = await a.agent.post(`/api/annotate/assignments/${held.assignment_id}/judgment`).send(judgment("left")).expect(409);
    expect(late.body.message).toMatch(/lease/);
    expect(await next(a.agent, id)).toBeNull();
    expect(annotations()).toHaveLength(comparisons);
  });

  it("lets an annotator finish an item after the lease ran out when nobody took it, and skips for good", async () => {
    const { admin, setId, writer } = await workspace();
    const created = await admin
      .post("/api/campaigns")
      .send({
        name: "late",
        set_id: setId,
        source: { kind: "vs-reference", model_id: writer },
        settings: { judgments_per_comparison: 1, lease_minutes: 1 },
      })
      .expect(201);
    const id = created.body.campaign.id as number;
    const a = await annotator("ann-a");
    const item = (await next(a.agent, id))!;
    advance(5 * 60_000);
    await a.agent.post(`/api/annotate/assignments/${item.assignment_id}/judgment`).send(judgment("left")).expect(201);
    const skipped = (await next(a.agent, id))!;
    await a.agent.post(`/api/annotate/assignments/${skipped.assignment_id}/skip`).expect(200);
    await a.agent.post(`/api/annotate/assignments/${skipped.assignment_id}/skip`).expect(409);
    const seen = new Set<number>();
    for (let i = await next(a.agent, id); i; i = await next(a.agent, id)) {
      seen.add(assignment(i.assignment_id).comparison_id);
      await a.agent.post(`/api/annotate/assignments/${i.assignment_id}/judgment`).send(judgment("left")).expect(201);
    }
    // All but the one judged late and the one skipped.
    expect(seen.size).toBe(comparisons - 2);
    expect(seen.has(assignment(skipped.assignment_id).comparison_id)).toBe(false);
  });
});

describe("judgments", () => {
  it("stores the winner as a sample id with the order shown; a retried submission makes one judgment", async () => {
    const { admin, setId, writer } = await workspace();
    const created = await admin
      .post("/api/campaigns")
      .send({ name: "idem", set_id: setId, source: { kind: "vs-reference", model_id: writer } })
      .expect(201);
    const id = created.body.campaign.id as number;
    const a = await annotator("ann-a");
    const item = (await next(a.agent, id))!;
    const body = judgment("right", { rationale: "Covers more." });
    const first = await a.agent.post(`/api/annotate/assignments/${item.assignment_id}/judgment`).send(body).expect(201);
    const retry = await a.agent
      .post(`/api/annotate/assignments/${item.assignment_id}/judgment`)
      .send({ ...body, verdict: "left" })
      .expect(200);
    expect(retry.body.judgment).toMatchObject({ id: first.body.judgment.id, verdict: "right", judged_by_you: 1 });
    expect(annotations()).toHaveLength(1);
    const shown = assignment(item.assignment_id);
    const stored = annotations()[0]!;
    expect(stored).toMatchObject({
      winner_sample_id: shown.right_sample_id,
      left_sample_id: shown.left_sample_id,
      right_sample_id: shown.right_sample_id,
      verdict: "win",
      rationale: "Covers more.",
      time_ms: 12_000,
      coverage_left: 0.8,
      coverage_right: 0.6,
    });
    const rightText = (t.db.prepare("SELECT text FROM samples WHERE id = ?").get(shown.right_sample_id) as { text: string }).text;
    expect(item.right.text).toBe(rightText);
    // Another key on a judged item: refused, still one judgment.
    await a.agent.post(`/api/annotate/assignments/${item.assignment_id}/judgment`).send(judgment("left")).expect(409);
    // A key reused on another item: refused.
    const other = (await next(a.agent, id))!;
    await a.agent.post(`/api/annotate/assignments/${other.assignment_id}/judgment`).send(body).expect(409);
    expect(annotations()).toHaveLength(1);
  });

  it("enforces the campaign's verdicts, margin and rationale rules", async () => {
    const { admin, setId, writer } = await workspace();
    const settings = { allow_tie: false, allow_both_bad: false, rationale: "required", ask_margin: true };
    const created = await admin
      .post("/api/campaigns")
      .send({ name: "strict", set_id: setId, source: { kind: "vs-reference", model_id: writer }, settings })
      .expect(201);
    const a = await annotator("ann-a");
    const item = (await next(a.agent, created.body.campaign.id))!;
    const url = `/api/annotate/assignments/${item.assignment_id}/judgment`;
    expect(
      (
        await a.agent
          .post(url)
          .send(judgment("tie", { rationale: "x" }))
          .expect(400)
      ).body.message,
    ).toMatch(/tie/);
    expect(
      (
        await a.agent
          .post(url)
          .send(judgment("both-bad", { rationale: "x" }))
          .expect(400)
      ).body.message,
    ).toMatch(/both bad/);
    expect((await a.agent.post(url).send(judgment("left")).expect(400)).body.message).toMatch(/rationale/);
    expect(
      JSON.stringify(
        (
          await a.agent
            .post(url)
            .send(judgment("middle", { rationale: "x" }))
            .expect(400)
        ).body,
      ),
    ).toMatch(/verdict/);
    await a.agent
      .post(url)
      .send(judgment("left", { rationale: "Better structure.", margin: "much" }))
      .expect(201);
    expect(annotations()[0]).toMatchObject({ margin: "much" });
  });

  it("undoes the last judgment within five minutes: the item comes back with the same sides", async () => {
    const { admin, setId, writer } = await workspace();
    const created = await admin
      .post("/api/campaigns")
      .send({ name: "undo", set_id: setId, source: { kind: "vs-reference", model_id: writer }, settings: { judgments_per_comparison: 1 } })
      .expect(201);
    const id = created.body.campaign.id as number;
    const a = await annotator("ann-a");
    const b = await annotator("ann-b");
    const one = (await next(a.agent, id))!;
    const j1 = (await a.agent.post(`/api/annotate/assignments/${one.assignment_id}/judgment`).send(judgment("left")).expect(201)).body
      .judgment;
    const two = (await next(a.agent, id))!;
    const j2 = (await a.agent.post(`/api/annotate/assignments/${two.assignment_id}/judgment`).send(judgment("right")).expect(201)).body
      .judgment;
    expect(Date.parse(j2.undo_until) - clock).toBe(5 * 60_000);
    // a has moved on to a third item when undoing: the undone one is still the one shown next.
    const three = (await next(a.agent, id))!;
    advance(1000);
    await a.agent.post(`/api/annotate/judgments/${j1.id}/undo`).expect(409);
    await b.agent.post(`/api/annotate/judgments/${j2.id}/undo`).expect(404);
    expect((await a.agent.post(`/api/annotate/judgments/${j2.id}/undo`).expect(200)).body).toEqual({
      ok: true,
      assignment_id: two.assignment_id,
    });
    expect(annotations()).toHaveLength(1);
    const back = (await next(a.agent, id))!;
    expect(back.assignment_id).toBe(two.assignment_id);
    // The counter follows the undo: one judgment left.
    expect(back.judged_by_you).toBe(1);
    expect([back.left.text, back.right.text]).toEqual([two.left.text, two.right.text]);
    expect(three.assignment_id).not.toBe(two.assignment_id);
    // Nobody else gets it meanwhile (k = 1, it is still a's).
    for (let i = await next(b.agent, id); i; i = await next(b.agent, id)) {
      expect(assignment(i.assignment_id).comparison_id).not.toBe(assignment(two.assignment_id).comparison_id);
      await b.agent.post(`/api/annotate/assignments/${i.assignment_id}/judgment`).send(judgment("left")).expect(201);
    }
    const j3 = (await a.agent.post(`/api/annotate/assignments/${two.assignment_id}/judgment`).send(judgment("left")).expect(201)).body
      .judgment;
    advance(5 * 60_000 + 1);
    expect((await a.agent.post(`/api/annotate/judgments/${j3.id}/undo`).expect(409)).body.message).toMatch(/time/);
  });

  it("lets a verify-pairs majority confirm or overturn the proposal, and an undo restore it", async () => {
    const { admin, setId } = await workspace();
    const run = t.ctx.pairRuns.get(w.pairRunId)!;
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
    const a = await annotator("ann-a");
    const statusOf = (assignmentId: number) =>
      (
        t.db
          .prepare(
            "SELECT p.status FROM assignments a JOIN comparisons c ON c.id = a.comparison_id JOIN pair_proposals p ON p.id = c.proposal_id WHERE a.id = ?",
          )
          .get(assignmentId) as { status: string }
      ).status;
    const chosenOf = (assignmentId: number) =>
      (
        t.db
          .prepare("SELECT c.sample_a_id AS id FROM assignments a JOIN comparisons c ON c.id = a.comparison_id WHERE a.id = ?")
          .get(assignmentId) as { id: number }
      ).id;
    const one = (await next(a.agent, id))!;
    const chosenSide = assignment(one.assignment_id).left_sample_id === chosenOf(one.assignment_id) ? "left" : "right";
    const j = (await a.agent.post(`/api/annotate/assignments/${one.assignment_id}/judgment`).send(judgment(chosenSide)).expect(201)).body
      .judgment;
    expect(statusOf(one.assignment_id)).toBe("confirmed");
    await a.agent.post(`/api/annotate/judgments/${j.id}/undo`).expect(200);
    expect(statusOf(one.assignment_id)).toBe("proposed");
    await a.agent
      .post(`/api/annotate/assignments/${one.assignment_id}/judgment`)
      .send(judgment(chosenSide === "left" ? "right" : "left"))
      .expect(201);
    expect(statusOf(one.assignment_id)).toBe("overturned");
    const two = (await next(a.agent, id))!;
    await a.agent.post(`/api/annotate/assignments/${two.assignment_id}/judgment`).send(judgment("tie")).expect(201);
    expect(statusOf(two.assignment_id)).toBe("proposed");
  });
});

describe("access", () => {
  it("shows annotators only their campaigns, no model names or sample ids, and nobody else's items", async () => {
    const { admin, setId, writer } = await workspace();
    const a = await annotator("ann-a");
    const b = await annotator("ann-b");
    const r = await annotator("res-r", "researcher");
    const listed = await admin
      .post("/api/campaigns")
      .send({ name: "listed", set_id: setId, source: { kind: "vs-reference", model_id: writer }, annotators: [a.user.id, r.user.id] })
      .expect(201);
    const everyone = await admin
      .post("/api/campaigns")
      .send({ name: "everyone", set_id: setId, source: { kind: "vs-reference", model_id: writer } })
      .expect(201);
    const listedId = listed.body.campaign.id as number;

    // The workspace's own campaign (open to all) aside.
    // Annotators see titles, never names (docs/decisions/021-blind-campaign-titles.md).
    const titles = { [`Campaign ${listed.body.campaign.id}`]: "listed", [`Campaign ${everyone.body.campaign.id}`]: "everyone" };
    const names = async (agent: Agent) =>
      ((await agent.get("/api/annotate/campaigns").expect(200)).body.campaigns as { title: string; name?: string }[])
        .map((c) => {
          expect(c.name).toBeUndefined();
          return titles[c.title];
        })
        .filter((n) => n !== undefined)
        .sort();
    expect(await names(a.agent)).toEqual(["everyone", "listed"]);
    expect(await names(b.agent)).toEqual(["everyone"]);
    // "all" is every signed-in user: researchers judge too.
    expect(await names(r.agent)).toEqual(["everyone", "listed"]);
    await b.agent.post(`/api/annotate/campaigns/${listedId}/next`).expect(404);
    await b.agent.post("/api/annotate/campaigns/999999/next").expect(404);

    const res = await a.agent.post(`/api/annotate/campaigns/${listedId}/next`).expect(200);
    const raw = JSON.stringify(res.body);
    expect(raw).not.toMatch(new RegExp(`${w.models.writer.name}|${w.models.reference.name}|sample_id|model`));
    const item = AnnotationItemSchema.parse(res.body.item);
    expect(item.left.length_score).toBeNull();
    await b.agent.post(`/api/annotate/assignments/${item.assignment_id}/judgment`).send(judgment("left")).expect(404);
    await b.agent.post(`/api/annotate/assignments/${item.assignment_id}/skip`).expect(404);
    const mine = (await a.agent.post(`/api/annotate/assignments/${item.assignment_id}/judgment`).send(judgment("left")).expect(201)).body
      .judgment;
    await b.agent.post(`/api/annotate/judgments/${mine.id}/undo`).expect(404);

    for (const path of [
      "/api/campaigns",
      `/api/campaigns/${listedId}`,
      `/api/campaigns/${listedId}/dashboard`,
      `/api/campaigns/${listedId}/judgments`,
    ]) {
      await a.agent.get(path).expect(403);
    }
    await request(t.app).post(`/api/annotate/campaigns/${listedId}/next`).expect(401);

    // Closed: gone for annotators.
    await admin.patch(`/api/campaigns/${everyone.body.campaign.id}`).send({ status: "closed" }).expect(200);
    expect(await names(b.agent)).toEqual([]);
    await b.agent.post(`/api/annotate/campaigns/${everyone.body.campaign.id}/next`).expect(404);

    // Shown scores only when the campaign says so.
    const scored = await admin
      .post("/api/campaigns")
      .send({
        name: "scored",
        set_id: setId,
        source: { kind: "vs-reference", model_id: writer },
        settings: { show_scores: true, show_word_counts: false },
      })
      .expect(201);
    const scoredItem = (await next(a.agent, scored.body.campaign.id))!;
    expect(scoredItem.left.length_score).not.toBeNull();
    expect(scoredItem.left.word_count).toBeNull();
  });
});

describe("dashboard", () => {
  it("counts per annotator and tallies wins of model A against B from the stored winners", async () => {
    const { admin, setId, writer } = await workspace();
    const created = await admin
      .post("/api/campaigns")
      .send({ name: "dash", set_id: setId, source: { kind: "vs-reference", model_id: writer }, settings: { judgments_per_comparison: 1 } })
      .expect(201);
    const id = created.body.campaign.id as number;
    const a = await annotator("ann-a");
    const verdicts = ["left", "right", "tie", "both-bad", "left", "left"];
    for (const [i, verdict] of verdicts.entries()) {
      const item = (await next(a.agent, id))!;
      await a.agent
        .post(`/api/annotate/assignments/${item.assignment_id}/judgment`)
        .send(judgment(verdict, { time_ms: 1000 * (i + 1), coverage_left: 1, coverage_right: 0.1 * (i + 1) }))
        .expect(201);
    }
    const skipped = (await next(a.agent, id))!;
    await a.agent.post(`/api/annotate/assignments/${skipped.assignment_id}/skip`).expect(200);
    await next(a.agent, id);

    const dashboard = CampaignDashboardSchema.parse((await admin.get(`/api/campaigns/${id}/dashboard`).expect(200)).body);
    const rows = t.db
      .prepare("SELECT x.winner_sample_id, x.verdict, c.sample_a_id FROM human_judgments x JOIN comparisons c ON c.id = x.comparison_id")
      .all() as { winner_sample_id: number | null; verdict: string; sample_a_id: number }[];
    const aWins = rows.filter((r) => r.verdict === "win" && r.winner_sample_id === r.sample_a_id).length;
    expect(dashboard.tally).toEqual({
      a: w.models.writer.name,
      b: w.models.reference.name,
      a_wins: aWins,
      b_wins: 4 - aWins,
      ties: 1,
      both_bad: 1,
    });
    expect(dashboard.in_progress).toBe(1);
    expect(dashboard.annotators).toEqual([
      {
        username: "ann-a",
        judgments: 6,
        decided: 4,
        skipped: 1,
        median_time_ms: 3500,
        median_coverage: expect.closeTo(0.35, 12),
        tie_rate: 1 / 6,
        left_rate: 3 / 4,
        user_id: expect.any(Number),
        gold: { judgments: 0, correct: 0, accuracy: null, ci_low: null, ci_high: null },
        standing: null,
      },
    ]);
    const page = (await admin.get(`/api/campaigns/${id}/judgments?page_size=4`).expect(200)).body;
    expect(page).toMatchObject({ total: 6, page: 1, page_size: 4 });
    expect(page.items[0]).toMatchObject({ annotator: "ann-a", outcome: "win", time_ms: 1000 });
    expect([page.items[0].left_model, page.items[0].right_model].sort()).toEqual([w.models.reference.name, w.models.writer.name].sort());
  });
});
