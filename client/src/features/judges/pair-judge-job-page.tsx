import { useId } from "react";
import { judgeScoreStatuses } from "../../../../shared/schemas/judging";
import { PairJudgmentPageSchema, type PairJudgeJobProgress } from "../../../../shared/schemas/pair-judging";
import { countOf, formatDateTime, formatNumber, formatRate } from "../../common/format";
import { t } from "../../common/i18n";
import { JobPage } from "../../common/jobs/job-page";
import { JobProgressPanel } from "../../common/jobs/job-progress-panel";
import { JobResults } from "../../common/jobs/job-results";
import { PairAnswersTable } from "./pair-answers-table";
import { pairJudgeJobKind } from "./pair-judge-job-kind";
import { PairJudgeSummary } from "./pair-judge-summary";
import "./judges.css";

const statusLabels = (): Record<(typeof judgeScoreStatuses)[number], string> => ({
  queued: t("queued"),
  running: t("running"),
  done: t("done"),
  failed: t("judge failed"),
});

/** One pairwise judge job: its progress, its latest failures, its figures once done, and its answers. */
export function PairJudgeJobPage() {
  return (
    <JobPage kind={pairJudgeJobKind}>
      {(progress, version) => {
        const { job } = progress;
        return (
          <>
            <JobProgressPanel
              progress={progress}
              doneWord={t("answered")}
              // A job whose orders were all answered before (cached) has nothing left: it is complete.
              emptyPercent={100}
              barLabel={t("Answers finished")}
              countLabels={{ failed: t("judge failed") }}
              testId="pair-judge-counts"
              rates={[
                [t("Answers per minute"), formatRate(progress.answers_per_minute)],
                [t("Cached"), formatNumber(job.cached)],
              ]}
            >
              {job.cached > 0 && (
                <p className="hint">
                  {t("{{answers}} already given by {{judge}} with this template: cached, not asked again.", {
                    answers: countOf(job.cached, "answer"),
                    judge: job.judge_model_name,
                  })}
                </p>
              )}
            </JobProgressPanel>
            <PairJudgeErrors errors={progress.recent_errors} />
            {job.status === "done" && <PairJudgeSummary jobId={job.id} version={version} />}
            <JobResults
              path={`/api/pair-judge-jobs/${job.id}/answers`}
              schema={PairJudgmentPageSchema}
              heading={t("Answers")}
              countText={(n) => countOf(n, "answer")}
              statuses={judgeScoreStatuses}
              statusLabel={(status) => statusLabels()[status]}
              emptyText={(status) => (status ? t("No answers with this status.") : t("No answers of its own yet."))}
              version={version}
              table={(answers, busy) => <PairAnswersTable answers={answers} busy={busy} />}
            />
          </>
        );
      }}
    </JobPage>
  );
}

/** The latest failed orders, newest first. */
function PairJudgeErrors({ errors }: { errors: PairJudgeJobProgress["recent_errors"] }) {
  const headingId = useId();
  if (errors.length === 0) return null;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t("Recent errors")}</h2>
      <ul className="error-list">
        {errors.map((e) => (
          <li key={`${e.answer_id}-${e.at}`}>
            <div className="error-list-head">
              <span>{t("Answer {{id}} on instruction {{external}}", { id: e.answer_id, external: e.external_id })}</span>
              <span className="muted">{formatDateTime(e.at)}</span>
            </div>
            <div className="error-text">{e.error}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
