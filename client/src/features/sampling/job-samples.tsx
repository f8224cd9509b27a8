import { countOf } from "../../common/format";
import { t } from "../../common/i18n";
import { SamplePageSchema } from "../../../../shared/schemas/sample";
import { sampleStatuses } from "../../../../shared/schemas/sampling";
import { JobResults } from "../../common/jobs/job-results";
import { JobSamplesTable } from "./job-samples-table";

/** A sampling job's samples, filtered by status and paged, following the job while it runs. */
export function JobSamples({ jobId, version }: { jobId: number; version: string }) {
  return (
    <JobResults
      path={`/api/sampling-jobs/${jobId}/samples`}
      schema={SamplePageSchema}
      heading={t("Samples")}
      countText={(n) => countOf(n, "sample")}
      statuses={sampleStatuses}
      emptyText={(status) => (status ? t("No samples with this status.") : t("No samples."))}
      version={version}
      table={(samples, busy) => <JobSamplesTable samples={samples} busy={busy} />}
    />
  );
}
