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
function startWorker<T>(entry: URL, data: T, transfer: ArrayBuffer[] = []): Worker {
  const input: WorkerInput<T> = { entry: entry.href, data };
  return new Worker(bootFile, { workerData: input, transferList: transfer });
}

/** How a worker's messages end its run: with a result or an error. */
export interface Settle<R> {
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Runs `entry` in a worker until `onMessage` settles the run; an error in the worker, or its exit before
 * that, rejects naming `what`. The worker is terminated once the run is settled, whichever way.
 */
export function runWorker<T, M, R>(
  entry: URL,
  data: T,
  transfer: ArrayBuffer[],
  what: string,
  onMessage: (message: M, settle: Settle<R>, worker: Worker) => void,
): Promise<R> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(entry, data, transfer);
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    const settle: Settle<R> = { resolve: (r) => finish(() => resolve(r)), reject: (e) => finish(() => reject(e)) };
    worker.on("message", (message: M) => onMessage(message, settle, worker));
    worker.on("error", (err) => settle.reject(err));
    worker.on("exit", (code) => settle.reject(new Error(`${what} stopped (exit code ${code}) before it finished`)));
  });
}
