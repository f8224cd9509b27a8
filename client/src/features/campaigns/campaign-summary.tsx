import { Link } from "react-router";
import type { CampaignDashboard } from "../../../../shared/schemas/campaigns";
import { formatDateTime, langNames } from "../../common/format";
import { rationaleLabels } from "./campaign-settings-fields";

/** What the campaign compares, on which instructions, who judges and under which rules. */
export function CampaignSummary({ dashboard }: { dashboard: CampaignDashboard }) {
  const { campaign, tally } = dashboard;
  const { source, filter, settings: s } = campaign;
  const filterParts = [
    filter.lang && (langNames[filter.lang] ?? filter.lang),
    filter.range && (filter.range === "none" ? "no length requirement" : filter.range),
    filter.category && `type ${filter.category}`,
    filter.q && `“${filter.q}”`,
  ].filter(Boolean);
  const rules = [
    s.allow_tie ? "tie allowed" : "no tie",
    s.allow_both_bad ? "“both bad” allowed" : "no “both bad”",
    s.ask_margin ? "margin asked" : "no margin",
    `rationale ${rationaleLabels[s.rationale].split(":")[0]!.toLowerCase()}`,
    s.show_scores ? "scores shown" : "scores hidden",
    s.show_word_counts ? "word counts shown" : "word counts hidden",
    `lease ${s.lease_minutes} min`,
  ];
  return (
    <dl className="meta campaign-summary">
      <div>
        <dt>Kind</dt>
        <dd className="mono">{campaign.kind}</dd>
      </div>
      <div>
        <dt>Set</dt>
        <dd>
          <Link to={`/sets/${campaign.set_id}`}>{campaign.set_name}</Link>
        </dd>
      </div>
      <div>
        <dt>Compares</dt>
        <dd>
          {source.kind === "verify-pairs" ? (
            <>
              chosen vs rejected of <Link to={`/pairs/runs/${source.pair_run_id}`}>pair run #{source.pair_run_id}</Link>{" "}
              <span className="muted">({source.statuses.join(", ")})</span>
            </>
          ) : (
            <>
              {tally.a} <span className="muted">vs</span> {tally.b}
              {source.kind === "vs-reference" && <span className="muted"> (reference)</span>}
            </>
          )}
        </dd>
      </div>
      <div>
        <dt>Instructions</dt>
        <dd>{filterParts.length ? filterParts.join(", ") : "all of the set"}</dd>
      </div>
      <div>
        <dt>Annotators</dt>
        <dd>{campaign.annotators === "all" ? "all signed-in users" : campaign.annotators.map((a) => a.username).join(", ")}</dd>
      </div>
      <div>
        <dt>Settings</dt>
        <dd data-testid="campaign-settings">
          k = {s.judgments_per_comparison} · {rules.join(" · ")}
        </dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>{formatDateTime(campaign.created_at)}</dd>
      </div>
    </dl>
  );
}
