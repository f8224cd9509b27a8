import { seededRandom } from "../scoring/seeded-random";
import type { BattleRecord } from "../schemas/battles";
import { A_WINS, B_WINS, type BattleIndex } from "./battle-index";
import { ci95 } from "./percentile";
import { sampleBinomial } from "./resample";
import { bootstrapClusterRatios } from "./win-rates";

// One simulated campaign of a candidate model against the reference, measured with the estimator the
// campaign statistics report (winRatesVsReference's bootstrap_ci95_over_instructions, decision 040):
// one comparison per instruction, k annotators per comparison, no ties (a tie scores ½ and narrows the
// interval, so assuming none errs towards more judgments).
//
// Annotators: a share κ of comparisons are clear-cut (every annotator gives the same verdict, the
// candidate's win with probability P); on the others each annotator says "candidate" with probability P
// on their own. Every verdict is a win with probability P, and two verdicts of one comparison correlate
// by exactly κ, which is also the expected Fleiss' κ the statistics report for such annotators.

export interface SimulatedDesign {
  /** Expected win rate of the candidate against the reference, 0 < P < 1. */
  winRate: number;
  /** Judgments per comparison. */
  k: number;
  /** Within-comparison agreement beyond chance (Fleiss' κ), 0 ≤ κ ≤ 1. */
  kappa: number;
}

export const candidate = "candidate";
export const reference = "reference";

// winRatesVsReference reads a record only for its length_bucket and category (absent here), so every slot
// holds this one record rather than n·k copies.
const placeholder: BattleRecord = {
  comparison_id: "c",
  instruction_id: "i",
  model_a: candidate,
  model_b: reference,
  annotator: "a0",
  winner: "model_a",
  left: "model_a",
};

/**
 * Wins of the candidate in each of comparisons 0..n−1 of run `run` (k verdicts each). Run r draws from its
 * own stream, comparison after comparison, so n + 1 comparisons are the first n and one more.
 */
export function simulatedWins(design: SimulatedDesign, n: number, seed: number, run: number): Int32Array {
  const { winRate, k, kappa } = design;
  const random = seededRandom(seed, `budget-plan:${run}`);
  const wins = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    // Clear-cut: all k verdicts alike; else k independent verdicts (one uniform by inversion, resample.ts).
    wins[c] = random() < kappa ? (random() < winRate ? k : 0) : sampleBinomial(k, winRate, random);
  }
  return wins;
}

/**
 * The index indexBattles would make of those judgments' records (comparison c = instruction c, candidate as
 * model_a, annotators a0..a(k−1)): what the campaign statistics compute from.
 */
export function simulatedIndex(design: SimulatedDesign, wins: Int32Array): BattleIndex {
  const { k } = design;
  const n = wins.length;
  const size = n * k;
  const comparisonOf = new Int32Array(size);
  const annotatorOf = new Int32Array(size);
  const verdict = new Uint8Array(size);
  for (let c = 0, i = 0; c < n; c++) {
    for (let j = 0; j < k; j++, i++) {
      comparisonOf[i] = c;
      annotatorOf[i] = j;
      verdict[i] = j < wins[c]! ? A_WINS : B_WINS;
    }
  }
  return {
    records: new Array<BattleRecord>(size).fill(placeholder),
    models: [candidate, reference],
    annotators: Array.from({ length: k }, (_, j) => `a${j}`),
    instructions: Array.from({ length: n }, (_, c) => `i${c}`),
    comparisons: Array.from({ length: n }, (_, c) => ({ id: `c${c}`, modelA: 0, modelB: 1 })),
    instructionOf: Int32Array.from({ length: n }, (_, c) => c),
    comparisonOf,
    annotatorOf,
    verdict,
  };
}

/**
 * The candidate's bootstrap_ci95_over_instructions as winRatesVsReference computes it from simulatedIndex
 * (same per-instruction sums, same bootstrapClusterRatios, same seeded stream), without building the index:
 * a planner answer measures hundreds of simulated campaigns. The unit test checks both agree exactly.
 */
export function intervalOverInstructions(wins: Int32Array, k: number, seed: number, rounds: number): [number, number] | null {
  const halves = Float64Array.from(wins, (w) => 2 * w);
  const counts = new Float64Array(wins.length).fill(k);
  return ci95(bootstrapClusterRatios(halves, counts, rounds, seededRandom(seed, `win-rate-instructions:${candidate}`)));
}

/** Width of the 95% interval over instructions of run `run`, as the statistics would report it. */
export function simulatedWidth(design: SimulatedDesign, n: number, options: { seed: number; run: number; rounds: number }): number {
  const wins = simulatedWins(design, n, options.seed, options.run);
  // Each run's bootstrap gets its own seed, so runs differ in their resamples as well as their judgments.
  const ci = intervalOverInstructions(wins, design.k, options.seed + options.run, options.rounds);
  if (!ci) throw new RangeError("the simulated campaign has no interval");
  return ci[1] - ci[0];
}

/** Mean width over `runs` simulated campaigns of n comparisons each. */
export function meanSimulatedWidth(design: SimulatedDesign, n: number, options: { seed: number; runs: number; rounds: number }): number {
  let sum = 0;
  for (let run = 0; run < options.runs; run++) sum += simulatedWidth(design, n, { seed: options.seed, run, rounds: options.rounds });
  return sum / options.runs;
}
