import { useState } from "react";
import { JobProgressSchema, type SamplingJob } from "../../../shared/schemas/sampling";
import { api, asApiError } from "../api";
import { ErrorAlert } from "./error-alert";

type Action = "pause" | "resume" | "cancel";

/** Pause, resume or cancel a job; the page reloads its progress after each. */
export function JobControls({ job, onChanged }: { job: SamplingJob; onChanged: () => void }) {
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string | undefined>();

  async function run(action: Action) {
    if (
      action === "cancel" &&
      !window.confirm(`Cancel job #${job.id}? Samples not yet finished will not be sampled; finished ones are kept.`)
    ) {
      return;
    }
    setBusy(action);
    setError(undefined);
    try {
      await api(`/api/sampling-jobs/${job.id}/${action}`, { method: "POST", schema: JobProgressSchema });
      onChanged();
    } catch (failure) {
      setError(asApiError(failure).message);
    } finally {
      setBusy(null);
    }
  }

  const open = job.status === "running" || job.status === "paused";
  if (!open) return null;
  return (
    <div className="job-controls">
      <div className="actions">
        {job.status === "running" && (
          <button type="button" onClick={() => run("pause")} disabled={busy !== null}>
            Pause
          </button>
        )}
        {job.status === "paused" && (
          <button type="button" className="button-primary" onClick={() => run("resume")} disabled={busy !== null}>
            Resume
          </button>
        )}
        <button type="button" className="button-danger" onClick={() => run("cancel")} disabled={busy !== null}>
          Cancel
        </button>
      </div>
      <ErrorAlert error={error} />
    </div>
  );
}
