import { Link } from "react-router";
import { AnnotatorCampaignsResponseSchema, type AnnotatorCampaign } from "../../../../shared/schemas/campaigns";
import { canManageInstructions, useUser } from "../../common/auth";
import { ErrorAlert } from "../../common/components/error-alert";
import { PageTitle } from "../../common/components/page-title";
import { formatNumber } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { t } from "../../common/i18n";
import "./history.css";
import "./annotate-layout.css";

/**
 * The open campaigns the signed-in user judges in, with their own progress: annotators start here, and
 * researchers listed in a campaign find their share of the work here too ("My annotation").
 */
export function AnnotatorHomePage() {
  const user = useUser();
  const { data, error } = useApiData("/api/annotate/campaigns", AnnotatorCampaignsResponseSchema);
  const title = canManageInstructions(user.role) ? t("My annotation") : t("Annotation");
  return (
    <section>
      <PageTitle title={title} />
      <h1>{title}</h1>
      <ErrorAlert error={error} title={t("Could not load your campaigns:")} />
      {!data ? (
        !error && <p className="muted">{t("Loading…")}</p>
      ) : data.campaigns.length === 0 ? (
        <div className="empty-state">
          <p>{t("No open campaign for you right now.")}</p>
          <p className="muted">{t("When a researcher adds you to an annotation campaign, you will find it on this page.")}</p>
        </div>
      ) : (
        <CampaignList campaigns={data.campaigns} />
      )}
    </section>
  );
}

/** A table on wide screens; on narrow ones each row is a card, its numbers labelled (annotate-layout.css). */
function CampaignList({ campaigns }: { campaigns: AnnotatorCampaign[] }) {
  return (
    <div className="table-wrap annotator-campaigns-wrap">
      <table className="table annotator-campaigns">
        <caption className="visually-hidden">{t("Your open campaigns")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("Campaign")}</th>
            <th scope="col" className="num">
              {t("Judged by you")}
            </th>
            <th scope="col" className="num">
              {t("Remaining")}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t("Open")}</span>
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
                <td className="num" data-label={t("Judged by you")}>
                  {formatNumber(c.judged_by_you)}
                </td>
                <td className="num" data-label={t("Remaining")}>
                  {formatNumber(c.remaining)}
                </td>
                <td className="annotator-campaign-action">
                  {c.remaining === 0 ? (
                    <span className="muted">{t("All done")}</span>
                  ) : (
                    <Link
                      to={`/annotate/${c.id}`}
                      className={started ? "button-link" : "button-link button-primary"}
                      aria-label={
                        started ? t("Continue {{campaign}}", { campaign: c.title }) : t("Start {{campaign}}", { campaign: c.title })
                      }
                    >
                      {started ? t("Continue") : t("Start")}
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
