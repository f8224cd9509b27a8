import { z } from "zod";

/** A path id: digits only, so that " 1", "1e0" or "0x1" never stand for record 1. */
export const IdParamsSchema = z.object({
  id: z
    .string()
    .regex(/^\d{1,15}$/, "must be a positive integer")
    .transform(Number)
    .pipe(z.number().int().positive()),
});
