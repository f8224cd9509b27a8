import { useState } from "react";
import { JudgeJobProgressSchema, type JudgeJob } from "../../../shared/schemas/judging";
import { api, asApiError } from "../api";
import { ErrorAlert } from "./error-alert";

type Action = "pause" | "resume" | "cancel";

/** Pause, resume or cancel a judge job; the page reloads its progress after each. */
export function JudgeJobControls({ job, onChanged }: { job: JudgeJob; onChanged: () => void }) {
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string | undefined>();

  async function run(action: Action) {
    if (
      action === "cancel" &&
      !window.confirm(`Cancel judge job #${job.id}? Samples not yet judged will not be; finished judgments are kept.`)
    ) {
      return;
    }
    setBusy(action);
    setError(undefined);
    try {
      await api(`/api/judge-jobs/${job.id}/${action}`, { method: "POST", schema: JudgeJobProgressSchema });
      onChanged();
    } catch (failure) {
      setError(asApiError(failure).message);
    } finally {
      setBusy(null);
    }
  }

  if (job.status !== "running" && job.status !== "paused") return null;
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
