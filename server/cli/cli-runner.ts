import { systemClock } from "../clock";
import type { Context } from "../context";
import { readEnv } from "../env";
import { openAiChat } from "../llm/chat-client";
import { endpointPolicy } from "../endpoint-policy";
import { createJobRunner } from "../job-runner";
import type { JobRunner } from "../work/runner";

/** The runner a CLI command runs its job with, configured from the environment like the server's. */
export function cliRunner(ctx: Context): JobRunner {
  const env = readEnv();
  return createJobRunner(ctx, {
    chat: openAiChat({ hosts: endpointPolicy(process.env).hosts }),
    clock: systemClock,
    leaseMs: env.LONGPREF_SAMPLING_LEASE_MS,
    stallMs: env.LONGPREF_SAMPLING_STALL_MS,
  });
}
