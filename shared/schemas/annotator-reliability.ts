import { z } from "zod";
import { AnnotatorReliabilitySchema } from "./win-rates";

/** The answer of GET /api/campaigns/:id/annotator-reliability (server/stats/annotator-reliability.ts). */
export const CampaignAnnotatorReliabilitySchema = z.strictObject({
  annotators: z.record(z.string(), AnnotatorReliabilitySchema),
  /** Reliability below which an annotator with enough judgments is flagged (docs/decisions/019). */
  threshold: z.number().min(0).max(1),
  comparisons: z.number().int().min(0),
  judgments: z.number().int().min(0),
});
export type CampaignAnnotatorReliability = z.infer<typeof CampaignAnnotatorReliabilitySchema>;
