import { binomialLogPmf } from "./binomial-test";

// One bootstrap round draws n comparisons with replacement. A statistic that depends only on how many
// times each distinct kind of comparison was drawn (its score, or its pair of models and tally of
// verdicts) can take those counts straight from the multinomial distribution they follow,
// Multinomial(n; share of each kind), which is how FastChat's compute_bootstrap_bt resamples its unique
// battle rows. Same distribution as n index draws, but the cost of a round no longer grows with n: a
// million judgments take a few hundred uniform draws per round instead of a million.
//
// The multinomial is drawn as conditional binomials; each binomial by inversion, from 0 when the mean is
// small, otherwise outward from the mode (alternately below and above it), so a draw costs about one step
// per standard deviation. Probabilities come from binomialLogPmf (accurate to ~1e-15) and the ratio of
// consecutive terms; uniform draws are multiples of 2^-32, far finer than any term a draw can land on.

/** One draw of Binomial(n, p) from uniform [0, 1) draws. */
export function sampleBinomial(n: number, p: number, random: () => number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - sampleBinomial(n, 1 - p, random);
  const q = 1 - p;
  const odds = p / q;
  let u = random();
  if (n * p < 30) {
    // From 0: P(0) = q^n ≥ e^(−np/q) ≥ e^−60 here, far from underflow.
    let f = Math.exp(n * Math.log1p(-p));
    for (let x = 0; x < n; x++) {
      if (u < f) return x;
      u -= f;
      f *= ((n - x) / (x + 1)) * odds;
    }
    return n;
  }
  const mode = Math.floor((n + 1) * p);
  const fMode = Math.exp(binomialLogPmf(mode, n, p));
  if (u < fMode) return mode;
  u -= fMode;
  let down = mode;
  let up = mode;
  let fDown = fMode;
  let fUp = fMode;
  while (down > 0 || up < n) {
    if (down > 0) {
      fDown *= down / (n - down + 1) / odds; // P(down − 1) / P(down)
      down--;
      if (u < fDown) return down;
      u -= fDown;
    }
    if (up < n) {
      fUp *= ((n - up) / (up + 1)) * odds; // P(up + 1) / P(up)
      up++;
      if (u < fUp) return up;
      u -= fUp;
    }
    if ((down === 0 || fDown === 0) && (up === n || fUp === 0)) break;
  }
  return mode; // only when rounding left the summed probabilities a hair short of u (< 1e-12)
}

/**
 * Counts of n draws with replacement among kinds drawn with probability weights[k] / Σ weights (here: how
 * many comparisons of each kind there are), written into `out`.
 */
export function sampleMultinomial(n: number, weights: ArrayLike<number>, random: () => number, out: Float64Array): void {
  let remaining = n;
  let rest = 0;
  for (let k = 0; k < weights.length; k++) rest += weights[k]!;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k]!;
    const count =
      k === weights.length - 1 ? remaining : remaining > 0 && rest > 0 ? sampleBinomial(remaining, Math.min(1, w / rest), random) : 0;
    out[k] = count;
    remaining -= count;
    rest -= w;
  }
}
