import { agreement, type Agreement } from "./agreement";
import type { BattleIndex } from "./battle-index";
import { bradleyTerry } from "./bradley-terry";
import type { BootstrapInfo } from "./cluster-bootstrap";
import { comparisonFeatures } from "./comparison-features";
import { dawidSkene, dawidSkeneDefinition } from "./dawid-skene";
import { lengthControlled, lengthControlledDefinition } from "./length-controlled";
import { positionBias, type PositionBias } from "./position-bias";
import { rankBands, rankFlip } from "./ranks";
import type {
  AnnotatorReliability,
  LengthControlledFigure,
  RankBand,
  RankFlip,
  StyleControlled,
  WeightedVsReference,
} from "./report-types";
import { styleControlled } from "./style-controlled";
import { weightedVsReference, weightedVsReferenceDefinition } from "./weighted-win-rates";
import { winRatesVsReference, type VsReference } from "./win-rates";

// The whole report of `longpref stats`, in the shape of ../shared/fixtures/judgments-a/expected.json, plus
// the Bradley–Terry intervals (bradley_terry_ci95, bt_win_rate_vs_reference_ci95) and each annotator's
// agreement with the majority of the others (agreement.with_majority_of_others), which the fixture has not.

export interface BattleStatsOptions {
  reference: string;
  seed: number;
  /** Bootstrap resamples, for the win-rate and the Bradley–Terry intervals alike. */
  rounds: number;
}

export interface BattleStats {
  seed: number;
  reference_model: string;
  judgments: number;
  comparisons: number;
  /** Whether some judgment carries an inverse-probability weight (an adaptive campaign's, decision 038). */
  reweighted: boolean;
  definitions: Record<string, string>;
  vs_reference: Record<string, VsReference>;
  bradley_terry: Record<string, number>;
  bradley_terry_ci95: Record<string, [number, number] | null>;
  bt_win_rate_vs_reference: Record<string, number>;
  bt_win_rate_vs_reference_ci95: Record<string, [number, number] | null>;
  agreement: Agreement;
  position_bias: PositionBias;
  /** Null with length_controlled_reason when no judgment carries word counts. */
  length_controlled: Record<string, LengthControlledFigure> | null;
  length_controlled_reason: string | null;
  /** Null with style_controlled_reason when no judgment carries word and Markdown counts. */
  style_controlled: StyleControlled | null;
  style_controlled_reason: string | null;
  annotators: Record<string, AnnotatorReliability>;
  weighted_vs_reference: Record<string, WeightedVsReference>;
  bootstrap: BootstrapInfo;
  /** From the Bradley–Terry intervals. */
  ranks: Record<string, RankBand>;
  rank_flip: RankFlip | null;
}

