import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PairProposal, PairRun, ScoredSample } from "../../shared/schemas/pairs";
import { InstructionReviewSchema, PairRunSchema, ProposalPageSchema } from "../../shared/schemas/pairs";
import type { QualityScores } from "../../shared/scoring/judge-answer";
import { qualityDimensions } from "../../shared/scoring/judge-answer";
import { importInstructionSet } from "../../server/instructions/import-set";
import { seedJudgeModel, seedJudgeScores } from "../helpers/judging";
import { seedModel } from "../helpers/sampling";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeEach(() => {
  t = testApp();
});
afterEach(() => t.close());

/** One sample: its word count, its judge's points (0–24, S_q = points × 25 / 6), "failed", or null (not judged); its flags. */
type SampleSpec = [words: number, quality: number | "failed" | null, flags?: string[]];
/** external id → model name → samples. Instructions whose id starts with "q" state no length; the others ask for 100 words. */
type WorldSpec = Record<string, Record<string, SampleSpec[]>>;

/** Six judge scores summing to `points` above the minimum (Hermite: Σ⌊(p + i)/6⌋ = p). */
const quality = (points: number): QualityScores =>
  Object.fromEntries(qualityDimensions.map((d, i) => [d, 1 + Math.floor((points + i) / 6)])) as QualityScores;

/**
 * A set, its models and finished samples, and one judge whose judgments are settled without an endpoint.
 * Sample ids are named `${externalId}/${model}/${index}`.
 */
async function world(spec: WorldSpec, setName = "set") {
  const ctx = t.ctx;
  const externalIds = Object.keys(spec);
  const content = externalIds
    .map((id) =>
      JSON.stringify(
        id.startsWith("q") ? { id, prompt: `Write an essay about ${id}.` } : { id, prompt: `Write an essay about ${id}.`, length: 100 },
      ),
    )
    .join("\n");
  const outcome = importInstructionSet(ctx, { name: setName, format: "jsonl", content }, null);
  if (outcome.dryRun) throw new Error("unexpected dry run");
  const setId = outcome.setId;
  const instructions: Record<string, number> = {};
  for (const id of ctx.instructions.ids({ set: setId })) instructions[ctx.instructions.get(id)!.external_id] = id;

  const models: Record<string, number> = {};
  const modelNames = [...new Set(Object.values(spec).flatMap((byModel) => Object.keys(byModel)))];
  for (const name of modelNames) models[name] = ctx.models.findByName(name)?.id ?? seedModel(ctx, [], { name }).id;
  const jobs = Object.fromEntries(
    modelNames.map((name) => [
      name,
      ctx.samplingJobs.create(
        {
          set_id: setId,
          model_id: models[name]!,
          n: 10,
          strategy: "import",
          filter: {},
          params: { temperature: 0.5, top_p: null, max_tokens: 1000 },
          templates: null,
          status: "done",
          created_by: null,
        },
        new Date(),
      ),
    ]),
  );
  const ids: Record<string, number> = {};
  const qualityOf = new Map<number, number | "failed">();
  const insert = (judged: boolean) => {
    for (const [externalId, byModel] of Object.entries(spec)) {
      for (const [name, samples] of Object.entries(byModel)) {
        samples.forEach(([words, q, flags = []], index) => {
          if ((q !== null) !== judged) return;
          const row = { job_id: jobs[name]!, instruction_id: instructions[externalId]!, model_id: models[name]!, sample_index: index };
          ctx.samples.insertFinished(
            [{ ...row, source: "imported", text: `text ${externalId} ${name} ${index}`, word_count: words, finish_reason: "stop", flags }],
            new Date(),
          );
          const { id } = ctx.db
            .prepare("SELECT id FROM samples WHERE job_id = @job_id AND instruction_id = @instruction_id AND sample_index = @sample_index")
            .get(row) as { id: number };
          ids[`${externalId}/${name}/${index}`] = id;
          if (q !== null) qualityOf.set(id, q);
        });
      }
    }
  };
  insert(true);
  const judgeId = ctx.models.findByName("judge")?.id ?? seedJudgeModel(ctx).id;
  if (qualityOf.size > 0) {
    seedJudgeScores(ctx, setId, judgeId, (s) => {
      const q = qualityOf.get(s.id)!;
      return q === "failed" ? "no scores here" : quality(q);
    });
  }
  insert(false);
  return { setId, judgeId, models, instructions, ids };
}

