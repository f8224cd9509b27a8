import { useState } from "react";
import { useNavigate } from "react-router";
import type { PairRun } from "../../../../shared/schemas/pairs";
import { api, asApiError, OkSchema } from "../../common/api";
import { countOf } from "../../common/format";

/** Deletes a run and its proposals after a confirmation; the server refuses (409) once annotators judged any. */
export function DeletePairRunButton({ run }: { run: PairRun }) {
  const navigate = useNavigate();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function onClick() {
    const reviewed = run.proposals - run.status_counts.proposed;
    const lost = reviewed > 0 ? ` ${countOf(reviewed, "review")} will be lost.` : "";
    if (!window.confirm(`Delete pair run #${run.id} and its ${countOf(run.proposals, "proposal")}?${lost} This cannot be undone.`)) return;
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/pair-runs/${run.id}`, { method: "DELETE", schema: OkSchema });
      navigate("/pairs");
    } catch (failure) {
      setError(asApiError(failure).message);
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button-danger" onClick={onClick} disabled={busy}>
        Delete run
      </button>
      {error && (
        <span role="alert" className="alert inline-alert">
          {error}
        </span>
      )}
    </>
  );
}
