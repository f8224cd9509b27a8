import { assertSeed, seededRandom } from "../scoring/seeded-random";
import { A_WINS, B_WINS, type BattleIndex } from "./battle-index";
import { logSigmoid, sigmoid } from "./logistic";
import { ci95 } from "./percentile";
import { sampleMultinomial } from "./resample";

// Bradley–Terry by maximum likelihood over all judgments, as FastChat's compute_mle_elo and Arena-Hard v0.1
// compute it (REFERENCE §5.2–5.3, S6): P(i beats j) = 1 / (1 + 10^((R_j − R_i)/400)), a tie counts as half a
// win to each side, no penalty, ratings on the 400·log10 scale shifted so that the reference is at 1000.
// Those codes hand the fit to a logistic regression; here the likelihood is maximised directly by Newton's
// method on the natural-log strengths θ (R = 1000 + 400·θ/ln 10), the reference's θ fixed at 0, from the
// aggregated wins per pair of models, which is all the likelihood depends on.
//
// The maximum exists only when the "won or tied against" graph is strongly connected (Zermelo, Ford). When
// it is not, the likelihood's supremum puts models that beat, directly or through a chain, the reference's
// group infinitely above it (+Infinity), models beaten by it infinitely below (−Infinity), and models
// compared with neither direction NaN; models in the reference's group are fitted among themselves.
// JSON.stringify writes those as null.
//
// Bootstrap: `rounds` resamples of instructions (clusters: every judgment of an instruction goes with it,
// cluster-bootstrap.ts) with replacement, one seeded stream (key `bradley-terry`); each round refits from
// the resampled win counts per pair of models. An instruction's contribution depends only on its pairs of
// models and tallies of verdicts, so a round draws how many instructions of each such kind it takes from
// their multinomial (resample.ts), as FastChat's compute_bootstrap_bt draws counts over its unique battle
// rows. Bounds: 2.5th and 97.5th percentiles, leaving out
// rounds where a model's rating is NaN. The implied win rate's bounds are the win rates of the rating bounds
// (Arena-Hard's get_win_rate_column).

const scale = 400 / Math.LN10;
export const referenceRating = 1000;

/** P(model beats reference) implied by two ratings: 1 / (1 + 10^((R_ref − R_m)/400)). */
export function btWinRate(rating: number, referenceRatingValue: number = referenceRating): number {
  return 1 / (1 + 10 ** ((referenceRatingValue - rating) / 400));
}

/** reach[i·k + j]: j can be reached from i by "won or tied against" edges (i itself included). */
export function reachability(wins: Float64Array, k: number): Uint8Array {
  const reach = new Uint8Array(k * k);
  const stack: number[] = [];
  for (let s = 0; s < k; s++) {
    reach[s * k + s] = 1;
    stack.push(s);
    while (stack.length > 0) {
      const i = stack.pop()!;
      for (let j = 0; j < k; j++) {
        if (wins[i * k + j]! > 0 && reach[s * k + j] === 0) {
          reach[s * k + j] = 1;
          stack.push(j);
        }
      }
    }
  }
  return reach;
}

function logLikelihood(wins: Float64Array, k: number, theta: Float64Array, free: readonly number[], anchor: number): number {
  const group = [anchor, ...free];
  let ll = 0;
  for (const i of group)
    for (const j of group) if (i !== j && wins[i * k + j]! > 0) ll += wins[i * k + j]! * logSigmoid(theta[i]! - theta[j]!);
  return ll;
}

/** Solves A x = b (A m×m, symmetric positive definite) by Gaussian elimination with partial pivoting; A and b are overwritten. */
export function solve(a: Float64Array, b: Float64Array, m: number): Float64Array {
  for (let col = 0; col < m; col++) {
    let pivot = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(a[r * m + col]!) > Math.abs(a[pivot * m + col]!)) pivot = r;
    if (pivot !== col) {
      for (let c = 0; c < m; c++) [a[col * m + c], a[pivot * m + c]] = [a[pivot * m + c]!, a[col * m + c]!];
      [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    }
    const d = a[col * m + col]!;
    for (let r = col + 1; r < m; r++) {
      const f = a[r * m + col]! / d;
      if (f === 0) continue;
      for (let c = col; c < m; c++) a[r * m + c]! -= f * a[col * m + c]!;
      b[r]! -= f * b[col]!;
    }
  }
  const x = new Float64Array(m);
  for (let r = m - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let c = r + 1; c < m; c++) s -= a[r * m + c]! * x[c]!;
    x[r] = s / a[r * m + r]!;
  }
  return x;
}