const researcher = () => t.agentAs("researcher");

type Agent = Awaited<ReturnType<typeof researcher>>;

async function createRun(agent: Agent, body: Record<string, unknown>): Promise<PairRun> {
  const res = await agent.post("/api/pair-runs").send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return PairRunSchema.parse(res.body.run);
}

async function proposalsOf(agent: Agent, runId: number, query: Record<string, unknown> = {}): Promise<PairProposal[]> {
  const res = await agent
    .get(`/api/pair-runs/${runId}/proposals`)
    .query({ page_size: 500, ...query })
    .expect(200);
  return ProposalPageSchema.parse(res.body).items;
}

const pairsOf = (proposals: PairProposal[]) => proposals.map((p) => [p.chosen.sample_id, p.rejected.sample_id]);

/** 12 instructions × models A and B × 4 samples with distinct quality within each group. */
function manyGroups(): WorldSpec {
  const spec: WorldSpec = {};
  for (let i = 0; i < 12; i++) {
    spec[`p${i + 1}`] = Object.fromEntries(
      ["A", "B"].map((m, mi) => [m, [0, 1, 2, 3].map((k): SampleSpec => [60 + 20 * k, (i * 7 + k * 5 + mi * 3) % 25])]),
    );
  }
  return spec;
}

describe("pair runs", () => {
  it("reproduces the same pairs from the same seed, chooses the best S of each group, and never pairs across models", async () => {
    const w = await world(manyGroups());
    const agent = await researcher();
    const base = { set_id: w.setId, judge_model_id: w.judgeId };

    const first = await createRun(agent, { ...base, seed: 7 });
    expect(first).toMatchObject({
      seed: 7,
      strategy: "best-vs-random",
      groups: 24,
      unscored: 0,
      proposals: 24,
      model_ids: null,
      length_weight: 0.5,
      exclude_flags: ["empty"],
    });
    expect(first.status_counts).toEqual({ proposed: 24, "judge-confirmed": 0, accepted: 0, rejected: 0, confirmed: 0, overturned: 0 });
    const again = await createRun(agent, { ...base, seed: 7 });
    const other = await createRun(agent, { ...base, seed: 8 });
    const pairs = pairsOf(await proposalsOf(agent, first.id));
    expect(pairsOf(await proposalsOf(agent, again.id))).toEqual(pairs);
    expect(pairsOf(await proposalsOf(agent, other.id))).not.toEqual(pairs);

    // No seed given: a random one is stored, and replaying it gives the same pairs.
    const random = await createRun(agent, base);
    expect(random.seed).toBeGreaterThanOrEqual(0);
    expect(random.seed).toBeLessThan(2 ** 32);
    const replay = await createRun(agent, { ...base, seed: random.seed });
    expect(pairsOf(await proposalsOf(agent, replay.id))).toEqual(pairsOf(await proposalsOf(agent, random.id)));

    for (const p of await proposalsOf(agent, first.id)) {
      const review = InstructionReviewSchema.parse(
        (await agent.get(`/api/instructions/${p.instruction_id}/review`).query({ run: first.id }).expect(200)).body,
      );
      const group = review.samples.filter((s) => s.sample.model_id === p.model_id);
      const chosen = group.find((s) => s.sample.id === p.chosen.sample_id)!;
      const rejected = group.find((s) => s.sample.id === p.rejected.sample_id)!;
      expect(chosen.sample.instruction_id).toBe(p.instruction_id);
      expect(rejected.sample.instruction_id).toBe(p.instruction_id);
      expect(p.chosen.score).toBe(Math.max(...group.map((s) => s.score!)));
      expect(p.chosen.score).toBe(chosen.score);
      expect(p.rejected.score).toBe(rejected.score);
      expect(p.chosen.quality_score).toBe(chosen.judgment!.quality_score);
      expect(p.chosen.length_score).toBe(chosen.length_score);
      expect(p.margin).toBe(p.chosen.score - p.rejected.score);
      expect(p.margin).toBeGreaterThan(0);
    }

    const onlyA = await createRun(agent, { ...base, seed: 7, model_ids: [w.models.A] });
    expect(onlyA).toMatchObject({ model_ids: [w.models.A], groups: 12, proposals: 12 });
    const proposals = await proposalsOf(agent, onlyA.id);
    expect(new Set(proposals.map((p) => p.model_name))).toEqual(new Set(["A"]));
    // The same group draws the same rejected sample whatever else is in the run.
    const fromFirst = (await proposalsOf(agent, first.id, { model_id: w.models.A })).map((p) => [p.chosen.sample_id, p.rejected.sample_id]);
    expect(pairsOf(proposals)).toEqual(fromFirst);
  });

  it("gives the same pairs from the same seed in another database holding the same data under other row ids", async () => {
    const pairsByName = async () => {
      const w = await world(manyGroups(), "LBW");
      const agent = await researcher();
      const run = await createRun(agent, { set_id: w.setId, judge_model_id: w.judgeId, seed: 11 });
      const names = new Map(Object.entries(w.ids).map(([name, id]) => [id, name]));
      const proposals = await proposalsOf(agent, run.id);
      return {
        ids: proposals.map((p) => [p.instruction_id, p.model_id]),
        named: proposals.map((p) => [names.get(p.chosen.sample_id), names.get(p.rejected.sample_id)]),
      };
    };
    const here = await pairsByName();
    const first = t;
    t = testApp();
    try {
      // Another set and model first: the same data gets other instruction and model ids.
      importInstructionSet(
        t.ctx,
        { name: "other", format: "jsonl", content: '{"id": "x", "prompt": "Write."}\n{"id": "y", "prompt": "Write more."}' },
        null,
      );
      seedModel(t.ctx, [], { name: "unrelated" });
      const there = await pairsByName();
      expect(there.ids).not.toEqual(here.ids);
      expect(there.named).toEqual(here.named);
    } finally {
      t.close();
      t = first;
    }
  });

  it("skips groups with fewer than two scored samples and never pairs a sample whose judge failed", async () => {
    const w = await world({
      p1: {
        A: [
          [100, 12],
          [100, "failed"],
          [100, null],
        ],
      },
      p2: {
        A: [
          [100, 20],
          [100, "failed"],
          [100, 8],
        ],
        B: [[100, 20]],
      },
      p3: { A: [[100, 10]] },
    });
    const agent = await researcher();
    const run = await createRun(agent, { set_id: w.setId, judge_model_id: w.judgeId, strategy: "all-pairs" });
    expect(run).toMatchObject({ groups: 1, unscored: 3, proposals: 1 });
    const [proposal] = await proposalsOf(agent, run.id);
    expect(proposal).toMatchObject({
      external_id: "p2",
      model_name: "A",
      chosen: { sample_id: w.ids["p2/A/0"] },
      rejected: { sample_id: w.ids["p2/A/2"] },
      status: "proposed",
      swapped: false,
      reviewed_by: null,
    });
    const stored = t.db.prepare("SELECT chosen_sample_id, rejected_sample_id FROM pair_proposals WHERE run_id = ?").all(run.id);
    expect(stored).toEqual([{ chosen_sample_id: w.ids["p2/A/0"], rejected_sample_id: w.ids["p2/A/2"] }]);
  });

  it("leaves out samples raising an excluded flag and takes the flag penalty off S for the others", async () => {
    const w = await world({
      p1: {
        A: [
          [100, 24, ["empty"]],
          [100, 12],
          [100, 6],
        ],
      },
      p2: {
        A: [
          [100, 24, ["repetition"]],
          [100, 18],
          [100, 0],
        ],
      },
    });
    const agent = await researcher();
    const base = { set_id: w.setId, judge_model_id: w.judgeId, strategy: "best-vs-worst" };
    const chosenOf = async (run: PairRun) => Object.fromEntries((await proposalsOf(agent, run.id)).map((p) => [p.external_id, p.chosen]));

    const byDefault = await createRun(agent, base);
    expect(byDefault).toMatchObject({ exclude_flags: ["empty"], unscored: 1, groups: 2 });
    expect((await chosenOf(byDefault)).p1!.sample_id).toBe(w.ids["p1/A/1"]);
    expect((await chosenOf(byDefault)).p2).toMatchObject({ sample_id: w.ids["p2/A/0"], score: 100 });

    const nothingExcluded = await createRun(agent, { ...base, exclude_flags: [] });
    expect(nothingExcluded.unscored).toBe(0);
    expect((await chosenOf(nothingExcluded)).p1!.sample_id).toBe(w.ids["p1/A/0"]);

    // 100 − 30 = 70 falls below the unflagged 87.5; the penalty is not clamped, and the review shows the same S.
    const penalised = await createRun(agent, { ...base, strategy: "all-pairs", flag_penalty: 30 });
    const p2 = (await proposalsOf(agent, penalised.id)).filter((p) => p.external_id === "p2");
    expect(p2).toHaveLength(3);
    expect(p2[0]!.chosen).toMatchObject({ sample_id: w.ids["p2/A/1"], score: 87.5 });
    const flagged = p2.find((p) => p.chosen.sample_id === w.ids["p2/A/0"])!;
    expect(flagged.chosen).toMatchObject({ score: 70, quality_score: 100, length_score: 100 });
    const review = InstructionReviewSchema.parse(
      (await agent.get(`/api/instructions/${w.instructions.p2}/review`).query({ run: penalised.id }).expect(200)).body,
    );
    expect(review.samples.find((s) => s.sample.id === w.ids["p2/A/0"])).toMatchObject({ score: 70, excluded_by: [] });

    const heavy = await createRun(agent, { ...base, flag_penalty: 100, exclude_flags: [] });
    expect((await proposalsOf(agent, heavy.id)).find((p) => p.external_id === "p2")!.rejected).toMatchObject({
      sample_id: w.ids["p2/A/0"],
      score: 0,
    });
  });

  it("honours min_margin and the best-vs-worst and all-pairs strategies; equal scores make no pair", async () => {
    const w = await world({
      p1: {
        A: [
          [100, 24],
          [100, 18],
          [100, 12],
          [100, 6],
        ],
      },
      p2: {
        A: [
          [100, 12],
          [100, 12],
        ],
      },
    });
    const agent = await researcher();
    const base = { set_id: w.setId, judge_model_id: w.judgeId };
    const scores = (ps: PairProposal[]) => ps.map((p) => [p.chosen.score, p.rejected.score]);

    const worst = await createRun(agent, { ...base, strategy: "best-vs-worst" });
    expect(worst).toMatchObject({ groups: 2, proposals: 1 });
    expect(scores(await proposalsOf(agent, worst.id))).toEqual([[100, 62.5]]);

    const all = await createRun(agent, { ...base, strategy: "all-pairs" });
    expect(scores(await proposalsOf(agent, all.id))).toEqual([
      [100, 87.5],
      [100, 75],
      [100, 62.5],
      [87.5, 75],
      [87.5, 62.5],
      [75, 62.5],
    ]);

    const wide = await createRun(agent, { ...base, strategy: "all-pairs", min_margin: 25 });
    expect(scores(await proposalsOf(agent, wide.id))).toEqual([
      [100, 75],
      [100, 62.5],
      [87.5, 62.5],
    ]);
    for (let seed = 1; seed <= 8; seed++) {
      const run = await createRun(agent, { ...base, seed, min_margin: 25 });
      const [p] = await proposalsOf(agent, run.id);
      expect([75, 62.5]).toContain(p!.rejected.score);
    }
    const none = await createRun(agent, { ...base, min_margin: 50 });
    expect(none).toMatchObject({ groups: 2, proposals: 0, min_margin: 50 });
  });

  it("ranks instructions without a required length by S_q alone, and weighs S_l by length_weight elsewhere", async () => {
    const w = await world({
      q1: {
        A: [
          [10, 6],
          [5000, 18],
        ],
      },
      p1: {
        A: [
          [100, 0],
          [300, 24],
        ],
      },
    });
    const agent = await researcher();
    const base = { set_id: w.setId, judge_model_id: w.judgeId };
    const byInstruction = async (run: PairRun) => Object.fromEntries((await proposalsOf(agent, run.id)).map((p) => [p.external_id, p]));

    const lengthOnly = await byInstruction(await createRun(agent, { ...base, length_weight: 1 }));
    expect(lengthOnly.q1).toMatchObject({
      chosen: { sample_id: w.ids["q1/A/1"], score: 75, length_score: null, quality_score: 75 },
      rejected: { score: 25, length_score: null },
    });
    expect(lengthOnly.p1).toMatchObject({ chosen: { sample_id: w.ids["p1/A/0"], score: 100, length_score: 100, quality_score: 0 } });

    const qualityOnly = await byInstruction(await createRun(agent, { ...base, length_weight: 0 }));
    expect(qualityOnly.q1!.chosen.sample_id).toBe(w.ids["q1/A/1"]);
    expect(qualityOnly.p1!.chosen).toMatchObject({ sample_id: w.ids["p1/A/1"], score: 100 });
  });
});

