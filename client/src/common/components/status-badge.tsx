import type { JobStatus, SampleStatus } from "../../../../shared/schemas/sampling";
import { t } from "../i18n";

/** A job's or a sample's status as a small coloured label (the word is always there, not just the colour). */
export function StatusBadge({ status }: { status: JobStatus | SampleStatus }) {
  return <span className={`status status-${status}`}>{statusName(status)}</span>;
}

/** A job's or a sample's status in the interface language. */
export function statusName(status: JobStatus | SampleStatus): string {
  switch (status) {
    case "running":
      return t("running");
    case "paused":
      return t("paused");
    case "cancelled":
      return t("cancelled");
    case "done":
      return t("done");
    case "queued":
      return t("queued");
    case "failed":
      return t("failed");
    default:
      return status;
  }
}
