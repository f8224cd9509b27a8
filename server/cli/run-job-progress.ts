import { Presets, SingleBar } from "cli-progress";
import type { JobRunner } from "../work/runner";

interface Counts {
  done: number;
  failed: number;
  running: number;
}

/**
 * Runs a job in this process until it ends, with a progress bar on a terminal (a line every 10 s
 * otherwise, nothing with --json); Ctrl-C hands the running work back to the queue before exiting.
 */
export async function runWithProgress(
  runner: JobRunner,
  job: { total: number; counts: () => Counts; run: (onProgress: () => void) => Promise<void> },
  quiet: boolean,
): Promise<void> {
  const bar =
    quiet || !process.stderr.isTTY
      ? undefined
      : new SingleBar(
          { format: "{bar} {value}/{total} done | {failed} failed | {running} running", hideCursor: true },
          Presets.shades_classic,
        );
  bar?.start(job.total, 0, { failed: 0, running: 0 });
  const interrupt = () => void runner.stop().then(() => process.exit(130));
  process.once("SIGINT", interrupt);
  let lastLine = 0;
  try {
    await job.run(() => {
      const c = job.counts();
      if (bar) bar.update(c.done + c.failed, { failed: c.failed, running: c.running });
      else if (!quiet && Date.now() - lastLine > 10_000) {
        lastLine = Date.now();
        console.error(`${c.done}/${job.total} done, ${c.failed} failed, ${c.running} running`);
      }
    });
  } finally {
    process.removeListener("SIGINT", interrupt);
    bar?.stop();
  }
}
