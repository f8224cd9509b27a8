import { countOf } from "../../common/format";
import { t } from "../../common/i18n";
import { JudgeScorePageSchema, judgeScoreStatuses } from "../../../../shared/schemas/judging";
import { JobResults } from "../../common/jobs/job-results";
import { JudgeScoresTable } from "./judge-scores-table";

const statusLabels = (): Record<(typeof judgeScoreStatuses)[number], string> => ({
  queued: t("queued"),
  running: t("running"),
  done: t("done"),
  failed: t("judge failed"),
});

/** A judge job's judge scores, filtered by status and paged, following the job while it runs. */
export function JudgeJobScores({ jobId, version, cached }: { jobId: number; version: string; cached: number }) {
  return (
    <JobResults
      path={`/api/judge-jobs/${jobId}/judgments`}
      schema={JudgeScorePageSchema}
      heading={t("Judge scores")}
      countText={(n) => countOf(n, "judge score")}
      statuses={judgeScoreStatuses}
      statusLabel={(status) => statusLabels()[status]}
      emptyText={(status) =>
        status
          ? t("No judge scores with this status.")
          : cached > 0
            ? t("No judge scores of its own: every sample was already judged by this judge with this template.")
            : t("No judge scores.")
      }
      version={version}
      table={(judgments, busy) => <JudgeScoresTable judgments={judgments} busy={busy} />}
    />
  );
}
