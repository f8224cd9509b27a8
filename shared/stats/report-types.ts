import type { WinTally } from "./win-rates";

// The shapes of the figures issue #14 adds to `longpref stats --json` and GET /api/analytics/win-rates,
// written down before their code so that the library, the CLI, the API and the Analytics page are built
// against one contract. Win rates are fractions (0..1); ratings are on the 400·log10 scale, reference 1000.

/** Length-controlled win rate of one model against the reference (length-controlled.ts). */
export interface LengthControlledFigure {
  /** σ(θ̂); null with `reason` when there is no answer. */
  win_rate: number | null;
  /** Bootstrap over instructions, 2.5 and 97.5 percentiles of σ(θ*). */
  ci: [number, number] | null;
  /** φ̂, the coefficient of tanh(Δ/s) (Δ = words(model) − words(reference)). */
  length_coefficient: number | null;
  /** (wins + ties/2) / n over the same judgments. */
  raw_win_rate: number | null;
  /** Set when LC and raw differ by more than max(10 points, a quarter of the way to 0 or 1). */
  warning: string | null;
  /** Why there is no answer: s = 0, fewer than 10 judgments, or separation. */
  reason: string | null;
  /** Judgments of the model against the reference that carry word counts. */
  judgments: number;
}

export interface StyleCoefficients {
  words: number | null;
  headers: number | null;
  list_items: number | null;
  bold: number | null;
}

/** Bradley–Terry with style features, ratings at style 0 (style-controlled.ts). */
export interface StyleControlled {
  ratings: Record<string, { rating: number | null; ci: [number, number] | null }>;
  /** Per standardised feature; null when it does not vary between comparisons of the same two models (left out of the fit). */
  coefficients: StyleCoefficients;
  judgments: number;
}

/** Dawid–Skene figures of one annotator (dawid-skene.ts). */
export interface AnnotatorReliability {
  /** Σ_k prior_k · π_kk: the probability that the annotator's verdict is the true one. */
  reliability: number | null;
  judgments: number;
  /** Share of the annotator's decided judgments won by the output shown on the left; null without any. */
  position_bias: number | null;
  /** reliability below the flag threshold (see definitions). */
  flagged: boolean;
  /** π[true][given] over {first sample better, tie, second sample better}, rows summing to 1. */
  confusion: [number, number, number][];
}

/** Reliability-weighted win rate of one model against the reference (weighted-win-rates.ts). */
export interface WeightedVsReference {
  /** Mean over the model's comparisons of P(win) + P(tie)/2 under the Dawid–Skene posterior. */
  win_rate: number | null;
  ci: [number, number] | null;
  /** Per comparison the verdict of highest posterior, tallied like vs_reference.majority_vote. */
  majority_vote: WinTally;
  comparisons: number;
}

/** Rank from the Bradley–Terry intervals: 1 + models whose lower bound is above this model's upper bound. */
export interface RankBand {
  rank: number;
  /** [best, worst] rank the intervals allow. */
  band: [number, number];
}

/** For the top-rated model: how many added votes of the runner-up beating it would put the runner-up level or above. */
export interface RankFlip {
  top: string;
  runner_up: string;
  votes: number | null;
}
