import type { JobOutcome } from "../../../../shared/schemas/job-outcome";
import type { JobStatus, SampleStatus } from "../../../../shared/schemas/sampling";
import { t } from "../i18n";
import "./status-badge.css";

const statusWords = (): Record<JobStatus | SampleStatus, string> => ({
  running: t("running"),
  paused: t("paused"),
  cancelled: t("cancelled"),
  done: t("done"),
  queued: t("queued"),
  failed: t("failed"),
});

/** A job's or a sample's status in the interface language. */
export const statusName = (status: JobStatus | SampleStatus): string => statusWords()[status] ?? status;

/** A job's or a sample's status as a small coloured label (the word is always there, not just the colour). */
export function StatusBadge({ status }: { status: JobStatus | SampleStatus }) {
  return <span className={`status status-${status}`}>{statusWords()[status]}</span>;
}

interface JobLike {
  status: JobStatus;
  outcome: JobOutcome | null;
  counts: { done: number; failed: number };
}

/**
 * A job's status with its outcome: a done job whose every item failed is "failed" (red), one with some
 * failures "partly failed" (amber) with the count; only a job without failures is a green "done".
 */
export function JobStatusBadge({ job }: { job: JobLike }) {
  const { done, failed } = job.counts;
  if (job.outcome === "failed") {
    return (
      <span className="status status-failed" title={t("All {{count}} failed", { count: failed })} data-outcome="failed">
        {t("failed")}
      </span>
    );
  }
  if (job.outcome === "partly_failed") {
    return (
      <span className="status status-partly-failed" data-outcome="partly_failed">
        {t("partly failed: {{failed}} of {{total}}", { failed, total: done + failed })}
      </span>
    );
  }
  return <StatusBadge status={job.status} />;
}
