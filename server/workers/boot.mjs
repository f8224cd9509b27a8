// Worker thread entry for every off-thread job (an import's parsing and writing): lowers this thread's
// priority, then runs the module named by workerData.entry: a prebuilt bundle (server/build-server.js) as
// it is, a TypeScript module after registering tsx (a worker does not inherit it when its parent was
// started without `--import tsx`, under vitest for one).
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { workerData } from "node:worker_threads";

// On Linux a thread has its own nice value: the import yields the CPU to the thread answering requests.
// Elsewhere (no /proc/thread-self) it runs at the process's priority.
try {
  setPriority(Number(readlinkSync("/proc/thread-self").split("/").pop()), 19);
} catch {
  // best effort
}
if (workerData.entry.endsWith(".ts")) (await import("tsx/esm/api")).register();
await import(workerData.entry);
