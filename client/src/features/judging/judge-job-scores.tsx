import { JudgeScorePageSchema, judgeScoreStatuses } from "../../../../shared/schemas/judging";
import { JobResults } from "../../common/jobs/job-results";
import { JudgeScoresTable } from "./judge-scores-table";

const statusLabels: Record<(typeof judgeScoreStatuses)[number], string> = {
  queued: "queued",
  running: "running",
  done: "done",
  failed: "judge failed",
};

/** A judge job's judge scores, filtered by status and paged, following the job while it runs. */
export function JudgeJobScores({ jobId, version, cached }: { jobId: number; version: string; cached: number }) {
  return (
    <JobResults
      path={`/api/judge-jobs/${jobId}/judgments`}
      schema={JudgeScorePageSchema}
      heading="Judge scores"
      noun="judge score"
      statuses={judgeScoreStatuses}
      statusLabel={(status) => statusLabels[status]}
      emptyText={(status) =>
        status
          ? "No judge scores with this status."
          : cached > 0
            ? "No judge scores of its own: every sample was already judged by this judge with this template."
            : "No judge scores."
      }
      version={version}
      table={(judgments, busy) => <JudgeScoresTable judgments={judgments} busy={busy} />}
    />
  );
}
