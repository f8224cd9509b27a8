import type { PairRun } from "../../../../shared/schemas/pairs";
import { countOf } from "../../common/format";
import { useConfirmedDelete } from "../../common/hooks/use-confirmed-delete";

/** Deletes a run and its proposals after a confirmation; the server refuses (409) once annotators judged any. */
export function DeletePairRunButton({ run }: { run: PairRun }) {
  const { error, busy, confirmAndDelete } = useConfirmedDelete(`/api/pair-runs/${run.id}`, "/pairs");

  function onClick() {
    const reviewed = run.proposals - run.status_counts.proposed;
    const lost = reviewed > 0 ? ` ${countOf(reviewed, "review")} will be lost.` : "";
    confirmAndDelete(`Delete pair run #${run.id} and its ${countOf(run.proposals, "proposal")}?${lost} This cannot be undone.`);
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
