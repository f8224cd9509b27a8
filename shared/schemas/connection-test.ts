import { z } from "zod";

/** One base URL's answer to a connection test. */
export const EndpointCheckSchema = z.object({
  base_url: z.string(),
  ok: z.boolean(),
  latency_ms: z.number().int().nullable(),
  error: z.string().optional(),
});

export const ConnectionTestSchema = z.object({
  /** Every base URL answered. */
  ok: z.boolean(),
  /** The slowest answer; null when none came. */
  latency_ms: z.number().int().nullable(),
  /** The model id sent to the endpoint. */
  model: z.string(),
  /** The first failure, in the words a failed sample would show. */
  error: z.string().optional(),
  endpoints: z.array(EndpointCheckSchema),
});
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;
