import type { CampaignDashboard } from "../../../../shared/schemas/campaigns";
import { formatNumber } from "../../common/format";

/** Judgments made against the comparisons × k wanted, the comparisons complete, the items being judged now. */
export function CampaignProgress({ dashboard }: { dashboard: CampaignDashboard }) {
  const { campaign, in_progress: inProgress } = dashboard;
  const k = campaign.settings.judgments_per_comparison;
  const wanted = campaign.comparisons * k;
  const share = (n: number) => `${wanted > 0 ? Math.min(100, (n / wanted) * 100) : 0}%`;
  const text = `${formatNumber(campaign.judgments)} of ${formatNumber(wanted)} judgments`;
  return (
    <section className="panel job-progress" aria-label="Progress">
      <div className="job-progress-head">
        <span className="job-progress-total" data-testid="campaign-complete">
          {formatNumber(campaign.complete)} of {formatNumber(campaign.comparisons)} comparisons complete
        </span>
        <span className="muted">{campaign.comparisons > 0 ? Math.floor((campaign.complete / campaign.comparisons) * 100) : 100}%</span>
      </div>
      <div
        className="progress progress-large"
        role="progressbar"
        aria-label="Judgments made"
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
          {text} <span className="muted">(k = {k} per comparison)</span>
        </span>
        <span className="visually-hidden">, </span>
        <span className="job-count" data-testid="campaign-in-progress">
          <span className="swatch swatch-running" aria-hidden="true" />
          {formatNumber(inProgress)} in progress now
        </span>
      </p>
    </section>
  );
}
