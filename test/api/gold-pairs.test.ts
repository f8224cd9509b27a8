import type request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { breaksRule, goldRule, wilson } from "../../server/campaigns/gold-accuracy";
import { cutOff, dropped, looped } from "../../server/campaigns/gold-degrade";
import { judgmentIndex } from "../../server/export/judgment-index";
import { battlesOfCampaigns } from "../../server/stats/battles-from-db";
import { createOutputs, createSet, outputText } from "../helpers/factories";
import { testApp, type TestApp } from "../helpers/test-app";
import { simulateGold } from "../bench/gold-sim";

// Gold pairs (docs/decisions/039-gold-pairs.md): built from the campaign's data, mixed in by the real queue,
// looking like any item to annotators, left out of every statistic, and annotators' accuracy and standing.
let t: TestApp;
afterEach(() => t?.close());

type Agent = ReturnType<typeof request.agent>;

/** Four paragraphs of varied words: room for every kind of degradation. */
const fourParagraphs = (seed: string, lang: "en" | "zh" = "en") =>
  [0, 1, 2, 3].map((p) => outputText(`${seed}/${p}`, 40, lang).split("\n\n")[0]).join("\n\n");

/**
 * 20 instructions with a writer and a reference (sound outputs), and on the first three a "broken" model whose
 * outputs are cut off, repetitive and in Chinese; a vs-reference campaign at gold rate 0.3, k = 1.
 */
async function world(settings: Record<string, unknown> = {}) {
  t = testApp();
  const admin = await t.user("admin", "admin");
  const set = createSet(t.ctx, { name: "gold set", instructions: 20, createdBy: admin.id });
  createOutputs(
    t.ctx,
    set,
    [
      { name: "writer", samples: 1, text: (i) => fourParagraphs(`w${i}`, set.records[i]!.lang) },
      { name: "reference", samples: 1, reference: true, text: (i) => fourParagraphs(`r${i}`, set.records[i]!.lang) },
    ],
    { createdBy: admin.id },
  );
  const broken = (i: number) =>
    [
      `${fourParagraphs(`b${i}`)} and then the story stopped in the middle of`,
      Array.from({ length: 30 }, () => "the same words again and again.").join(" "),
      fourParagraphs("an answer in the other language", set.records[2]!.lang === "zh" ? "en" : "zh"),
    ][i];
  createOutputs(t.ctx, set, [{ name: "broken", samples: 1, text: broken }], { instructions: 3, createdBy: admin.id });
  const researcher = await t.agentAs("researcher");
  const jobsBefore = (await researcher.get("/api/sampling-jobs/").expect(200)).body.total as number;
  const writer = t.ctx.models.findByName("writer")!.id;
  const created = await researcher
    .post("/api/campaigns/")
    .send({
      name: "gold study",
      set_id: set.id,
      source: { kind: "vs-reference", model_id: writer },
      settings: { judgments_per_comparison: 1, gold_rate: 0.3, ...settings },
    })
    .expect(201);
  return { admin, set, researcher, campaign: created.body.campaign.id as number, jobsBefore };
}

interface GoldRow {
  id: number;
  sample_a_id: number;
  sample_b_id: number;
  gold_answer: "a" | "b";
  gold_kind: string;
}
const goldRows = (campaign: number) =>
  t.db
    .prepare(
      "SELECT id, sample_a_id, sample_b_id, gold_answer, gold_kind FROM comparisons WHERE campaign_id = ? AND gold_answer IS NOT NULL",
    )
    .all(campaign) as GoldRow[];
const textOf = (id: number) => (t.db.prepare("SELECT text FROM samples WHERE id = ?").get(id) as { text: string }).text;
const assignmentOf = (id: number) =>
  t.db
    .prepare(
      `SELECT a.left_sample_id, c.gold_answer, c.sample_a_id, c.sample_b_id FROM assignments a JOIN comparisons c ON c.id = a.comparison_id WHERE a.id = ?`,
    )
    .get(id) as { left_sample_id: number; gold_answer: "a" | "b" | null; sample_a_id: number; sample_b_id: number };

