import { t } from "../../common/i18n";
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
              doneWord={t("judged")}
              // A job whose samples were all judged before (cached) has nothing left: it is complete.
              emptyPercent={100}
              barLabel={t("Judge scores finished")}
              countLabels={{ failed: t("judge failed") }}
              testId="judge-counts"
              rates={[
                [t("Judge scores per minute"), formatRate(progress.judgments_per_minute)],
                [t("Cached"), formatNumber(job.cached)],
              ]}
            >
              {job.cached > 0 && (
                <p className="hint" data-testid="judge-cached">
                  {job.total === 0
                    ? t("All {{samples}} already judged by {{judge}} with this template: cached, not asked again.", {
                        samples: countOf(job.cached, "sample"),
                        judge: job.judge_model_name,
                      })
                    : t("{{samples}} already judged by {{judge}} with this template: cached, not asked again.", {
                        samples: countOf(job.cached, "sample"),
                        judge: job.judge_model_name,
                      })}
                </p>
              )}
            </JobProgressPanel>
            <JobErrors
              errors={progress.recent_errors}
              sampleLabel={(e) =>
                t("Sample {{n}} of instruction {{id}} ({{model}})", { n: e.sample_id, id: e.external_id, model: e.model_name })
              }
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