export function statsDefinitions(rounds: number): Record<string, string> {
  return {
    win_rate: "(wins + 0.5 * ties) / n over individual judgments, candidate = model_a, reference = model_b",
    majority_vote: "per comparison the verdict given by at least 2 of its 3 annotators, else tie",
    bootstrap_ci95_over_comparisons: `each comparison scored as the mean of its judgments (win 1, tie 0.5, loss 0); ${rounds} resamples of comparisons with replacement; 2.5 and 97.5 percentiles; seeded (mulberry32, one stream per model)`,
    bradley_terry:
      "maximum-likelihood Bradley-Terry over all judgments, ties as half a win to each side; rating = 400*log10-strength, shifted so the reference is 1000 (FastChat compute_mle_elo convention)",
    bootstrap_ci95_over_instructions: `the interval of win_rate: ${rounds} resamples of the candidate's instructions with replacement (every judgment of an instruction goes with it), win_rate recomputed on each; 2.5 and 97.5 percentiles; seeded (mulberry32, one stream per model)`,
    bradley_terry_ci95: `${rounds} resamples of instructions with replacement (every judgment of an instruction goes with it), Bradley-Terry refitted on each; 2.5 and 97.5 percentiles`,
    bt_win_rate_vs_reference: "1 / (1 + 10^((R_ref - R_m)/400))",
    bt_win_rate_vs_reference_ci95: "bt_win_rate_vs_reference of the bradley_terry_ci95 bounds",
    cohen_kappa: "per annotator pair over the comparisons both judged, categories model_a/tie/model_b",
    fleiss_kappa: "over all comparisons (3 ratings each), categories model_a/tie/model_b",
    krippendorff_alpha_nominal: "all judgments, nominal distance",
    krippendorff_alpha_interval: "verdicts coded model_b=-1, tie=0, model_a=1, squared distance",
    pairwise_agreement: "share of annotator pairs on the same comparison that gave the same verdict",
    with_majority_of_others:
      "per annotator, over the comparisons where the other annotators have a strict majority verdict, the share where the annotator gave it",
    position_bias: "among non-tie judgments, share won by the side shown on the left; two-sided exact binomial test against 0.5",
    bootstrap: `every interval but bootstrap_ci95_over_comparisons resamples instructions (clusters): ${rounds} rounds, the seed printed beside it; 95% percentile intervals (2.5 and 97.5)`,
    ranks:
      "rank = 1 + the number of models whose Bradley-Terry interval lies wholly above this model's; band = [rank, n - the number of models whose interval lies wholly below]; models without a finite rating are not ranked",
    rank_flip:
      "for the top-rated model, the fewest added judgments in which the runner-up beats it that put the runner-up's Bradley-Terry rating level with or above it (refitted); null votes when a million would not",
  };
}

export const reweightingDefinition =
  "judgments an adaptive campaign chose carry weight 1/p (p: the probability its rule chose the candidate model with), normalised to mean 1 per campaign and model; win_rate, win_rate_excluding_ties, both bootstrap intervals of vs_reference and Bradley-Terry (fit and bootstrap) use the weighted sums (Hajek ratios); counts (win, tie, loss, n), majority_vote, length buckets, categories and the other figures stay unweighted (docs/decisions/038-adaptive-choice.md)";

/** Everything `longpref stats` reports; throws a RangeError when the reference model has no judgment. */
export function battleStats(index: BattleIndex, options: BattleStatsOptions): BattleStats {
  const { reference, seed, rounds } = options;
  if (!Number.isInteger(rounds) || rounds < 0) throw new RangeError(`rounds must be a non-negative integer, got ${rounds}`);
  const bt = bradleyTerry(index, reference, { seed, rounds });
  const features = comparisonFeatures(index);
  const lc = lengthControlled(index, reference, features, { seed, rounds });
  const style = styleControlled(index, reference, features, { seed, rounds });
  const ds = dawidSkene(index);
  const reweighted = index.records.some((r) => r.weight !== undefined && r.weight !== 1);
  return {
    seed,
    reference_model: reference,
    judgments: index.records.length,
    comparisons: index.comparisons.length,
    reweighted,
    definitions: {
      ...(reweighted && { reweighting: reweightingDefinition }),
      ...statsDefinitions(rounds),
      length_controlled: lengthControlledDefinition(rounds, lc.methods),
      style_controlled: style.definition,
      dawid_skene: dawidSkeneDefinition,
      weighted_vs_reference: weightedVsReferenceDefinition(rounds, seed),
    },
    vs_reference: winRatesVsReference(index, reference, { seed, rounds }),
    bradley_terry: bt.ratings,
    bradley_terry_ci95: bt.ci95,
    bt_win_rate_vs_reference: bt.winRateVsReference,
    bt_win_rate_vs_reference_ci95: bt.winRateCi95,
    agreement: agreement(index),
    position_bias: positionBias(index.records),
    length_controlled: lc.figures,
    length_controlled_reason: lc.reason,
    style_controlled: style.result,
    style_controlled_reason: style.reason,
    annotators: ds.annotators,
    weighted_vs_reference: weightedVsReference(index, reference, ds, { seed, rounds }),
    bootstrap: { rounds, seed, cluster: "instruction" },
    ranks: rankBands(bt.ratings, bt.ci95),
    rank_flip: rankFlip(index, reference, bt.ratings),
  };
}