/** The verdict naming the gold pair's sound side (or the opposite when `right` is false). */
function goldVerdict(assignmentId: number, right: boolean): "left" | "right" {
  const a = assignmentOf(assignmentId);
  const sound = a.gold_answer === "a" ? a.sample_a_id : a.sample_b_id;
  return (a.left_sample_id === sound) === right ? "left" : "right";
}

/** Every key path with the kind of its value: what two answers must share to look alike. */
function shape(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return [`${path}:array`, ...value.flatMap((v) => shape(v, `${path}[]`))];
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => shape(v, `${path}.${k}`));
  return [`${path}:${value === null ? "null" : typeof value}`];
}

/** The annotator takes and judges items until none is left, answering gold ones as `onGold` says. */
async function annotate(agent: Agent, campaign: number, onGold: (i: number) => "right" | "wrong" | "tie", onReal = "left") {
  const items: { gold: boolean; json: unknown }[] = [];
  for (let i = 0; ; i++) {
    const item = (await agent.post(`/api/annotate/campaigns/${campaign}/next`).expect(200)).body.item;
    if (!item) return items;
    const gold = assignmentOf(item.assignment_id).gold_answer !== null;
    const answer = gold ? onGold(items.filter((x) => x.gold).length) : null;
    const verdict = answer === null ? onReal : answer === "tie" ? "tie" : goldVerdict(item.assignment_id, answer === "right");
    items.push({ gold, json: item });
    await agent
      .post(`/api/annotate/assignments/${item.assignment_id}/judgment`)
      .send({ verdict, time_ms: 4000, coverage_left: 1, coverage_right: 1, idempotency_key: `gold-test-${i}-xyz` })
      .expect(201);
  }
}

describe("gold pairs built from the data", () => {
  it("degrades deterministically: cut off, a paragraph looped, a section dropped", () => {
    const text = fourParagraphs("det");
    const paragraphs = text.split("\n\n");
    const seeded = () => {
      let s = 7;
      return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
    };
    const cut = cutOff(text, seeded());
    expect(cut).toBe(cutOff(text, seeded()));
    expect(text.startsWith(cut)).toBe(true);
    expect(cut.length).toBeLessThan(text.length * 0.7);
    expect(cut).not.toMatch(/[.!?]$/);
    const loop = looped(text, seeded()).split("\n\n");
    expect(loop).toHaveLength(7);
    expect(Math.max(...paragraphs.map((p) => loop.filter((x) => x === p).length))).toBe(4);
    const drop = dropped(text, seeded())!.split("\n\n");
    expect(drop).toHaveLength(3);
    expect(drop[0]).toBe(paragraphs[0]);
    expect(drop.at(-1)).toBe(paragraphs.at(-1));
    expect(dropped("one\n\ntwo", seeded())).toBeNull();
  });

  it("builds flagged-sample pairs and each degradation kind, its copies hidden from every list", async () => {
    const w = await world();
    const gold = goldRows(w.campaign);
    // 20 real comparisons at rate 0.3: max(ceil(20 × 0.3 / 0.7), the first block's 10) = 10 gold pairs.
    expect(gold).toHaveLength(10);
    const kinds = gold.map((g) => g.gold_kind).sort();
    expect(new Set(kinds)).toEqual(new Set(["truncation", "repetition", "languageMismatch", "cut-off", "looped", "dropped"]));
    const brokenModel = t.ctx.models.findByName("broken")!.id;
    for (const g of gold) {
      const right = g.gold_answer === "a" ? g.sample_a_id : g.sample_b_id;
      const wrong = g.gold_answer === "a" ? g.sample_b_id : g.sample_a_id;
      const sound = textOf(right);
      const bad = textOf(wrong);
      const badModel = (t.db.prepare("SELECT model_id FROM samples WHERE id = ?").get(wrong) as { model_id: number }).model_id;
      if (g.gold_kind === "cut-off") expect(sound.startsWith(bad) && bad.length < sound.length).toBe(true);
      else if (g.gold_kind === "looped") expect(bad.split("\n\n").length).toBe(sound.split("\n\n").length + 3);
      else if (g.gold_kind === "dropped") expect(bad.split("\n\n").every((p) => sound.includes(p))).toBe(true);
      else expect(badModel).toBe(brokenModel);
    }
    // The copies: under a gold job no list shows, and no sample route or instruction page reads them.
    const copies = t.db
      .prepare("SELECT s.id, s.instruction_id FROM samples s JOIN sampling_jobs j ON j.id = s.job_id WHERE j.gold = 1")
      .all() as { id: number; instruction_id: number }[];
    expect(copies).toHaveLength(7);
    expect((await w.researcher.get("/api/sampling-jobs/").expect(200)).body.total).toBe(w.jobsBefore);
    for (const c of copies) {
      await w.researcher.get(`/api/samples/${c.id}`).expect(404);
      const listed = (await w.researcher.get(`/api/instructions/${c.instruction_id}/samples`).expect(200)).text;
      expect(listed).not.toContain(textOf(c.id));
    }
    const campaign = (await w.researcher.get(`/api/campaigns/${w.campaign}`).expect(200)).body.campaign;
    expect(campaign.comparisons).toBe(20);
    // A second campaign reads the same set without the copies.
    expect(t.ctx.samples.modelsWithOutputs(w.set.id).map((m) => m.instructions)).toEqual([20, 20, 3]);
  });

  it("refuses gold in a verify-pairs campaign that shows scores (a gold pair has none)", async () => {
    const w = await world();
    const res = await w.researcher
      .post("/api/campaigns/")
      .send({
        name: "x",
        set_id: w.set.id,
        source: { kind: "verify-pairs", pair_run_id: 1 },
        settings: { gold_rate: 0.1, show_scores: true },
      })
      .expect(400);
    expect(res.text).toContain("gold_rate");
  });
});

