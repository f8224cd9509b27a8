import { defaultRounds } from "./cluster-bootstrap";
import { meanSimulatedWidth, type SimulatedDesign } from "./budget-simulation";

// How many judgments a campaign needs for a target 95% interval width (decision 040). Each candidate model
// meets the reference on the same instructions, one comparison per instruction, k judgments each; the
// answer is the fewest comparisons per model at which every model's simulated interval (the statistics'
// own bootstrap over instructions) is on average no wider than the target, and judgments = comparisons ×
// k × models.
//
// Search: from the normal approximation, steps of 15% up or down until the mean width crosses the
// target, then bisection between the last two sizes to 0.5%. Every size reuses the same runs' streams (a
// larger campaign extends a smaller one), so the width falls smoothly with n and the search finds one crossing.

export interface PlanInput {
  /** Candidate models, each compared with the reference. */
  models: number;
  /** Judgments per comparison. */
  k: number;
  /** Expected win rate against the reference: one for every model, or one per model. */
  winRate: number | readonly number[];
  /** Target width of the 95% interval of each model's win rate (e.g. 0.1 for ±5 points). */
  targetCi: number;
  /** Annotator agreement beyond chance (Fleiss' κ); default 0.3. */
  kappa?: number;
  seed?: number;
  /** Simulated campaigns per size tried; default 16. */
  runs?: number;
  /** Bootstrap rounds of each simulated interval; default 1,000, as the statistics report them. */
  rounds?: number;
}

export interface Plan {
  judgments: number;
  /** Per model: one per instruction. */
  comparisons: number;
}

/** Human preference annotators agree at about 63–66% on near-even pairs (MT-Bench, AlpacaFarm): κ ≈ 0.3. */
export const defaultKappa = 0.3;
// Fewer rounds would be cheaper but bias the width low: the 2.5th and 97.5th percentiles of 200 resamples
// sit about 7% inside those of 1,000 (measured), and 1,000 is what the statistics report.
export const planDefaults = { seed: 0, runs: 16, rounds: defaultRounds } as const;
/** Below ten instructions a percentile bootstrap's interval is too narrow to trust: the planner never answers fewer. */
export const minComparisons = 10;
/**
 * Per model; a target that needs more is refused. At a few minutes a judgment, 20,000 comparisons × k is
 * years of one annotator's time, and the search past it would take seconds.
 */
export const maxComparisons = 20_000;
/** Bracketing steps from the normal approximation, and the search's relative precision (below its noise). */
const step = 1.15;
const precision = 0.005;

/** A target no campaign up to maxComparisons per model reaches. */
export class UnreachableTarget extends RangeError {
  constructor(
    readonly targetCi: number,
    readonly estimate: number,
  ) {
    super(
      `a 95% interval of width ${targetCi} needs more than ${maxComparisons.toLocaleString("en")} comparisons per model (about ${estimate.toLocaleString("en")} by the normal approximation); choose a wider target`,
    );
  }
}

/**
 * Comparisons per model by the normal approximation: the mean of n comparison scores, each the mean of k
 * verdicts correlated by κ, has variance P(1−P)(1 + (k−1)κ) / (k n); the width is 2 × 1.96 standard errors.
 */
export function normalApproximation(winRate: number, k: number, kappa: number, targetCi: number): number {
  const z = 1.959963984540054;
  return Math.ceil(((2 * z) ** 2 * winRate * (1 - winRate) * (1 + (k - 1) * kappa)) / (k * targetCi ** 2));
}

function check(input: PlanInput): void {
  const { models, k, targetCi } = input;
  const rates = typeof input.winRate === "number" ? [input.winRate] : input.winRate;
  const problems = [
    !(Number.isInteger(models) && models >= 1) && "models: an integer ≥ 1",
    !(Number.isInteger(k) && k >= 1) && "k: an integer ≥ 1",
    !(rates.length > 0 && rates.every((p) => p > 0 && p < 1)) && "win rate: between 0 and 1 (exclusive)",
    typeof input.winRate !== "number" && rates.length !== models && `win rates: one per model (${models}), got ${rates.length}`,
    !(targetCi > 0 && targetCi < 1) && "target width: between 0 and 1 (exclusive)",
    input.kappa !== undefined && !(input.kappa >= 0 && input.kappa <= 1) && "kappa: from 0 to 1",
  ].filter((p) => p !== false);
  if (problems.length > 0) throw new RangeError(problems.join("; "));
}

/**
 * The fewest comparisons of one candidate whose mean simulated width is within the target, to within
 * `precision` (the search stops once the bracket is that narrow and answers its upper end).
 */
function comparisonsFor(design: SimulatedDesign, targetCi: number, options: { seed: number; runs: number; rounds: number }): number {
  const fits = (n: number) => meanSimulatedWidth(design, n, options) <= targetCi;
  const unreachable = () => new UnreachableTarget(targetCi, normalApproximation(design.winRate, design.k, design.kappa, targetCi));
  // Bracket [lo, hi] (lo too few, hi enough) by steps of `step` from the approximation, which the
  // simulation lands within a few percent of: a handful of sizes tried instead of doubling from ten.
  const start = Math.min(maxComparisons, Math.max(minComparisons, normalApproximation(design.winRate, design.k, design.kappa, targetCi)));
  let lo: number;
  let hi: number;
  if (fits(start)) {
    hi = start;
    lo = Math.floor(start / step);
    while (lo > minComparisons && fits(lo)) [hi, lo] = [lo, Math.floor(lo / step)];
    if (lo <= minComparisons) {
      if (fits(minComparisons)) return minComparisons;
      lo = minComparisons;
    }
  } else {
    if (start === maxComparisons) throw unreachable();
    lo = start;
    hi = Math.min(maxComparisons, Math.ceil(start * step));
    while (!fits(hi)) {
      if (hi === maxComparisons) throw unreachable();
      [lo, hi] = [hi, Math.min(maxComparisons, Math.ceil(hi * step))];
    }
  }
  while (hi - lo > Math.max(1, Math.floor(hi * precision))) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Judgments and comparisons per model for the design; throws RangeError (UnreachableTarget past the cap). */
export function planBudget(input: PlanInput): Plan {
  check(input);
  const kappa = input.kappa ?? defaultKappa;
  const options = {
    seed: input.seed ?? planDefaults.seed,
    runs: input.runs ?? planDefaults.runs,
    rounds: input.rounds ?? planDefaults.rounds,
  };
  const rates = [...new Set(typeof input.winRate === "number" ? [input.winRate] : input.winRate)];
  let comparisons = minComparisons;
  for (const winRate of rates) {
    // Far past the cap by the approximation: refused at once rather than after simulating the cap.
    const estimate = normalApproximation(winRate, input.k, kappa, input.targetCi);
    if (estimate > 1.5 * maxComparisons) throw new UnreachableTarget(input.targetCi, estimate);
    comparisons = Math.max(comparisons, comparisonsFor({ winRate, k: input.k, kappa }, input.targetCi, options));
  }
  return { judgments: comparisons * input.k * input.models, comparisons };
}
