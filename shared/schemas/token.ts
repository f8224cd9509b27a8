import { z } from "zod";
import { pageOf } from "./page";

export const ApiTokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const CreateTokenBodySchema = z.strictObject({
  name: z.string().trim().min(1, "name is required").max(100),
});

/** Answer of GET /api/tokens: a page of the caller's own tokens (docs/decisions/032-one-pagination-convention.md). */
export const TokensResponseSchema = pageOf(ApiTokenSchema);
// The secret is returned exactly once, at creation; only its hash is stored.
export const CreatedTokenResponseSchema = z.object({ token: ApiTokenSchema, secret: z.string() });