describe("gold pairs in the queue", () => {
  it("mixes about gold_rate in, and nothing an annotator receives tells gold items apart", async () => {
    const w = await world({ show_word_counts: true });
    const ann = await t.agentAs("annotator", "ann");
    const before = (await ann.get("/api/annotate/campaigns").expect(200)).body.campaigns[0];
    const items = await annotate(ann, w.campaign, () => "right");
    const gold = items.filter((i) => i.gold);
    // The first 20 items hold 20 × min(0.5, 2 × 0.3) = 10 gold ones, all there are here; then the 20 real ones.
    expect(items.slice(0, 20).filter((i) => i.gold)).toHaveLength(10);
    expect(items.filter((i) => !i.gold)).toHaveLength(20);
    expect(gold).toHaveLength(10);
    // Same keys, same kinds of values, item for item.
    const shapes = new Set(items.map((i) => JSON.stringify(shape(i.json))));
    expect(shapes.size).toBe(1);
    // The campaign list counts gold items among those remaining, so judging one counts down like any other.
    expect(before.remaining).toBe(20 + 10);
    const after = (await ann.get("/api/annotate/campaigns").expect(200)).body.campaigns[0];
    expect(after.judged_by_you).toBe(items.length);
    expect(after.remaining).toBe(20 + 10 - items.length);
    // Their history: every judgment, gold or not, in one shape.
    const history = (await ann.get(`/api/annotate/campaigns/${w.campaign}/history?page_size=100`).expect(200)).body;
    expect(history.total).toBe(items.length);
    expect(new Set(history.items.map((h: unknown) => JSON.stringify(shape(h)))).size).toBe(1);
    const detail = await Promise.all(
      history.items.map(async (h: { id: number }) => (await ann.get(`/api/annotate/judgments/${h.id}`).expect(200)).body),
    );
    expect(new Set(detail.map((d) => JSON.stringify(shape(d)))).size).toBe(1);
    expect(JSON.stringify(detail)).not.toMatch(/gold_answer|gold_kind|degrad|cut-off|looped|dropped/i);
    // Nor that gold items exist at all: the settings annotators see say how to judge, not how items are chosen.
    for (const told of [before.settings, after.settings, history.campaign?.settings ?? {}]) {
      expect(Object.keys(told)).not.toEqual(expect.arrayContaining(["gold_rate"]));
      expect(told).not.toHaveProperty("assignment");
    }
  });

  it("leaves gold judgments out of win rates, exports, agreement and the tally", async () => {
    const w = await world();
    const ann = await t.agentAs("annotator", "ann");
    const items = await annotate(ann, w.campaign, () => "right");
    const real = items.filter((i) => !i.gold).length;
    expect(items.length).toBeGreaterThan(real);
    expect(battlesOfCampaigns(t.ctx, [w.campaign])).toHaveLength(real);
    expect(judgmentIndex(t.db, [w.campaign]).records).toHaveLength(real);
    const reliability = (await w.researcher.get(`/api/campaigns/${w.campaign}/annotator-reliability`).expect(200)).body;
    expect(reliability.judgments).toBe(real);
    const exported = await w.researcher.get(`/api/exports/?from=battles&campaign=${w.campaign}`).expect(200);
    expect(exported.text.trim().split("\n")).toHaveLength(real);
    const pairs = await w.researcher.get(`/api/exports/?from=judgments&campaign=${w.campaign}`).expect(200);
    expect(pairs.text).not.toContain("stopped in the middle of");
    const dashboard = (await w.researcher.get(`/api/campaigns/${w.campaign}/dashboard`).expect(200)).body;
    const { a_wins, b_wins, ties, both_bad } = dashboard.tally;
    expect(a_wins + b_wins + ties + both_bad).toBe(real);
    expect(dashboard.campaign.judgments).toBe(real);
    expect(dashboard.gold).toMatchObject({ rate: 0.3, comparisons: 10, judgments: items.length - real });
    // The researchers' list of judgments keeps every judgment, gold ones marked as such.
    const list = (await w.researcher.get(`/api/campaigns/${w.campaign}/judgments?page_size=500`).expect(200)).body;
    expect(list.total).toBe(items.length);
    expect(list.items.filter((j: { gold: boolean }) => j.gold)).toHaveLength(items.length - real);
  });
});

