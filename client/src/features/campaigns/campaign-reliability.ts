import { z } from "zod";
import { AnnotatorReliabilitySchema, type AnnotatorReliability } from "../../../../shared/schemas/win-rates";
import { formatPercent } from "../../common/campaign-format";

// GET /api/campaigns/:id/annotator-reliability: the Dawid–Skene figures of the campaign's annotators and the
// reliability below which one is flagged (shared/stats/report-types.ts AnnotatorReliability).
export const CampaignReliabilitySchema = z.object({
  annotators: z.record(z.string(), AnnotatorReliabilitySchema),
  threshold: z.number().min(0).max(1),
  comparisons: z.number().int().min(0),
  judgments: z.number().int().min(0),
});
export type CampaignReliability = z.infer<typeof CampaignReliabilitySchema>;

/** Why an annotator is flagged, in words: their reliability against the threshold, and their left-side share. */
export function flagReason(name: string, a: AnnotatorReliability, threshold: number): string {
  const reliability =
    a.reliability === null
      ? "reliability could not be estimated"
      : `reliability ${formatPercent(a.reliability, 1)}, below the ${formatPercent(threshold, 1)} threshold`;
  const bias =
    a.position_bias === null
      ? "no decided verdict to show a position preference"
      : `gave ${formatPercent(a.position_bias, 1)} of decided verdicts to the left side (about 50% when judging the texts)`;
  return `${name}: ${reliability}; ${bias}.`;
}
