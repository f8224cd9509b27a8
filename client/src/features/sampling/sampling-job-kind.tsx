import {
  SamplingJobProgressSchema,
  SamplingJobsResponseSchema,
  type SamplingJobProgress,
  type SamplingJob,
} from "../../../../shared/schemas/sampling";
import type { JobKind } from "../../common/jobs/job-kind";
import { instructionsText } from "../../common/jobs/job-summary";

export const strategyNames: Record<SamplingJob["strategy"], string> = {
  direct: "Direct",
  agentwrite: "AgentWrite",
  import: "Import",
};

/** A sampling job on the shared job screens: n outputs of one model for each chosen instruction. */
export const samplingJobKind: JobKind<SamplingJob, SamplingJobProgress> = {
  listSchema: SamplingJobsResponseSchema,
  progressSchema: SamplingJobProgressSchema,
  title: "Sampling job",
  noun: "job",
  home: "/sampling",
  homeLabel: "Sampling",
  api: "/api/sampling-jobs",
  cancelNote: "Samples not yet finished will not be sampled; finished ones are kept.",
  columns: [
    { header: "Model", cell: (job) => job.model_name },
    { header: "Strategy", cell: (job) => strategyNames[job.strategy] },
    { header: "n", title: "Samples per instruction", numeric: true, cell: (job) => job.n },
  ],
  workHeader: "Samples",
  trailingColumns: [],
  facts: (job) => [
    ["Model", job.model_name],
    ["Strategy", strategyNames[job.strategy]],
    ["Samples per instruction", job.n],
    ["Instructions", instructionsText(job.filter)],
  ],
};