describe("annotator accuracy on gold pairs and their standing", () => {
  it("computes the Wilson interval as by hand", () => {
    // 4 right of 6: p = 2/3, z = 1.959964; centre (p + z²/12) / (1 + z²/6), half z·√(p(1−p)/6 + z²/144) / (1 + z²/6).
    const { low, high } = wilson(4, 6);
    expect(low).toBeCloseTo(0.29999, 4);
    expect(high).toBeCloseTo(0.90324, 4);
    expect(wilson(0, 0)).toEqual({ low: null, high: null });
    expect(wilson(10, 10).high).toBeCloseTo(1, 12);
    // The rule: 2 right of 6 flags (upper 0.700 < 0.8), 3 of 6 does not (0.812); nothing before 4 answers.
    const at = (k: number, n: number) => ({
      judgments: n,
      correct: k,
      accuracy: k / n,
      ci_low: wilson(k, n).low,
      ci_high: wilson(k, n).high,
    });
    expect(breaksRule(at(2, 6))).toBe(true);
    expect(breaksRule(at(3, 6))).toBe(false);
    expect(breaksRule(at(0, goldRule.minGold - 1))).toBe(false);
    expect(breaksRule(at(1, 4))).toBe(true);
  });

  it("shows accuracy on the dashboard (a tie on gold is wrong), flags automatically, excludes and clears with a log", async () => {
    const w = await world({ judgments_per_comparison: 2 });
    const careful = await t.agentAs("annotator", "careful");
    const careless = await t.agentAs("annotator", "careless");
    // Careful: every gold answer right but one tie. Careless: every gold answer wrong.
    await annotate(careful, w.campaign, (i) => (i === 1 ? "tie" : "right"));
    const wrongItems = await annotate(careless, w.campaign, () => "wrong");
    const ids = { careful: t.ctx.users.findByName("careful")!.id, careless: t.ctx.users.findByName("careless")!.id };
    let dashboard = (await w.researcher.get(`/api/campaigns/${w.campaign}/dashboard`).expect(200)).body;
    const row = (name: string) => dashboard.annotators.find((a: { username: string }) => a.username === name);
    const n = row("careful").gold.judgments;
    expect(row("careful").gold).toEqual({
      judgments: n,
      correct: n - 1,
      accuracy: (n - 1) / n,
      ci_low: expect.closeTo(wilson(n - 1, n).low!, 10),
      ci_high: expect.closeTo(wilson(n - 1, n).high!, 10),
    });
    expect(row("careful").standing).toBeNull();
    expect(row("careless").gold.correct).toBe(0);
    expect(row("careless").standing).toBe("flagged");
    // Flagged at the 4th gold answer (0 of 4: upper bound 0.49 < 0.8), logged by nobody with the figures.
    let log = (await w.researcher.get(`/api/campaigns/${w.campaign}/standing-log`).expect(200)).body;
    expect(log.items).toEqual([
      {
        id: expect.any(Number),
        user_id: ids.careless,
        username: "careless",
        action: "flag",
        by: null,
        reason: expect.stringMatching(/^gold accuracy 0\/4, 95% interval upper bound 0\.490 < 0\.8$/),
        at: expect.any(String),
      },
    ]);
    expect(wrongItems.filter((i) => i.gold).length).toBeGreaterThanOrEqual(4);

    // Flagged still counts; excluded leaves every statistic.
    const all = battlesOfCampaigns(t.ctx, [w.campaign]).length;
    const theirs = battlesOfCampaigns(t.ctx, [w.campaign]).filter((b) => b.annotator === "careless").length;
    expect(theirs).toBeGreaterThan(0);
    const exclude = { user_id: ids.careless, action: "exclude", reason: "random answers on gold pairs" };
    expect((await w.researcher.post(`/api/campaigns/${w.campaign}/standing`).send(exclude).expect(200)).body).toEqual({
      user_id: ids.careless,
      standing: "excluded",
    });
    await w.researcher.post(`/api/campaigns/${w.campaign}/standing`).send(exclude).expect(409);
    expect(battlesOfCampaigns(t.ctx, [w.campaign])).toHaveLength(all - theirs);
    expect(judgmentIndex(t.db, [w.campaign]).records).toHaveLength(all - theirs);
    dashboard = (await w.researcher.get(`/api/campaigns/${w.campaign}/dashboard`).expect(200)).body;
    const tally = dashboard.tally;
    expect(tally.a_wins + tally.b_wins + tally.ties + tally.both_bad).toBe(all - theirs);
    expect(row("careless").standing).toBe("excluded");

    // Reversible: cleared, they count again; the log keeps who, when and why, newest first.
    await w.researcher
      .post(`/api/campaigns/${w.campaign}/standing`)
      .send({ user_id: ids.careless, action: "clear", reason: "talked it through" })
      .expect(200);
    expect(battlesOfCampaigns(t.ctx, [w.campaign])).toHaveLength(all);
    log = (await w.researcher.get(`/api/campaigns/${w.campaign}/standing-log`).expect(200)).body;
    expect(log.total).toBe(3);
    expect(log.items.map((e: { action: string; by: string | null; reason: string }) => [e.action, e.by, e.reason])).toEqual([
      ["clear", "researcher", "talked it through"],
      ["exclude", "researcher", "random answers on gold pairs"],
      ["flag", null, expect.any(String)],
    ]);

    // Researchers only: annotators get 403 on both routes and change nothing.
    await careful.post(`/api/campaigns/${w.campaign}/standing`).send(exclude).expect(403);
    await careful.get(`/api/campaigns/${w.campaign}/standing-log`).expect(403);
    await w.researcher
      .post(`/api/campaigns/${w.campaign}/standing`)
      .send({ ...exclude, user_id: 99_999 })
      .expect(400);
    await w.researcher.post("/api/campaigns/99999/standing").send(exclude).expect(404);
    expect((await w.researcher.get(`/api/campaigns/${w.campaign}/standing-log`).expect(200)).body.total).toBe(3);
  });
});

describe("careless annotators caught early (the bench's figure at a smaller size)", () => {
  it("flags every careless annotator within 20 judgments and no careful one", async () => {
    t = testApp();
    const figures = await simulateGold(t.ctx, { careless: 4, careful: 6, instructions: 40, seed: 3 });
    expect(figures.carelessFlaggedWithin20).toBe(4);
    expect(figures.carefulFlagged).toBe(0);
  });
});
