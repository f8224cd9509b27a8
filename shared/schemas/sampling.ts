import { z } from "zod";
import { pageOf } from "./page";
import { LangSchema, SearchTextSchema } from "./instruction";
import { JobOutcomeSchema } from "./job-outcome";

export const samplingStrategies = ["direct", "agentwrite"] as const;
export const SamplingStrategySchema = z.enum(samplingStrategies);
export type SamplingStrategy = z.infer<typeof SamplingStrategySchema>;

export const jobStatuses = ["running", "paused", "cancelled", "done"] as const;
export const JobStatusSchema = z.enum(jobStatuses);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const sampleStatuses = ["queued", "running", "done", "failed"] as const;
export const SampleStatusSchema = z.enum(sampleStatuses);
export type SampleStatus = z.infer<typeof SampleStatusSchema>;

/** Which instructions of a set a job samples; the same filters as the instructions table. */
export const InstructionFilterSchema = z.strictObject({
  lang: LangSchema.optional(),
  range: z.string().max(100).optional(),
  category: z.string().max(200).optional(),
  q: SearchTextSchema.optional(),
});
export type InstructionFilter = z.infer<typeof InstructionFilterSchema>;

/** Of the matching instructions, in the set's order: the first N, or N drawn at random, reproducible by seed. */
export const InstructionSubsetSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("first"), count: z.number().int().min(1).max(10_000_000) }),
  z.strictObject({
    kind: z.literal("random"),
    count: z.number().int().min(1).max(10_000_000),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
  }),
]);
export type InstructionSubset = z.infer<typeof InstructionSubsetSchema>;

/** A sampling job's instructions: the instruction filter, then optionally a subset of what it matches. */
export const SamplingFilterSchema = InstructionFilterSchema.extend({ subset: InstructionSubsetSchema.optional() });
export type SamplingFilter = z.infer<typeof SamplingFilterSchema>;

export const CreateSamplingJobBodySchema = z.strictObject({
  set_id: z.number().int().positive(),
  model_id: z.number().int().positive(),
  n: z.number().int().min(1).max(64).default(4),
  strategy: SamplingStrategySchema.default("direct"),
  filter: SamplingFilterSchema.default({}),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().gt(0).max(1).nullable().optional(),
  max_tokens: z.number().int().min(1).max(1_000_000).optional(),
  /** AgentWrite templates; placeholders $INST$ (plan) and $INST$ $PLAN$ $TEXT$ $STEP$ (write). */
  plan_template: z.string().min(1).max(100_000).optional(),
  write_template: z.string().min(1).max(100_000).optional(),
});
export type CreateSamplingJobBody = z.input<typeof CreateSamplingJobBodySchema>;

export const SampleCountsSchema = z.object({
  queued: z.number().int(),
  running: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
});
export type SampleCounts = z.infer<typeof SampleCountsSchema>;

export const SamplingJobSchema = z.object({
  id: z.number().int(),
  set_id: z.number().int(),
  set_name: z.string(),
  model_id: z.number().int(),
  model_name: z.string(),
  n: z.number().int(),
  strategy: z.enum(["direct", "agentwrite", "import"]),
  filter: SamplingFilterSchema,
  status: JobStatusSchema,
  created_at: z.string(),
  finished_at: z.string().nullable(),
  counts: SampleCountsSchema,
  total: z.number().int(),
  /** Derived when done: "failed" when every sample failed, "partly_failed" when some did. */
  outcome: JobOutcomeSchema.nullable(),
});
export type SamplingJob = z.infer<typeof SamplingJobSchema>;

export const SamplingJobErrorSchema = z.object({
  sample_id: z.number().int(),
  instruction_id: z.number().int(),
  external_id: z.string(),
  sample_index: z.number().int(),
  status: SampleStatusSchema,
  error: z.string(),
  at: z.string(),
});

export const SamplingJobProgressSchema = z.object({
  job: SamplingJobSchema,
  /** Samples finished per minute over the last few minutes. */
  samples_per_minute: z.number(),
  /** Completion tokens per second over the same window. */
  tokens_per_second: z.number(),
  /** Seconds until the queue is empty at that pace; null while unknown. */
  eta_seconds: z.number().nullable(),
  recent_errors: z.array(SamplingJobErrorSchema),
});
export type SamplingJobProgress = z.infer<typeof SamplingJobProgressSchema>;

/** Answer of GET /api/sampling-jobs (a page, docs/decisions/032-one-pagination-convention.md). */
export const SamplingJobsResponseSchema = pageOf(SamplingJobSchema);
