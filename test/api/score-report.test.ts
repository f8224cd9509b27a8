import { afterEach, describe, expect, it } from "vitest";
import { meanQualityScore, qualityScore, type QualityScores } from "../../shared/scoring/judge-answer";
import { lengthScore } from "../../shared/scoring/length-score";
import { npMean } from "../../shared/stats/np-mean";
import { allScores, seedJudgeModel, seedJudgeScores } from "../helpers/judging";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

const scores = (s: number[]): QualityScores => ({
  Relevance: s[0]!,
  Accuracy: s[1]!,
  Coherence: s[2]!,
  Clarity: s[3]!,
  "Breadth and Depth": s[4]!,
  "Reading Experience": s[5]!,
});
// REFERENCE.md's worked example of LongBench-Write's aggregation.
const itemA = scores([5, 4, 4, 5, 3, 4]);
const itemB = scores([4, 4, 3, 4, 2, 3]);

// External id -> required length (null: the prompt asks for none, so the output has no S_l and no range).
const instructions: Record<string, number | null> = { a1: 100, a2: 300, b1: 1000, b2: 1500, c1: null };
const prompts: Record<string, string> = {
  a1: "Write a note to a neighbour.",
  a2: "Write a product review.",
  b1: "Write a short story about a lighthouse.",
  b2: "Write an essay on city gardens.",
  c1: "Write a poem about the sea.",
};
// Words each model writes per instruction.
const produced: Record<string, Record<string, number>> = {
  alpha: { a1: 100, a2: 150, b1: 1200, b2: 900, c1: 80 },
  beta: { a1: 60, a2: 400, b1: 1000, b2: 5000, c1: 200 },
};
// Each model's judgments by the first judge: six scores, or the raw answer of a "judge failed".
const firstJudge: Record<string, Record<string, QualityScores | string>> = {
  alpha: { a1: itemA, a2: allScores(2), b1: itemB, b2: allScores(5), c1: allScores(1) },
  beta: { a1: itemA, a2: "no scores here", b1: itemB, b2: "{not json", c1: "I cannot judge this." },
};

/** The set and both models' outputs, imported as a researcher would. */
async function seedSet() {
  const agent = await t.agentAs("researcher");
  const content = Object.entries(instructions)
    .map(([id, length]) => JSON.stringify({ id, prompt: prompts[id], ...(length === null ? {} : { length }) }))
    .join("\n");
  const set = await agent.post("/api/instruction-sets/import").send({ name: "S", format: "jsonl", content }).expect(201);
  const setId = set.body.set.id as number;
  const outputs = Object.entries(produced).flatMap(([model, words]) =>
    Object.entries(words).map(([id, n]) => JSON.stringify({ instruction_id: id, model, text: "word ".repeat(n).trim(), sample_index: 0 })),
  );
  await agent
    .post("/api/outputs/import")
    .send({ set_id: setId, content: outputs.join("\n") })
    .expect(201);
  return { agent, setId };
}

/** Which model and instruction a sample is, by its ids. */
function sampleKeys() {
  const rows = t.db
    .prepare(
      "SELECT s.id, m.name AS model, i.external_id FROM samples s JOIN models m ON m.id = s.model_id JOIN instructions i ON i.id = s.instruction_id",
    )
    .all() as { id: number; model: string; external_id: string }[];
  return new Map(rows.map((r) => [r.id, r]));
}

const rangeOf = (id: string) => {
  const length = instructions[id];
  return length === null || length === undefined ? null : length < 500 ? "[0,500)" : "[500,2000)";
};

