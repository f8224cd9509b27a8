import type { WorkItem, WorkQueue } from "./queue";

/** A job table as the runner asks it: which models have running jobs, is one running, is it finished. */
interface LeasedJobs {
  runningModelIds(): number[];
  status(jobId: number): string | undefined;
  finishIfComplete(jobId: number, now: Date): boolean;
}

/** An item table whose rows are claimed under a lease (judge scores, pair judgments). */
interface LeasedItems<T> {
  claim(modelId: number, owner: string, now: Date, leaseMs: number): T | undefined;
  renewLeases(owner: string, until: Date): unknown;
  countAttempt(id: number, owner: string, now: Date): void;
  recordError(id: number, owner: string, message: string, now: Date): void;
  release(id: number, owner: string, now: Date): void;
  fail(id: number, owner: string, message: string, now: Date): void;
}

/** A queue's bookkeeping over a job table and a leased item table; the queue adds its kind and execute(). */
export function leasedWork<T extends WorkItem>(jobs: LeasedJobs, items: LeasedItems<T>): Omit<WorkQueue<T>, "kind" | "execute"> {
  return {
    modelsWithWork: () => jobs.runningModelIds(),
    claim: (modelId, owner, at, leaseMs) => items.claim(modelId, owner, at, leaseMs),
    renewLeases: (owner, until) => void items.renewLeases(owner, until),
    isJobRunning: (jobId) => jobs.status(jobId) === "running",
    finishJobIfComplete: (jobId, at) => jobs.finishIfComplete(jobId, at),
    countAttempt: (item, owner, at) => items.countAttempt(item.id, owner, at),
    recordError: (item, owner, message, at) => items.recordError(item.id, owner, message, at),
    release: (item, owner, at) => items.release(item.id, owner, at),
    fail: (item, owner, message, at) => items.fail(item.id, owner, message, at),
  };
}
