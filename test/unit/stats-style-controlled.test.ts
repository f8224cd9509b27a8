import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type BattleRecord, BattleRecordSchema } from "../../shared/schemas/battles";
import { StyleControlledSchema } from "../../shared/schemas/win-rates";
import { indexBattles } from "../../shared/stats/battle-index";
import { bradleyTerry } from "../../shared/stats/bradley-terry";
import { comparisonFeatures } from "../../shared/stats/comparison-features";
import type { StyleCoefficients } from "../../shared/stats/report-types";
import { styleControlled } from "../../shared/stats/style-controlled";

// Expected values: test/vectors/make-style-controlled.py (scikit-learn, cross-checked with statsmodels).
interface VectorCase {
  name: string;
  reference: string;
  records: unknown[];
  expected: { ratings: Record<string, number | null>; coefficients: StyleCoefficients; judgments: number };
}
const vectors = JSON.parse(readFileSync(new URL("../vectors/style-controlled.json", import.meta.url), "utf8")) as { cases: VectorCase[] };
const recordsOf = (c: VectorCase): BattleRecord[] => c.records.map((r) => BattleRecordSchema.parse(r));
const caseNamed = (prefix: string) => vectors.cases.find((c) => c.name.startsWith(prefix))!;

function run(records: BattleRecord[], reference: string, options: Parameters<typeof styleControlled>[3]) {
  const index = indexBattles(records);
  return styleControlled(index, reference, comparisonFeatures(index), options);
}

describe("style-controlled Bradley–Terry against scikit-learn and statsmodels", () => {
  for (const vector of vectors.cases) {
    it(`${vector.name}: ratings and coefficients within 1e-6`, () => {
      const { result, reason } = run(recordsOf(vector), vector.reference, { seed: 1, rounds: 0 });
      expect(reason).toBeNull();
      expect(result!.judgments).toBe(vector.expected.judgments);
      expect(Object.keys(result!.ratings).sort()).toEqual(Object.keys(vector.expected.ratings).sort());
      expect(Object.keys(result!.ratings)[0]).toBe(vector.reference);
      for (const [model, rating] of Object.entries(vector.expected.ratings)) {
        const got = result!.ratings[model]!;
        if (rating === null) expect(got).toEqual({ rating: null, ci: null });
        else expect(Math.abs(got.rating! - rating)).toBeLessThan(1e-6);
      }
      for (const [feature, beta] of Object.entries(vector.expected.coefficients)) {
        const got = result!.coefficients[feature as keyof StyleCoefficients];
        if (beta === null) expect(got).toBeNull();
        else expect(Math.abs(got! - beta)).toBeLessThan(1e-6);
      }
    });
  }
});

