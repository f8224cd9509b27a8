import { describe, expect, it } from "vitest";
import type { BattleRecord } from "../../shared/schemas/battles";
import { agreement, cohenKappa, krippendorffAlpha } from "../../shared/stats/agreement";
import { indexBattles } from "../../shared/stats/battle-index";
import { judgmentsA } from "../helpers/fixtures";

const { expected, fixture } = judgmentsA();

const verdicts = { A: "model_a", T: "tie", B: "model_b" } as const;
/** Items × raters of verdict letters ("-" for a missing rating) as battle records; rater names r1, r2, ... */
function ratings(rows: string[]): BattleRecord[] {
  return rows.flatMap((row, item) =>
    [...row].flatMap((v, rater) =>
      v === "-"
        ? []
        : [
            {
              comparison_id: `c${item}`,
              instruction_id: `i${item}`,
              model_a: "m",
              model_b: "ref",
              annotator: `r${rater + 1}`,
              winner: verdicts[v as keyof typeof verdicts],
              left: "model_a" as const,
            },
          ],
    ),
  );
}
const of = (rows: string[]) => agreement(indexBattles(ratings(rows)));
/** Two raters' sequences as items × raters rows. */
const zip = (r1: string, r2: string) => [...r1].map((v, i) => v + r2[i]);

describe("agreement on judgments-a", () => {
  const a = agreement(indexBattles(fixture.battles));

  it("matches the fixture's Cohen κ and raw agreement per pair to 1e-12", () => {
    expect(Object.keys(a.cohen_kappa)).toEqual(Object.keys(expected.agreement.cohen_kappa));
    for (const [pair, want] of Object.entries(expected.agreement.cohen_kappa)) {
      const got = a.cohen_kappa[pair]!;
      expect(got.n).toBe(want.n);
      expect(got.kappa).toBeCloseTo(want.kappa!, 12);
      expect(got.agreement).toBeCloseTo(want.agreement, 12);
    }
  });

  it("matches Fleiss κ, Krippendorff α (nominal, interval) and pairwise agreement to 1e-12", () => {
    expect(a.fleiss_kappa).toBeCloseTo(expected.agreement.fleiss_kappa!, 12);
    expect(a.krippendorff_alpha_nominal).toBeCloseTo(expected.agreement.krippendorff_alpha_nominal!, 12);
    expect(a.krippendorff_alpha_interval).toBeCloseTo(expected.agreement.krippendorff_alpha_interval!, 12);
    expect(a.pairwise_agreement).toBeCloseTo(expected.agreement.pairwise_agreement!, 12);
  });

  it("reports each annotator's agreement with the majority of the others", () => {
    expect(Object.keys(a.with_majority_of_others)).toEqual(["ann1", "ann2", "ann3", "ann4", "ann5"]);
    // ann5 is the fixture's contrarian: κ near 0 with everyone.
    expect(a.with_majority_of_others.ann5!.agreement!).toBeLessThan(0.4);
    expect(a.with_majority_of_others.ann2!.agreement!).toBeGreaterThan(0.7);
  });
});

describe("agreement: small cases by hand", () => {
  it("Cohen κ of a 2×2 table: 20 both A, 15 both B, 5 A/B, 10 B/A → p_o 0.7, p_e 0.5, κ 0.4", () => {
    const rows = [...Array(20).fill("AA"), ...Array(15).fill("BB"), ...Array(5).fill("AB"), ...Array(10).fill("BA")];
    const pair = of(rows).cohen_kappa["r1|r2"]!;
    expect(pair.n).toBe(50);
    expect(pair.agreement).toBeCloseTo(0.7, 15);
    expect(pair.kappa).toBeCloseTo(0.4, 15);
    // The same from the confusion matrix (rows r1: A, tie, B; columns r2).
    expect(cohenKappa([20, 0, 5, 0, 0, 0, 10, 0, 15])).toBeCloseTo(0.4, 15);
  });

  it("reproduces REFERENCE §T: Cohen κ 0.516129 and agreement 0.70 (scikit-learn)", () => {
    const pair = of(zip("AABTABBTAA", "ABBTABTAAA")).cohen_kappa["r1|r2"]!;
    expect(pair.kappa).toBeCloseTo(0.516129, 6);
    expect(pair.agreement).toBeCloseTo(0.7, 15);
  });

  it("reproduces REFERENCE §T: Fleiss κ 0.391892 (statsmodels) and Krippendorff α nominal 0.390625 with a missing rating", () => {
    expect(of(["AAA", "ATA", "BBT", "TTT", "BAB"]).fleiss_kappa).toBeCloseTo(0.391892, 6);
    expect(of(["AAA", "ATA", "BBT", "TT-", "BAB"]).krippendorff_alpha_nominal).toBeCloseTo(0.390625, 12);
  });

  it("reproduces Krippendorff's published values on his 4-coder C data: nominal 0.7434, interval 0.8491", () => {
    const coders = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
      [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
    ]; // 0 = missing
    const c = 5;
    const o = new Float64Array(c * c);
    for (let u = 0; u < 12; u++) {
      const values = coders.map((row) => row[u]!).filter((v) => v > 0);
      if (values.length < 2) continue;
      values.forEach((x, i) => values.forEach((y, j) => i !== j && (o[(x - 1) * c + (y - 1)]! += 1 / (values.length - 1))));
    }
    expect(krippendorffAlpha(o, c, (x, y) => (x === y ? 0 : 1))).toBeCloseTo(0.743421052631579, 12);
    expect(krippendorffAlpha(o, c, (x, y) => (x - y) ** 2)).toBeCloseTo(0.8491071428571428, 12);
  });

  it("perfect agreement: every κ and α is 1", () => {
    const a = of(["AAA", "BBB", "TTT", "AAA"]);
    expect(a.cohen_kappa["r1|r2"]).toEqual({ n: 4, kappa: 1, agreement: 1 });
    expect(a.fleiss_kappa).toBe(1);
    expect(a.krippendorff_alpha_nominal).toBe(1);
    expect(a.krippendorff_alpha_interval).toBe(1);
    expect(a.pairwise_agreement).toBe(1);
    expect(a.with_majority_of_others.r1).toEqual({ n: 4, agreement: 1 });
  });

  it("all ties: agreement 1, but κ and α are 0/0 and so null (scikit-learn and statsmodels give NaN)", () => {
    const a = of(["TTT", "TTT"]);
    expect(a.cohen_kappa["r1|r3"]).toEqual({ n: 2, kappa: null, agreement: 1 });
    expect(a.fleiss_kappa).toBeNull();
    expect(a.krippendorff_alpha_nominal).toBeNull();
    expect(a.krippendorff_alpha_interval).toBeNull();
    expect(a.pairwise_agreement).toBe(1);
  });

  it("one annotator only: no pair, so no κ, α or pairwise agreement, and no crash", () => {
    expect(of(["A", "B", "T"])).toEqual({
      cohen_kappa: {},
      fleiss_kappa: null,
      krippendorff_alpha_nominal: null,
      krippendorff_alpha_interval: null,
      pairwise_agreement: null,
      with_majority_of_others: { r1: { n: 0, agreement: null } },
    });
  });

  it("reads a record listing the models the other way round with its verdict flipped", () => {
    const records = ratings(["AA", "BB"]);
    records[1] = { ...records[1]!, model_a: "ref", model_b: "m", winner: "model_b" }; // the same verdict: m won
    expect(agreement(indexBattles(records)).cohen_kappa["r1|r2"]).toEqual({ n: 2, kappa: 1, agreement: 1 });
  });
});
