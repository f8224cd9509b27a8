import { t } from "../../common/i18n";
import { Link, useParams } from "react-router";
import { ModelsResponseSchema } from "../../../../shared/schemas/model";
import { PairRunResponseSchema, ProposalPageSchema } from "../../../../shared/schemas/pairs";
import { DeletePairRunButton } from "./delete-pair-run-button";
import { ErrorAlert } from "../../common/components/error-alert";
import { PagePending } from "../../common/components/page-pending";
import { PageTitle } from "../../common/components/page-title";
import { PairRunSettings } from "./pair-run-settings";
import { reviewedCount, StatusCounts } from "./proposal-status";
import { RunProposals } from "./run-proposals";
import { countOf, formatNumber } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { useChoices } from "../../common/hooks/use-paged-list";

export function PairRunPage() {
  const { id = "" } = useParams();
  const runPath = `/api/pair-runs/${encodeURIComponent(id)}`;
  const { data, error } = useApiData(runPath, PairRunResponseSchema);
  const models = useChoices("/api/models", ModelsResponseSchema);
  // Proposals come in set order, so the first one's instruction is where a review starts.
  const first = useApiData(`${runPath}/proposals?page_size=1`, ProposalPageSchema);
  const firstOpen = useApiData(`${runPath}/proposals?status=proposed&page_size=1`, ProposalPageSchema);

  if (!data) {
    return <PagePending title={t("Pair run")} error={error} back="/pairs" backLabel={t("Back to pairs")} />;
  }

  const { run } = data;
  const start = first.data?.items[0];
  const open = firstOpen.data?.items[0];
  const runModels = (models.data?.items ?? []).filter((m) => !run.model_ids || run.model_ids.includes(m.id));
  const reviewed = reviewedCount(run.status_counts);
  return (
    <section>
      <PageTitle title={t("Pair run #{{id}}", { id: run.id })} />
      <p className="breadcrumb">
        <Link to="/pairs">{t("Pairs")}</Link> /
      </p>
      <div className="page-header">
        <h1>{t("Pair run #{{id}}", { id: run.id })}</h1>
        <div className="actions header-actions">
          <DeletePairRunButton run={run} />
        </div>
      </div>
      <PairRunSettings run={run} models={models.data?.items} />

      <div className="panel run-summary">
        <div>
          <p className="run-total">
            <strong data-testid="run-proposals">{countOf(run.proposals, "proposal")}</strong>
            <span className="muted"> · {t("{{n}} reviewed", { n: formatNumber(reviewed) })}</span>
          </p>
          <StatusCounts counts={run.status_counts} testId="run-status-counts" />
        </div>
        {start ? (
          <div className="actions header-actions">
            {open && reviewed > 0 && (
              <Link to={`/instructions/${open.instruction_id}/review?run=${run.id}&proposal=${open.id}`} className="button-link">
                {t("Continue at the first unreviewed")}
              </Link>
            )}
            <Link to={`/instructions/${start.instruction_id}/review?run=${run.id}`} className="button-link button-primary">
              {t("Start review")}
            </Link>
          </div>
        ) : (
          first.data && <p className="muted">{t("No proposals to review.")}</p>
        )}
      </div>
      <ErrorAlert error={first.error ?? models.error} />

      <RunProposals runId={run.id} models={runModels} />
    </section>
  );
}
