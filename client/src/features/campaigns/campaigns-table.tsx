import { t } from "../../common/i18n";
import { Link, useNavigate } from "react-router";
import type { Campaign } from "../../../../shared/schemas/campaigns";
import { formatDateTime, formatNumber } from "../../common/format";
import { CampaignStatusBadge } from "./campaign-status";

export function CampaignsTable({ campaigns }: { campaigns: Campaign[] }) {
  const navigate = useNavigate();
  return (
    <div className="table-wrap">
      <table className="table campaigns-table" aria-label={t("Campaigns")}>
        <thead>
          <tr>
            <th scope="col">{t("Name")}</th>
            <th scope="col">{t("Kind")}</th>
            <th scope="col">{t("Set")}</th>
            <th scope="col">{t("Status")}</th>
            <th scope="col" className="num">
              {t("Comparisons")}
            </th>
            <th scope="col" className="num" title={t("Comparisons with k judgments")}>
              {t("Complete")}
            </th>
            <th scope="col" className="num">
              {t("Judgments")}
            </th>
            <th scope="col">{t("Created")}</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((c) => {
            const to = `/campaigns/${c.id}`;
            return (
              <tr
                key={c.id}
                className="row-link"
                data-campaign-id={c.id}
                // Mouse users may click anywhere on the row; keyboard users have the link.
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest("a") && !window.getSelection()?.toString()) navigate(to);
                }}
              >
                <td>
                  <Link to={to} className="strong-link">
                    {c.name}
                  </Link>
                </td>
                <td className="mono nowrap">{c.kind}</td>
                <td>{c.set_name}</td>
                <td>
                  <CampaignStatusBadge status={c.status} />
                </td>
                <td className="num" data-testid="campaign-comparisons">
                  {formatNumber(c.comparisons)}
                </td>
                <td className="num">{formatNumber(c.complete)}</td>
                <td
                  className="num"
                  title={t("of {{wanted}} wanted (k = {{k}})", {
                    wanted: formatNumber(c.comparisons * c.settings.judgments_per_comparison),
                    k: c.settings.judgments_per_comparison,
                  })}
                >
                  {formatNumber(c.judgments)}
                </td>
                <td className="muted nowrap">{formatDateTime(c.created_at)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
