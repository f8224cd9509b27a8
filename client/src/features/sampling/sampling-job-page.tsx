import { t } from "../../common/i18n";
import { sampleNumber } from "../../common/components/sample-facts";
import { formatRate } from "../../common/format";
import { JobErrors } from "../../common/jobs/job-errors";
import { JobPage } from "../../common/jobs/job-page";
import { JobProgressPanel } from "../../common/jobs/job-progress-panel";
import { JobSamples } from "./job-samples";
import { samplingJobKind } from "./sampling-job-kind";

export function SamplingJobPage() {
  return (
    <JobPage kind={samplingJobKind}>
      {(progress, version) => (
        <>
          <JobProgressPanel
            progress={progress}
            doneWord={t("finished")}
            emptyPercent={0}
            barLabel={t("Samples finished")}
            testId="job-counts"
            rates={[
              [t("Samples per minute"), formatRate(progress.samples_per_minute)],
              [t("Tokens per second"), formatRate(progress.tokens_per_second)],
            ]}
          />
          <JobErrors
            errors={progress.recent_errors}
            sampleLabel={(e) => t("Sample {{n}} of instruction {{id}}", { n: sampleNumber(e), id: e.external_id })}
            status={(e) => `${e.status} · `}
          />
          <JobSamples jobId={progress.job.id} version={version} />
        </>
      )}
    </JobPage>
  );
}
