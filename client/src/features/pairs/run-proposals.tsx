import { t } from "../../common/i18n";
import { useId } from "react";
import type { Model } from "../../../../shared/schemas/model";
import { ProposalPageSchema, proposalStatuses } from "../../../../shared/schemas/pairs";
import { pageSizeMax } from "../../../../shared/schemas/page";
import { withQuery } from "../../common/api";
import { countOf } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { useListParams } from "../../common/hooks/use-list-params";
import { ErrorAlert } from "../../common/components/error-alert";
import { Pagination } from "../../common/components/pagination";
import { ProposalsTable } from "./proposals-table";
import { proposalStatusNames } from "./proposal-status";
import { SelectField } from "../../common/components/select-field";

const defaultPageSize = 50;

/** A run's proposals, filtered by status and model and paged; filters and page live in the URL. */
export function RunProposals({ runId, models }: { runId: number; models: Model[] }) {
  const id = useId();
  const { params, page, pageSize, update, pager } = useListParams(pageSizeMax, defaultPageSize);
  const status = params.get("status") ?? "";
  const modelId = params.get("model") ?? "";
  const { data, error, loading } = useApiData(
    withQuery(`/api/pair-runs/${runId}/proposals`, { status, model_id: modelId, page, page_size: pageSize }),
    ProposalPageSchema,
  );

  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("Proposals")}</h2>
      <div className="list-summary proposal-filters">
        <SelectField
          id={`${id}-status`}
          label={t("Status")}
          value={status}
          anyLabel={t("All statuses")}
          options={proposalStatuses.map((s) => ({ value: s, label: proposalStatusNames()[s] }))}
          onChange={(e) => update({ status: e.target.value })}
        />
        <SelectField
          id={`${id}-model`}
          label={t("Model")}
          value={modelId}
          anyLabel={t("All models")}
          options={models.map((m) => ({ value: String(m.id), label: m.name }))}
          onChange={(e) => update({ model: e.target.value })}
        />
        <p className="total" aria-live="polite">
          {data ? countOf(data.total, "proposal") : t("Loading…")}
        </p>
      </div>
      <ErrorAlert error={error} />
      {data && data.items.length > 0 && <ProposalsTable proposals={data.items} runId={runId} busy={loading} />}
      {data && data.items.length === 0 && (
        <div className="empty-state">
          <p>
            {data.total > 0
              ? t("This page is empty.")
              : status || modelId
                ? t("No proposals match these filters.")
                : t("This run proposed no pairs.")}
          </p>
        </div>
      )}
      {data && data.total > 0 && <Pagination {...pager} total={data.total} />}
    </section>
  );
}
