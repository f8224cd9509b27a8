import { assertSeed, seededRandom } from "../scoring/seeded-random";
import { A_WINS, TIE, type BattleIndex } from "./battle-index";
import { drawClusters, type RegressionBootstrap, refitBudget } from "./cluster-bootstrap";
import type { ComparisonFeatures } from "./comparison-features";
import { clusterExtremes, clusterSums, fitLogistic, type LogisticRows, newtonStep, separation, weightedSums } from "./logistic-fit";
import { sigmoid } from "./logistic";
import { ci95 } from "./percentile";
import type { LengthControlledFigure } from "./report-types";

// Length-controlled win rate against the reference (issue #14 item 1; stats reference §4.3 and S5):
// AlpacaEval's `length_controlled_minimal` in LongBench-Write words, without its L1 penalty. Over model m's
// judgments against the reference whose comparison carries both word counts, read from m's side:
// y = 1 win, 0.5 tie or both_bad, 0 loss; Δ = words(m) − words(reference); s = sample standard deviation
// of Δ over those judgments (ddof 1; a comparison's Δ counts once per judgment); x = tanh(Δ/s); (θ, φ)
// maximise Σ y·log σ(θ + φx) + (1 − y)·log(1 − σ(θ + φx)). LC = σ(θ), the win rate at equal length.
// The likelihood depends on the judgments only through, per comparison, x, Σy and n, so it is fitted on
// one row per comparison (logistic-fit.ts).
//
// Interval: clusters are the instructions of the model's counted judgments (in the order the model meets
// them), so a model's interval does not move when another model or its instructions are added;
// random stream `length-controlled:<model>`; s and x stay those of the full data. Each round refits by
// Newton from the full-data estimate when rows × rounds ≤ refitBudget (common rule of the regression
// figures), else takes one linearised step from it: θ* = θ̂ + (Σ w_i H_i)⁻¹ (Σ w_i g_i), with g_i and H_i
// instruction i's score and information at the full-data estimate. A round whose resample is separated
// has no finite maximum; it counts as the limit of σ(θ) (logistic-fit.ts `separation`), not dropped, so
// an interval near separation is not made narrower by leaving out the extreme rounds.

/** Fewer judgments against the reference than this and a model gets no figure. */
export const minimumJudgments = 10;

export interface LengthControlledResult {
  /** One entry per model that met the reference, in order of first appearance; null with `reason` when no such judgment carries word counts. */
  figures: Record<string, LengthControlledFigure> | null;
  reason: string | null;
  /** How each model's bootstrap rounds were computed (models with an estimate and rounds > 0). */
  methods: Record<string, RegressionBootstrap>;
}

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;

/** AlpacaEval's sanity check (get_is_extreme_changes, in fractions): a sentence when LC is far from the raw win rate, else null. */
export function lengthControlledWarning(lc: number, raw: number): string | null {
  const low = raw - Math.max(raw / 4, 0.1);
  const high = raw + Math.max((1 - raw) / 4, 0.1);
  if (lc >= low && lc <= high) return null;
  return (
    `The length-controlled win rate (${percent(lc)}) is far from the raw win rate (${percent(raw)}): ` +
    "more than 10 points or a quarter of the way to 0 or 1 apart, so output length drives much of the raw figure, or the fit is unstable."
  );
}

export interface LengthControlledOptions {
  seed: number;
  rounds: number;
  /** Rows × rounds up to which rounds refit (default refitBudget); tests set it to compare both bootstraps. */
  refitBudget?: number;
}

export interface ModelRows {
  /** One row per comparison, grouped by instruction; x = tanh(Δ/s), 0 when s is not positive. */
  rows: LogisticRows;
  /** Δ per row (comparison). */
  delta: Float64Array;
  judgments: number;
  /** Σy over the judgments. */
  score: number;
  /** Sample standard deviation of Δ over the judgments (ddof 1); NaN below 2 judgments. */
  s: number;
}

