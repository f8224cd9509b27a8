import { t } from "../../common/i18n";
import type { PairRun } from "../../../../shared/schemas/pairs";
import { countOf } from "../../common/format";
import { reviewedCount } from "./proposal-status";
import { useConfirmedDelete } from "../../common/hooks/use-confirmed-delete";

/** Deletes a run and its proposals after a confirmation; the server refuses (409) once annotators judged any. */
export function DeletePairRunButton({ run }: { run: PairRun }) {
  const { error, busy, confirmAndDelete } = useConfirmedDelete(`/api/pair-runs/${run.id}`, "/pairs");

  function onClick() {
    // A judge's confirmations are no reviews: the judge's cached answers give them back (judge-confirm).
    const reviewed = reviewedCount(run.status_counts);
    const lost = reviewed > 0 ? t(" {{reviews}} will be lost.", { reviews: countOf(reviewed, "review") }) : "";
    confirmAndDelete(
      t("Delete pair run #{{id}} and its {{proposals}}?{{lost}} This cannot be undone.", {
        id: run.id,
        proposals: countOf(run.proposals, "proposal"),
        lost,
      }),
    );
  }

  return (
    <>
      <button type="button" className="button-danger" onClick={onClick} disabled={busy}>
        {t("Delete run")}
      </button>
      {error && (
        <span role="alert" className="alert inline-alert">
          {error}
        </span>
      )}
    </>
  );
}
