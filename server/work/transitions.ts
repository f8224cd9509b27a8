import type { JobStatus } from "../../shared/schemas/sampling";

/** Which states each job action may leave from, for sampling and judge jobs alike; import jobs are finished when made. */
export const jobTransitions: Record<"pause" | "resume" | "cancel", { from: JobStatus[]; to: JobStatus }> = {
  pause: { from: ["running"], to: "paused" },
  resume: { from: ["paused"], to: "running" },
  cancel: { from: ["running", "paused"], to: "cancelled" },
};