describe("reviewing proposals", () => {
  it("accepts, rejects, swaps (exchanging all scores) and resets; confirmed proposals answer 409", async () => {
    const w = await world({
      p1: {
        A: [
          [100, 24],
          [50, 6],
        ],
      },
      p2: {
        A: [
          [100, 18],
          [100, 12],
        ],
      },
    });
    const agent = await researcher();
    const run = await createRun(agent, { set_id: w.setId, judge_model_id: w.judgeId });
    const [original, second] = await proposalsOf(agent, run.id);
    const review = (id: number, action: string) => agent.post(`/api/pair-proposals/${id}/review`).send({ action });
    const proposalOf = (res: { body: { proposal: PairProposal } }) => res.body.proposal;

    const accepted = proposalOf(await review(original!.id, "accept").expect(200));
    expect(accepted).toMatchObject({ status: "accepted", swapped: false, chosen: original!.chosen });
    expect(accepted.reviewed_by).toBe("researcher");
    expect(accepted.reviewed_at).not.toBeNull();
    expect(proposalOf(await review(original!.id, "reject").expect(200)).status).toBe("rejected");

    const swapped = proposalOf(await review(original!.id, "swap").expect(200));
    expect(swapped).toMatchObject({
      status: "accepted",
      swapped: true,
      chosen: original!.rejected,
      rejected: original!.chosen,
      margin: -original!.margin,
    });
    const row = t.db.prepare("SELECT * FROM pair_proposals WHERE id = ?").get(original!.id) as Record<string, unknown>;
    expect(row).toMatchObject({
      chosen_sample_id: original!.rejected.sample_id,
      rejected_sample_id: original!.chosen.sample_id,
      chosen_score: original!.rejected.score,
      chosen_length_score: original!.rejected.length_score,
      chosen_quality_score: original!.rejected.quality_score,
      rejected_quality_score: original!.chosen.quality_score,
      status: "accepted",
      swapped: 1,
    });
    expect(proposalOf(await review(original!.id, "swap").expect(200))).toMatchObject({
      swapped: false,
      chosen: original!.chosen,
      margin: original!.margin,
    });

    await review(original!.id, "swap").expect(200);
    const reset = proposalOf(await review(original!.id, "reset").expect(200));
    expect(reset).toEqual({ ...original, status: "proposed", swapped: false, reviewed_by: null, reviewed_at: null });

    await review(second!.id, "reject").expect(200);
    expect((await agent.get(`/api/pair-runs/${run.id}`).expect(200)).body.run.status_counts).toMatchObject({ proposed: 1, rejected: 1 });
    expect((await proposalsOf(agent, run.id, { status: "rejected" })).map((p) => p.id)).toEqual([second!.id]);

    // Annotators' verdicts (simulated) close the proposal to review and keep its run.
    t.db.prepare("UPDATE pair_proposals SET status = 'confirmed' WHERE id = ?").run(second!.id);
    const closed = await review(second!.id, "reset").expect(409);
    expect(closed.body).toMatchObject({ ok: false, error: "conflict" });
    await agent.delete(`/api/pair-runs/${run.id}`).expect(409);

    const bad = await review(original!.id, "approve").expect(400);
    expect(bad.body.message).toContain("action");
    await review(999999, "accept").expect(404);
  });
});

