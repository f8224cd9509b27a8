import { assertSeed, seededRandom } from "../scoring/seeded-random";
import { A_WINS, B_WINS, TIE, type BattleIndex } from "./battle-index";
import { ci95 } from "./percentile";
import { sampleMultinomial } from "./resample";

// Win rates of each candidate model against a reference model (AlpacaEval / Arena-Hard style, REFERENCE
// §4.2 and S3). Only comparisons of a candidate against the reference count; the candidate is whichever
// side is not the reference, so a record with the reference as model_a is read the other way round.
//
// - win_rate = (wins + ties/2) / n over individual judgments ("both_bad" is a tie);
//   win_rate_excluding_ties = wins / (wins + losses), null when every judgment is a tie.
// - majority_vote: per comparison, the verdict of more than half of its judgments (2 of 3), else a tie;
//   then the same tally over comparisons.
// - bootstrap_ci95_over_comparisons: each comparison scored as the mean of its judgments (win 1, tie 0.5,
//   loss 0); `rounds` resamples of the candidate's comparisons with replacement, the mean of each; the
//   2.5th and 97.5th percentiles (np.percentile). Clusters, not judgments, are resampled because the
//   judgments of one comparison are not independent. A round's mean depends only on how many comparisons
//   of each score were drawn, so those counts are drawn from their multinomial (resample.ts). Each
//   candidate draws from its own seeded stream (mulberry32, key `win-rate:<model>`), so its interval does
//   not move when other models are added.
// - bootstrap_ci95_over_instructions: the interval of win_rate itself (over judgments), resampling the
//   candidate's instructions, the honest cluster when an instruction has several comparisons (stats
//   reference §7); seeded per model (key `win-rate-instructions:<model>`).

export interface WinTally {
  win: number;
  tie: number;
  loss: number;
  n: number;
  win_rate: number | null;
  win_rate_excluding_ties: number | null;
}

export interface VsReference {
  all: WinTally;
  /** Present when some judgment of the candidate has a length_bucket; unlabelled ones go under "(none)". */
  by_length_bucket?: Record<string, WinTally>;
  /** Present when some judgment of the candidate has a category; unlabelled ones go under "(none)". */
  by_category?: Record<string, WinTally>;
  majority_vote: WinTally;
  bootstrap_ci95_over_comparisons: [number, number] | null;
  /** The interval of all.win_rate: the candidate's instructions resampled (clusters), every judgment of one going with it. */
  bootstrap_ci95_over_instructions: [number, number] | null;
}

export interface BootstrapOptions {
  seed: number;
  rounds: number;
}

export const unlabelled = "(none)";

export function winTally(win: number, tie: number, loss: number): WinTally {
  const n = win + tie + loss;
  return {
    win,
    tie,
    loss,
    n,
    win_rate: n > 0 ? (win + 0.5 * tie) / n : null,
    win_rate_excluding_ties: win + loss > 0 ? win / (win + loss) : null,
  };
}

/** Counts of [win, tie, loss] per label and candidate (k candidates); labels in order of first appearance. */
class LabelCounts {
  readonly counts = new Map<string, Float64Array>();
  readonly labelled: Uint8Array;
  private last: string | undefined = undefined;
  private lastCounts: Float64Array | undefined = undefined;
  constructor(private readonly k: number) {
    this.labelled = new Uint8Array(k);
  }
  add(label: string | undefined, candidate: number, outcome: number) {
    if (label !== undefined) this.labelled[candidate] = 1;
    const key = label ?? unlabelled;
    if (key !== this.last || this.lastCounts === undefined) {
      let c = this.counts.get(key);
      if (c === undefined) this.counts.set(key, (c = new Float64Array(this.k * 3)));
      this.last = key;
      this.lastCounts = c;
    }
    this.lastCounts[candidate * 3 + outcome]!++;
  }
  tallies(candidate: number): Record<string, WinTally> | undefined {
    if (this.labelled[candidate] === 0) return undefined;
    const tallies: Record<string, WinTally> = {};
    for (const [label, c] of this.counts) {
      const [w, t, l] = [c[candidate * 3]!, c[candidate * 3 + 1]!, c[candidate * 3 + 2]!];
      if (w + t + l > 0) tallies[label] = winTally(w, t, l);
    }
    return tallies;
  }
}

