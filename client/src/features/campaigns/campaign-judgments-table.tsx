import { t } from "../../common/i18n";
import { useId } from "react";
import { Link } from "react-router";
import { HumanJudgmentPageSchema, type HumanJudgment } from "../../../../shared/schemas/campaigns";
import { pageSizeMax } from "../../../../shared/schemas/page";
import { withQuery } from "../../common/api";
import { countOf, excerpt, formatDateTime } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { useListParams, useReloadOn } from "../../common/hooks/use-list-params";
import { formatMinSec, formatPercent } from "../../common/campaign-format";
import { ErrorAlert } from "../../common/components/error-alert";
import { Pagination } from "../../common/components/pagination";

const defaultPageSize = 50;

/** "left · demo-writer", "tie", "both bad": the verdict as the annotator gave it, with the winner's model. */
function Outcome({ j }: { j: HumanJudgment }) {
  if (j.outcome === "tie") return <span>{t("tie")}</span>;
  if (j.outcome === "both-bad") return <span>{t("both bad")}</span>;
  const left = j.winner_sample_id === j.left_sample_id;
  return (
    <span>
      <strong>{left ? j.left_model : j.right_model}</strong> <span className="muted">({left ? t("left") : t("right")})</span>
    </span>
  );
}

/** A side's model, linked to its sample; a gold pair's side may be a hidden degraded copy, so it is not linked. */
function SampleLink({ j, id, model }: { j: HumanJudgment; id: number; model: string }) {
  return j.gold ? <span>{model}</span> : <Link to={`/samples/${id}`}>{model}</Link>;
}

/**
 * Every judgment of the campaign, oldest first, paged in the URL. `version` changes with the campaign's
 * judgment count, so the table follows the polled dashboard.
 */
export function CampaignJudgmentsTable({ campaignId, version }: { campaignId: number; version: number }) {
  const id = useId();
  const { page, pageSize, pager } = useListParams(pageSizeMax, defaultPageSize);
  const { data, error, loading, reload } = useApiData(
    withQuery(`/api/campaigns/${campaignId}/judgments`, { page, page_size: pageSize }),
    HumanJudgmentPageSchema,
  );

  useReloadOn(version, reload);

  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("Judgments")}</h2>
      <div className="list-summary">
        <p className="total" aria-live="polite">
          {data ? countOf(data.total, "judgment") : t("Loading…")}
        </p>
      </div>
      <ErrorAlert error={error} />
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact campaign-judgments-table" aria-labelledby={`${id}-heading`} aria-busy={loading}>
            <thead>
              <tr>
                <th scope="col">{t("Instruction")}</th>
                <th scope="col">{t("Annotator")}</th>
                <th scope="col">{t("Left")}</th>
                <th scope="col">{t("Right")}</th>
                <th scope="col">{t("Winner")}</th>
                <th scope="col">{t("Margin")}</th>
                <th scope="col" className="num" title={t("From showing the item to the verdict (m:ss)")}>
                  {t("Time")}
                </th>
                <th scope="col" className="num" title={t("Share of the left and right answers scrolled into view")}>
                  {t("Coverage L · R")}
                </th>
                <th scope="col">{t("Rationale")}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((j) => (
                <tr key={j.id} data-judgment-id={j.id} title={t("Judged {{date}}", { date: formatDateTime(j.created_at) })}>
                  <td className="mono">
                    <Link to={`/instructions/${j.instruction_id}`}>{j.external_id}</Link>
                    {j.gold && <span className="tag">{t("gold pair")}</span>}
                  </td>
                  <td>{j.annotator}</td>
                  <td className="nowrap">
                    <SampleLink j={j} id={j.left_sample_id} model={j.left_model} />
                  </td>
                  <td className="nowrap">
                    <SampleLink j={j} id={j.right_sample_id} model={j.right_model} />
                  </td>
                  <td className="nowrap" data-testid="judgment-verdict">
                    <Outcome j={j} />
                  </td>
                  <td>{j.margin ?? <span className="muted">—</span>}</td>
                  <td className="num">{formatMinSec(j.time_ms)}</td>
                  <td className="num nowrap">
                    {formatPercent(j.coverage_left)} · {formatPercent(j.coverage_right)}
                  </td>
                  <td className="excerpt-cell" title={j.rationale || undefined}>
                    {j.rationale ? excerpt(j.rationale, 120) : <span className="muted">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && data.items.length === 0 && (
        <div className="empty-state">
          <p>{data.total > 0 ? t("This page is empty.") : t("No judgments yet.")}</p>
        </div>
      )}
      {data && data.total > 0 && <Pagination {...pager} total={data.total} />}
    </section>
  );
}
