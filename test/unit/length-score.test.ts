import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lengthScore } from "../../shared/scoring/length-score";
import { npMean } from "../../shared/stats/np-mean";
import { readFixture } from "../helpers/fixtures";

interface Vector {
  required: number;
  actual: number;
  score: number | null;
}

describe("lengthScore (LongBench-Write's S_l)", () => {
  const { vectors } = JSON.parse(readFixture("longwriter/length_score_vectors.json")) as { vectors: Vector[] };

  it.each(vectors.filter((v) => v.score !== null).map((v) => [v.required, v.actual, v.score] as const))(
    "(%i, %i) scores exactly %d",
    (required, actual, score) => {
      expect(lengthScore(required, actual)).toBe(score);
    },
  );

  it("scores an output with no countable word 0 where the reference crashes", () => {
    expect(vectors.some((v) => v.actual === 0 && v.score === null)).toBe(true);
    expect(lengthScore(1000, 0)).toBe(0);
  });

  it("penalises writing too long more gently than too short", () => {
    expect(lengthScore(1000, 2000)).toBeGreaterThan(lengthScore(1000, 500));
  });
});

describe("npMean (numpy's pairwise-summed mean)", () => {
  const { cases } = JSON.parse(readFileSync(new URL("../vectors/np-mean.json", import.meta.url), "utf8")) as {
    cases: { n: number; values: number[]; mean: number }[];
  };

  it.each(cases.map((c) => [c.n, c] as const))("matches np.mean to the last digit for n = %i", (_n, c) => {
    expect(npMean(c.values)).toBe(c.mean);
  });

  it("differs from a left-to-right sum where numpy does", () => {
    const differing = cases.filter((c) => c.values.reduce((a, b) => a + b, 0) / c.n !== c.mean);
    expect(differing.length).toBeGreaterThan(0);
  });
});