/**
 * Mean of `scores` resampled with replacement, `rounds` times, from one seeded stream. The draws are
 * multinomial counts over the distinct scores (resample.ts), the same distribution as index draws.
 */
export function bootstrapMeans(scores: ArrayLike<number>, rounds: number, random: () => number): Float64Array {
  const n = scores.length;
  const weights = new Map<number, number>();
  for (let i = 0; i < n; i++) weights.set(scores[i]!, (weights.get(scores[i]!) ?? 0) + 1);
  const values = [...weights.keys()].sort((a, b) => a - b);
  const counts = Float64Array.from(values, (v) => weights.get(v)!);
  const drawn = new Float64Array(values.length);
  const means = new Float64Array(rounds);
  for (let r = 0; r < rounds; r++) {
    sampleMultinomial(n, counts, random, drawn);
    let sum = 0;
    for (let k = 0; k < values.length; k++) sum += drawn[k]! * values[k]!;
    means[r] = sum / n;
  }
  return means;
}

/**
 * Bootstrap of (wins + ties/2) / n over judgments, resampling the candidate's instructions: per round the
 * ratio of the drawn instructions' summed scores to their summed judgment counts. Instructions with the same
 * (score, count) are one kind, drawn from their multinomial (resample.ts), as in bootstrapMeans.
 */
export function bootstrapClusterRatios(
  halves: ArrayLike<number>,
  counts: ArrayLike<number>,
  rounds: number,
  random: () => number,
): Float64Array {
  const kinds = new Map<string, number>();
  const kindHalves: number[] = [];
  const kindCounts: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < halves.length; i++) {
    const key = `${halves[i]}/${counts[i]}`;
    let kind = kinds.get(key);
    if (kind === undefined) {
      kinds.set(key, (kind = weights.length));
      kindHalves.push(halves[i]!);
      kindCounts.push(counts[i]!);
      weights.push(0);
    }
    weights[kind]!++;
  }
  const drawn = new Float64Array(weights.length);
  const ratios = new Float64Array(rounds);
  for (let r = 0; r < rounds; r++) {
    sampleMultinomial(halves.length, weights, random, drawn);
    let score = 0;
    let n = 0;
    for (let kind = 0; kind < weights.length; kind++) {
      score += drawn[kind]! * kindHalves[kind]!;
      n += drawn[kind]! * kindCounts[kind]!;
    }
    ratios[r] = score / 2 / n;
  }
  return ratios;
}

