import { A_WINS, B_WINS, TIE, membersByComparison, type BattleIndex } from "./battle-index";
import type { AnnotatorReliability } from "./report-types";

// Dawid & Skene (1979), "Maximum likelihood estimation of observer error-rates using the EM algorithm", for
// pairwise verdicts (docs/decisions/019-annotator-reliability.md). Each comparison has one true verdict k
// in {first sample better, tie, second sample better}, in the comparison's own orientation (BattleIndex
// codes A_WINS/TIE/B_WINS; "both_bad" is a tie), drawn from a class prior p; annotator j gives verdict l
// with probability π_j[k][l] whatever the comparison. EM alternates:
// - M-step: π_j[k][l] ∝ α + Σ over j's judgments with verdict l of T_c[k]; p_k ∝ α + Σ_c T_c[k];
// - E-step: T_c[k] ∝ p_k · Π over c's judgments of π_j[k][l] (in logs, normalised by log-sum-exp).
// It starts from majority vote: T_c = the shares of c's judgments giving each verdict. α (default 1, one
// pseudo-judgment in every cell) is the smoothing: no probability is ever 0, so one odd verdict never
// vetoes a class, and an annotator with few judgments stays near uniform rather than at 0/1 corners. It
// makes EM a MAP fit under a Dirichlet(1 + α) prior on every row and on p; EM increases that penalised
// log-likelihood at every step, and iterations stop when it grows by less than `tolerance` per judgment.

export const defaultSmoothing = 1;
export const defaultTolerance = 1e-7;
export const defaultMaxIterations = 200;
/** An annotator is flagged when reliability is below this: more often wrong than right (decision 019). */
export const reliabilityThreshold = 0.5;
/** Fewer judgments than this and an annotator is never flagged: ±0.11 (one SE at 0.5) is too coarse. */
export const minJudgmentsToFlag = 20;

export interface DawidSkeneOptions {
  /** Pseudo-count added to every confusion cell and to every class of the prior. Default 1. */
  smoothing?: number;
  /** Stop when the penalised log-likelihood grows by less than this per judgment. Default 1e-7. */
  tolerance?: number;
  /** Default 200. */
  maxIterations?: number;
}

export interface DawidSkeneResult {
  annotators: Record<string, AnnotatorReliability>;
  /** Per comparison, P(true verdict = A_WINS, TIE, B_WINS | all judgments): comparisons × 3. */
  posterior: Float64Array;
  prior: [number, number, number];
  iterations: number;
  converged: boolean;
  /** The reliability below which an annotator with at least `min_judgments` judgments is flagged. */
  threshold: number;
  min_judgments: number;
  /** The penalised log-likelihood at the end. */
  log_likelihood: number;
}

export const dawidSkeneDefinition = `Dawid-Skene EM, one 3x3 confusion matrix per annotator over {first sample better, tie, second sample better} in each comparison's orientation (both-bad is a tie) and a class prior, started from majority vote (each comparison's vote shares), ${defaultSmoothing} pseudo-judgment added to every cell and class (no probability is 0), stopped when the penalised log-likelihood grows by < ${defaultTolerance} per judgment (at most ${defaultMaxIterations} iterations). reliability = sum_k prior_k * pi_kk, the probability the annotator's verdict is the true one; flagged when below ${reliabilityThreshold} with at least ${minJudgmentsToFlag} judgments. position_bias: share of the annotator's non-tie judgments won by the side shown on the left`;

/** The verdict of highest posterior for comparison c; A and B level above the tie count as a tie, so it does not depend on orientation. */
export function posteriorVerdict(posterior: Float64Array, c: number): number {
  const a = posterior[c * 3]!;
  const t = posterior[c * 3 + 1]!;
  const b = posterior[c * 3 + 2]!;
  if (a > b) return a >= t ? A_WINS : TIE;
  if (b > a) return b >= t ? B_WINS : TIE;
  return TIE;
}

