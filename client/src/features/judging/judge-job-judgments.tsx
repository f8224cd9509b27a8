import { JudgmentPageSchema, judgmentStatuses } from "../../../../shared/schemas/judging";
import { JobResults } from "../../common/jobs/job-results";
import { JudgmentsTable } from "./judgments-table";

const statusLabels: Record<(typeof judgmentStatuses)[number], string> = {
  queued: "queued",
  running: "running",
  done: "done",
  failed: "judge failed",
};

/** A judge job's judgments, filtered by status and paged, following the job while it runs. */
export function JudgeJobJudgments({ jobId, version, cached }: { jobId: number; version: string; cached: number }) {
  return (
    <JobResults
      path={`/api/judge-jobs/${jobId}/judgments`}
      schema={JudgmentPageSchema}
      heading="Judgments"
      noun="judgment"
      statuses={judgmentStatuses}
      statusLabel={(status) => statusLabels[status]}
      emptyText={(status) =>
        status
          ? "No judgments with this status."
          : cached > 0
            ? "No judgments of its own: every sample was already judged by this judge with this template."
            : "No judgments."
      }
      version={version}
      table={(judgments, busy) => <JudgmentsTable judgments={judgments} busy={busy} />}
    />
  );
}