/** Per candidate (index into models), the rows of its comparisons with the reference that carry word counts; null if it never met the reference. */
function gather(index: BattleIndex, ref: number, features: ComparisonFeatures): (ModelRows | null)[] {
  const count = index.comparisons.length;
  const candidateOf = new Int32Array(count).fill(-1);
  const candidateIsA = new Uint8Array(count);
  const met = new Uint8Array(index.models.length);
  index.comparisons.forEach(({ modelA, modelB }, c) => {
    const candidate = modelB === ref ? modelA : modelA === ref ? modelB : -1;
    if (candidate < 0) return;
    met[candidate] = 1;
    if (Number.isNaN(features.wordsA[c]!) || Number.isNaN(features.wordsB[c]!)) return;
    candidateOf[c] = candidate;
    candidateIsA[c] = modelB === ref ? 1 : 0;
  });
  const successes = new Float64Array(count);
  const trials = new Float64Array(count);
  const { verdict, comparisonOf } = index;
  for (let i = 0; i < verdict.length; i++) {
    const c = comparisonOf[i]!;
    if (candidateOf[c]! < 0) continue;
    const v = verdict[i]!;
    successes[c]! += v === TIE ? 0.5 : (v === A_WINS) === (candidateIsA[c] === 1) ? 1 : 0;
    trials[c]!++;
  }
  // Each candidate's comparisons, grouped by instruction below.
  const byModel = Array.from(index.models, (_, m): number[] | null => (met[m] === 1 && m !== ref ? [] : null));
  for (let c = 0; c < count; c++) if (candidateOf[c]! >= 0 && trials[c]! > 0) byModel[candidateOf[c]!]!.push(c);
  const local = new Int32Array(index.instructions.length).fill(-1);
  return byModel.map((list) => {
    if (list === null) return null;
    // Clusters numbered by the model's own first comparison in each, so that neither the draws nor the
    // order of the sums change when other models' records are added; rows placed by counting sort.
    const instructions: number[] = [];
    const sizes: number[] = [];
    for (const c of list) {
      const i = index.instructionOf[c]!;
      if (local[i] === -1) {
        local[i] = instructions.push(i) - 1;
        sizes.push(0);
      }
      sizes[local[i]!]!++;
    }
    const n = list.length;
    const start = new Int32Array(instructions.length + 1);
    for (let k = 0; k < instructions.length; k++) start[k + 1] = start[k]! + sizes[k]!;
    const next = start.slice(0, instructions.length);
    const rows: LogisticRows = { x: new Float64Array(n), successes: new Float64Array(n), trials: new Float64Array(n), start };
    const delta = new Float64Array(n);
    let judgments = 0;
    let score = 0;
    for (const c of list) {
      const r = next[local[index.instructionOf[c]!]!]!++;
      delta[r] = candidateIsA[c] === 1 ? features.wordsA[c]! - features.wordsB[c]! : features.wordsB[c]! - features.wordsA[c]!;
      rows.successes[r] = successes[c]!;
      rows.trials[r] = trials[c]!;
      judgments += trials[c]!;
      score += successes[c]!;
    }
    for (const i of instructions) local[i] = -1;
    const s = judgments > 1 ? judgmentSd(delta, rows.trials, judgments) : NaN;
    if (s > 0) for (let r = 0; r < n; r++) rows.x[r] = Math.tanh(delta[r]! / s);
    return { rows, delta, judgments, score, s };
  });
}

/** The rows each model's fit works on, by model name (models that met the reference). */
export function lengthControlledRows(index: BattleIndex, reference: string, features: ComparisonFeatures): Record<string, ModelRows> {
  const result: Record<string, ModelRows> = {};
  const ref = index.models.indexOf(reference);
  if (ref >= 0) gather(index, ref, features).forEach((d, m) => d !== null && (result[index.models[m]!] = d));
  return result;
}

/** Sample standard deviation (ddof 1) of Δ over judgments: row r's Δ counted trials[r] times. */
function judgmentSd(delta: Float64Array, trials: Float64Array, judgments: number): number {
  let sum = 0;
  for (let r = 0; r < delta.length; r++) sum += trials[r]! * delta[r]!;
  const mean = sum / judgments;
  let squares = 0;
  for (let r = 0; r < delta.length; r++) squares += trials[r]! * (delta[r]! - mean) ** 2;
  return Math.sqrt(squares / (judgments - 1));
}

function bootstrap(
  rows: LogisticRows,
  theta: number,
  phi: number,
  method: RegressionBootstrap,
  rounds: number,
  random: () => number,
): Float64Array {
  const clusters = rows.start.length - 1;
  const extremes = clusterExtremes(rows);
  // Every round starts from the full-data estimate, where each cluster's sums are computed once: the
  // one-step bootstrap is then O(clusters) a round, and a refit saves its first pass over the rows.
  const atEstimate = clusterSums(rows, theta, phi);
  const weights = new Float64Array(clusters);
  const sums = { ll: 0, g0: 0, g1: 0, i00: 0, i01: 0, i11: 0 };
  const samples = new Float64Array(rounds);
  for (let round = 0; round < rounds; round++) {
    drawClusters(clusters, random, weights);
    const fit = separation(extremes, weights);
    if (fit.kind !== "finite") {
      samples[round] = fit.limit; // NaN when unidentified: left out by ci95
      continue;
    }
    weightedSums(atEstimate, weights, sums);
    // A refit stops at a Newton step below 1e-5: Newton converges quadratically (with a constant of order 1
    // in θ), so the error left in θ* is of order 1e-10, far below an interval's resolution.
    const [thetaStar] = method === "refit" ? fitLogistic(rows, weights, [theta, phi], 1e-5, sums) : newtonStep(sums, theta, phi);
    samples[round] = sigmoid(thetaStar);
  }
  return samples;
}

