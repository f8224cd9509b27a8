import { describe, expect, it } from "vitest";
import { A_WINS, B_WINS, checkBattles, indexBattles, membersByComparison, TIE } from "../../shared/stats/battle-index";
import { ci95, percentileOfSorted } from "../../shared/stats/percentile";

const good = {
  comparison_id: "c1",
  instruction_id: "i1",
  model_a: "m",
  model_b: "ref",
  annotator: "x",
  winner: "model_a",
  left: "model_b",
};
const lines = (records: Record<string, unknown>[]) => records.map((fields, i) => ({ line: i + 1, fields }));

describe("battle records", () => {
  it("accepts the fixture's fields, null labels, and both_bad spelt either way", () => {
    const { battles, errors } = checkBattles(
      lines([
        { ...good, length_bucket: "0-500", category: "News", lang: "en" },
        { ...good, annotator: "y", winner: "both-bad", category: null },
        { ...good, annotator: "z", winner: "both_bad" },
      ]),
    );
    expect(errors).toEqual([]);
    expect(battles.map((b) => b.winner)).toEqual(["model_a", "both_bad", "both_bad"]);
    expect(battles[1]!.category).toBeUndefined();
  });

  it("reports every bad line with its number, and keeps the good ones", () => {
    const {
      battles,
      lines: kept,
      errors,
    } = checkBattles(
      lines([
        good,
        { ...good, annotator: "y", winner: "model_c" },
        { ...good, annotator: "y", left: "top" },
        { ...good, annotator: "y", model_b: "m" },
        { ...good, annotator: "" },
        { ...good, annotator: "y", model_a: "other" },
        { ...good },
        { ...good, annotator: "y", model_a: "ref", model_b: "m" },
      ]),
    );
    expect(kept).toEqual([1, 8]);
    expect(battles).toHaveLength(2);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(errors[0]!.message).toMatch(/^winner: must be "model_a", "model_b", "tie" or "both_bad"/);
    expect(errors[1]!.message).toMatch(/^left: must be "model_a" or "model_b"/);
    expect(errors[2]!.message).toBe("model_b: must differ from model_a");
    expect(errors[3]!.message).toMatch(/^annotator: must not be empty/);
    expect(errors[4]!.message).toBe("comparison c1 is m vs ref on line 1, here other vs ref");
    expect(errors[5]!.message).toBe("annotator x already judged comparison c1 on line 1");
  });

  it("indexes verdicts in each comparison's first orientation and groups records by comparison", () => {
    const { battles } = checkBattles(
      lines([
        good,
        { ...good, comparison_id: "c2", winner: "tie" },
        { ...good, annotator: "y", model_a: "ref", model_b: "m", winner: "model_a" }, // ref won: B_WINS for c1
        { ...good, annotator: "z", winner: "model_b" },
      ]),
    );
    const index = indexBattles(battles);
    expect(index.models).toEqual(["m", "ref"]);
    expect(index.annotators).toEqual(["x", "y", "z"]);
    expect(index.comparisons).toEqual([
      { id: "c1", modelA: 0, modelB: 1 },
      { id: "c2", modelA: 0, modelB: 1 },
    ]);
    expect([...index.verdict]).toEqual([A_WINS, TIE, B_WINS, B_WINS]);
    const { start, members } = membersByComparison(index);
    expect([...start]).toEqual([0, 3, 4]);
    expect([...members]).toEqual([0, 2, 3, 1]);
  });

  it("refuses to index a comparison naming two pairs of models (checkBattles reports it)", () => {
    const { battles } = checkBattles(lines([good]));
    expect(() => indexBattles([...battles, { ...battles[0]!, annotator: "y", model_a: "other" }])).toThrow(RangeError);
  });

  it("reports a line whose words or Markdown counts disagree with an earlier line of the comparison, in either orientation", () => {
    const style = (headers: number, list_items: number, bold: number) => ({ headers, list_items, bold });
    const withFeatures = { ...good, words_a: 1200, words_b: 900, style_a: style(3, 5, 2), style_b: style(0, 1, 0) };
    const { lines: kept, errors } = checkBattles(
      lines([
        { ...good, annotator: "w" }, // no counts: nothing to compare yet
        withFeatures,
        // The same outputs listed the other way round: the same counts, swapped.
        {
          ...withFeatures,
          annotator: "y",
          model_a: "ref",
          model_b: "m",
          words_a: 900,
          words_b: 1200,
          style_a: style(0, 1, 0),
          style_b: style(3, 5, 2),
        },
        { ...withFeatures, annotator: "z", words_b: 901 },
        {
          ...withFeatures,
          annotator: "v",
          model_a: "ref",
          model_b: "m",
          words_a: 1200,
          words_b: 900,
          style_a: style(3, 5, 2),
          style_b: style(0, 1, 0),
        },
        { ...withFeatures, annotator: "u", style_a: style(3, 5, 1) },
        { ...withFeatures, annotator: "t", words_a: undefined, style_b: undefined }, // what it gives agrees
        { ...withFeatures, comparison_id: "c2", words_a: 5 }, // another comparison: other outputs
      ]),
    );
    expect(kept).toEqual([1, 2, 3, 7, 8]);
    expect(errors).toEqual([
      { line: 4, message: "comparison c1: ref has 900 words on line 2, here 901" },
      {
        line: 5,
        message:
          "comparison c1: ref has 900 words on line 2, here 1200; ref has headers 0, list_items 1, bold 0 on line 2, here headers 3, list_items 5, bold 2; " +
          "m has 1200 words on line 2, here 900; m has headers 3, list_items 5, bold 2 on line 2, here headers 0, list_items 1, bold 0",
      },
      { line: 6, message: "comparison c1: m has headers 3, list_items 5, bold 2 on line 2, here headers 3, list_items 5, bold 1" },
    ]);
  });

  it("takes a comparison's counts from the first line giving them, so a later line is checked against it", () => {
    const { errors } = checkBattles(
      lines([
        { ...good, words_a: 10 },
        { ...good, annotator: "y", words_a: 10, words_b: 20 },
        { ...good, annotator: "z", words_a: 10, words_b: 21 },
      ]),
    );
    expect(errors).toEqual([{ line: 3, message: "comparison c1: ref has 20 words on line 2, here 21" }]);
  });
});

describe("percentiles", () => {
  it("match np.percentile (linear)", () => {
    expect(ci95(Float64Array.from([3, 1, 2, 10, 7]))).toEqual([1.1, 9.7]);
    expect(ci95(Float64Array.from([1]))).toEqual([1, 1]);
    const sorted = [0.1, 0.2, 0.4, 0.8];
    expect(percentileOfSorted(sorted, 2.5)).toBeCloseTo(0.1075, 15);
    expect(percentileOfSorted(sorted, 97.5)).toBeCloseTo(0.77, 15);
    expect(percentileOfSorted(sorted, 50)).toBeCloseTo(0.3, 15);
  });

  it("leave NaN out, keep infinities, and are null with nothing left", () => {
    expect(ci95(Float64Array.from([NaN, 2, Infinity, 1, Infinity]))).toEqual([1.075, Infinity]);
    expect(ci95(Float64Array.from([NaN]))).toBeNull();
  });
});
