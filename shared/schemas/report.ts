import { z } from "zod";
import { InstructionSetSchema } from "./instruction";

const RangeScoreSchema = z.object({ samples: z.number().int(), length_score: z.number().nullable() });

/** LongBench-Write's table for one model: S_l overall and per length range (S_q and S come with the judge). */
export const ModelLengthReportSchema = z.object({
  model_id: z.number().int(),
  model_name: z.string(),
  is_reference: z.boolean(),
  samples: z.number().int(),
  length_score: z.number().nullable(),
  by_range: z.record(z.string(), RangeScoreSchema),
  flags: z.record(z.string(), z.number().int()),
});
export type ModelLengthReport = z.infer<typeof ModelLengthReportSchema>;

export const LengthPointSchema = z.object({
  model_id: z.number().int(),
  sample_id: z.number().int(),
  required: z.number().int(),
  produced: z.number().int(),
});

export const LengthReportSchema = z.object({
  set: InstructionSetSchema,
  ranges: z.array(z.string()),
  models: z.array(ModelLengthReportSchema),
  /** Required vs produced length of finished samples for the scatter plot: all, or an even thinning to `points_limit`. */
  points: z.array(LengthPointSchema),
  points_limit: z.number().int(),
  /** How many finished samples there are in all (points holds fewer when this is above the limit). */
  points_total: z.number().int(),
});
export type LengthReport = z.infer<typeof LengthReportSchema>;

export const LengthReportQuerySchema = z.strictObject({ set: z.coerce.number().int().positive() });
