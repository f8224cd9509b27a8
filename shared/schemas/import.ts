import { z } from "zod";
import { LineErrorSchema } from "./error";
import { LangSchema, LengthRangeSchema, LengthSourceSchema } from "./instruction";

export const importFormats = ["longbench", "jsonl", "csv"] as const;
export const ImportFormatSchema = z.enum(importFormats);
export type ImportFormat = z.infer<typeof ImportFormatSchema>;

/** Which column (CSV header or JSONL key) holds each field; unmapped columns become metadata. */
export const ColumnMappingSchema = z.strictObject({
  id: z.string().min(1).optional(),
  prompt: z.string().min(1).optional(),
  required_length: z.string().min(1).optional(),
  lang: z.string().min(1).optional(),
  category: z.string().min(1).optional(),
});
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

/**
 * An uploaded file's name, kept as a label only (the set's source): control characters are refused and
 * folders dropped, so "../../etc/passwd" is stored as "passwd" and never reads as a path.
 */
export const FileNameSchema = z
  .string()
  .max(500)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .regex(/^[^\x00-\x1f\x7f]*$/, "must not contain control characters")
  .transform((name) => name.split(/[\\/]/).pop()!);

export const ImportBodySchema = z.strictObject({
  name: z.string().trim().min(1, "name is required").max(200),
  description: z.string().max(5000).optional(),
  file_name: FileNameSchema.optional(),
  format: ImportFormatSchema.optional(),
  mapping: ColumnMappingSchema.optional(),
  // Strict here (a request body); LengthRangeSchema itself also reads stored sets.
  length_ranges: z.array(z.strictObject(LengthRangeSchema.shape)).min(1).max(20).optional(),
  content: z.string(),
  dry_run: z.boolean().optional(),
});
export type ImportBody = z.infer<typeof ImportBodySchema>;

/** One instruction as the importer understood it; the `--dry-run --json` shape. */
export const ParsedInstructionSchema = z.object({
  external_id: z.string(),
  prompt: z.string(),
  required_length: z.number().int().positive().nullable(),
  length_source: LengthSourceSchema,
  lang: LangSchema,
  length_range: z.string().nullable(),
  category: z.string().nullable(),
});
export type ParsedInstruction = z.infer<typeof ParsedInstructionSchema>;

export const DryRunResultSchema = z.object({
  count: z.number().int(),
  instructions: z.array(ParsedInstructionSchema),
});
export type DryRunResult = z.infer<typeof DryRunResultSchema>;

export const ImportErrorDetailsSchema = z.object({ lines: z.array(LineErrorSchema) });