describe("style-controlled Bradley–Terry: edge cases", () => {
  const five = caseNamed("five models");

  it("equals plain Bradley–Terry when no feature varies, and reports every coefficient null", () => {
    const flat = { headers: 2, list_items: 0, bold: 1 };
    const records = recordsOf(five).map((r) => ({ ...r, words_a: 3000, words_b: 3000, style_a: flat, style_b: flat }));
    const { result } = run(records, five.reference, { seed: 1, rounds: 0 });
    const bt = bradleyTerry(indexBattles(records), five.reference, { seed: 1, rounds: 0 });
    expect(result!.coefficients).toEqual({ words: null, headers: null, list_items: null, bold: null });
    expect(Object.keys(result!.ratings)).toEqual(Object.keys(bt.ratings));
    for (const [model, rating] of Object.entries(bt.ratings)) expect(Math.abs(result!.ratings[model]!.rating! - rating)).toBeLessThan(1e-8);
    // With style, the ratings move: the features carry information in this data set.
    const styled = run(recordsOf(five), five.reference, { seed: 1, rounds: 0 }).result!;
    expect(Math.abs(styled.ratings.m3!.rating! - bt.ratings.m3!)).toBeGreaterThan(1);
  });

  it("does not depend on which model the records list first", () => {
    const swap = (r: BattleRecord): BattleRecord => ({
      ...r,
      model_a: r.model_b,
      model_b: r.model_a,
      words_a: r.words_b,
      words_b: r.words_a,
      style_a: r.style_b,
      style_b: r.style_a,
      winner: r.winner === "model_a" ? "model_b" : r.winner === "model_b" ? "model_a" : r.winner,
      left: r.left === "model_a" ? "model_b" : "model_a",
    });
    const records = recordsOf(five);
    const asGiven = run(records, five.reference, { seed: 1, rounds: 0 }).result!;
    for (const listed of [
      records.map((r) => (r.model_a === five.reference ? swap(r) : r)),
      records.map((r) => (r.model_b === five.reference ? swap(r) : r)),
    ]) {
      const other = run(listed, five.reference, { seed: 1, rounds: 0 }).result!;
      for (const [model, { rating }] of Object.entries(asGiven.ratings))
        expect(Math.abs(other.ratings[model]!.rating! - rating!)).toBeLessThan(1e-8);
      for (const [feature, beta] of Object.entries(asGiven.coefficients))
        expect(Math.abs(other.coefficients[feature as keyof StyleCoefficients]! - beta!)).toBeLessThan(1e-10);
    }
  });

  it("leaves out a feature that never varies between comparisons of the same two models", () => {
    // One pair of models, m1 always with two headers and ref with none: the headers feature is the same in
    // every comparison (up to the listing's sign), a multiple of θ_m1 − θ_ref, so it cannot be estimated.
    const three = caseNamed("three models");
    const headers = (model: string) => (model === "m1" ? 2 : 0);
    const records = recordsOf(three)
      .filter((r) => [r.model_a, r.model_b].sort().join() === "m1,ref")
      .map((r) => ({
        ...r,
        style_a: { ...r.style_a!, headers: headers(r.model_a) },
        style_b: { ...r.style_b!, headers: headers(r.model_b) },
      }));
    const { result, reason } = run(records, "ref", { seed: 1, rounds: 20 });
    expect(reason).toBeNull();
    expect(result!.coefficients.headers).toBeNull();
    expect(result!.coefficients.words).not.toBeNull();
    expect(Number.isFinite(result!.ratings.m1!.rating)).toBe(true);
  });

  it("answers null with a reason when no comparison carries the counts, or the reference is in none of them", () => {
    const bare = recordsOf(five).map(({ words_a, words_b, style_a, style_b, ...rest }) => rest);
    const none = run(bare, five.reference, { seed: 1, rounds: 10 });
    expect(none.result).toBeNull();
    expect(none.reason).toMatch(/No comparison carries the word counts and the Markdown counts/);
    // Word counts alone are not enough.
    const wordsOnly = run(
      recordsOf(five).map(({ style_a, style_b, ...rest }) => rest),
      five.reference,
      { seed: 1, rounds: 10 },
    );
    expect(wordsOnly.reason).toMatch(/No comparison carries/);
    // Counts only on comparisons without the reference.
    const withoutReference = recordsOf(five).map((r) =>
      r.model_a === five.reference || r.model_b === five.reference ? { ...r, words_a: undefined, words_b: undefined } : r,
    );
    const absent = run(withoutReference, five.reference, { seed: 1, rounds: 10 });
    expect(absent.result).toBeNull();
    expect(absent.reason).toMatch(new RegExp(`reference model ${five.reference} is in none of the \\d+ comparisons`));
    expect(run(recordsOf(five), "nobody", { seed: 1, rounds: 0 }).reason).toMatch(/reference model nobody is in none/);
  });

  it("answers null when the features separate wins from losses (no finite maximum)", () => {
    // Every pair meets both ways round and the longer output always wins: the models are connected, but
    // the words coefficient has no finite maximum.
    const style = { headers: 0, list_items: 0, bold: 0 };
    const records: BattleRecord[] = [];
    const pairs = [
      ["x", "y"],
      ["y", "z"],
      ["z", "x"],
    ];
    for (let c = 0; c < 30; c++) {
      const [a, b] = pairs[c % 3]!;
      const longerA = c % 2 === 0;
      records.push({
        comparison_id: `s${c}`,
        instruction_id: `s${c}`,
        model_a: a!,
        model_b: b!,
        annotator: "ann",
        winner: longerA ? "model_a" : "model_b",
        left: "model_a",
        words_a: longerA ? 5000 + c : 2000,
        words_b: longerA ? 2000 : 5000 + c,
        style_a: style,
        style_b: style,
      });
    }
    const { result, reason } = run(records, "x", { seed: 1, rounds: 10 });
    expect(result).toBeNull();
    expect(reason).toMatch(/no finite maximum/);
  });

  it("gives a model outside the reference's group a null rating and interval, and the others intervals", () => {
    const top = caseNamed("three models and one that only won");
    const { result } = run(recordsOf(top), top.reference, { seed: 4, rounds: 200 });
    expect(result!.ratings.top).toEqual({ rating: null, ci: null });
    for (const model of ["m1", "m2"]) expect(result!.ratings[model]!.ci).not.toBeNull();
    const wire = JSON.parse(JSON.stringify(result));
    expect(wire.ratings.top).toEqual({ rating: null, ci: null });
    expect(StyleControlledSchema.parse(wire)).toEqual(wire); // the API's wire shape
  });

  it("bootstraps by instruction: the same for the same seed, intervals around the estimate, another seed moves them", () => {
    const records = recordsOf(five);
    const first = run(records, five.reference, { seed: 9, rounds: 300 });
    expect(run(records, five.reference, { seed: 9, rounds: 300 })).toEqual(first);
    const { ratings } = first.result!;
    expect(ratings[five.reference]).toEqual({ rating: 1000, ci: [1000, 1000] });
    for (const [model, { rating, ci }] of Object.entries(ratings)) {
      if (model === five.reference) continue;
      expect(ci![0]).toBeLessThan(rating!);
      expect(ci![1]).toBeGreaterThan(rating!);
      expect(ci![1] - ci![0]).toBeGreaterThan(20);
      expect(ci![1] - ci![0]).toBeLessThan(200);
    }
    const other = run(records, five.reference, { seed: 10, rounds: 300 }).result!;
    expect(other.ratings.m3!.ci).not.toEqual(ratings.m3!.ci);
    expect(first.definition).toMatch(/each round refits the model by Newton's method/);
    expect(first.definition).toMatch(/300 bootstrap rounds resampling instructions \(seed 9\)/);
  });

  it("one-step (linearised) intervals are close to full refits on a mid-size case", () => {
    const records = recordsOf(five);
    const full = run(records, five.reference, { seed: 2, rounds: 400, bootstrap: "refit" }).result!;
    const linear = run(records, five.reference, { seed: 2, rounds: 400, bootstrap: "one-step" });
    expect(linear.definition).toMatch(/one Newton step from the full-data estimate/);
    for (const [model, { rating, ci }] of Object.entries(full.ratings)) {
      if (model === five.reference) continue;
      const other = linear.result!.ratings[model]!;
      expect(other.rating).toBe(rating);
      const width = ci![1] - ci![0];
      expect(Math.abs(other.ci![0] - ci![0])).toBeLessThan(0.05 * width);
      expect(Math.abs(other.ci![1] - ci![1])).toBeLessThan(0.05 * width);
    }
  });
});
