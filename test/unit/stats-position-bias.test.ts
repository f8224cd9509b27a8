import { describe, expect, it } from "vitest";
import type { BattleRecord } from "../../shared/schemas/battles";
import { checkBattles } from "../../shared/stats/battle-index";
import type { BattleStats } from "../../shared/stats/battle-stats";
import { binomialLogPmf, binomialTestTwoSided } from "../../shared/stats/binomial-test";
import { positionBias } from "../../shared/stats/position-bias";
import { readFixture } from "../helpers/fixtures";

const expected = JSON.parse(readFixture("judgments-a/expected.json")) as BattleStats;

// scipy.stats.binomtest(k, n, p).pvalue, scipy 1.17.1.
const scipy: [k: number, n: number, p: number, pValue: number][] = [
  [579, 1017, 0.5, 1.0993485885669018e-5],
  [500_000, 1_000_000, 0.5, 1.0],
  [501_000, 1_000_000, 0.5, 0.0456082998653896],
  [498_765, 1_000_000, 0.5, 0.013549082147063374],
  [502_500, 1_000_000, 0.5, 5.762541637743035e-7],
  [499_999, 1_000_000, 0.5, 0.9992021156386692],
  [1, 1_000_000, 0.5, 0],
  [0, 10, 0.5, 0.001953125],
  [10, 10, 0.5, 0.001953125],
  [3, 10, 0.5, 0.34375],
  [7, 10, 0.5, 0.34375],
  [1, 1, 0.5, 1.0],
  [0, 1, 0.5, 1.0],
  [5, 11, 0.5, 1.0],
  [3, 20, 0.3, 0.22041826738070913],
  [10, 20, 0.3, 0.08344502962981207],
  [2, 9, 0.8, 0.00031385599999999946],
  [300_100, 1_000_000, 0.3, 0.8272593863828317],
  [299_000, 1_000_000, 0.3, 0.02909631903043277],
];

const relativeError = (got: number, want: number) => (want === 0 ? Math.abs(got) : Math.abs(got - want) / want);

describe("two-sided exact binomial test", () => {
  it.each(scipy)("k=%i of n=%i, p=%f matches scipy to 1e-9 relative", (k, n, p, want) => {
    expect(relativeError(binomialTestTwoSided(k, n, p), want)).toBeLessThan(1e-9);
  });

  it("has log-probabilities that sum to 1 and match small exact values", () => {
    let total = 0;
    for (let x = 0; x <= 40; x++) total += Math.exp(binomialLogPmf(x, 40, 0.3));
    expect(total).toBeCloseTo(1, 14);
    expect(Math.exp(binomialLogPmf(3, 10, 0.5))).toBeCloseTo(120 / 1024, 15);
    expect(binomialLogPmf(11, 10, 0.5)).toBe(-Infinity);
  });

  it("rejects impossible arguments", () => {
    expect(() => binomialTestTwoSided(3, 0)).toThrow(RangeError);
    expect(() => binomialTestTwoSided(11, 10)).toThrow(RangeError);
    expect(() => binomialTestTwoSided(1.5, 10)).toThrow(RangeError);
  });
});

describe("position bias", () => {
  it("matches judgments-a: decided, left wins, share and p-value to 1e-9 relative", () => {
    const { battles, errors } = checkBattles(
      readFixture("judgments-a/judgments.jsonl")
        .trim()
        .split("\n")
        .map((text, i) => ({ line: i + 1, fields: JSON.parse(text) })),
    );
    expect(errors).toEqual([]);
    const bias = positionBias(battles);
    const want = expected.position_bias;
    expect(bias.decided).toBe(want.decided);
    expect(bias.left_wins).toBe(want.left_wins);
    expect(bias.left_win_rate).toBeCloseTo(want.left_win_rate!, 15);
    expect(relativeError(bias.p_value!, want.p_value!)).toBeLessThan(1e-9);
  });

  it("leaves ties and both_bad out, and is null with no decided judgment", () => {
    const record = (winner: BattleRecord["winner"], left: BattleRecord["left"]): BattleRecord => ({
      comparison_id: "c",
      instruction_id: "i",
      model_a: "a",
      model_b: "b",
      annotator: "x",
      winner,
      left,
    });
    expect(
      positionBias([
        record("model_a", "model_a"),
        record("model_b", "model_a"),
        record("model_b", "model_b"),
        record("tie", "model_a"),
        record("both_bad", "model_b"),
      ]),
    ).toEqual({
      decided: 3,
      left_wins: 2,
      left_win_rate: 2 / 3,
      p_value: 1,
    });
    expect(positionBias([record("tie", "model_a")])).toEqual({ decided: 0, left_wins: 0, left_win_rate: null, p_value: null });
  });

  it("tests a million decided judgments quickly", () => {
    const start = performance.now();
    expect(binomialTestTwoSided(501_234, 1_000_000)).toBeLessThan(0.02);
    expect(performance.now() - start).toBeLessThan(200);
  });
});
