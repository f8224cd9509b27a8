import { Worker } from "node:worker_threads";

const bootFile = new URL("./boot.mjs", import.meta.url);

/** What a worker module reads as its input (workerData.data). */
export interface WorkerInput<T> {
  entry: string;
  data: T;
}

/**
 * Starts `entry` (a TypeScript module's URL) in a worker thread at low priority, `data` as its input;
 * `transfer` moves buffers of `data` instead of copying them (50 MB copied would stall this thread).
 */
export function startWorker<T>(entry: URL, data: T, transfer: ArrayBuffer[] = []): Worker {
  const input: WorkerInput<T> = { entry: entry.href, data };
  return new Worker(bootFile, { workerData: input, transferList: transfer });
}
