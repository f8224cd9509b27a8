import { describe, expect, it } from "vitest";
import { combinedScore } from "../../shared/scoring/combined-score";

describe("combinedScore (S = w·S_l + (1 − w)·S_q)", () => {
  it.each([
    // [lengthScore, qualityScore, weight, expected]
    [80, 60, undefined, 70],
    [100, 0, undefined, 50],
    [0, 0, undefined, 0],
    [100, 100, undefined, 100],
    [80, 60, 0.5, 70],
    [80, 60, 0, 60],
    [80, 60, 1, 80],
    [80, 60, 0.25, 65],
    [null, 60, undefined, 60],
    [null, 60, 1, 60],
    [null, 60, 0, 60],
  ] as const)("(S_l %s, S_q %s, w %s) = %s", (lengthScore, qualityScore, weight, expected) => {
    expect(combinedScore({ lengthScore, qualityScore, weight })).toBe(expected);
  });

  it("matches LongBench-Write's (S_l + S_q) / 2 to the last bit with the default weight", () => {
    for (const [l, q] of [
      [86.66666666666667, 73.3],
      [0.1, 0.2],
      [99.99999999999999, 33.333333333333336],
      [41.02564102564103, 77.5],
    ] as const) {
      expect(combinedScore({ lengthScore: l, qualityScore: q })).toBe((l + q) / 2);
    }
  });

  it.each([
    [80, null],
    [null, null],
  ] as const)("is null when there is no quality score (S_l %s)", (lengthScore, qualityScore) => {
    expect(combinedScore({ lengthScore, qualityScore })).toBeNull();
  });

  it.each([-0.1, 1.01, Number.NaN, Number.POSITIVE_INFINITY])("rejects weight %s", (weight) => {
    expect(() => combinedScore({ lengthScore: 80, qualityScore: 60, weight })).toThrow(RangeError);
    // a bad weight is a bug even where it would not be used
    expect(() => combinedScore({ lengthScore: null, qualityScore: null, weight })).toThrow(RangeError);
  });
});
