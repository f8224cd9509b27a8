import { z } from "zod";
import type { JobStatus } from "./sampling";

/**
 * How a finished job went, derived from its item counts: a job whose every item failed is "failed", one
 * with some failures "partly_failed". Null while it is not done (running, paused, cancelled).
 */
export const jobOutcomes = ["succeeded", "partly_failed", "failed"] as const;
export const JobOutcomeSchema = z.enum(jobOutcomes);
export type JobOutcome = z.infer<typeof JobOutcomeSchema>;

export function jobOutcome(status: JobStatus, counts: { done: number; failed: number }): JobOutcome | null {
  if (status !== "done") return null;
  if (counts.failed === 0) return "succeeded";
  return counts.done === 0 ? "failed" : "partly_failed";
}