/**
 * Natural-log strengths maximising the likelihood of `wins` (k×k, row-major: wins[i·k + j] = wins of i over
 * j plus half their ties), with θ[anchor] = 0. `start` (e.g. the full-data fit, for a bootstrap round) only
 * speeds convergence. Models outside the anchor's strongly connected group get ±Infinity or NaN (see above).
 */
export function fitBradleyTerry(wins: Float64Array, k: number, anchor: number, start?: Float64Array): Float64Array {
  const theta = new Float64Array(k);
  const reach = reachability(wins, k);
  const free: number[] = [];
  for (let i = 0; i < k; i++) {
    if (i === anchor) continue;
    const up = reach[i * k + anchor] === 1;
    const down = reach[anchor * k + i] === 1;
    if (up && down) {
      free.push(i);
      theta[i] = start !== undefined && Number.isFinite(start[i]!) ? start[i]! : 0;
    } else theta[i] = up ? Infinity : down ? -Infinity : NaN;
  }
  const m = free.length;
  let ll = logLikelihood(wins, k, theta, free, anchor);
  const group = [anchor, ...free];
  const position = new Int32Array(k).fill(-1);
  free.forEach((i, x) => (position[i] = x));
  for (let iteration = 0; iteration < 200 && m > 0; iteration++) {
    // Gradient and negated Hessian of the log-likelihood over the free strengths.
    const g = new Float64Array(m);
    const h = new Float64Array(m * m);
    for (let x = 0; x < m; x++) {
      const i = free[x]!;
      for (const j of group) {
        if (j === i) continue;
        const n = wins[i * k + j]! + wins[j * k + i]!;
        if (n === 0) continue;
        const p = sigmoid(theta[i]! - theta[j]!);
        g[x]! += wins[i * k + j]! - n * p;
        const w = n * p * (1 - p);
        h[x * m + x]! += w;
        const y = position[j]!;
        if (y >= 0) h[x * m + y]! -= w;
      }
    }
    const step = solve(h, g, m);
    let size = 1;
    let next = theta.slice();
    let nextLl = -Infinity;
    for (let halving = 0; halving < 40; halving++) {
      next = theta.slice();
      for (let x = 0; x < m; x++) next[free[x]!]! += size * step[x]!;
      nextLl = logLikelihood(wins, k, next, free, anchor);
      if (nextLl >= ll) break;
      size /= 2;
    }
    if (!(nextLl >= ll)) break; // no step improves: at the maximum up to rounding
    let largest = 0;
    for (let x = 0; x < m; x++) largest = Math.max(largest, Math.abs(size * step[x]!));
    theta.set(next);
    ll = nextLl;
    if (largest < 1e-11) break;
  }
  return theta;
}

export interface BradleyTerryResult {
  /** Reference first (at 1000), then the other models in order of first appearance. */
  ratings: Record<string, number>;
  ci95: Record<string, [number, number] | null>;
  /** Every model but the reference. */
  winRateVsReference: Record<string, number>;
  winRateCi95: Record<string, [number, number] | null>;
}

/**
 * The bootstrap's clusters are instructions (cluster-bootstrap.ts): an instruction contributes the half-wins
 * of all its comparisons, per ordered pair of models. Instructions that contribute exactly the same (in the
 * usual case of one comparison per instruction and model: the same pair of models and tally of verdicts) are
 * one kind, and a round draws how many instructions of each kind it takes from their multinomial.
 */
