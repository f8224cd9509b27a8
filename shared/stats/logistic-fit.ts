// Logistic regression with an intercept and one covariate, P(y = 1 | x) = σ(θ + φx), fitted by maximum
// likelihood without penalty on rows that are already aggregated: row r stands for trials[r] observations
// at x[r] whose outcomes y ∈ [0, 1] sum to successes[r] (fractional outcomes, such as a tie counted as
// half a win, enter the likelihood as y·log p + (1 − y)·log(1 − p), as in statsmodels' Binomial GLM).
// Rows are grouped into clusters (CSR: cluster k owns rows start[k] .. start[k + 1]) and every sum is taken
// with a per-cluster weight, so a cluster-bootstrap round refits the same rows with its draw counts.
//
// The maximum is finite exactly when the data are not separated, even quasi-completely (Albert and
// Anderson 1984): no line a + bx ≥ 0 on every success and ≤ 0 on every failure, (a, b) ≠ 0. With one
// covariate that is four extremes: the smallest and largest x among rows with some success (lo1, hi1) and
// among rows with some failure (lo0, hi0). Separated ⇔ no successes, or no failures, or hi0 ≤ lo1, or
// hi1 ≤ lo0 (when x takes at least two values; with one value θ and φ are not identified).

export interface LogisticRows {
  x: Float64Array;
  successes: Float64Array;
  trials: Float64Array;
  /** Clusters of rows: cluster k owns rows start[k] .. start[k + 1]. */
  start: Int32Array;
}

/** The extremes of x among rows with some success and among rows with some failure, per cluster. */
export interface ClusterExtremes {
  lo1: Float64Array;
  hi1: Float64Array;
  lo0: Float64Array;
  hi0: Float64Array;
}

export function clusterExtremes(rows: LogisticRows): ClusterExtremes {
  const clusters = rows.start.length - 1;
  const e: ClusterExtremes = {
    lo1: new Float64Array(clusters).fill(Infinity),
    hi1: new Float64Array(clusters).fill(-Infinity),
    lo0: new Float64Array(clusters).fill(Infinity),
    hi0: new Float64Array(clusters).fill(-Infinity),
  };
  for (let k = 0; k < clusters; k++) {
    for (let r = rows.start[k]!; r < rows.start[k + 1]!; r++) {
      const x = rows.x[r]!;
      if (rows.successes[r]! > 0) [e.lo1[k], e.hi1[k]] = [Math.min(e.lo1[k]!, x), Math.max(e.hi1[k]!, x)];
      if (rows.trials[r]! - rows.successes[r]! > 0) [e.lo0[k], e.hi0[k]] = [Math.min(e.lo0[k]!, x), Math.max(e.hi0[k]!, x)];
    }
  }
  return e;
}

/**
 * Whether the clusters of positive weight have a finite maximum: "finite", "separated", or "unidentified"
 * (x takes one value, so θ and φ cannot be told apart). For "separated", `limit` is where σ(θ) goes along
 * the diverging fit: 1 without failures, 0 without successes, otherwise the outcome that the separating
 * threshold on x, taken midway in the gap between failures and successes, gives at x = 0 (0.5 exactly on it).
 */
export function separation(e: ClusterExtremes, weights: Float64Array): { kind: "finite" | "separated" | "unidentified"; limit: number } {
  let [lo1, hi1, lo0, hi0] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let k = 0; k < weights.length; k++) {
    if (weights[k]! <= 0) continue;
    if (e.lo1[k]! < lo1) lo1 = e.lo1[k]!;
    if (e.hi1[k]! > hi1) hi1 = e.hi1[k]!;
    if (e.lo0[k]! < lo0) lo0 = e.lo0[k]!;
    if (e.hi0[k]! > hi0) hi0 = e.hi0[k]!;
  }
  if (lo0 === Infinity) return { kind: "separated", limit: 1 };
  if (lo1 === Infinity) return { kind: "separated", limit: 0 };
  if (Math.min(lo0, lo1) === Math.max(hi0, hi1)) return { kind: "unidentified", limit: NaN };
  // `aboveT`: the limit of σ(θ + φx) for x above the threshold t, which is where x = 0 lies when t < 0.
  const atZero = (t: number, aboveT: number) => (t < 0 ? aboveT : t > 0 ? 1 - aboveT : 0.5);
  if (hi0 <= lo1) return { kind: "separated", limit: atZero((hi0 + lo1) / 2, 1) }; // successes at large x
  if (hi1 <= lo0) return { kind: "separated", limit: atZero((hi1 + lo0) / 2, 0) }; // successes at small x
  return { kind: "finite", limit: NaN };
}

/** Log-likelihood, score and information (negated Hessian) at (θ, φ), over the clusters of positive weight (of those from `from` to `to`). */
export interface LogisticSums {
  ll: number;
  g0: number;
  g1: number;
  i00: number;
  i01: number;
  i11: number;
}

