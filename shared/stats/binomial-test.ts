// Exact binomial test, two-sided, as scipy.stats.binomtest(k, n, p).pvalue defines it: the probability of
// every outcome whose probability is ≤ that of the observed k, with scipy's relative tolerance 1 + 1e-7 on
// that comparison (which keeps outcomes equal to it up to rounding), capped at 1.
//
// The probabilities are computed in log space with Loader's saddle-point form ("Fast and accurate
// computation of binomial probabilities", 2000; R's dbinom_raw), accurate to about 1e-15 relative even for
// n in the millions, where log-gamma differences would lose digits. Each tail is summed outward from the
// term nearest the mode, by the ratio of consecutive terms, until the terms no longer change the sum: a
// few thousand terms at most, whatever n.

const ln2pi = Math.log(2 * Math.PI);

// stirlerr(n) = log(n!) − log(√(2πn)·(n/e)^n) for n = 0..15 (R's sferr_halves at the integers).
// biome-ignore-start lint/correctness/noPrecisionLoss: R's digits, kept as published; each literal still reads as its nearest double
const stirlerrTable = [
  0.0, 0.0810614667953272582196702, 0.0413406959554092940938221, 0.02767792568499833914878929, 0.02079067210376509311152277,
  0.01664469118982119216319487, 0.01387612882307074799874573, 0.01189670994589177009505572, 0.010411265261972096497478567,
  0.009255462182712732917728637, 0.008330563433362871256469318, 0.007573675487951840794972024, 0.006942840107209529865664152,
  0.006408994188004207068439631, 0.005951370112758847735624416, 0.00555473355196280137103869,
];
// biome-ignore-end lint/correctness/noPrecisionLoss: end of R's table

function stirlerr(n: number): number {
  if (n <= 15) return stirlerrTable[n]!;
  const s0 = 1 / 12;
  const s1 = 1 / 360;
  const s2 = 1 / 1260;
  const s3 = 1 / 1680;
  const s4 = 1 / 1188;
  const nn = n * n;
  if (n > 500) return (s0 - s1 / nn) / n;
  if (n > 80) return (s0 - (s1 - s2 / nn) / nn) / n;
  if (n > 35) return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
  return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

/** Deviance term x·log(x/np) + np − x, by its series when x is close to np. */
function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    if (Math.abs(s) < Number.MIN_VALUE) return s;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
  }
  return x * Math.log(x / np) + np - x;
}

/** log P(X = x) for X ~ Binomial(n, p), 0 < p < 1, x an integer (−Infinity outside [0, n]). */
export function binomialLogPmf(x: number, n: number, p: number): number {
  const q = 1 - p;
  if (x < 0 || x > n) return -Infinity;
  if (x === 0) return n === 0 ? 0 : p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q);
  if (x === n) return q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p);
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = ln2pi + Math.log(x) + Math.log1p(-x / n);
  return lc - 0.5 * lf;
}

/** P(X ≤ x), summed from x downward; the terms only shrink there when x is at or below the mode. */
function lowerTail(x: number, n: number, p: number): number {
  if (x < 0) return 0;
  if (x >= n) return 1;
  const odds = (1 - p) / p;
  let term = 1;
  let sum = 1;
  for (let i = x; i > 0; i--) {
    term *= (i / (n - i + 1)) * odds; // P(i − 1) / P(i)
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return Math.exp(binomialLogPmf(x, n, p) + Math.log(sum));
}

/** P(X ≥ x), summed from x upward; the terms only shrink there when x is at or above the mode. */
function upperTail(x: number, n: number, p: number): number {
  if (x <= 0) return 1;
  if (x > n) return 0;
  const odds = p / (1 - p);
  let term = 1;
  let sum = 1;
  for (let i = x; i < n; i++) {
    term *= ((n - i) / (i + 1)) * odds; // P(i + 1) / P(i)
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return Math.exp(binomialLogPmf(x, n, p) + Math.log(sum));
}

/** scipy's _binary_search_for_binom_tst: the i in [lo, hi] with a(i) ≤ d < a(i + 1), a ascending there. */
function binarySearch(a: (x: number) => number, d: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const value = a(mid);
    if (value < d) lo = mid + 1;
    else if (value > d) hi = mid - 1;
    else return mid;
  }
  return a(lo) <= d ? lo : lo - 1;
}

/** Two-sided exact binomial p-value of k successes in n trials under success probability p (default ½). */
export function binomialTestTwoSided(k: number, n: number, p = 0.5): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`k must be an integer in [0, n], got ${k}`);
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  if (k === p * n) return 1;
  // Compared in log space: log(d·rerr) = log d + log1p(1e-7).
  const logBound = binomialLogPmf(k, n, p) + Math.log1p(1e-7);
  const logPmf = (x: number) => binomialLogPmf(x, n, p);
  let pValue: number;
  if (k < p * n) {
    const ix = binarySearch((x) => -logPmf(x), -logBound, Math.ceil(p * n), n);
    const y = n - ix + (logBound === logPmf(ix) ? 1 : 0);
    pValue = lowerTail(k, n, p) + upperTail(n - y + 1, n, p);
  } else {
    const ix = binarySearch(logPmf, logBound, 0, Math.floor(p * n));
    const y = ix + 1;
    pValue = lowerTail(y - 1, n, p) + upperTail(k, n, p);
  }
  return Math.min(1, pValue);
}
