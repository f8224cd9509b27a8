import type { JobStatus, SampleStatus } from "../../../../shared/schemas/sampling";

/** A job's or a sample's status as a small coloured label (the word is always there, not just the colour). */
export function StatusBadge({ status }: { status: JobStatus | SampleStatus }) {
  return <span className={`status status-${status}`}>{status}</span>;
}
