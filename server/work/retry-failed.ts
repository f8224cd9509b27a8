import type { Model } from "../../shared/schemas/model";
import type { JobStatus } from "../../shared/schemas/sampling";
import type { Context } from "../context";
import { conflict, invalidInput } from "../errors/domain-error";

interface FinishedJob {
  id: number;
  status: JobStatus;
  counts: { failed: number };
}

interface RetrySteps {
  /** "sample", "judgment": what the job's items are called in messages. */
  noun: string;
  /** The model the items are sent to; it must still have somewhere to send them. */
  model: Model | undefined;
  requeue: (jobId: number, now: Date) => number;
  setRunning: (jobId: number, now: Date) => void;
}

/**
 * Puts only the failed items of a done job back in its queue and the job back to running, in one
 * transaction: the runner then takes them like any queued item (leases, max_in_flight, progress), and
 * after a restart the queue is still there. Done items are never asked again.
 */
export function retryFailedItems(ctx: Context, job: FinishedJob, steps: RetrySteps): number {
  if (job.status !== "done") throw conflict(`cannot retry the failed ${steps.noun}s of a job that is ${job.status}: it has not finished`);
  if (job.counts.failed === 0) throw conflict(`job ${job.id} has no failed ${steps.noun}s to retry`);
  if (!steps.model || steps.model.base_urls.length === 0)
    throw invalidInput(`model "${steps.model?.name ?? "?"}" has no base URL to send requests to; add one before retrying`);
  const now = ctx.now();
  return ctx.db.transaction(() => {
    const n = steps.requeue(job.id, now);
    steps.setRunning(job.id, now);
    return n;
  })();
}