function instructionKinds(index: BattleIndex) {
  const k = index.models.length;
  const clusters = index.instructions.length;
  // Half-wins: a win is 2 for its side, a tie 1 for each, times the judgment's weight (1 unless an adaptive
  // campaign chose it, decision 038: then integers no more); per comparison first.
  const aHalves = new Float64Array(index.comparisons.length);
  const bHalves = new Float64Array(index.comparisons.length);
  index.verdict.forEach((v, i) => {
    const c = index.comparisonOf[i]!;
    const w = index.records[i]!.weight ?? 1;
    aHalves[c]! += w * (v === A_WINS ? 2 : v === B_WINS ? 0 : 1);
    bHalves[c]! += w * (v === B_WINS ? 2 : v === A_WINS ? 0 : 1);
  });
  const perInstruction = Array.from({ length: clusters }, () => new Map<number, number>());
  index.comparisons.forEach(({ modelA, modelB }, c) => {
    const own = perInstruction[index.instructionOf[c]!]!;
    own.set(modelA * k + modelB, (own.get(modelA * k + modelB) ?? 0) + aHalves[c]!);
    own.set(modelB * k + modelA, (own.get(modelB * k + modelA) ?? 0) + bHalves[c]!);
  });
  const kinds = new Map<string, number>();
  const contributions: { cell: number; amount: number }[][] = [];
  const weights: number[] = [];
  for (const own of perInstruction) {
    const parts = [...own].filter(([, halves]) => halves > 0).sort((x, y) => x[0] - y[0]);
    const key = parts.map(([cell, halves]) => `${cell}:${halves}`).join(",");
    let kind = kinds.get(key);
    if (kind === undefined) {
      kinds.set(key, (kind = contributions.length));
      contributions.push(parts.map(([cell, halves]) => ({ cell, amount: halves / 2 })));
      weights.push(0);
    }
    weights[kind]!++;
  }
  return { contributions, weights: Float64Array.from(weights), clusters };
}

function ratingsOf(theta: Float64Array): Float64Array {
  return theta.map((t) => referenceRating + scale * t);
}

export function bradleyTerry(index: BattleIndex, reference: string, options: { seed: number; rounds: number }): BradleyTerryResult {
  assertSeed(options.seed);
  const k = index.models.length;
  const ref = index.models.indexOf(reference);
  if (ref < 0) throw new RangeError(`reference model ${reference} has no judgment`);
  const { contributions, weights, clusters } = instructionKinds(index);
  const winsFrom = (countOf: (type: number) => number) => {
    const wins = new Float64Array(k * k);
    contributions.forEach((parts, type) => {
      const count = countOf(type);
      if (count > 0) for (const { cell, amount } of parts) wins[cell]! += count * amount;
    });
    return wins;
  };
  const theta = fitBradleyTerry(
    winsFrom((t) => weights[t]!),
    k,
    ref,
  );
  const ratings = ratingsOf(theta);

  const samples = Array.from({ length: k }, () => new Float64Array(options.rounds));
  const random = seededRandom(options.seed, "bradley-terry");
  const drawn = new Float64Array(contributions.length);
  for (let r = 0; r < options.rounds; r++) {
    sampleMultinomial(clusters, weights, random, drawn);
    const roundRatings = ratingsOf(
      fitBradleyTerry(
        winsFrom((t) => drawn[t]!),
        k,
        ref,
        theta,
      ),
    );
    for (let m = 0; m < k; m++) samples[m]![r] = roundRatings[m]!;
  }

  const order = [ref, ...index.models.keys()].filter((m, i) => i === 0 || m !== ref);
  const result: BradleyTerryResult = { ratings: {}, ci95: {}, winRateVsReference: {}, winRateCi95: {} };
  for (const m of order) {
    const name = index.models[m]!;
    const bounds = options.rounds > 0 ? ci95(samples[m]!) : null;
    result.ratings[name] = ratings[m]!;
    result.ci95[name] = bounds;
    if (m === ref) continue;
    result.winRateVsReference[name] = btWinRate(ratings[m]!);
    result.winRateCi95[name] = bounds && [btWinRate(bounds[0]), btWinRate(bounds[1])];
  }
  return result;
}
