import type { Clock } from "../../server/clock";
import type { Context } from "../../server/context";
import { importInstructionSet } from "../../server/instructions/import-set";
import { openAiChat } from "../../server/llm/chat-client";
import { fieldsFromBody } from "../../server/sampling/model-fields";
import { createJobRunner, type JobRunnerOptions } from "../../server/job-runner";
import type { JobRunner } from "../../server/work/runner";

/** A clock whose sleeps return at once and are recorded, so backoff can be checked without waiting. */
export function instantClock() {
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => new Date(),
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      if (signal?.aborted) throw signal.reason;
      await new Promise((r) => setImmediate(r));
    },
  };
  return { clock, sleeps };
}

export function seedSet(ctx: Context, prompts: string[], name = "set") {
  const content = prompts.map((prompt, i) => JSON.stringify({ id: `p${i + 1}`, prompt, length: 100 })).join("\n");
  const outcome = importInstructionSet(ctx, { name, format: "jsonl", content }, null);
  if (outcome.dryRun) throw new Error("unexpected dry run");
  return outcome.setId;
}

export function seedModel(
  ctx: Context,
  baseUrls: string[],
  fields: { max_in_flight?: number; api_key_env?: string; name?: string; resume_partial?: boolean; n_per_request?: number } = {},
) {
  return ctx.models.create(
    fieldsFromBody({
      name: fields.name ?? "fake",
      base_urls: baseUrls,
      model: "fake-model",
      max_in_flight: fields.max_in_flight ?? 4,
      ...fields,
    }),
    "ui",
    new Date(),
  );
}

export function testRunner(ctx: Context, options: Partial<JobRunnerOptions> = {}) {
  const { clock, sleeps } = instantClock();
  const runner = createJobRunner(ctx, { chat: openAiChat(), clock, random: () => 1, pollMs: 20, leaseMs: 5_000, stallMs: 500, ...options });
  return { runner, sleeps };
}

export async function runToEnd(ctx: Context, runner: JobRunner, jobId: number, timeoutMs = 20_000) {
  await Promise.race([
    runner.runJob(jobId),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`job ${jobId} did not end in ${timeoutMs} ms`)), timeoutMs)),
  ]);
  return ctx.samplingJobs.get(jobId)!;
}
