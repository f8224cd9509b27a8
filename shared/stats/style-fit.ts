import { fitBradleyTerry, reachability, solve } from "./bradley-terry";

// The likelihood of style-controlled Bradley–Terry (style-controlled.ts) over rows aggregated per comparison:
// every judgment of a comparison has the same models and features, so only its label varies, and the log-
// likelihood of a row is s·log σ(η) + (n − s)·log σ(−η), with n its judgments, s its half-wins of side a
// (a tie counts ½) and η = θ_a − θ_b + β·z. A bootstrap round multiplies each row by how often its
// instruction was drawn (`weight`).
//
// As for plain Bradley–Terry (bradley-terry.ts), a finite maximum exists only inside strongly connected
// groups of the "won or tied against" graph. Between groups every judgment goes one way, so the supremum
// pushes groups infinitely apart and those judgments drop out; judgments inside any group still inform β,
// so each group of two or more models is fitted with its own anchor (the reference for the reference's group),
// and only the reference's group has ratings to report.

export interface StyleRows {
  count: number;
  /** Per row: the comparison's models, in its orientation. */
  modelA: Int32Array;
  modelB: Int32Array;
  /** count × features standardised feature values (row-major). */
  z: Float64Array;
  features: number;
  /** Per row: judgments, and half-wins of side a (wins + ties/2). */
  judgments: Float64Array;
  winsA: Float64Array;
  /** Per row: its instruction (a cluster of the bootstrap), 0..clusters − 1. */
  cluster: Int32Array;
  clusters: number;
}

/** Which parameters a fit estimates: per model its position among the parameters (−1: fixed), per feature likewise. */
export interface StyleStructure {
  /** Per model: the anchor of its strongly connected group, −1 when it is alone in it (the reference always has itself). */
  anchor: Int32Array;
  /** Per model: +Infinity above the reference's group, −Infinity below, NaN unrelated, 0 inside it. */
  outside: Float64Array;
  modelPosition: Int32Array;
  featurePosition: Int32Array;
  parameters: number;
  /** k×k half-wins of the rows (weighted), as bradley-terry.ts's fitBradleyTerry takes them. */
  wins: Float64Array;
}

export interface StyleFit {
  /** Per model θ (reference 0); per feature β (NaN when the feature is not estimated). */
  theta: Float64Array;
  beta: Float64Array;
  converged: boolean;
}

export function styleStructure(rows: StyleRows, k: number, reference: number, weight: Float64Array | null): StyleStructure {
  const wins = new Float64Array(k * k);
  for (let r = 0; r < rows.count; r++) {
    const m = weight === null ? 1 : weight[rows.cluster[r]!]!;
    if (m === 0) continue;
    const a = rows.modelA[r]!;
    const b = rows.modelB[r]!;
    wins[a * k + b]! += m * rows.winsA[r]!;
    wins[b * k + a]! += m * (rows.judgments[r]! - rows.winsA[r]!);
  }
  const reach = reachability(wins, k);
  const anchor = new Int32Array(k).fill(-1);
  const outside = new Float64Array(k);
  const modelPosition = new Int32Array(k).fill(-1);
  let parameters = 0;
  for (let i = 0; i < k; i++) {
    if (anchor[i] !== -1) continue;
    const members: number[] = [];
    for (let j = 0; j < k; j++) if (reach[i * k + j] === 1 && reach[j * k + i] === 1) members.push(j);
    if (members.length < 2 && i !== reference) continue;
    const groupAnchor = members.includes(reference) ? reference : i;
    for (const j of members) {
      anchor[j] = groupAnchor;
      if (j !== groupAnchor) modelPosition[j] = parameters++;
    }
  }
  for (let i = 0; i < k; i++) {
    if (anchor[i] === reference) continue;
    const up = reach[i * k + reference] === 1;
    const down = reach[reference * k + i] === 1;
    outside[i] = up ? Infinity : down ? -Infinity : NaN;
  }
  // A feature that is 0 on every row still in the fit (in this round) has no information: left out.
  const featurePosition = new Int32Array(rows.features).fill(-1);
  const F = rows.features;
  for (let j = 0; j < F; j++) {
    for (let r = 0; r < rows.count; r++) {
      const a = anchor[rows.modelA[r]!]!;
      if (a < 0 || a !== anchor[rows.modelB[r]!] || rows.z[r * F + j] === 0) continue;
      if (weight !== null && weight[rows.cluster[r]!] === 0) continue;
      featurePosition[j] = parameters++;
      break;
    }
  }
  return { anchor, outside, modelPosition, featurePosition, parameters, wins };
}

