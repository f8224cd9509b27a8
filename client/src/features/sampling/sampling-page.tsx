import { t } from "../../common/i18n";
import { Link } from "react-router";
import { InstructionSetsResponseSchema } from "../../../../shared/schemas/instruction";
import { ModelsResponseSchema } from "../../../../shared/schemas/model";
import { ConnectEndpoint } from "./connect-endpoint";
import { ErrorAlert } from "../../common/components/error-alert";
import { PageTitle } from "../../common/components/page-title";
import { JobsSection } from "../../common/jobs/jobs-section";
import { SamplingJobForm } from "./sampling-job-form";
import { samplingJobKind } from "./sampling-job-kind";
import { FirstItemsNote } from "../../common/components/first-items-note";
import { useChoices } from "../../common/hooks/use-paged-list";

export function SamplingPage() {
  const models = useChoices("/api/models", ModelsResponseSchema);
  const sets = useChoices("/api/instruction-sets", InstructionSetsResponseSchema);

  // Only models with an endpoint can be sampled; demo and imported models have none.
  const samplable = models.data?.items.filter((m) => m.base_urls.length > 0);
  return (
    <section>
      <PageTitle title={t("Sampling")} />
      <div className="page-header">
        <h1>{t("Sampling")}</h1>
        <Link to="/models" className="muted">
          {t("Models")}
        </Link>
      </div>
      <ErrorAlert error={models.error ?? sets.error} />
      {samplable && samplable.length === 0 && <ConnectEndpoint />}
      {samplable && samplable.length > 0 && sets.data && sets.data.items.length === 0 && (
        <div className="empty-state">
          <p>{t("No instruction sets to sample from.")}</p>
          <p className="muted">
            <Link to="/sets">{t("Import instructions")}</Link> {t("first.")}
          </p>
        </div>
      )}
      {samplable && samplable.length > 0 && sets.data && sets.data.items.length > 0 && (
        <>
          <SamplingJobForm sets={sets.data.items} models={samplable} />
          <FirstItemsNote list={sets.data} what={t("instruction sets")} />
          <FirstItemsNote list={models.data} what={t("models")} />
        </>
      )}

      <JobsSection kind={samplingJobKind} emptyText={t("No sampling jobs yet.")} />
    </section>
  );
}
