import { assertSeed, seededRandom } from "../scoring/seeded-random";
import { A_WINS, B_WINS, type BattleIndex } from "./battle-index";
import { referenceRating } from "./bradley-terry";
import { drawClusters, type RegressionBootstrap, refitBudget } from "./cluster-bootstrap";
import type { ComparisonFeatures } from "./comparison-features";
import { ci95 } from "./percentile";
import type { StyleCoefficients, StyleControlled } from "./report-types";
import { accumulate, fitStyle, newtonStep, type StyleFit, type StyleRows, styleStructure } from "./style-fit";

// Style-controlled Bradley–Terry (issue #14 item 2; stats reference S6, §5.3 "style control"): the Bradley–
// Terry of bradley-terry.ts (a tie or both_bad is half a win to each side, no penalty, reference at 1000 on
// the 400·log10 scale) with features for the words and Markdown of both outputs, as Chatbot Arena's
// fit_contextual_bt adds them: logit P(a beats b) = θ_a − θ_b + β·z, z per comparison (in its orientation)
// (a − b)/(a + b + 1) for words, headers, list items and bold, each standardised over the judgments (mean 0,
// population std 1) taken both ways round, so that z = 0 is equal style whichever model a file lists first.
// Arena adds an L2 penalty and counts tokens; longpref does neither, so its figures equal an unpenalised
// logistic regression (test/vectors/make-style-controlled.py checks them against scikit-learn and
// statsmodels). Ratings are the θ's, i.e. style held at 0.
//
// Bootstrap over instructions (the figure's own: those of comparisons carrying the counts), stream key
// `style-controlled`, the standardisation kept at the full data's. Below `refitBudget` rows × rounds each
// round refits by Newton from the full-data estimate; above it, the one-step (linearised) cluster bootstrap:
// per instruction i the score g_i and information J_i at the full-data estimate θ̂, and per round
// θ* = θ̂ + (Σ w_i J_i)⁻¹ Σ w_i g_i, which costs a pass over instructions instead of over comparisons.

export const styleFeatures = ["words", "headers", "list_items", "bold"] as const;
const scale = 400 / Math.LN10;

export interface StyleControlledAnswer {
  result: StyleControlled | null;
  reason: string | null;
  /** How the intervals were computed, in words, for the report's definitions. */
  definition: string;
}

export function styleControlledDefinition(bootstrap: RegressionBootstrap, rounds: number, seed: number): string {
  const intervals =
    bootstrap === "refit"
      ? "each round refits the model by Newton's method from the full-data estimate"
      : `each round takes one Newton step from the full-data estimate with the resampled instructions' scores and information (the linearised cluster bootstrap, used when comparisons × rounds exceed ${refitBudget.toLocaleString("en-US")})`;
  return (
    "Style-controlled Bradley–Terry: over the judgments of comparisons that carry the word and Markdown counts of both outputs, " +
    "logit P(a beats b) = θa − θb + β·z, a tie or both_bad counting as half a win to each side, fitted by maximum likelihood with no penalty. " +
    "z holds, per comparison in its own orientation, (a − b)/(a + b + 1) for words, headers, list items and bold spans, each standardised over the judgments " +
    "counted both ways round (mean 0, population standard deviation 1, so that 0 is equal style whichever model is listed first); a feature that never varies between comparisons of the same two models is left out (coefficient null), as it cannot be told apart from their strengths. " +
    "Ratings are the strengths with style held at 0, on the 400·log10 scale with the reference at 1000; a coefficient is the change in log-odds per standard deviation of its feature. " +
    'A model outside the group of models linked to the reference both ways by "won or tied against" has no finite rating (null). ' +
    `Intervals: 2.5th and 97.5th percentiles over ${rounds} bootstrap rounds resampling instructions (seed ${seed}), the standardisation kept at that of the full data; ${intervals}.`
  );
}

function nothing(reason: string, options: { seed: number; rounds: number }): StyleControlledAnswer {
  return { result: null, reason, definition: styleControlledDefinition("refit", options.rounds, options.seed) };
}

/** Whether `values` (per row, in the row's orientation) differ between two rows of the same pair of models. */
function variesWithinAPair(values: Float64Array, modelA: Int32Array, modelB: Int32Array, k: number): boolean {
  const seen = new Float64Array(k * k).fill(NaN);
  for (let r = 0; r < values.length; r++) {
    const [a, b] = [modelA[r]!, modelB[r]!];
    // Oriented with the lower model index first: listed the other way round, the value changes sign.
    const [key, value] = a < b ? [a * k + b, values[r]!] : [b * k + a, -values[r]!];
    if (Number.isNaN(seen[key]!)) seen[key] = value;
    else if (seen[key] !== value) return true;
  }
  return false;
}

