import type { z } from "zod";
import { useApiData } from "./use-api-data";
import { usePolling } from "./use-polling";

const pollMs = 2000;

type JobProgressLike = { job: { status: string; counts: { running: number } } };

/**
 * A sampling or judge job's progress, polled while it can still change: while it runs, and right after a
 * pause or cancel until the work in flight has settled (the runner hands it back to the queue).
 */
export function useJobProgress<S extends z.ZodType<JobProgressLike>>(path: string, schema: S) {
  const result = useApiData(path, schema);
  const job = result.data?.job;
  const live = job !== undefined && (job.status === "running" || job.counts.running > 0);
  usePolling(result.reload, live, result.loading, pollMs);
  return result;
}