export function logisticSums(
  rows: LogisticRows,
  weights: Float64Array,
  theta: number,
  phi: number,
  out: LogisticSums,
  from = 0,
  to = weights.length,
): LogisticSums {
  const { x, successes, trials, start } = rows;
  // Plain locals rather than destructuring: this loop is the bootstrap's inner loop.
  let ll = 0;
  let g0 = 0;
  let g1 = 0;
  let i00 = 0;
  let i01 = 0;
  let i11 = 0;
  for (let k = from; k < to; k++) {
    const w = weights[k]!;
    if (w <= 0) continue;
    let cll = 0;
    let cg0 = 0;
    let cg1 = 0;
    let ci00 = 0;
    let ci01 = 0;
    let ci11 = 0;
    for (let r = start[k]!; r < start[k + 1]!; r++) {
      const xr = x[r]!;
      const eta = theta + phi * xr;
      const e = Math.exp(-Math.abs(eta));
      const p = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
      const n = trials[r]!;
      const s = successes[r]!;
      // log σ(η)·s + log(1 − σ(η))·(n − s) = s·η − n·softplus(η)
      cll += s * eta - n * (Math.max(eta, 0) + Math.log1p(e));
      const residual = s - n * p;
      cg0 += residual;
      cg1 += residual * xr;
      const v = n * p * (1 - p);
      ci00 += v;
      ci01 += v * xr;
      ci11 += v * xr * xr;
    }
    ll += w * cll;
    g0 += w * cg0;
    g1 += w * cg1;
    i00 += w * ci00;
    i01 += w * ci01;
    i11 += w * ci11;
  }
  out.ll = ll;
  out.g0 = g0;
  out.g1 = g1;
  out.i00 = i00;
  out.i01 = i01;
  out.i11 = i11;
  return out;
}

/** (θ, φ) + I⁻¹g: a Newton step from the sums; NaN when the information is singular. */
export function newtonStep(s: LogisticSums, theta: number, phi: number): [number, number] {
  const det = s.i00 * s.i11 - s.i01 * s.i01;
  if (!(det > 0)) return [NaN, NaN];
  return [theta + (s.i11 * s.g0 - s.i01 * s.g1) / det, phi + (s.i00 * s.g1 - s.i01 * s.g0) / det];
}

/**
 * Newton's method with step halving from (θ, φ) = start, until a Newton step moves neither by more than
 * `tolerance` (taken without a further pass: near the maximum the error after it is of order step²), a
 * halved step does, or no step raises the likelihood (the maximum, up to rounding). `startSums`, when given, are the sums at
 * `start` (a bootstrap round has them from its clusters' sums at the full-data estimate), saving a pass.
 * Call it only on data that `separation` calls "finite": there the log-likelihood is strictly concave and
 * the maximum unique. Returns [NaN, NaN] if the information turns singular.
 */
export function fitLogistic(
  rows: LogisticRows,
  weights: Float64Array,
  start: [number, number],
  tolerance: number,
  startSums?: LogisticSums,
): [number, number] {
  let [theta, phi] = start;
  let at = startSums ? { ...startSums } : logisticSums(rows, weights, theta, phi, { ll: 0, g0: 0, g1: 0, i00: 0, i01: 0, i11: 0 });
  let trial: LogisticSums = { ll: 0, g0: 0, g1: 0, i00: 0, i01: 0, i11: 0 };
  for (let iteration = 0; iteration < 1000; iteration++) {
    const [nextTheta, nextPhi] = newtonStep(at, theta, phi);
    if (Number.isNaN(nextTheta)) return [NaN, NaN];
    const [d0, d1] = [nextTheta - theta, nextPhi - phi];
    if (Math.max(Math.abs(d0), Math.abs(d1)) < tolerance) return [nextTheta, nextPhi];
    // A slack of rounding size in the comparison: `at` may come from differently ordered sums (startSums).
    const floor = at.ll - 1e-13 * Math.abs(at.ll);
    let size = 1;
    let improved = false;
    for (let halving = 0; halving < 60; halving++) {
      logisticSums(rows, weights, theta + size * d0, phi + size * d1, trial);
      if (trial.ll >= floor) {
        improved = true;
        break;
      }
      size /= 2;
    }
    if (!improved) break;
    theta += size * d0;
    phi += size * d1;
    [at, trial] = [trial, at];
    if (size < 1 && Math.max(Math.abs(size * d0), Math.abs(size * d1)) < tolerance) break;
  }
  return [theta, phi];
}

/** Per cluster, at (θ, φ): log-likelihood, score g0, g1 and information i00, i01, i11 (6 values a cluster). */
export function clusterSums(rows: LogisticRows, theta: number, phi: number): Float64Array {
  const clusters = rows.start.length - 1;
  const values = new Float64Array(clusters * 6);
  const ones = new Float64Array(clusters).fill(1);
  const sums: LogisticSums = { ll: 0, g0: 0, g1: 0, i00: 0, i01: 0, i11: 0 };
  for (let k = 0; k < clusters; k++) {
    logisticSums(rows, ones, theta, phi, sums, k, k + 1);
    values.set([sums.ll, sums.g0, sums.g1, sums.i00, sums.i01, sums.i11], k * 6);
  }
  return values;
}

/** The sums over all clusters with weights, from clusterSums' values: O(clusters) instead of a pass over the rows. */
export function weightedSums(values: Float64Array, weights: Float64Array, out: LogisticSums): LogisticSums {
  let [ll, g0, g1, i00, i01, i11] = [0, 0, 0, 0, 0, 0];
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k]!;
    if (w === 0) continue;
    ll += w * values[k * 6]!;
    g0 += w * values[k * 6 + 1]!;
    g1 += w * values[k * 6 + 2]!;
    i00 += w * values[k * 6 + 3]!;
    i01 += w * values[k * 6 + 4]!;
    i11 += w * values[k * 6 + 5]!;
  }
  Object.assign(out, { ll, g0, g1, i00, i01, i11 });
  return out;
}
