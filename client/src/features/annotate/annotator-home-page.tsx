import { Link } from "react-router";
import { AnnotatorCampaignsResponseSchema, type AnnotatorCampaign } from "../../../../shared/schemas/campaigns";
import { canManageInstructions, useUser } from "../../common/auth";
import { ErrorAlert } from "../../common/components/error-alert";
import { PageTitle } from "../../common/components/page-title";
import { formatNumber } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { t } from "../../common/i18n";
import "./history.css";

/**
 * The open campaigns the signed-in user judges in, with their own progress: annotators start here, and
 * researchers listed in a campaign find their share of the work here too ("My annotation").
 */
export function AnnotatorHomePage() {
  const user = useUser();
  const { data, error } = useApiData("/api/annotate/campaigns", AnnotatorCampaignsResponseSchema);
  const title = canManageInstructions(user.role) ? "My annotation" : "Annotation";
  return (
    <section>
      <PageTitle title={title} />
      <h1>{title}</h1>
      <ErrorAlert error={error} title="Could not load your campaigns:" />
      {!data ? (
        !error && <p className="muted">Loading…</p>
      ) : data.campaigns.length === 0 ? (
        <div className="empty-state">
          <p>No open campaign for you right now.</p>
          <p className="muted">When a researcher adds you to an annotation campaign, you will find it on this page.</p>
        </div>
      ) : (
        <CampaignList campaigns={data.campaigns} />
      )}
    </section>
  );
}

function CampaignList({ campaigns }: { campaigns: AnnotatorCampaign[] }) {
  return (
    <div className="table-wrap">
      <table className="table annotator-campaigns">
        <caption className="visually-hidden">Your open campaigns</caption>
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            <th scope="col" className="num">
              Judged by you
            </th>
            <th scope="col" className="num">
              Remaining
            </th>
            <th scope="col">
              <span className="visually-hidden">Open</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((c) => {
            const started = c.judged_by_you > 0;
            return (
              <tr key={c.id}>
                <th scope="row">
                  {c.title}{" "}
                  <Link to={`/annotate/${c.id}/history`} className="annotator-history-link">
                    {t("Your judgments")}
                  </Link>
                </th>
                <td className="num">{formatNumber(c.judged_by_you)}</td>
                <td className="num">{formatNumber(c.remaining)}</td>
                <td className="annotator-campaign-action">
                  {c.remaining === 0 ? (
                    <span className="muted">All done</span>
                  ) : (
                    <Link
                      to={`/annotate/${c.id}`}
                      className={started ? "button-link" : "button-link button-primary"}
                      aria-label={`${started ? "Continue" : "Start"} ${c.title}`}
                    >
                      {started ? "Continue" : "Start"}
                    </Link>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
