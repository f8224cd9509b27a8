import { useState } from "react";
import { z } from "zod";
import type { JobStatus } from "../../../../shared/schemas/sampling";
import { api, asApiError } from "../api";
import { ErrorAlert } from "../components/error-alert";
import { t } from "../i18n";

type Action = "pause" | "resume" | "cancel" | "retry-failed";

// Both kinds of job answer an action with their progress; only that it is a job matters here.
const ActionAnswerSchema = z.object({ job: z.object({ id: z.number() }) });

interface JobControlsProps {
  job: { id: number; status: JobStatus; counts: { failed: number } };
  /** The job's API path, e.g. /api/sampling-jobs/3. */
  endpoint: string;
  /** What cancelling keeps and drops, asked before it happens. */
  cancelQuestion: string;
  onChanged: () => void;
}

/**
 * Pause, resume or cancel a sampling or judge job, or once it is done, ask its failed items again; the page
 * reloads its progress after each.
 */
export function JobControls({ job, endpoint, cancelQuestion, onChanged }: JobControlsProps) {
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string | undefined>();

  async function run(action: Action) {
    if (action === "cancel" && !window.confirm(cancelQuestion)) return;
    setBusy(action);
    setError(undefined);
    try {
      await api(`${endpoint}/${action}`, { method: "POST", schema: ActionAnswerSchema });
      onChanged();
    } catch (failure) {
      setError(asApiError(failure).message);
    } finally {
      setBusy(null);
    }
  }

  const retryable = job.status === "done" && job.counts.failed > 0;
  if (job.status !== "running" && job.status !== "paused" && !retryable) return null;
  return (
    <div className="job-controls">
      <div className="actions">
        {retryable && (
          <button type="button" className="button-primary" onClick={() => run("retry-failed")} disabled={busy !== null}>
            {t("Retry failed ({{count}})", { count: job.counts.failed })}
          </button>
        )}
        {job.status === "running" && (
          <button type="button" onClick={() => run("pause")} disabled={busy !== null}>
            {t("Pause")}
          </button>
        )}
        {job.status === "paused" && (
          <button type="button" className="button-primary" onClick={() => run("resume")} disabled={busy !== null}>
            {t("Resume")}
          </button>
        )}
        {!retryable && (
          <button type="button" className="button-danger" onClick={() => run("cancel")} disabled={busy !== null}>
            {t("Cancel")}
          </button>
        )}
      </div>
      <ErrorAlert error={error} />
    </div>
  );
}
