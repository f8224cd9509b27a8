import { z } from "zod";
import type { Agreement as ServerAgreement } from "../stats/agreement";
import type { BattleStats } from "../stats/battle-stats";
import type { PositionBias as ServerPositionBias } from "../stats/position-bias";
import type * as Server from "../stats/report-types";
import type { VsReference as ServerVsReference, WinTally as ServerWinTally } from "../stats/win-rates";

// The answer of GET /api/analytics/win-rates: shared/stats/battle-stats.ts `BattleStats` as JSON.
// Records keyed by model, annotator, annotator pair or definition name are open; everything else is fixed.
// Bradley–Terry ratings are ±Infinity or NaN for models outside the reference's strongly connected group
// (bradley-terry.ts), and JSON.stringify writes those as null, so the Bradley–Terry numbers are nullable
// here although the server's type says number.

const count = z.number().int().min(0);
const share = z.number().min(0).max(1);
/** A number that may have been ±Infinity or NaN before JSON. */
const wireNumber = z.number().nullable();
const key = z.string();

export const WinTallySchema = z.object({
  win: count,
  tie: count,
  loss: count,
  n: count,
  win_rate: share.nullable(),
  win_rate_excluding_ties: share.nullable(),
});
export type WinTally = z.infer<typeof WinTallySchema>;

export const VsReferenceSchema = z.object({
  all: WinTallySchema,
  by_length_bucket: z.record(key, WinTallySchema).optional(),
  by_category: z.record(key, WinTallySchema).optional(),
  majority_vote: WinTallySchema,
  bootstrap_ci95_over_comparisons: z.tuple([share, share]).nullable(),
  bootstrap_ci95_over_instructions: z.tuple([share, share]).nullable(),
});
export type VsReference = z.infer<typeof VsReferenceSchema>;

export const PairAgreementSchema = z.object({ n: count, kappa: z.number().nullable(), agreement: share });

export const AgreementSchema = z.object({
  /** Keyed "a|b", annotator names sorted. */
  cohen_kappa: z.record(key, PairAgreementSchema),
  fleiss_kappa: z.number().nullable(),
  krippendorff_alpha_nominal: z.number().nullable(),
  krippendorff_alpha_interval: z.number().nullable(),
  pairwise_agreement: share.nullable(),
  with_majority_of_others: z.record(key, z.object({ n: count, agreement: share.nullable() })),
});
export type Agreement = z.infer<typeof AgreementSchema>;

export const PositionBiasSchema = z.object({
  decided: count,
  left_wins: count,
  left_win_rate: share.nullable(),
  p_value: share.nullable(),
});
export type PositionBias = z.infer<typeof PositionBiasSchema>;

const interval = z.tuple([wireNumber, wireNumber]).nullable();
const shareInterval = z.tuple([share, share]).nullable();

export const LengthControlledFigureSchema = z.object({
  win_rate: share.nullable(),
  ci: shareInterval,
  length_coefficient: z.number().nullable(),
  raw_win_rate: share.nullable(),
  warning: z.string().nullable(),
  reason: z.string().nullable(),
  judgments: count,
});
export type LengthControlledFigure = z.infer<typeof LengthControlledFigureSchema>;

export const StyleControlledSchema = z.object({
  ratings: z.record(key, z.object({ rating: wireNumber, ci: interval })),
  coefficients: z.object({
    words: z.number().nullable(),
    headers: z.number().nullable(),
    list_items: z.number().nullable(),
    bold: z.number().nullable(),
  }),
  judgments: count,
});
export type StyleControlled = z.infer<typeof StyleControlledSchema>;

export const AnnotatorReliabilitySchema = z.object({
  reliability: share.nullable(),
  judgments: count,
  position_bias: share.nullable(),
  flagged: z.boolean(),
  confusion: z.array(z.tuple([share, share, share])),
});
export type AnnotatorReliability = z.infer<typeof AnnotatorReliabilitySchema>;

export const WeightedVsReferenceSchema = z.object({
  win_rate: share.nullable(),
  ci: shareInterval,
  majority_vote: WinTallySchema,
  comparisons: count,
});
export type WeightedVsReference = z.infer<typeof WeightedVsReferenceSchema>;

export const BootstrapInfoSchema = z.object({ rounds: count, seed: count, cluster: z.literal("instruction") });

export const RankBandSchema = z.object({ rank: z.number().int().min(1), band: z.tuple([z.number().int(), z.number().int()]) });
export const RankFlipSchema = z.object({ top: z.string(), runner_up: z.string(), votes: count.nullable() });

export const WinRatesSchema = z.object({
  seed: count,
  reference_model: z.string(),
  judgments: count,
  comparisons: count,
  /** Some judgments carry inverse-probability weights (an adaptive campaign's, decision 038). */
  reweighted: z.boolean(),
  definitions: z.record(key, z.string()),
  vs_reference: z.record(key, VsReferenceSchema),
  bradley_terry: z.record(key, wireNumber),
  bradley_terry_ci95: z.record(key, interval),
  bt_win_rate_vs_reference: z.record(key, wireNumber),
  bt_win_rate_vs_reference_ci95: z.record(key, interval),
  agreement: AgreementSchema,
  position_bias: PositionBiasSchema,
  // Issue #14's figures (shared/stats/report-types.ts).
  length_controlled: z.record(key, LengthControlledFigureSchema).nullable(),
  length_controlled_reason: z.string().nullable(),
  style_controlled: StyleControlledSchema.nullable(),
  style_controlled_reason: z.string().nullable(),
  annotators: z.record(key, AnnotatorReliabilitySchema),
  weighted_vs_reference: z.record(key, WeightedVsReferenceSchema),
  bootstrap: BootstrapInfoSchema,
  ranks: z.record(key, RankBandSchema),
  rank_flip: RankFlipSchema.nullable(),
});
export type WinRates = z.infer<typeof WinRatesSchema>;

// Checked by the compiler: every BattleStats the server builds is a valid input, and each object names the
// same fields on both sides (a field added to one side only fails here, not on a researcher's screen).
type Check<T extends true> = T;
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
export type WinRatesMatchServer = [
  Check<BattleStats extends z.input<typeof WinRatesSchema> ? true : false>,
  Check<SameKeys<BattleStats, WinRates>>,
  Check<SameKeys<ServerVsReference, VsReference>>,
  Check<SameKeys<ServerWinTally, WinTally>>,
  Check<SameKeys<ServerAgreement, Agreement>>,
  Check<SameKeys<ServerPositionBias, PositionBias>>,
  Check<SameKeys<Server.LengthControlledFigure, LengthControlledFigure>>,
  Check<SameKeys<Server.StyleControlled, StyleControlled>>,
  Check<SameKeys<Server.StyleCoefficients, StyleControlled["coefficients"]>>,
  Check<SameKeys<Server.AnnotatorReliability, AnnotatorReliability>>,
  Check<SameKeys<Server.WeightedVsReference, WeightedVsReference>>,
];
