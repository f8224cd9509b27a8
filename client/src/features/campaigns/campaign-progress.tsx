import { t } from "../../common/i18n";
import { kRange, type CampaignDashboard } from "../../../../shared/schemas/campaigns";
import { formatNumber } from "../../common/format";

/**
 * Judgments made against the most wanted (comparisons × k, or × k_max under adaptive k), the comparisons
 * complete, the items being judged now, and under adaptive k the judgments it saved.
 */
export function CampaignProgress({ dashboard }: { dashboard: CampaignDashboard }) {
  const { campaign, in_progress: inProgress, adaptive_k: adaptive } = dashboard;
  const { k_min, k_max } = kRange(campaign.settings);
  const wanted = campaign.comparisons * k_max;
  const share = (n: number) => `${wanted > 0 ? Math.min(100, (n / wanted) * 100) : 0}%`;
  const text = t("{{done}} of {{wanted}} judgments", { done: formatNumber(campaign.judgments), wanted: formatNumber(wanted) });
  return (
    <section className="panel job-progress" aria-label={t("Progress")}>
      <div className="job-progress-head">
        <span className="job-progress-total" data-testid="campaign-complete">
          {t("{{complete}} of {{comparisons}} comparisons complete", {
            complete: formatNumber(campaign.complete),
            comparisons: formatNumber(campaign.comparisons),
          })}
        </span>
        <span className="muted">{campaign.comparisons > 0 ? Math.floor((campaign.complete / campaign.comparisons) * 100) : 100}%</span>
      </div>
      <div
        className="progress progress-large"
        role="progressbar"
        aria-label={t("Judgments made")}
        aria-valuemin={0}
        aria-valuemax={wanted}
        aria-valuenow={campaign.judgments}
        aria-valuetext={text}
        title={text}
      >
        <span className="progress-done" style={{ width: share(campaign.judgments) }} />
        <span className="progress-running" style={{ width: share(inProgress) }} />
      </div>
      <p className="job-counts">
        <span className="job-count" data-testid="campaign-judgments">
          <span className="swatch swatch-done" aria-hidden="true" />
          {text}{" "}
          <span className="muted">
            {k_min === k_max
              ? t("(k = {{k}} per comparison)", { k: k_max })
              : t("(adaptive k: {{min}} to {{max}} per comparison)", { min: k_min, max: k_max })}
          </span>
        </span>
        <span className="visually-hidden">, </span>
        <span className="job-count" data-testid="campaign-in-progress">
          <span className="swatch swatch-running" aria-hidden="true" />
          {t("{{n}} in progress now", { n: formatNumber(inProgress) })}
        </span>
      </p>
      {k_min < k_max && (
        <p className="job-counts" data-testid="campaign-judgments-saved">
          {t("{{saved}} judgments saved: {{early}} comparisons decided before k_max, {{atMin}} of them at k_min", {
            saved: formatNumber(adaptive.judgments_saved),
            early: formatNumber(adaptive.decided_early),
            atMin: formatNumber(adaptive.decided_at_k_min),
          })}
        </p>
      )}
    </section>
  );
}