/**
 * One pass over the rows inside groups at (θ, β): returns the log-likelihood, and adds each row's score
 * (gradient) and information (negated Hessian, upper triangle) into `g` (P) and `h` (P×P), or with
 * `perCluster` into its instruction's block (g: clusters × P, h: clusters × P²).
 */
export function accumulate(
  rows: StyleRows,
  s: StyleStructure,
  weight: Float64Array | null,
  theta: Float64Array,
  beta: Float64Array,
  g: Float64Array,
  h: Float64Array,
  perCluster: boolean,
): number {
  const P = s.parameters;
  const F = rows.features;
  const { anchor, modelPosition, featurePosition } = s;
  const { z, judgments, winsA, modelA, modelB } = rows;
  // The features in the fit and their positions (after every model's, in feature order, so (model, feature)
  // and (feature u, feature v ≥ u) are upper-triangle cells as written).
  const active = Int32Array.from(featurePosition.keys()).filter((j) => featurePosition[j]! >= 0);
  const A = active.length;
  const activePosition = active.map((j) => featurePosition[j]!);
  const activeBeta = Float64Array.from(active, (j) => beta[j]!);
  const x = new Float64Array(A);
  g.fill(0);
  h.fill(0);
  let ll = 0;
  for (let r = 0; r < rows.count; r++) {
    const cluster = rows.cluster[r]!;
    const m = weight === null ? 1 : weight[cluster]!;
    if (m === 0) continue;
    const a = modelA[r]!;
    const b = modelB[r]!;
    const group = anchor[a]!;
    if (group < 0 || group !== anchor[b]) continue;
    let eta = theta[a]! - theta[b]!;
    const zo = r * F;
    for (let u = 0; u < A; u++) {
      const value = z[zo + active[u]!]!;
      x[u] = value;
      eta += activeBeta[u]! * value;
    }
    const n = m * judgments[r]!;
    const y = m * winsA[r]!;
    // One exp and one log1p per row: with e = exp(−|η|), log σ(|η|) = −log1p(e), log σ(−|η|) = −|η| − log1p(e).
    const e = Math.exp(-Math.abs(eta));
    const l = Math.log1p(e);
    const p = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
    ll -= eta >= 0 ? y * l + (n - y) * (eta + l) : y * (l - eta) + (n - y) * l;
    const residual = y - n * p;
    const w = n * p * (1 - p);
    const go = perCluster ? cluster * P : 0;
    const ho = perCluster ? cluster * P * P : 0;
    // The row's design is +1 at model a, −1 at model b, then its features: score residual·x, information w·x·xᵀ.
    const pa = modelPosition[a]!;
    const pb = modelPosition[b]!;
    if (pa >= 0) {
      g[go + pa]! += residual;
      h[ho + pa * P + pa]! += w;
    }
    if (pb >= 0) {
      g[go + pb]! -= residual;
      h[ho + pb * P + pb]! += w;
      if (pa >= 0) h[ho + (pa < pb ? pa * P + pb : pb * P + pa)]! -= w;
    }
    for (let u = 0; u < A; u++) {
      const pu = activePosition[u]!;
      const xu = x[u]!;
      const wx = w * xu;
      g[go + pu]! += residual * xu;
      if (pa >= 0) h[ho + pa * P + pu]! += wx;
      if (pb >= 0) h[ho + pb * P + pu]! -= wx;
      const row = ho + pu * P;
      for (let v = u; v < A; v++) h[row + activePosition[v]!]! += wx * x[v]!;
    }
  }
  return ll;
}

