import { z } from "zod";
import { pageOf } from "./page";
import { FileNameSchema } from "./import";
import { LangSchema } from "./instruction";
import { SampleStatusSchema } from "./sampling";

export const sampleSources = ["sampled", "imported", "demo"] as const;

export const SampleSchema = z.object({
  id: z.number().int(),
  job_id: z.number().int(),
  instruction_id: z.number().int(),
  /** The instruction's id in its set's file (what researchers recognise). */
  external_id: z.string(),
  /** The instruction's language: a Chinese one's lengths are counted in characters (字), others in words. */
  lang: LangSchema,
  model_id: z.number().int(),
  model_name: z.string(),
  is_reference: z.boolean(),
  sample_index: z.number().int(),
  status: SampleStatusSchema,
  source: z.enum(sampleSources),
  text: z.string(),
  /** LongBench-Write words: CJK characters plus English words (shared/scoring/word-count.ts). */
  word_count: z.number().int().nullable(),
  finish_reason: z.string().nullable(),
  prompt_tokens: z.number().int().nullable(),
  completion_tokens: z.number().int().nullable(),
  latency_ms: z.number().int().nullable(),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  /** Offline signals raised when the sample was saved: repetition, truncation, languageMismatch, empty. */
  flags: z.array(z.string()),
  /** AgentWrite only: the plan and the text of each step. */
  plan: z.string().nullable(),
  steps: z.array(z.string()).nullable(),
  updated_at: z.string(),
  finished_at: z.string().nullable(),
});
export type Sample = z.infer<typeof SampleSchema>;

export const SamplesResponseSchema = z.object({ samples: z.array(SampleSchema) });
export const SamplePageSchema = pageOf(SampleSchema);

export const outputFormats = ["longpref", "longwriter"] as const;
export const ImportOutputsBodySchema = z.strictObject({
  set_id: z.number().int().positive(),
  /** Model the outputs belong to; required for LongWriter files, which do not name one. */
  model_name: z.string().trim().min(1).max(100).optional(),
  format: z.enum(outputFormats).optional(),
  file_name: FileNameSchema.optional(),
  content: z.string(),
});
export type ImportOutputsBody = z.infer<typeof ImportOutputsBodySchema>;
export const ImportOutputsResultSchema = z.object({
  job_id: z.number().int(),
  count: z.number().int(),
  models: z.array(z.string()),
});
