import { z } from "zod";

// Every error answer of the API has this shape.
export const ApiErrorSchema = z.object({
  ok: z.literal(false),
  error: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

// One bad line of an imported file.
export const LineErrorSchema = z.object({ line: z.number().int(), message: z.string() });
export type LineError = z.infer<typeof LineErrorSchema>;
