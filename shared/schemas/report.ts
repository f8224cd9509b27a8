import { z } from "zod";
import { InstructionSetSchema } from "./instruction";
import { DimensionPointsSchema } from "./judging";

const RangeScoreSchema = z.object({
  samples: z.number().int(),
  length_score: z.number().nullable(),
  /** Finished samples in this range with a done judgment of the report's judge. */
  judged: z.number().int(),
  /** S_q over those judged samples. */
  quality_score: z.number().nullable(),
  /** S = (S_l + S_q) / 2 in this range, when both exist. */
  score: z.number().nullable(),
});

/** LongBench-Write's table for one model: S, S_l and S_q, overall and per length range. */
export const ModelLengthReportSchema = z.object({
  model_id: z.number().int(),
  model_name: z.string(),
  is_reference: z.boolean(),
  /** Finished samples of instructions with a required length: what S_l is the mean over. */
  samples: z.number().int(),
  length_score: z.number().nullable(),
  by_range: z.record(z.string(), RangeScoreSchema),
  flags: z.record(z.string(), z.number().int()),
  /** Finished samples with a done judgment of the report's judge: what S_q is over. */
  judged: z.number().int(),
  /** Finished samples whose judgment failed ("judge failed"): never scored, left out of S_q. */
  judge_failed: z.number().int(),
  /** S_q, 0–100: LongBench-Write's aggregation of the six dimension scores over the judged samples. */
  quality_score: z.number().nullable(),
  /** Each dimension's (mean − 1) × 25 over the judged samples. */
  dimension_scores: DimensionPointsSchema.nullable(),
  /** S = (S_l + S_q) / 2, when both exist. */
  score: z.number().nullable(),
});
export type ModelLengthReport = z.infer<typeof ModelLengthReportSchema>;

export const LengthPointSchema = z.object({
  model_id: z.number().int(),
  sample_id: z.number().int(),
  required: z.number().int(),
  produced: z.number().int(),
});

export const QualityPointSchema = z.object({
  model_id: z.number().int(),
  sample_id: z.number().int(),
  quality_score: z.number(),
});

/** A judge model with the template it was asked with: judgments are kept per this pair. */
export const ReportJudgeSchema = z.object({
  judge_model_id: z.number().int(),
  judge_model_name: z.string(),
  template_id: z.number().int(),
  template_name: z.string(),
});
export type ReportJudge = z.infer<typeof ReportJudgeSchema>;

/** A judge that scored some of the set's finished samples, for the report's judge picker. */
export const ReportJudgeOptionSchema = ReportJudgeSchema.extend({
  judged: z.number().int(),
  judge_failed: z.number().int(),
});
export type ReportJudgeOption = z.infer<typeof ReportJudgeOptionSchema>;

export const LengthReportSchema = z.object({
  set: InstructionSetSchema,
  ranges: z.array(z.string()),
  models: z.array(ModelLengthReportSchema),
  /** Required vs produced length of finished samples for the scatter plot: all, or an even thinning to `points_limit`. */
  points: z.array(LengthPointSchema),
  points_limit: z.number().int(),
  /** How many finished samples there are in all (points holds fewer when this is above the limit). */
  points_total: z.number().int(),
  /** The judge whose judgments give S_q and S; null when no judge has scored this set. */
  judge: ReportJudgeSchema.nullable(),
  /** Every judge with done judgments of this set's samples, the most recently run first. */
  judges: z.array(ReportJudgeOptionSchema),
  /** S_q of each judged sample for the histogram, thinned like `points` (at most `points_limit`). */
  quality_points: z.array(QualityPointSchema),
  /** How many judged samples there are in all. */
  quality_points_total: z.number().int(),
  /** The set's newest judge job when every judgment it asked for failed: said so rather than "no scores yet". */
  failed_judge_job: z
    .object({ id: z.number().int(), judge_model_name: z.string(), template_name: z.string(), failed: z.number().int() })
    .nullable(),
});
export type LengthReport = z.infer<typeof LengthReportSchema>;

export const LengthReportQuerySchema = z.strictObject({
  set: z.coerce.number().int().positive(),
  /** The judge model (a model id); without it, the most recently run judge of the set. */
  judge_model: z.coerce.number().int().positive().optional(),
  /** The judge template id; without it, the one most recently run (with the judge model, if given). */
  template: z.coerce.number().int().positive().optional(),
});
export type LengthReportQuery = z.infer<typeof LengthReportQuerySchema>;