function checkOptions(options: DawidSkeneOptions) {
  const smoothing = options.smoothing ?? defaultSmoothing;
  const tolerance = options.tolerance ?? defaultTolerance;
  const maxIterations = options.maxIterations ?? defaultMaxIterations;
  if (!(smoothing > 0) || !Number.isFinite(smoothing)) throw new RangeError(`smoothing must be positive, got ${smoothing}`);
  if (!(tolerance >= 0)) throw new RangeError(`tolerance must be non-negative, got ${tolerance}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1)
    throw new RangeError(`maxIterations must be a positive integer, got ${maxIterations}`);
  return { smoothing, tolerance, maxIterations };
}

/**
 * Comparisons grouped by pattern: the multiset of (annotator, verdict) of their judgments. The posterior
 * depends on nothing else, so EM runs over the patterns, each weighted by how many comparisons share it:
 * with a few annotators and k judgments per comparison a million judgments make a few thousand patterns.
 * Cells are annotator·9 + verdict, ready to index the confusion arrays.
 */
interface Patterns {
  /** Per comparison, its pattern. */
  patternOf: Int32Array;
  weight: Float64Array;
  /** CSR: pattern p's cells are cells[start[p] .. start[p + 1]). */
  start: Int32Array;
  cells: Int32Array;
}

function groupPatterns(index: BattleIndex): Patterns {
  const { start: memberStart, members } = membersByComparison(index);
  const { annotatorOf, verdict } = index;
  const count = index.comparisons.length;
  const base = index.annotators.length * 3 + 1;
  let longest = 0;
  for (let c = 0; c < count; c++) longest = Math.max(longest, memberStart[c + 1]! - memberStart[c]!);
  // A pattern's key: its sorted codes (1..base−1) as digits in base `base` when that stays exact, else text.
  const numeric = longest * Math.log2(base) < 52;
  const ids = new Map<number | string, number>();
  const patternOf = new Int32Array(count);
  const weight: number[] = [];
  const start: number[] = [0];
  const cells: number[] = [];
  const codes = new Int32Array(longest);
  for (let c = 0; c < count; c++) {
    // Insertion sort into `codes`: a comparison has a handful of judgments.
    let length = 0;
    for (let m = memberStart[c]!; m < memberStart[c + 1]!; m++) {
      const i = members[m]!;
      const code = annotatorOf[i]! * 3 + verdict[i]! + 1;
      let at = length++;
      while (at > 0 && codes[at - 1]! > code) {
        codes[at] = codes[at - 1]!;
        at--;
      }
      codes[at] = code;
    }
    let key: number | string;
    if (numeric) {
      key = 0;
      for (let x = 0; x < length; x++) key = key * base + codes[x]!;
    } else key = codes.subarray(0, length).join(",");
    let p = ids.get(key);
    if (p === undefined) {
      ids.set(key, (p = weight.length));
      weight.push(0);
      for (let x = 0; x < length; x++) cells.push(Math.floor((codes[x]! - 1) / 3) * 9 + ((codes[x]! - 1) % 3));
      start.push(cells.length);
    }
    weight[p]!++;
    patternOf[c] = p;
  }
  return { patternOf, weight: Float64Array.from(weight), start: Int32Array.from(start), cells: Int32Array.from(cells) };
}

/** Dawid–Skene over every judgment of the index; comparisons need no model names (verify-pairs ones count). */
export function dawidSkene(index: BattleIndex, options: DawidSkeneOptions = {}): DawidSkeneResult {
  const { smoothing, tolerance, maxIterations } = checkOptions(options);
  const n = index.verdict.length;
  const annotators = index.annotators.length;
  const { patternOf, weight, start, cells } = groupPatterns(index);
  const patterns = weight.length;

  // Posterior T per pattern (patterns × 3), started from the vote shares.
  const t = new Float64Array(patterns * 3);
  for (let p = 0; p < patterns; p++) {
    for (let m = start[p]!; m < start[p + 1]!; m++) t[p * 3 + (cells[m]! % 9)]!++;
    const total = start[p + 1]! - start[p]!;
    for (let k = 0; k < 3; k++) t[p * 3 + k] = total > 0 ? t[p * 3 + k]! / total : 1 / 3;
  }

  // Confusion soft counts and their logs, annotator j's cell [k][l] at j·9 + k·3 + l.
  const counts = new Float64Array(annotators * 9);
  const logPi = new Float64Array(annotators * 9);
  const prior = new Float64Array(3).fill(1 / 3);
  const logPrior = new Float64Array(3);
  let penalised = -Infinity;
  let iterations = 0;
  let converged = n === 0;

  while (!converged && iterations < maxIterations) {
    iterations++;
    // M-step.
    counts.fill(smoothing);
    prior.fill(smoothing);
    for (let p = 0; p < patterns; p++) {
      const w = weight[p]!;
      const [t0, t1, t2] = [w * t[p * 3]!, w * t[p * 3 + 1]!, w * t[p * 3 + 2]!];
      prior[0]! += t0;
      prior[1]! += t1;
      prior[2]! += t2;
      for (let m = start[p]!; m < start[p + 1]!; m++) {
        const cell = cells[m]!;
        counts[cell]! += t0;
        counts[cell + 3]! += t1;
        counts[cell + 6]! += t2;
      }
    }
    let penalty = 0;
    const priorTotal = prior[0]! + prior[1]! + prior[2]!;
    for (let k = 0; k < 3; k++) {
      prior[k]! /= priorTotal;
      logPrior[k] = Math.log(prior[k]!);
      penalty += smoothing * logPrior[k]!;
    }
    for (let row = 0; row < annotators * 3; row++) {
      const r = row * 3;
      const logTotal = Math.log(counts[r]! + counts[r + 1]! + counts[r + 2]!);
      for (let l = 0; l < 3; l++) {
        logPi[r + l] = Math.log(counts[r + l]!) - logTotal;
        penalty += smoothing * logPi[r + l]!;
      }
    }
    // E-step: log p_k + Σ log π, normalised; the log-sum-exp is the comparison's log-likelihood.
    let ll = penalty;
    for (let p = 0; p < patterns; p++) {
      let [a, tie, b] = [logPrior[0]!, logPrior[1]!, logPrior[2]!];
      for (let m = start[p]!; m < start[p + 1]!; m++) {
        const cell = cells[m]!;
        a += logPi[cell]!;
        tie += logPi[cell + 3]!;
        b += logPi[cell + 6]!;
      }
      const top = Math.max(a, tie, b);
      const ea = Math.exp(a - top);
      const et = Math.exp(tie - top);
      const eb = Math.exp(b - top);
      const total = ea + et + eb;
      t[p * 3] = ea / total;
      t[p * 3 + 1] = et / total;
      t[p * 3 + 2] = eb / total;
      ll += weight[p]! * (top + Math.log(total));
    }
    converged = ll - penalised < tolerance * n;
    penalised = ll;
  }

  const count = index.comparisons.length;
  const posterior = new Float64Array(count * 3);
  for (let c = 0; c < count; c++) {
    const p = patternOf[c]! * 3;
    posterior[c * 3] = t[p]!;
    posterior[c * 3 + 1] = t[p + 1]!;
    posterior[c * 3 + 2] = t[p + 2]!;
  }
  return {
    annotators: reliabilities(index, logPi, prior, n === 0),
    posterior,
    prior: [prior[0]!, prior[1]!, prior[2]!],
    iterations,
    converged,
    threshold: reliabilityThreshold,
    min_judgments: minJudgmentsToFlag,
    log_likelihood: n === 0 ? 0 : penalised,
  };
}

/** Per annotator: reliability from the final confusion matrix and prior, judgments, position bias, flag. */
function reliabilities(index: BattleIndex, logPi: Float64Array, prior: Float64Array, empty: boolean): Record<string, AnnotatorReliability> {
  const j = index.annotators.length;
  const judgments = new Int32Array(j);
  const decided = new Int32Array(j);
  const leftWins = new Int32Array(j);
  const { records, annotatorOf } = index;
  for (let i = 0; i < records.length; i++) {
    const a = annotatorOf[i]!;
    judgments[a]!++;
    const { winner, left } = records[i]!;
    if (winner !== "model_a" && winner !== "model_b") continue;
    decided[a]!++;
    if (winner === left) leftWins[a]!++;
  }
  const result: Record<string, AnnotatorReliability> = {};
  index.annotators.forEach((name, a) => {
    const confusion = [0, 1, 2].map((k) => [0, 1, 2].map((l) => (empty ? 1 / 3 : Math.exp(logPi[a * 9 + k * 3 + l]!)))) as [
      number,
      number,
      number,
    ][];
    const reliability = prior[A_WINS]! * confusion[0]![0]! + prior[TIE]! * confusion[1]![1]! + prior[B_WINS]! * confusion[2]![2]!;
    result[name] = {
      reliability,
      judgments: judgments[a]!,
      position_bias: decided[a]! > 0 ? leftWins[a]! / decided[a]! : null,
      flagged: judgments[a]! >= minJudgmentsToFlag && reliability < reliabilityThreshold,
      confusion,
    };
  });
  return result;
}
