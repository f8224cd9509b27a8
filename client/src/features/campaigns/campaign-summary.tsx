import { t } from "../../common/i18n";
import { Link } from "react-router";
import type { CampaignDashboard } from "../../../../shared/schemas/campaigns";
import { formatDateTime } from "../../common/format";
import { langName } from "../../common/lang-name";
import { kRange, type CampaignSettings } from "../../../../shared/schemas/campaigns";
import { formatPercent } from "../../common/campaign-format";

const rationaleRules = (): Record<CampaignSettings["rationale"], string> => ({
  off: t("rationale off"),
  optional: t("rationale optional"),
  required: t("rationale required with every verdict"),
});

/** What the campaign compares, on which instructions, who judges and under which rules. */
export function CampaignSummary({ dashboard }: { dashboard: CampaignDashboard }) {
  const { campaign, tally } = dashboard;
  const { source, filter, settings: s } = campaign;
  const filterParts = [
    filter.lang && langName(filter.lang),
    filter.range && (filter.range === "none" ? t("no length requirement") : filter.range),
    filter.category && t("type {{category}}", { category: filter.category }),
    filter.q && `“${filter.q}”`,
  ].filter(Boolean);
  const { k_min, k_max } = kRange(s);
  const rules = [
    // Issue 18's settings: adaptive k, the assignment rule and gold pairs, said only when not the default.
    k_min < k_max ? t("adaptive k {{min}} to {{max}}", { min: k_min, max: k_max }) : `k = ${s.judgments_per_comparison}`,
    s.assignment === "adaptive" && t("adaptive assignment"),
    s.gold_rate > 0 && t("gold pairs {{rate}}", { rate: formatPercent(s.gold_rate) }),
    s.allow_tie ? t("tie allowed") : t("no tie"),
    s.allow_both_bad ? t("“both bad” allowed") : t("no “both bad”"),
    s.ask_margin ? t("margin asked") : t("no margin"),
    rationaleRules()[s.rationale],
    s.show_scores ? t("scores shown") : t("scores hidden"),
    s.show_word_counts ? t("word counts shown") : t("word counts hidden"),
    t("lease {{minutes}} min", { minutes: s.lease_minutes }),
  ].filter(Boolean);
  return (
    <dl className="meta campaign-summary">
      <div>
        <dt>{t("Kind")}</dt>
        <dd className="mono">{campaign.kind}</dd>
      </div>
      <div>
        <dt>{t("Set")}</dt>
        <dd>
          <Link to={`/sets/${campaign.set_id}`}>{campaign.set_name}</Link>
        </dd>
      </div>
      <div>
        <dt>{t("Compares")}</dt>
        <dd>
          {source.kind === "verify-pairs" ? (
            <>
              {t("chosen vs rejected of")}{" "}
              <Link to={`/pairs/runs/${source.pair_run_id}`}>{t("pair run #{{id}}", { id: source.pair_run_id })}</Link>{" "}
              <span className="muted">({source.statuses.join(", ")})</span>
            </>
          ) : (
            <>
              {tally.a} <span className="muted">vs</span> {tally.b}
              {source.kind === "vs-reference" && <span className="muted"> {t("(reference)")}</span>}
            </>
          )}
        </dd>
      </div>
      <div>
        <dt>{t("Instructions")}</dt>
        <dd>{filterParts.length ? filterParts.join(", ") : t("all of the set")}</dd>
      </div>
      <div>
        <dt>{t("Annotators")}</dt>
        <dd>{campaign.annotators === "all" ? t("all signed-in users") : campaign.annotators.map((a) => a.username).join(", ")}</dd>
      </div>
      <div>
        <dt>{t("Settings")}</dt>
        <dd data-testid="campaign-settings">{rules.join(" · ")}</dd>
      </div>
      <div>
        <dt>{t("Created")}</dt>
        <dd>{formatDateTime(campaign.created_at)}</dd>
      </div>
    </dl>
  );
}
