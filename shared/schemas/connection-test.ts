import { z } from "zod";

/** One base URL's answer to a connection test. */
export const EndpointCheckSchema = z.object({
  base_url: z.string(),
  ok: z.boolean(),
  latency_ms: z.number().int().nullable(),
  error: z.string().optional(),
  /** Asked with n = 2 (the model's n_per_request is above 1): whether both choices came back. */
  n_supported: z.boolean().optional(),
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
  /** With n_per_request above 1: every base URL answered n = 2 with two choices (else they get one per request). */
  n_supported: z.boolean().optional(),
});
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;
