import { t } from "../../common/i18n";
import {
  SamplingJobProgressSchema,
  SamplingJobsResponseSchema,
  type SamplingJobProgress,
  type SamplingJob,
} from "../../../../shared/schemas/sampling";
import type { JobKind } from "../../common/jobs/job-kind";
import { instructionsText } from "../../common/jobs/job-summary";

/** Called at render time, so the names follow the interface language. */
export const strategyNames = (): Record<SamplingJob["strategy"], string> => ({
  direct: t("Direct"),
  agentwrite: "AgentWrite",
  import: t("Import"),
});

/** A sampling job on the shared job screens: n outputs of one model for each chosen instruction. */
export const samplingJobKind: JobKind<SamplingJob, SamplingJobProgress> = {
  listSchema: SamplingJobsResponseSchema,
  progressSchema: SamplingJobProgressSchema,
  // Getters: the words are read at render time, in the interface's current language.
  get title() {
    return t("Sampling job");
  },
  get noun() {
    return t("job");
  },
  home: "/sampling",
  get homeLabel() {
    return t("Sampling");
  },
  api: "/api/sampling-jobs",
  get cancelNote() {
    return t("Samples not yet finished will not be sampled; finished ones are kept.");
  },
  get columns() {
    return [
      { header: t("Model"), cell: (job: SamplingJob) => job.model_name },
      { header: t("Strategy"), cell: (job: SamplingJob) => strategyNames()[job.strategy] },
      { header: "n", title: t("Samples per instruction"), numeric: true, cell: (job: SamplingJob) => job.n },
    ];
  },
  get workHeader() {
    return t("Samples");
  },
  trailingColumns: [],
  facts: (job) => [
    [t("Model"), job.model_name],
    [t("Strategy"), strategyNames()[job.strategy]],
    [t("Samples per instruction"), job.n],
    [t("Instructions"), instructionsText(job.filter)],
  ],
};