/** Rows of the comparisons that carry every count, features standardised over judgments; null when there are none. */
function styleRows(index: BattleIndex, f: ComparisonFeatures): { rows: StyleRows; varying: number[]; judgments: number } | null {
  const count = index.comparisons.length;
  const rowOf = new Int32Array(count).fill(-1);
  const sides = [f.wordsA, f.wordsB, f.headersA, f.headersB, f.listItemsA, f.listItemsB, f.boldA, f.boldB];
  let rowCount = 0;
  for (let c = 0; c < count; c++) {
    let known = true;
    for (const side of sides) known &&= !Number.isNaN(side[c]!);
    if (known) rowOf[c] = rowCount++;
  }
  if (rowCount === 0) return null;
  const judgments = new Float64Array(rowCount);
  const winsA = new Float64Array(rowCount);
  const { comparisonOf, verdict } = index;
  for (let i = 0; i < comparisonOf.length; i++) {
    const r = rowOf[comparisonOf[i]!]!;
    if (r < 0) continue;
    const v = verdict[i]!;
    judgments[r]!++;
    winsA[r]! += v === A_WINS ? 1 : v === B_WINS ? 0 : 0.5;
  }
  const modelA = new Int32Array(rowCount);
  const modelB = new Int32Array(rowCount);
  const cluster = new Int32Array(rowCount);
  const clusterOf = new Int32Array(index.instructions.length).fill(-1);
  let clusters = 0;
  const raw = Array.from({ length: styleFeatures.length }, () => new Float64Array(rowCount));
  for (let c = 0; c < count; c++) {
    const r = rowOf[c]!;
    if (r < 0) continue;
    modelA[r] = index.comparisons[c]!.modelA;
    modelB[r] = index.comparisons[c]!.modelB;
    const instruction = index.instructionOf[c]!;
    if (clusterOf[instruction] === -1) clusterOf[instruction] = clusters++;
    cluster[r] = clusterOf[instruction]!;
    for (let j = 0; j < styleFeatures.length; j++) {
      const a = sides[2 * j]![c]!;
      const b = sides[2 * j + 1]![c]!;
      raw[j]![r] = (a - b) / (a + b + 1);
    }
  }
  let total = 0;
  for (let r = 0; r < rowCount; r++) total += judgments[r]!;
  const varying: number[] = [];
  const standardised: Float64Array[] = [];
  // Standardised over the judgments taken both ways round (each as a beats b with f and b beats a with −f):
  // the mean is 0 by construction and the scale sqrt(mean f²), so z = 0 is equal style and the fit does not
  // depend on which model a file lists first (centring on the listed orientation's mean would turn that
  // mean into a "listed first" advantage absorbed by the ratings). A feature that never varies between
  // comparisons of the same two models is left out: it cannot be told apart from the models' strengths (with
  // one pair of models it is a multiple of their difference), and a feature 0 everywhere is one such.
  raw.forEach((values, j) => {
    if (!variesWithinAPair(values, modelA, modelB, index.models.length)) return;
    let square = 0;
    for (let r = 0; r < rowCount; r++) square += judgments[r]! * values[r]! ** 2;
    const sd = Math.sqrt(square / total);
    varying.push(j);
    standardised.push(values.map((v) => v / sd));
  });
  const F = varying.length;
  const z = new Float64Array(rowCount * F);
  for (let r = 0; r < rowCount; r++) for (let j = 0; j < F; j++) z[r * F + j] = standardised[j]![r]!;
  return {
    rows: { count: rowCount, modelA, modelB, z, features: F, judgments, winsA, cluster, clusters },
    varying,
    judgments: total,
  };
}

/** Per round, the reference group's θ by the one-step cluster bootstrap (see above); NaN where the step is singular. */
function oneStepRounds(
  rows: StyleRows,
  k: number,
  ref: number,
  fit: StyleFit,
  rounds: number,
  random: () => number,
  samples: Float64Array[],
) {
  const s = styleStructure(rows, k, ref, null);
  const P = s.parameters;
  const g = new Float64Array(rows.clusters * P);
  const h = new Float64Array(rows.clusters * P * P);
  accumulate(rows, s, null, fit.theta, fit.beta, g, h, true);
  // Packed per instruction: P score entries, then the information's upper triangle.
  const upper: number[] = [];
  for (let u = 0; u < P; u++) for (let v = u; v < P; v++) upper.push(u * P + v);
  const B = P + upper.length;
  const blocks = new Float64Array(rows.clusters * B);
  for (let c = 0; c < rows.clusters; c++) {
    for (let u = 0; u < P; u++) blocks[c * B + u] = g[c * P + u]!;
    upper.forEach((at, t) => (blocks[c * B + P + t] = h[c * P * P + at]!));
  }
  const counts = new Float64Array(rows.clusters);
  const sum = new Float64Array(B);
  const score = new Float64Array(P);
  const information = new Float64Array(P * P);
  for (let round = 0; round < rounds; round++) {
    drawClusters(rows.clusters, random, counts);
    sum.fill(0);
    for (let c = 0; c < rows.clusters; c++) {
      const w = counts[c]!;
      if (w === 0) continue;
      const offset = c * B;
      for (let t = 0; t < B; t++) sum[t]! += w * blocks[offset + t]!;
    }
    score.set(sum.subarray(0, P));
    information.fill(0);
    upper.forEach((at, t) => (information[at] = sum[P + t]!));
    const step = newtonStep(score, information, P);
    for (let m = 0; m < k; m++) {
      if (s.anchor[m] !== ref) continue;
      const position = s.modelPosition[m]!;
      samples[m]![round] = position < 0 ? 0 : fit.theta[m]! + step[position]!;
    }
  }
}

