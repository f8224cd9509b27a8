import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { AnnotatorHistorySchema, RevisitResponseSchema, type AnnotatorHistory } from "../../../../shared/schemas/annotator-history";
import { api, asApiError, type ApiRequestError } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";
import { PageTitle } from "../../common/components/page-title";
import { formatDateTime, formatNumber } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { t } from "../../common/i18n";
import { marginLabel, verdictLabel } from "./history-verdict";
import "./history.css";

const pageSize = 25;

/**
 * An annotator's own judgments in a campaign, newest first, each openable to look at again or change while
 * the campaign is open, and the items they skipped, which they can take up again (docs/decisions/023).
 */
export function AnnotateHistoryPage() {
  const { campaignId = "" } = useParams();
  const [page, setPage] = useState(1);
  const path = `/api/annotate/campaigns/${encodeURIComponent(campaignId)}/history?page=${page}&page_size=${pageSize}`;
  const { data, error, reload } = useApiData(path, AnnotatorHistorySchema);

  if (!data) {
    return (
      <section>
        <PageTitle title={t("Your judgments")} />
        <p className="breadcrumb">
          <Link to="/annotate">{t("Annotation")}</Link>
        </p>
        <h1>{t("Your judgments")}</h1>
        {error ? <ErrorAlert error={error} title={t("Could not load your judgments:")} /> : <p className="muted">{t("Loading…")}</p>}
      </section>
    );
  }

  const { campaign } = data;
  const open = campaign.status === "open";
  const pages = Math.max(1, Math.ceil(data.total / data.page_size));
  return (
    <section className="annotate-history">
      <PageTitle title={`${t("Your judgments")} · ${campaign.title}`} />
      <p className="breadcrumb">
        <Link to="/annotate">{t("Annotation")}</Link>
        {open && (
          <>
            {" / "}
            <Link to={`/annotate/${campaign.id}`}>{campaign.title}</Link>
          </>
        )}
      </p>
      <h1>
        {t("Your judgments")} <span className="muted">· {campaign.title}</span>
      </h1>
      {open ? (
        <p className="muted">{t("Open one to look at it again or change it; earlier versions are kept.")}</p>
      ) : (
        <p className="notice" role="status">
          {t("This campaign is closed: you can read your judgments but no longer change them.")}
        </p>
      )}
      <ErrorAlert error={error} title={t("Could not refresh your judgments:")} />

      {data.total === 0 ? (
        <p className="empty-state">{t("You have not judged anything in this campaign yet.")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table history-table">
            <caption className="visually-hidden">{t("Your judgments, newest first")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("Instruction")}</th>
                <th scope="col">{t("Your verdict")}</th>
                <th scope="col">{t("Judged", { context: "when" })}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("Open")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((j) => (
                <tr key={j.id} data-testid="history-row">
                  <td className="history-excerpt">{j.excerpt}</td>
                  <td>
                    {verdictLabel(j.verdict)}
                    {j.margin && <span className="muted"> ({marginLabel(j.margin)})</span>}
                    {j.revisions > 0 && (
                      <div className="muted history-changed">
                        {t("changed {{count}}×, last {{when}}", { count: j.revisions, when: formatDateTime(j.changed_at ?? j.judged_at) })}
                      </div>
                    )}
                  </td>
                  <td>{formatDateTime(j.judged_at)}</td>
                  <td>
                    <Link to={`/annotate/${campaign.id}/history/${j.id}`} className="button-link button-small">
                      {open ? t("Look again or change") : t("Look again")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav className="pagination" aria-label={t("Pages")}>
          <button type="button" onClick={() => setPage(page - 1)} disabled={page <= 1}>
            {t("Newer")}
          </button>
          <span aria-live="polite">{t("Page {{page}} of {{pages}}", { page, pages })}</span>
          <button type="button" onClick={() => setPage(page + 1)} disabled={page >= pages}>
            {t("Older")}
          </button>
        </nav>
      )}
      <SkippedItems history={data} onChanged={reload} />
    </section>
  );
}

function SkippedItems({ history, onChanged }: { history: AnnotatorHistory; onChanged: () => void }) {
  const navigate = useNavigate();
  const [error, setError] = useState<ApiRequestError | undefined>();
  const [busy, setBusy] = useState<number | null>(null);
  const { campaign, skipped } = history;
  const open = campaign.status === "open";
  if (history.skipped_total === 0) return null;

  async function revisit(assignmentId: number) {
    setBusy(assignmentId);
    setError(undefined);
    try {
      await api(`/api/annotate/assignments/${assignmentId}/revisit`, { method: "POST", schema: RevisitResponseSchema });
      // The annotate screen's next item is now this one.
      navigate(`/annotate/${campaign.id}`);
    } catch (failure) {
      setError(asApiError(failure));
      onChanged();
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="history-skipped" className="history-skipped">
      <h2 id="history-skipped">
        {t("Skipped")} <span className="muted">({formatNumber(history.skipped_total)})</span>
      </h2>
      <ErrorAlert error={error} title={t("Could not take this item up again:")} />
      <ul className="history-skipped-list">
        {skipped.map((s) => (
          <li key={s.assignment_id} data-testid="skipped-row">
            <span className="history-excerpt">{s.excerpt}</span>
            <span className="muted">{formatDateTime(s.shown_at)}</span>
            {open && (
              <button type="button" className="button-small" disabled={busy !== null} onClick={() => revisit(s.assignment_id)}>
                {t("Judge it now")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