describe("instruction review", () => {
  it("shows every sample with its scores, the run's proposals here and the neighbouring instructions with proposals", async () => {
    const w = await world({
      p1: {
        A: [
          [100, 24],
          [100, 6],
        ],
      },
      p2: {
        A: [
          [100, 24],
          [100, "failed"],
          [100, 12, ["empty"]],
          [100, 6],
        ],
        B: [
          [200, 18],
          [100, null],
        ],
      },
      p3: { A: [[100, 12]] },
      p4: {
        A: [
          [100, 12],
          [100, 18],
        ],
      },
    });
    const agent = await researcher();
    const url = (externalId: string) => `/api/instructions/${w.instructions[externalId]}/review`;

    // No run yet: default settings and the newest judge job's judge.
    const before = InstructionReviewSchema.parse((await agent.get(url("p2")).expect(200)).body);
    expect(before).toMatchObject({
      run: null,
      set_name: "set",
      length_weight: 0.5,
      proposals: [],
      previous_instruction_id: null,
      next_instruction_id: null,
      position: null,
    });
    expect(before.judge).toMatchObject({ judge_model_id: w.judgeId, judge_model_name: "judge" });
    const bySample = (samples: ScoredSample[]) => Object.fromEntries(samples.map((s) => [s.sample.id, s]));
    const samples = bySample(before.samples);
    expect(before.samples).toHaveLength(6);
    expect(samples[w.ids["p2/A/0"]!]).toMatchObject({
      length_score: 100,
      score: 100,
      excluded_by: [],
      judgment: { status: "done", quality_score: 100 },
    });
    expect(samples[w.ids["p2/A/1"]!]).toMatchObject({ score: null, judgment: { status: "failed" } });
    expect(samples[w.ids["p2/A/2"]!]).toMatchObject({ score: 75, excluded_by: ["empty"] });
    expect(samples[w.ids["p2/B/0"]!]!.length_score).toBeCloseTo(200 / 3, 10);
    expect(samples[w.ids["p2/B/1"]!]).toMatchObject({ judgment: null, score: null });

    const otherJudge = seedJudgeModel(t.ctx, "judge-2");
    const unjudged = InstructionReviewSchema.parse((await agent.get(url("p2")).query({ judge_model: otherJudge.id }).expect(200)).body);
    expect(unjudged.judge).toMatchObject({ judge_model_name: "judge-2" });
    expect(unjudged.samples.every((s) => s.judgment === null && s.score === null)).toBe(true);
    expect((await agent.get(url("p2")).query({ judge_model: 999999 }).expect(400)).body.message).toContain("judge_model");

    const run = await createRun(agent, { set_id: w.setId, judge_model_id: w.judgeId, length_weight: 0.25, seed: 3 });
    const review = InstructionReviewSchema.parse((await agent.get(url("p2")).expect(200)).body);
    expect(review.run!.id).toBe(run.id);
    expect(review).toMatchObject({
      length_weight: 0.25,
      previous_instruction_id: w.instructions.p1,
      next_instruction_id: w.instructions.p4,
      position: { index: 2, total: 3 },
    });
    expect(review.proposals.map((p) => p.model_name).sort()).toEqual(["A"]);
    expect(review.proposals[0]!.chosen.sample_id).toBe(w.ids["p2/A/0"]);
    expect(bySample(review.samples)[w.ids["p2/B/0"]!]!.score).toBeCloseTo(0.25 * (200 / 3) + 0.75 * 75, 10);
    const first = InstructionReviewSchema.parse((await agent.get(url("p1")).query({ run: run.id }).expect(200)).body);
    expect(first).toMatchObject({
      previous_instruction_id: null,
      next_instruction_id: w.instructions.p2,
      position: { index: 1, total: 3 },
    });
    // p3 has one scored sample, so no proposal: it is not among the run's instructions.
    const unpaired = InstructionReviewSchema.parse((await agent.get(url("p3")).query({ run: run.id }).expect(200)).body);
    expect(unpaired).toMatchObject({
      proposals: [],
      position: { index: 0, total: 3 },
      previous_instruction_id: w.instructions.p2,
      next_instruction_id: w.instructions.p4,
    });
    const last = InstructionReviewSchema.parse((await agent.get(url("p4")).expect(200)).body);
    expect(last).toMatchObject({ previous_instruction_id: w.instructions.p2, next_instruction_id: null, position: { index: 3, total: 3 } });

    const elsewhere = await world(
      {
        x1: {
          A: [
            [100, 24],
            [100, 0],
          ],
        },
      },
      "other set",
    );
    const foreign = await createRun(agent, { set_id: elsewhere.setId, judge_model_id: w.judgeId });
    expect((await agent.get(url("p2")).query({ run: foreign.id }).expect(400)).body.message).toContain("run");
    expect((await agent.get(url("p2")).query({ run: 999999 }).expect(400)).body.message).toContain("run");
    await agent.get(url("p2")).query({ page: 1 }).expect(400);
    await agent.get("/api/instructions/999999/review").expect(404);
  });
});

