import { z } from "zod";
import { pageOf } from "./page";
import { qualityDimensions, type Dimension } from "../scoring/judge-answer";
import { JobOutcomeSchema } from "./job-outcome";
import { InstructionFilterSchema, JobStatusSchema } from "./sampling";

export const judgeScoreStatuses = ["queued", "running", "done", "failed"] as const;
export const JudgeScoreStatusSchema = z.enum(judgeScoreStatuses);
export type JudgeScoreStatus = z.infer<typeof JudgeScoreStatusSchema>;

/** The judge's defaults, as LongBench-Write calls GPT-4o (REFERENCE.md §4), whatever the model's own are. */
export const defaultJudgeParams = { temperature: 0.5, max_tokens: 1024 } as const;
/** Judge answers asked for per sample before it is marked "judge failed" (LongWriter asks up to 5). */
export const defaultMaxAnswers = 3;

const dimensionRecord = <T extends z.ZodType>(value: T) =>
  z.object(Object.fromEntries(qualityDimensions.map((d) => [d, value])) as Record<Dimension, T>);

/** The judge's six integer scores, 1–5. */
export const DimensionScoresSchema = dimensionRecord(z.number().int().min(1).max(5));
/** The six dimension scores on 0–100: (score − 1) × 25. */
export const DimensionPointsSchema = dimensionRecord(z.number());

/** single: one output scored on six dimensions ($RESPONSE$); pairwise: two compared ($RESPONSE_A$, $RESPONSE_B$). */
export const judgeTemplateKinds = ["single", "pairwise"] as const;
export const JudgeTemplateKindSchema = z.enum(judgeTemplateKinds);
export type JudgeTemplateKind = z.infer<typeof JudgeTemplateKindSchema>;

export const JudgeTemplateSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: JudgeTemplateKindSchema,
  /** SHA-256 of the text, hex: judgments are cached per (sample, judge model, this hash). */
  hash: z.string(),
  text: z.string(),
  /** The project's default template, written by the server; it cannot be deleted. */
  builtin: z.boolean(),
  created_at: z.string(),
});
export type JudgeTemplate = z.infer<typeof JudgeTemplateSchema>;

export const CreateJudgeTemplateBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /**
   * Placeholders, each at least once: $INST$ (the instruction) and $RESPONSE$ (the output) for a single
   * template; $INST$, $RESPONSE_A$ and $RESPONSE_B$ for a pairwise one.
   */
  text: z.string().min(1).max(100_000),
  kind: JudgeTemplateKindSchema.default("single"),
});
export type CreateJudgeTemplateBody = z.infer<typeof CreateJudgeTemplateBodySchema>;

/** Which samples a judge job scores: finished samples of the set, of these models, matching the filter. */
export const JudgeFilterSchema = InstructionFilterSchema.extend({
  model_ids: z.array(z.number().int().positive()).min(1).max(100).optional(),
});
export type JudgeFilter = z.infer<typeof JudgeFilterSchema>;

export const CreateJudgeJobBodySchema = z.strictObject({
  set_id: z.number().int().positive(),
  judge_model_id: z.number().int().positive(),
  /** Default: the builtin template. */
  template_id: z.number().int().positive().optional(),
  filter: JudgeFilterSchema.default({}),
  temperature: z.number().min(0).max(2).default(defaultJudgeParams.temperature),
  max_tokens: z.number().int().min(16).max(1_000_000).default(defaultJudgeParams.max_tokens),
  /** Judge answers asked for per sample (invalid ones asked again) before "judge failed". */
  max_answers: z.number().int().min(1).max(10).default(defaultMaxAnswers),
  /** Samples whose judgment failed before (same judge and template) are asked again. */
  retry_failed: z.boolean().default(true),
});
export type CreateJudgeJobBody = z.input<typeof CreateJudgeJobBodySchema>;

export const JudgeScoreCountsSchema = z.object({
  queued: z.number().int(),
  running: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
});
export type JudgeScoreCounts = z.infer<typeof JudgeScoreCountsSchema>;

export const JudgeJobSchema = z.object({
  id: z.number().int(),
  set_id: z.number().int(),
  set_name: z.string(),
  judge_model_id: z.number().int(),
  judge_model_name: z.string(),
  template_id: z.number().int(),
  template_name: z.string(),
  template_hash: z.string(),
  filter: JudgeFilterSchema,
  temperature: z.number(),
  max_tokens: z.number().int(),
  max_answers: z.number().int(),
  status: JobStatusSchema,
  created_at: z.string(),
  finished_at: z.string().nullable(),
  /** This job's judgments by status. */
  counts: JudgeScoreCountsSchema,
  total: z.number().int(),
  /** Samples already judged (same judge model and template) when the job was created: not asked again. */
  cached: z.number().int(),
  /** Derived when done: "failed" when every judgment asked for failed, "partly_failed" when some did. */
  outcome: JobOutcomeSchema.nullable(),
});
export type JudgeJob = z.infer<typeof JudgeJobSchema>;

export const JudgeScoreSchema = z.object({
  id: z.number().int(),
  job_id: z.number().int(),
  sample_id: z.number().int(),
  /** The sample's index among its model's samples of the instruction (0-based). */
  sample_index: z.number().int(),
  instruction_id: z.number().int(),
  external_id: z.string(),
  /** The model that wrote the judged sample. */
  model_id: z.number().int(),
  model_name: z.string(),
  judge_model_id: z.number().int(),
  judge_model_name: z.string(),
  template_hash: z.string(),
  status: JudgeScoreStatusSchema,
  /** The judge's 1–5 scores; null unless done. */
  scores: DimensionScoresSchema.nullable(),
  /** (score − 1) × 25 per dimension; null unless done. */
  dimension_scores: DimensionPointsSchema.nullable(),
  /** S_q: mean of the six dimension scores, 0–100; null unless done. */
  quality_score: z.number().nullable(),
  analysis: z.string().nullable(),
  /** The judge's last answer, kept whole: the scored one, or the invalid one behind "judge failed". */
  raw_answer: z.string().nullable(),
  /** Answers that could not be read as six integer scores. */
  invalid_answers: z.number().int(),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  updated_at: z.string(),
  finished_at: z.string().nullable(),
});
export type JudgeScore = z.infer<typeof JudgeScoreSchema>;

export const JudgeJobErrorSchema = z.object({
  judgment_id: z.number().int(),
  sample_id: z.number().int(),
  instruction_id: z.number().int(),
  external_id: z.string(),
  model_name: z.string(),
  status: JudgeScoreStatusSchema,
  error: z.string(),
  at: z.string(),
});

export const JudgeJobProgressSchema = z.object({
  job: JudgeJobSchema,
  judgments_per_minute: z.number(),
  eta_seconds: z.number().nullable(),
  recent_errors: z.array(JudgeJobErrorSchema),
});
export type JudgeJobProgress = z.infer<typeof JudgeJobProgressSchema>;

/** Answer of GET /api/judge-jobs (a page, docs/decisions/032-one-pagination-convention.md). */
export const JudgeJobsResponseSchema = pageOf(JudgeJobSchema);
/** Answer of GET /api/judge-templates (a page). */
export const JudgeTemplatesResponseSchema = pageOf(JudgeTemplateSchema);
export const JudgeScoresResponseSchema = z.object({ judgments: z.array(JudgeScoreSchema) });
export const JudgeScorePageSchema = pageOf(JudgeScoreSchema);
