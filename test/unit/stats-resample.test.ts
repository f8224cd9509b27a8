import { describe, expect, it } from "vitest";
import { seededRandom } from "../../shared/scoring/seeded-random";
import { binomialLogPmf } from "../../shared/stats/binomial-test";
import { sampleBinomial, sampleMultinomial } from "../../shared/stats/resample";
import { bootstrapMeans } from "../../shared/stats/win-rates";

/** Pearson's χ² of observed counts against Binomial(n, p) over all outcomes with expected count ≥ 5. */
function chiSquare(observed: number[], draws: number, n: number, p: number) {
  let chi = 0;
  let cells = 0;
  for (let x = 0; x <= n; x++) {
    const expected = draws * Math.exp(binomialLogPmf(x, n, p));
    if (expected < 5) continue;
    chi += (observed[x]! - expected) ** 2 / expected;
    cells++;
  }
  return { chi, cells };
}

describe("binomial and multinomial draws", () => {
  it.each([
    [20, 0.3], // small mean: inversion from 0
    [200, 0.4], // from the mode
    [200, 0.85], // p > ½ by symmetry
    [5000, 0.02], // small mean, large n
  ])("Binomial(%i, %f) draws follow the distribution (χ² well inside its range)", (n, p) => {
    const random = seededRandom(11, `binomial:${n}:${p}`);
    const draws = 100_000;
    const observed = new Array<number>(n + 1).fill(0);
    for (let i = 0; i < draws; i++) observed[sampleBinomial(n, p, random)]!++;
    const { chi, cells } = chiSquare(observed, draws, n, p);
    // χ² with cells − 1 degrees of freedom: mean cells − 1, sd √(2(cells − 1)); 5 sd is far in the tail.
    expect(chi).toBeLessThan(cells - 1 + 5 * Math.sqrt(2 * (cells - 1)));
  });

  it("has the right mean and variance for a million trials", () => {
    const random = seededRandom(5, "binomial:large");
    const n = 1_000_000;
    const p = 0.3;
    const xs = Array.from({ length: 20_000 }, () => sampleBinomial(n, p, random));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
    expect(Math.abs(mean - n * p)).toBeLessThan(5 * Math.sqrt((n * p * (1 - p)) / xs.length));
    expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.95);
    expect(variance / (n * p * (1 - p))).toBeLessThan(1.05);
  });

  it("handles the edges: no trials, p 0 and 1", () => {
    const random = seededRandom(1, "edges");
    expect(sampleBinomial(0, 0.5, random)).toBe(0);
    expect(sampleBinomial(10, 0, random)).toBe(0);
    expect(sampleBinomial(10, 1, random)).toBe(10);
  });

  it("draws multinomial counts that add up to n, with kinds of weight 0 never drawn", () => {
    const random = seededRandom(2, "multinomial");
    const out = new Float64Array(4);
    const totals = new Float64Array(4);
    for (let r = 0; r < 2000; r++) {
      sampleMultinomial(1000, [10, 0, 30, 60], random, out);
      expect(out.reduce((a, b) => a + b, 0)).toBe(1000);
      expect(out[1]).toBe(0);
      out.forEach((v, k) => (totals[k]! += v));
    }
    expect(totals[0]! / 2_000_000).toBeCloseTo(0.1, 2);
    expect(totals[2]! / 2_000_000).toBeCloseTo(0.3, 2);
    expect(totals[3]! / 2_000_000).toBeCloseTo(0.6, 2);
  });

  it("bootstraps a mean with the spread index resampling gives: sd ≈ σ/√n", () => {
    const scores = Array.from({ length: 400 }, (_, i) => [0, 0.5, 1, 1][i % 4]!);
    const means = bootstrapMeans(scores, 4000, seededRandom(3, "means"));
    const mean = means.reduce((a, b) => a + b, 0) / means.length;
    const sd = Math.sqrt(means.reduce((a, m) => a + (m - mean) ** 2, 0) / (means.length - 1));
    const sigma = Math.sqrt(scores.reduce((a, s) => a + (s - 0.625) ** 2, 0) / scores.length);
    expect(mean).toBeCloseTo(0.625, 2);
    expect(sd / (sigma / Math.sqrt(400))).toBeGreaterThan(0.95);
    expect(sd / (sigma / Math.sqrt(400))).toBeLessThan(1.05);
  });
});
