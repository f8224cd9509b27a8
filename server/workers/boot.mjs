// Worker thread entry for every off-thread job (an import's parsing and writing): lowers this thread's
// priority, registers tsx as server/cli/bin.js does (a worker does not inherit it when its parent was started
// without `--import tsx`, under vitest for one), then runs the TypeScript module named by workerData.entry.
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

// On Linux a thread has its own nice value: the import yields the CPU to the thread answering requests.
// Elsewhere (no /proc/thread-self) it runs at the process's priority.
try {
  setPriority(Number(readlinkSync("/proc/thread-self").split("/").pop()), 19);
} catch {
  // best effort
}
register();
await import(workerData.entry);
