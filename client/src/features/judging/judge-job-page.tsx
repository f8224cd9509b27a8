import { JudgeScoreStatusBadge } from "../../common/components/judge-score-parts";
import { countOf, formatNumber, formatRate } from "../../common/format";
import { JobErrors } from "../../common/jobs/job-errors";
import { JobPage } from "../../common/jobs/job-page";
import { JobProgressPanel } from "../../common/jobs/job-progress-panel";
import { JudgeJobScores } from "./judge-job-scores";
import { judgeJobKind } from "./judge-job-kind";

export function JudgeJobPage() {
  return (
    <JobPage kind={judgeJobKind}>
      {(progress, version) => {
        const { job } = progress;
        return (
          <>
            <JobProgressPanel
              progress={progress}
              doneWord="judged"
              // A job whose samples were all judged before (cached) has nothing left: it is complete.
              emptyPercent={100}
              barLabel="Judge scores finished"
              countLabels={{ failed: "judge failed" }}
              testId="judge-counts"
              rates={[
                ["Judge scores per minute", formatRate(progress.judgments_per_minute)],
                ["Cached", formatNumber(job.cached)],
              ]}
            >
              {job.cached > 0 && (
                <p className="hint" data-testid="judge-cached">
                  {job.total === 0 ? "All " : ""}
                  {countOf(job.cached, "sample")} already judged by {job.judge_model_name} with this template: cached, not asked again.
                </p>
              )}
            </JobProgressPanel>
            <JobErrors
              errors={progress.recent_errors}
              sampleLabel={(e) => `Sample ${e.sample_id} of instruction ${e.external_id} (${e.model_name})`}
              status={(e) => (
                <>
                  <JudgeScoreStatusBadge status={e.status} />{" "}
                </>
              )}
            />
            <JudgeJobScores jobId={job.id} cached={job.cached} version={version} />
          </>
        );
      }}
    </JobPage>
  );
}
