import { z } from "zod";
import { PageQuerySchema, pageOf } from "./page";
import { filterText } from "./text";

export const langs = ["zh", "en", "other"] as const;
export const LangSchema = z.enum(langs);
export type Lang = z.infer<typeof LangSchema>;

export const lengthSources = ["field", "parsed", "none"] as const;
export const LengthSourceSchema = z.enum(lengthSources);
export type LengthSource = z.infer<typeof LengthSourceSchema>;

/** A half-open range of required lengths [min, max); max null means unbounded. */
export const LengthRangeSchema = z.object({
  label: z.string().min(1),
  min: z.number().int().nonnegative(),
  max: z.number().int().positive().nullable(),
});
export type LengthRange = z.infer<typeof LengthRangeSchema>;

export const InstructionSetSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  source: z.string(),
  is_demo: z.boolean(),
  length_ranges: z.array(LengthRangeSchema),
  instruction_count: z.number().int(),
  /** Name of the user who imported it; null for the demo and CLI imports. */
  created_by: z.string().nullable(),
  created_at: z.string(),
});
export type InstructionSet = z.infer<typeof InstructionSetSchema>;

export const InstructionSchema = z.object({
  id: z.number().int(),
  set_id: z.number().int(),
  external_id: z.string(),
  position: z.number().int(),
  prompt: z.string(),
  required_length: z.number().int().nullable(),
  length_source: LengthSourceSchema,
  lang: LangSchema,
  length_range: z.string().nullable(),
  category: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
});
export type Instruction = z.infer<typeof InstructionSchema>;

/** Counts of a set's instructions by length range × category, like LongBench-Write's table. */
export const InstructionCountsSchema = z.object({
  ranges: z.array(z.string()),
  categories: z.array(z.string()),
  // cells[category][range] = count; "(none)" stands for no length requirement / no category.
  cells: z.record(z.string(), z.record(z.string(), z.number().int())),
  by_lang: z.record(z.string(), z.number().int()),
  total: z.number().int(),
});
export type InstructionCounts = z.infer<typeof InstructionCountsSchema>;

/** Answer of GET /api/instruction-sets (a page, docs/decisions/032-one-pagination-convention.md). */
export const InstructionSetsResponseSchema = pageOf(InstructionSetSchema);
export const InstructionSetResponseSchema = z.object({
  set: InstructionSetSchema,
  counts: InstructionCountsSchema,
});

/** Text searched for as a substring (SQL LIKE). */
export const SearchTextSchema = filterText(500);

export const pageSizes = [10, 25, 50, 100] as const;
export const InstructionQuerySchema = z
  .strictObject({
    set: z.coerce.number().int().positive().optional(),
    lang: LangSchema.optional(),
    range: filterText(100).optional(),
    category: filterText(200).optional(),
    q: SearchTextSchema.optional(),
  })
  .extend(PageQuerySchema.shape);
export type InstructionQuery = z.infer<typeof InstructionQuerySchema>;

export const InstructionPageSchema = pageOf(InstructionSchema);
export type InstructionPage = z.infer<typeof InstructionPageSchema>;

export const InstructionResponseSchema = z.object({
  instruction: InstructionSchema,
  set: InstructionSetSchema,
});