describe("score report: S_l, S_q and S per model", () => {
  it("gives S_q as LongBench-Write aggregates the judged items, overall and per range, and S = (S_l + S_q) / 2", async () => {
    t = testApp();
    const { agent, setId } = await seedSet();
    const keys = sampleKeys();
    const judge = seedJudgeModel(t.ctx, "judge");
    seedJudgeScores(t.ctx, setId, judge.id, (s) => {
      const key = keys.get(s.id)!;
      return firstJudge[key.model]![key.external_id]!;
    });

    const report = await agent.get("/api/reports/length").query({ set: setId }).expect(200);
    const builtin = t.ctx.judgeTemplates.list().find((x) => x.builtin)!;
    expect(report.body.judge).toEqual({
      judge_model_id: judge.id,
      judge_model_name: "judge",
      template_id: builtin.id,
      template_name: builtin.name,
    });
    expect(report.body.judges).toEqual([{ ...report.body.judge, judged: 7, judge_failed: 3 }]);
    expect(report.body.models.map((m: { model_name: string }) => m.model_name)).toEqual(["alpha", "beta"]);

    // beta's judged items are exactly REFERENCE.md's example: its three failed judgments are counted, not scored.
    const beta = report.body.models[1];
    expect(beta).toMatchObject({ judged: 2, judge_failed: 3, quality_score: 68.75 });
    expect(beta.dimension_scores).toEqual({
      Relevance: 87.5,
      Accuracy: 75,
      Coherence: 62.5,
      Clarity: 87.5,
      "Breadth and Depth": 37.5,
      "Reading Experience": 62.5,
    });
    expect(beta.by_range["[0,500)"]).toMatchObject({ judged: 1, quality_score: qualityScore(itemA).total });
    expect(beta.by_range["[500,2000)"]).toMatchObject({ judged: 1, quality_score: qualityScore(itemB).total });
    expect(beta.by_range["[2000,4000)"]).toEqual({ samples: 0, length_score: null, judged: 0, quality_score: null, score: null });

    for (const model of report.body.models) {
      const ids = Object.keys(produced[model.model_name]!);
      const judged = (inRange: (id: string) => boolean) =>
        ids.filter(inRange).flatMap((id) => {
          const outcome = firstJudge[model.model_name]![id]!;
          return typeof outcome === "string" ? [] : [outcome];
        });
      const lengthOf = (inRange: (id: string) => boolean) => {
        const scored = ids.filter((id) => inRange(id) && instructions[id] !== null);
        return scored.length === 0 ? null : npMean(scored.map((id) => lengthScore(instructions[id]!, produced[model.model_name]![id]!)));
      };
      // S_q counts the sample without a length requirement; S_l does not.
      const sq = meanQualityScore(judged(() => true))!;
      const sl = lengthOf(() => true)!;
      expect(model.samples).toBe(4);
      expect(model.length_score).toBe(sl);
      expect(model.quality_score).toBe(sq.total);
      expect(model.dimension_scores).toEqual(sq.dimensions);
      expect(model.score).toBe((sl + sq.total) / 2);
      for (const range of ["[0,500)", "[500,2000)"]) {
        const rangeSq = meanQualityScore(judged((id) => rangeOf(id) === range))!;
        const rangeSl = lengthOf((id) => rangeOf(id) === range)!;
        expect(model.by_range[range], `${model.model_name} ${range}`).toEqual({
          samples: 2,
          length_score: rangeSl,
          judged: judged((id) => rangeOf(id) === range).length,
          quality_score: rangeSq.total,
          score: (rangeSl + rangeSq.total) / 2,
        });
      }
    }
    expect(report.body.models[0]).toMatchObject({ judged: 5, judge_failed: 0 });

    // One histogram point per done judgment, with the S_q the database holds for it.
    const stored = t.db.prepare("SELECT sample_id, quality_score FROM judge_scores WHERE status = 'done' ORDER BY sample_id").all();
    expect(report.body.quality_points_total).toBe(7);
    expect(
      [...report.body.quality_points]
        .sort((a: { sample_id: number }, b: { sample_id: number }) => a.sample_id - b.sample_id)
        .map(({ sample_id, quality_score }: { sample_id: number; quality_score: number }) => ({ sample_id, quality_score })),
    ).toEqual(stored);
    // The length points are unchanged: finished samples with a required length only.
    expect(report.body.points_total).toBe(8);
  });

  it("shows the newest judge with done judgments by default, another on request, and answers 400 for unknown ids", async () => {
    t = testApp();
    const { agent, setId } = await seedSet();
    const first = seedJudgeModel(t.ctx, "judge-one");
    const second = seedJudgeModel(t.ctx, "judge-two");
    const broken = seedJudgeModel(t.ctx, "judge-broken");
    const strict = t.ctx.judgeTemplates.create("strict", "Be strict.\n$INST$\n---\n$RESPONSE$", null, new Date());
    seedJudgeScores(t.ctx, setId, first.id, () => allScores(4));
    seedJudgeScores(
      t.ctx,
      setId,
      second.id,
      (s) => (s.sample_index === 0 && s.instruction_id % 2 === 0 ? "failed" : allScores(2)),
      strict.id,
    );
    // The newest job of all, but no done judgment: not a choice, and not the default.
    seedJudgeScores(t.ctx, setId, broken.id, () => "no scores");
    const builtin = t.ctx.judgeTemplates.list().find((x) => x.builtin)!;

    const byDefault = await agent.get("/api/reports/length").query({ set: setId }).expect(200);
    expect(byDefault.body.judge).toEqual({
      judge_model_id: second.id,
      judge_model_name: "judge-two",
      template_id: strict.id,
      template_name: "strict",
    });
    expect(
      byDefault.body.judges.map((j: { judge_model_name: string; template_name: string }) => [j.judge_model_name, j.template_name]),
    ).toEqual([
      ["judge-two", "strict"],
      ["judge-one", builtin.name],
    ]);
    const [two, one] = byDefault.body.judges;
    expect(one).toMatchObject({ judged: 10, judge_failed: 0 });
    expect(two.judged + two.judge_failed).toBe(10);
    expect(two.judge_failed).toBeGreaterThan(0);
    const twoModels = byDefault.body.models as { judged: number; judge_failed: number; quality_score: number }[];
    expect(twoModels.reduce((n, m) => n + m.judge_failed, 0)).toBe(two.judge_failed);
    expect(twoModels.every((m) => m.quality_score === 25)).toBe(true);

    const byModel = await agent.get("/api/reports/length").query({ set: setId, judge_model: first.id }).expect(200);
    expect(byModel.body.judge).toMatchObject({ judge_model_id: first.id, template_id: builtin.id });
    expect(byModel.body.models.map((m: { quality_score: number }) => m.quality_score)).toEqual([75, 75]);
    const byTemplate = await agent.get("/api/reports/length").query({ set: setId, template: builtin.id }).expect(200);
    expect(byTemplate.body.judge).toMatchObject({ judge_model_id: first.id, template_id: builtin.id });

    // A named judge without done judgments is shown as such: failures counted, no S_q, no S.
    const none = await agent.get("/api/reports/length").query({ set: setId, judge_model: broken.id }).expect(200);
    expect(none.body.judge).toMatchObject({ judge_model_id: broken.id, template_id: builtin.id });
    for (const model of none.body.models) {
      expect(model).toMatchObject({ judged: 0, judge_failed: 5, quality_score: null, dimension_scores: null, score: null });
      expect(model.length_score).not.toBeNull();
    }
    expect(none.body.quality_points).toEqual([]);

    const unknownModel = await agent.get("/api/reports/length").query({ set: setId, judge_model: 999 }).expect(400);
    expect(unknownModel.body).toMatchObject({ ok: false, error: "bad_request" });
    expect(unknownModel.body.message).toContain("judge_model");
    const unknownTemplate = await agent.get("/api/reports/length").query({ set: setId, template: 999 }).expect(400);
    expect(unknownTemplate.body.message).toContain("template");
    const notANumber = await agent.get("/api/reports/length").query({ set: setId, judge_model: "gpt" }).expect(400);
    expect(notANumber.body.message).toContain("judge_model");
    const unknownField = await agent.get("/api/reports/length").query({ set: setId, judge: 1 }).expect(400);
    expect(unknownField.body.message).toContain("judge");
    await agent.get("/api/reports/length").query({ set: 999, judge_model: first.id }).expect(404);
  });

  it("has no judge, S_q or S before any judgment, and S_l as before", async () => {
    t = testApp();
    const { agent, setId } = await seedSet();
    const report = await agent.get("/api/reports/length").query({ set: setId }).expect(200);
    expect(report.body).toMatchObject({ judge: null, judges: [], quality_points: [], quality_points_total: 0 });
    for (const model of report.body.models) {
      expect(model).toMatchObject({ samples: 4, judged: 0, judge_failed: 0, quality_score: null, dimension_scores: null, score: null });
      expect(model.length_score).toBeGreaterThan(0);
      expect(model.by_range["[0,500)"]).toMatchObject({ samples: 2, judged: 0, quality_score: null, score: null });
    }
    // Reading a report writes nothing (not even the builtin template).
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM judge_templates").get()).toEqual({ n: 0 });
  });
});
