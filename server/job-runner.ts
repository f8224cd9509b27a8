import type { Context } from "./context";
import { judgeQueue } from "./judging/judge-queue";
import { pairJudgeQueue } from "./judging/pair-judge-queue";
import { samplingQueue } from "./sampling/sampling-queue";
import { JobRunner, type RunnerOptions } from "./work/runner";

export interface JobRunnerOptions extends RunnerOptions {
  /** How often streamed text is written to the database while a sample runs. */
  checkpointMs?: number;
  /** Times a plan that cannot be parsed is asked for again before the sample fails. */
  planRetries?: number;
}

/**
 * The runner the entry points start (server, CLI, tests), given the queues of every kind of job here: the
 * runner (server/work) leases and retries work without knowing what sampling or judging are, and those
 * folders know the runner only by its queue interface.
 */
export function createJobRunner(ctx: Context, options: JobRunnerOptions): JobRunner {
  const { checkpointMs = 2_000, planRetries = 2, ...runner } = options;
  return new JobRunner(ctx, runner, {
    sampling: samplingQueue(ctx, { clock: options.clock, checkpointMs, planRetries }),
    judging: judgeQueue(ctx, { clock: options.clock }),
    pairJudging: pairJudgeQueue(ctx, { clock: options.clock }),
  });
}