/**
 * Under separation Newton's steps run off while the log-likelihood creeps towards 0, and may stop once it no
 * longer improves in floating point: a parameter beyond 50 (a win probability within 2e-22 of 1) is taken as
 * that, not as an estimate.
 */
function finiteMaximum(fit: StyleFit): boolean {
  const bounded = (v: number) => !Number.isFinite(v) || Math.abs(v) < 50;
  return fit.converged && fit.theta.every(bounded) && fit.beta.every(bounded);
}

/**
 * Style-controlled Bradley–Terry ratings (400·log10 scale, reference 1000) with instruction-bootstrap
 * intervals, and the coefficients of the standardised features. `result` is null, with `reason`, when no
 * comparison carries both word and Markdown counts, the reference is in none of those, or the likelihood has
 * no finite maximum. `bootstrap` forces the interval method (by default chosen by `refitBudget`).
 */
export function styleControlled(
  index: BattleIndex,
  reference: string,
  features: ComparisonFeatures,
  options: { seed: number; rounds: number; bootstrap?: RegressionBootstrap },
): StyleControlledAnswer {
  assertSeed(options.seed);
  const built = styleRows(index, features);
  if (built === null)
    return nothing(
      "No comparison carries the word counts and the Markdown counts of both outputs (words_a/words_b and style_a/style_b).",
      options,
    );
  const { rows, varying } = built;
  const k = index.models.length;
  const ref = index.models.indexOf(reference);
  const present = new Uint8Array(k);
  for (let r = 0; r < rows.count; r++) present[rows.modelA[r]!] = present[rows.modelB[r]!] = 1;
  if (ref < 0 || present[ref] === 0)
    return nothing(
      `The reference model ${reference} is in none of the ${rows.count} comparisons that carry word and Markdown counts.`,
      options,
    );

  const fit = fitStyle(rows, k, ref, null);
  if (!finiteMaximum(fit))
    return nothing(
      "The style-controlled likelihood has no finite maximum: the word and Markdown features separate wins from losses.",
      options,
    );

  const bootstrap = options.bootstrap ?? (rows.count * options.rounds <= refitBudget ? "refit" : "one-step");
  const samples = Array.from({ length: k }, () => new Float64Array(options.rounds));
  const random = seededRandom(options.seed, "style-controlled");
  if (bootstrap === "refit") {
    const counts = new Float64Array(rows.clusters);
    for (let round = 0; round < options.rounds; round++) {
      drawClusters(rows.clusters, random, counts);
      // A round needs its ratings to far less than the interval's Monte Carlo error: a last step below 1e-4
      // leaves them within ~1e-8 of the round's maximum (about 1e-6 rating points) and saves a pass.
      const again = fitStyle(rows, k, ref, counts, fit, 1e-4);
      for (let m = 0; m < k; m++) samples[m]![round] = again.converged ? again.theta[m]! : NaN;
    }
  } else oneStepRounds(rows, k, ref, fit, options.rounds, random, samples);

  const ratings: StyleControlled["ratings"] = {};
  for (const m of [ref, ...index.models.keys()]) {
    if (present[m] === 0 || index.models[m]! in ratings) continue;
    const finite = Number.isFinite(fit.theta[m]!);
    const bounds = finite && options.rounds > 0 ? ci95(samples[m]!.map((t) => referenceRating + scale * t)) : null;
    ratings[index.models[m]!] = { rating: finite ? referenceRating + scale * fit.theta[m]! : null, ci: bounds };
  }
  const coefficients: StyleCoefficients = { words: null, headers: null, list_items: null, bold: null };
  varying.forEach((feature, j) => {
    const beta = fit.beta[j]!;
    coefficients[styleFeatures[feature]!] = Number.isFinite(beta) ? beta : null;
  });
  return {
    result: { ratings, coefficients, judgments: built.judgments },
    reason: null,
    definition: styleControlledDefinition(bootstrap, options.rounds, options.seed),
  };
}
