import { z } from "zod";

// What a creation form's choices would create, counted by the same code that creates it (docs/decisions/026).

export const CampaignPreviewSchema = z.object({
  /** Instructions the filter matches. */
  instructions: z.number().int(),
  /** Comparisons the campaign would have: matching instructions with finished samples of both sides. */
  comparisons: z.number().int(),
  /** Judgments wanted in all: comparisons × k. */
  judgments: z.number().int(),
  judgments_per_comparison: z.number().int(),
  /** The reference model the server would use (vs-reference), named so the form can say it. */
  reference_model_id: z.number().int().nullable(),
});
export type CampaignPreview = z.infer<typeof CampaignPreviewSchema>;

export const SamplingPreviewSchema = z.object({
  instructions: z.number().int(),
  samples: z.number().int(),
  /** Requests to the endpoint, first attempts only: one per sample (direct), or an estimate (AgentWrite). */
  requests: z.number().int(),
  /** AgentWrite's section count is known only once each plan is written: requests is then an estimate. */
  requests_estimated: z.boolean(),
});
export type SamplingPreview = z.infer<typeof SamplingPreviewSchema>;

export const JudgePreviewSchema = z.object({
  instructions: z.number().int(),
  /** Finished samples the filter matches. */
  samples: z.number().int(),
  /** Of those, already judged by this judge with this template (or failed and not retried). */
  cached: z.number().int(),
  /** Requests to the judge, first answers only: samples − cached. */
  requests: z.number().int(),
});
export type JudgePreview = z.infer<typeof JudgePreviewSchema>;

/** A model a campaign of the set can compare: one with finished outputs there. */
export const SetModelSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  is_reference: z.boolean(),
  /** Instructions of the set with at least one finished output of the model. */
  instructions: z.number().int(),
});
export const SetModelsResponseSchema = z.object({
  models: z.array(SetModelSchema),
  /** The reference model a vs-reference campaign uses when none is named; null when the set has none. */
  default_reference_id: z.number().int().nullable(),
});
export type SetModelsResponse = z.infer<typeof SetModelsResponseSchema>;