describe("pair run lifecycle and errors", () => {
  it("lists runs newest first, pages proposals in set order, filters them, and deletes a run with its proposals", async () => {
    const w = await world(manyGroups());
    const agent = await researcher();
    const older = await createRun(agent, { set_id: w.setId, judge_model_id: w.judgeId, strategy: "best-vs-worst" });
    const newer = await createRun(agent, { set_id: w.setId, judge_model_id: w.judgeId, model_ids: [w.models.B] });
    const list = (await agent.get("/api/pair-runs").expect(200)).body.items as PairRun[];
    expect(list.map((r) => [r.id, r.proposals])).toEqual([
      [newer.id, 12],
      [older.id, 24],
    ]);
    expect(list[0]).toMatchObject({ set_name: "set", judge_model_name: "judge", template_name: expect.any(String) });

    const page = ProposalPageSchema.parse(
      (await agent.get(`/api/pair-runs/${older.id}/proposals`).query({ page: 2, page_size: 5 }).expect(200)).body,
    );
    expect(page).toMatchObject({ total: 24, page: 2, page_size: 5 });
    const everything = await proposalsOf(agent, older.id);
    expect(page.items.map((p) => p.id)).toEqual(everything.slice(5, 10).map((p) => p.id));
    const positions = everything.map((p) => Number(p.external_id.slice(1)));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const ofB = ProposalPageSchema.parse(
      (await agent.get(`/api/pair-runs/${older.id}/proposals`).query({ model_id: w.models.B }).expect(200)).body,
    );
    expect(ofB.total).toBe(12);
    expect(ofB.items.every((p) => p.model_id === w.models.B)).toBe(true);
    await agent.get(`/api/pair-runs/${older.id}/proposals`).query({ page_size: 501 }).expect(400);
    await agent.get(`/api/pair-runs/${older.id}/proposals`).query({ status: "maybe" }).expect(400);

    expect((await agent.delete(`/api/pair-runs/${older.id}`).expect(200)).body).toEqual({ ok: true });
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM pair_proposals WHERE run_id = ?").get(older.id)).toEqual({ n: 0 });
    expect(((await agent.get("/api/pair-runs").expect(200)).body.items as PairRun[]).map((r) => r.id)).toEqual([newer.id]);
    await agent.get(`/api/pair-runs/${older.id}`).expect(404);
  });

  it("answers 400 naming the field, 404 for unknown runs and proposals, and 403 to annotators", async () => {
    const w = await world({
      p1: {
        A: [
          [100, 24],
          [100, 0],
        ],
      },
    });
    const agent = await researcher();
    const base = { set_id: w.setId, judge_model_id: w.judgeId };
    const fails = async (body: Record<string, unknown>, field: string) => {
      const res = await agent.post("/api/pair-runs").send(body).expect(400);
      expect(res.body.message, JSON.stringify(body)).toContain(field);
    };
    await fails({ ...base, set_id: 999999 }, "set_id");
    await fails({ ...base, judge_model_id: 999999 }, "judge_model_id");
    await fails({ ...base, template_id: 999999 }, "template_id");
    await fails({ ...base, model_ids: [999999] }, "model_ids");
    await fails({ ...base, strategy: "best-of-both" }, "strategy");
    await fails({ ...base, length_weight: 2 }, "length_weight");
    await fails({ ...base, exclude_flags: ["boring"] }, "exclude_flags");
    await fails({ ...base, seed: -1 }, "seed");
    await fails({ ...base, colour: "red" }, "colour");
    await fails({ ...base, exclude_flags: [], flag_penalty: 101 }, "flag_penalty");

    const template = t.ctx.judgeTemplates.create("strict", "Judge $INST$ then $RESPONSE$ strictly.", null, new Date());
    const unjudged = await agent
      .post("/api/pair-runs")
      .send({ ...base, template_id: template.id })
      .expect(400);
    expect(unjudged.body.message).toMatch(/no judged samples.*"judge".*"strict"/);
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM pair_runs").get()).toEqual({ n: 0 });

    for (const path of ["/api/pair-runs/999999", "/api/pair-runs/999999/proposals"]) await agent.get(path).expect(404);
    await agent.delete("/api/pair-runs/999999").expect(404);
    await agent.post("/api/pair-proposals/999999/review").send({ action: "accept" }).expect(404);

    const run = await createRun(agent, base);
    const annotator = await t.agentAs("annotator");
    await annotator.get("/api/pair-runs").expect(403);
    await annotator.post("/api/pair-runs").send(base).expect(403);
    await annotator.get(`/api/pair-runs/${run.id}/proposals`).expect(403);
    await annotator.get(`/api/instructions/${w.instructions.p1}/review`).expect(403);
    const [proposal] = await proposalsOf(agent, run.id);
    await annotator.post(`/api/pair-proposals/${proposal!.id}/review`).send({ action: "accept" }).expect(403);
    expect(t.db.prepare("SELECT status FROM pair_proposals WHERE id = ?").get(proposal!.id)).toEqual({ status: "proposed" });
  });
});
