import { z } from "zod";
import { pageOf } from "./page";

// Gold pairs and annotator standing (docs/decisions/039-gold-pairs.md). Researchers only: nothing here is ever
// sent to an annotator.

export const StandingSchema = z.enum(["flagged", "excluded"]).nullable();
export type Standing = z.infer<typeof StandingSchema>;

/** An annotator's answers on gold pairs: right ones, all, and the Wilson 95% interval of their accuracy. */
export const GoldAccuracySchema = z.object({
  judgments: z.number().int(),
  correct: z.number().int(),
  accuracy: z.number().nullable(),
  ci_low: z.number().nullable(),
  ci_high: z.number().nullable(),
});
export type GoldAccuracy = z.infer<typeof GoldAccuracySchema>;

/** What a campaign's dashboard says of its gold pairs: counted apart from its progress. */
export const CampaignGoldSchema = z.object({
  rate: z.number(),
  comparisons: z.number().int(),
  judgments: z.number().int(),
  kinds: z.record(z.string(), z.number().int()),
  /** The automatic flag: at least min_judgments gold answers and the interval's upper bound below flag_below. */
  min_judgments: z.number().int(),
  flag_below: z.number(),
});

export const StandingBodySchema = z.strictObject({
  user_id: z.number().int().positive(),
  action: z.enum(["flag", "exclude", "clear"]),
  reason: z.string().trim().min(1).max(500),
});
export type StandingBody = z.infer<typeof StandingBodySchema>;

export const StandingResponseSchema = z.object({ user_id: z.number().int(), standing: StandingSchema });

export const StandingLogEntrySchema = z.object({
  id: z.number().int(),
  user_id: z.number().int(),
  username: z.string(),
  action: z.enum(["flag", "exclude", "clear"]),
  /** Who did it; null: the automatic rule on gold accuracy. */
  by: z.string().nullable(),
  reason: z.string(),
  at: z.string(),
});
export const StandingLogPageSchema = pageOf(StandingLogEntrySchema);