function figure(
  model: string,
  data: ModelRows,
  options: LengthControlledOptions,
): { figure: LengthControlledFigure; method: RegressionBootstrap | null } {
  const { rows, delta, judgments, score } = data;
  const none = (reason: string) => ({
    figure: {
      win_rate: null,
      ci: null,
      length_coefficient: null,
      raw_win_rate: judgments > 0 ? score / judgments : null,
      warning: null,
      reason,
      judgments,
    },
    method: null,
  });
  if (judgments === 0) return none(`No judgment of ${model} against the reference carries word counts.`);
  if (judgments < minimumJudgments)
    return none(
      `Only ${judgments} judgments of ${model} against the reference carry word counts; at least ${minimumJudgments} are needed.`,
    );
  if (delta.every((d) => d === delta[0]))
    return none(
      `The length difference between ${model} and the reference is the same in every judgment (s = 0), so its effect cannot be estimated.`,
    );
  const ones = new Float64Array(rows.start.length - 1).fill(1);
  const fit = separation(clusterExtremes(rows), ones);
  if (fit.kind === "unidentified")
    return none(`tanh(Δ/s) takes one value in every judgment of ${model}, so the length effect cannot be told apart from the model's.`);
  if (fit.kind === "separated")
    return none(`Output length separates the wins of ${model} from its losses, so the fit has no finite maximum (separation).`);
  const raw = score / judgments;
  const [theta, phi] = fitLogistic(rows, ones, [Math.log(raw / (1 - raw)), 0], 1e-12);
  if (!Number.isFinite(theta) || !Number.isFinite(phi)) return none(`The fit for ${model} did not converge to a finite maximum.`);
  const winRate = sigmoid(theta);
  let ci: [number, number] | null = null;
  let method: RegressionBootstrap | null = null;
  if (options.rounds > 0) {
    method = rows.x.length * options.rounds <= (options.refitBudget ?? refitBudget) ? "refit" : "one-step";
    ci = ci95(bootstrap(rows, theta, phi, method, options.rounds, seededRandom(options.seed, `length-controlled:${model}`)));
  }
  return {
    figure: {
      win_rate: winRate,
      ci,
      length_coefficient: phi,
      raw_win_rate: raw,
      warning: lengthControlledWarning(winRate, raw),
      reason: null,
      judgments,
    },
    method,
  };
}

/** Length-controlled win rate of every model that met the reference, with its bootstrap interval over instructions. */
export function lengthControlled(
  index: BattleIndex,
  reference: string,
  features: ComparisonFeatures,
  options: LengthControlledOptions,
): LengthControlledResult {
  assertSeed(options.seed);
  const ref = index.models.indexOf(reference);
  if (ref < 0) return { figures: null, reason: `The reference model ${reference} has no judgment.`, methods: {} };
  const data = gather(index, ref, features);
  if (!data.some((d) => d !== null && d.judgments > 0))
    return { figures: null, reason: "No judgment against the reference carries word counts (words_a and words_b).", methods: {} };
  const figures: Record<string, LengthControlledFigure> = {};
  const methods: Record<string, RegressionBootstrap> = {};
  data.forEach((d, m) => {
    if (d === null) return;
    const model = index.models[m]!;
    const result = figure(model, d, options);
    figures[model] = result.figure;
    if (result.method !== null) methods[model] = result.method;
  });
  return { figures, reason: null, methods };
}

/** The definition the report prints beside the figure, naming the bootstrap actually used per model. */
export function lengthControlledDefinition(rounds: number, methods: Record<string, RegressionBootstrap>): string {
  const using = (method: RegressionBootstrap) =>
    Object.keys(methods)
      .filter((m) => methods[m] === method)
      .join(", ");
  const refit = using("refit");
  const oneStep = using("one-step");
  return (
    "Length-controlled win rate (AlpacaEval's length_controlled_minimal, in LongBench-Write words, without penalty): over a model's " +
    "judgments against the reference whose outputs carry word counts, y = 1 win, 0.5 tie or both-bad, 0 loss; " +
    "Δ = words(model) − words(reference); s = sample standard deviation of Δ over those judgments (ddof 1); x = tanh(Δ/s); " +
    "θ and φ maximise Σ[y·log σ(θ + φx) + (1 − y)·log(1 − σ(θ + φx))]. win_rate = σ(θ), the win rate at equal length; " +
    "length_coefficient = φ (positive when longer outputs win more); raw_win_rate = (wins + ties/2)/n over the same judgments. " +
    `No figure when s = 0, with fewer than ${minimumJudgments} judgments, or when length separates wins from losses (no finite maximum). ` +
    "Warning when LC < WR − max(WR/4, 0.10) or LC > WR + max((1 − WR)/4, 0.10). " +
    `Interval: 95% percentile bootstrap, ${rounds} rounds resampling the model's instructions (random stream length-controlled:<model>), ` +
    "s and x kept from the full data; a round whose resample is separated counts as the limit of σ(θ) (0 or 1, the verdict the " +
    "separating length threshold gives at equal length), not dropped; a round whose resample shows one value of x has no unique fit and is left out. " +
    `Rounds refit by Newton from the full-data estimate when comparisons × rounds ≤ ${refitBudget.toLocaleString("en-US")}, ` +
    "else one linearised step θ* = θ̂ + (Σ w_i H_i)⁻¹ Σ w_i g_i (g_i, H_i: instruction i's score and information at the estimate)" +
    (refit || oneStep ? `; here ${[refit && `refit: ${refit}`, oneStep && `one step: ${oneStep}`].filter(Boolean).join("; ")}.` : ".")
  );
}