/** Win rates of every model that met the reference, in order of first appearance. */
export function winRatesVsReference(index: BattleIndex, reference: string, options: BootstrapOptions): Record<string, VsReference> {
  assertSeed(options.seed);
  const ref = index.models.indexOf(reference);
  const result: Record<string, VsReference> = {};
  if (ref < 0) return result;
  const k = index.models.length;
  const count = index.comparisons.length;
  // Per comparison: its candidate (−1 without the reference) and whether the reference is its model_a.
  const candidateOf = new Int32Array(count).fill(-1);
  const flipped = new Uint8Array(count);
  index.comparisons.forEach(({ modelA, modelB }, c) => {
    if (modelB === ref) candidateOf[c] = modelA;
    else if (modelA === ref) [candidateOf[c], flipped[c]] = [modelB, 1];
  });
  // Outcomes from the candidate's side: A_WINS = win, TIE = tie, B_WINS = loss. The weighted copies sum
  // each judgment's weight (1 unless an adaptive campaign chose it, decision 038), so they equal the counts
  // when no record has a weight and every figure below is then the unweighted one.
  const votes = new Int32Array(count * 3);
  const all = new Float64Array(k * 3);
  const weightedVotes = new Float64Array(count * 3);
  const weightedAll = new Float64Array(k * 3);
  const weighted = index.records.some((r) => r.weight !== undefined && r.weight !== 1);
  const buckets = new LabelCounts(k);
  const categories = new LabelCounts(k);
  const { records, verdict, comparisonOf } = index;
  for (let i = 0; i < records.length; i++) {
    const c = comparisonOf[i]!;
    const candidate = candidateOf[c]!;
    if (candidate < 0) continue;
    const outcome = flipped[c] === 1 ? 2 - verdict[i]! : verdict[i]!;
    votes[c * 3 + outcome]!++;
    all[candidate * 3 + outcome]!++;
    const r = records[i]!;
    weightedVotes[c * 3 + outcome]! += r.weight ?? 1;
    weightedAll[candidate * 3 + outcome]! += r.weight ?? 1;
    buckets.add(r.length_bucket, candidate, outcome);
    categories.add(r.category, candidate, outcome);
  }
  const majority = new Float64Array(k * 3);
  const scores = Array.from({ length: k }, (): number[] => []);
  // Weighted: per comparison its weighted points in halves and summed weight, for a ratio bootstrap.
  const comparisonHalves = Array.from({ length: k }, (): number[] => []);
  const comparisonWeights = Array.from({ length: k }, (): number[] => []);
  // Per candidate and instruction: summed judgment scores in halves (win 2, tie 1) and judgment count (weighted).
  const byInstruction = Array.from({ length: k }, () => new Map<number, [number, number]>());
  for (let c = 0; c < count; c++) {
    const candidate = candidateOf[c]!;
    if (candidate < 0) continue;
    const [w, t, l] = [votes[c * 3]!, votes[c * 3 + 1]!, votes[c * 3 + 2]!];
    const judged = w + t + l;
    majority[candidate * 3 + (w * 2 > judged ? A_WINS : l * 2 > judged ? B_WINS : TIE)]!++;
    scores[candidate]!.push((w + 0.5 * t) / judged);
    const [ww, wt, wl] = [weightedVotes[c * 3]!, weightedVotes[c * 3 + 1]!, weightedVotes[c * 3 + 2]!];
    comparisonHalves[candidate]!.push(2 * ww + wt);
    comparisonWeights[candidate]!.push(ww + wt + wl);
    const own = byInstruction[candidate]!;
    const instruction = index.instructionOf[c]!;
    const sums = own.get(instruction);
    if (sums === undefined) own.set(instruction, [2 * ww + wt, ww + wt + wl]);
    else [sums[0], sums[1]] = [sums[0] + 2 * ww + wt, sums[1] + ww + wt + wl];
  }
  for (let candidate = 0; candidate < k; candidate++) {
    if (scores[candidate]!.length === 0) continue;
    const model = index.models[candidate]!;
    const tally = (counts: Float64Array) => winTally(counts[candidate * 3]!, counts[candidate * 3 + 1]!, counts[candidate * 3 + 2]!);
    const byBucket = buckets.tallies(candidate);
    const byCategory = categories.tallies(candidate);
    const random = seededRandom(options.seed, `win-rate:${model}`);
    const sums = [...byInstruction[candidate]!.values()];
    const instructionRandom = seededRandom(options.seed, `win-rate-instructions:${model}`);
    // Weighted: counts stay judgments, the rates are the weighted (Hájek) shares.
    const rates = weighted ? tally(weightedAll) : undefined;
    const overComparisons = () =>
      weighted
        ? bootstrapClusterRatios(comparisonHalves[candidate]!, comparisonWeights[candidate]!, options.rounds, random)
        : bootstrapMeans(scores[candidate]!, options.rounds, random);
    result[model] = {
      all: rates ? { ...tally(all), win_rate: rates.win_rate, win_rate_excluding_ties: rates.win_rate_excluding_ties } : tally(all),
      ...(byBucket && { by_length_bucket: byBucket }),
      ...(byCategory && { by_category: byCategory }),
      majority_vote: tally(majority),
      bootstrap_ci95_over_comparisons: options.rounds > 0 ? ci95(overComparisons()) : null,
      bootstrap_ci95_over_instructions:
        options.rounds > 0
          ? ci95(
              bootstrapClusterRatios(
                sums.map((x) => x[0]),
                sums.map((x) => x[1]),
                options.rounds,
                instructionRandom,
              ),
            )
          : null,
    };
  }
  return result;
}