/** Newton step (information⁻¹ · score) from totals `g`, `h` (upper triangle); `h` is mirrored and, with `g`, consumed. */
export function newtonStep(g: Float64Array, h: Float64Array, P: number): Float64Array {
  for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) h[i * P + j] = h[j * P + i]!;
  return solve(h, g, P);
}

function applyStep(s: StyleStructure, from: StyleFit, step: Float64Array, size: number, to: StyleFit): void {
  to.theta.set(from.theta);
  to.beta.set(from.beta);
  s.modelPosition.forEach((position, m) => {
    if (position >= 0) to.theta[m]! += size * step[position]!;
  });
  s.featurePosition.forEach((position, j) => {
    if (position >= 0) to.beta[j]! += size * step[position]!;
  });
}

/**
 * Maximum likelihood by Newton's method with step halving, from `start` (the full-data fit, for a bootstrap
 * round) or from plain Bradley–Terry. θ of models outside the reference's group is ±Infinity or NaN; β of features
 * left out NaN. The last step, once below `finalStep`, is taken without another pass over the rows.
 */
export function fitStyle(
  rows: StyleRows,
  k: number,
  reference: number,
  weight: Float64Array | null,
  start?: StyleFit,
  finalStep = 1e-7,
): StyleFit {
  const s = styleStructure(rows, k, reference, weight);
  const P = s.parameters;
  const current: StyleFit = { theta: new Float64Array(k), beta: new Float64Array(rows.features), converged: false };
  // Without a start, plain Bradley–Terry's strengths (a fit over k×k numbers) save Newton passes over the rows.
  const first = start?.theta ?? fitBradleyTerry(s.wins, k, reference);
  for (let m = 0; m < k; m++) if (s.modelPosition[m]! >= 0 && Number.isFinite(first[m]!)) current.theta[m] = first[m]!;
  for (let j = 0; j < rows.features; j++)
    if (s.featurePosition[j]! >= 0 && start !== undefined && Number.isFinite(start.beta[j]!)) current.beta[j] = start.beta[j]!;
  const trial: StyleFit = { theta: new Float64Array(k), beta: new Float64Array(rows.features), converged: false };
  let g = new Float64Array(P);
  let h = new Float64Array(P * P);
  let g2 = new Float64Array(P);
  let h2 = new Float64Array(P * P);
  let ll = accumulate(rows, s, weight, current.theta, current.beta, g, h, false);
  for (let iteration = 0; iteration < 200 && P > 0; iteration++) {
    const step = newtonStep(g, h, P);
    if (!step.every(Number.isFinite)) break;
    let largest = 0;
    for (let x = 0; x < P; x++) largest = Math.max(largest, Math.abs(step[x]!));
    if (largest < finalStep) {
      // Inside Newton's quadratic region a step δ lands within ~δ² of the maximum (1e-14 for the default);
      // checking it against the log-likelihood would only compare rounding noise (and halve 40 times for
      // nothing, a pass each).
      applyStep(s, current, step, 1, current);
      current.converged = true;
      break;
    }
    let size = 1;
    let nextLl = -Infinity;
    for (let halving = 0; halving < 40; halving++) {
      applyStep(s, current, step, size, trial);
      nextLl = accumulate(rows, s, weight, trial.theta, trial.beta, g2, h2, false);
      if (nextLl >= ll) break;
      size /= 2;
    }
    if (!(nextLl >= ll)) {
      current.converged = true; // no step improves: at the maximum up to rounding
      break;
    }
    current.theta.set(trial.theta);
    current.beta.set(trial.beta);
    ll = nextLl;
    [g, g2] = [g2, g];
    [h, h2] = [h2, h];
  }
  if (P === 0) current.converged = true;
  for (let m = 0; m < k; m++) if (s.anchor[m] !== reference) current.theta[m] = s.outside[m]!;
  s.featurePosition.forEach((position, j) => {
    if (position < 0) current.beta[j] = NaN;
  });
  return current;
}
