import { t } from "../../common/i18n";
import { Link, useSearchParams } from "react-router";
import { AutoVsHumanSchema } from "../../../../shared/schemas/analytics";
import { CampaignsResponseSchema, type Campaign } from "../../../../shared/schemas/campaigns";
import { ModelsResponseSchema } from "../../../../shared/schemas/model";
import { JudgeIdentitiesResponseSchema } from "../../../../shared/schemas/pair-judging";
import { WinRatesSchema, type WinRates } from "../../../../shared/schemas/win-rates";
import { withQuery } from "../../common/api";
import { AnalyticsAgreement } from "./analytics-agreement";
import { AnalyticsAnnotators } from "./analytics-annotators";
import { AnalyticsAutoVsHuman } from "./analytics-auto-vs-human";
import { AnalyticsBradleyTerry } from "./analytics-bradley-terry";
import { AnalyticsControls } from "./analytics-controls";
import { AnalyticsJudges } from "./analytics-judges";
import { defaultOptions, type Options } from "./analytics-options";
import { AnalyticsPositionBias } from "./analytics-position-bias";
import { AnalyticsRobust } from "./analytics-robust";
import { AnalyticsStyle } from "./analytics-style";
import { AnalyticsWinRates, breakdowns, type Breakdown } from "./analytics-win-rates";
import { ErrorAlert } from "../../common/components/error-alert";
import { PageTitle } from "../../common/components/page-title";
import { formatNumber } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { FirstItemsNote } from "../../common/components/first-items-note";
import { useChoices } from "../../common/hooks/use-paged-list";

const parseIds = (value: string | null) =>
  [
    ...new Set(
      (value ?? "")
        .split(",")
        .filter((s) => /^\d+$/.test(s))
        .map(Number),
    ),
  ].sort((a, b) => a - b);

/** Human judgments of campaigns as the LongWriter paper reports them: win rates against a reference, with their uncertainty. */
export function AnalyticsPage() {
  // Everything lives in the URL so an analysis can be reloaded and shared; defaults are left out of it.
  const [params, setParams] = useSearchParams();
  const picked = parseIds(params.get("campaigns"));
  const reference = params.get("reference") ?? undefined;
  const options: Options = { rounds: params.get("rounds") ?? defaultOptions.rounds, seed: params.get("seed") ?? defaultOptions.seed };
  const view = params.get("view");
  // Judge identities, comma-separated as the API takes them (a template name holding a comma cannot be picked: decision 035).
  const pickedJudges = (params.get("judges") ?? "").split(",").filter(Boolean);
  const humans = pickedJudges.length === 0 || params.get("humans") !== "false";
  const breakdown: Breakdown = view && view in breakdowns ? (view as Breakdown) : "all";
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === "") next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
  };

  const campaigns = useChoices("/api/campaigns", CampaignsResponseSchema);
  const models = useChoices("/api/models", ModelsResponseSchema);
  const judges = useChoices("/api/judges", JudgeIdentitiesResponseSchema);
  const stats = useApiData(
    picked.length > 0
      ? withQuery("/api/analytics/win-rates", {
          campaigns: picked.join(","),
          reference,
          rounds: params.get("rounds") ?? undefined,
          seed: params.get("seed") ?? undefined,
          judges: pickedJudges.length > 0 ? pickedJudges.join(",") : undefined,
          humans: humans ? undefined : "false",
        })
      : null,
    WinRatesSchema,
  );
  const single = picked.length === 1 ? picked[0]! : null;
  const auto = useApiData(single === null ? null : `/api/campaigns/${single}/auto-vs-human`, AutoVsHumanSchema);

  const list = campaigns.data?.items ?? [];
  const shown = picked.length > 0 && stats.data && !stats.error ? stats.data : undefined;
  const singleCampaign = list.find((c) => c.id === single);
  // Offered as references: the models the picked campaigns name, those in the answer, and the one asked for.
  const names = new Map((models.data?.items ?? []).map((m) => [m.id, m.name]));
  const named = list
    .filter((c) => picked.includes(c.id))
    .flatMap(modelIds)
    .flatMap((id) => names.get(id) ?? []);
  // Offered: the judges that judged a picked campaign, and any already asked for.
  const judgeOptions = (judges.data?.items ?? []).filter(
    (j) => pickedJudges.includes(j.identity) || j.campaign_ids.some((id) => picked.includes(id)),
  );
  const referenceOptions = [...new Set([...named, ...Object.keys(shown?.bradley_terry ?? {}), ...(reference ? [reference] : [])])].sort();

  return (
    <section>
      <PageTitle title={t("Analytics")} />
      <div className="page-header">
        <h1>{t("Analytics")}</h1>
      </div>
      <p className="lead">
        {t(
          "Human verdicts from campaigns, reported as the LongWriter paper reports its human study: the share of wins, ties and losses against a reference, with intervals that say how much the numbers could move.",
        )}
      </p>
      <ErrorAlert error={campaigns.error} />
      <FirstItemsNote list={campaigns.data} what={t("campaigns")} />
      {campaigns.data && list.length === 0 && (
        <div className="empty-state">
          <p>{t("No campaigns yet: win rates come from human judgments.")}</p>
          <p className="muted">
            <Link to="/campaigns">{t("Start a campaign")}</Link> {t("and let annotators judge a few comparisons first.")}
          </p>
        </div>
      )}
      {list.length > 0 && (
        <AnalyticsControls
          campaigns={list}
          picked={picked}
          onPick={(ids) => update({ campaigns: ids.join(",") })}
          reference={reference}
          referenceOptions={referenceOptions}
          defaultReference={reference === undefined ? shown?.reference_model : undefined}
          onReference={(name) => update({ reference: name })}
          options={options}
          onOptions={(o) =>
            update({
              rounds: o.rounds === defaultOptions.rounds ? undefined : o.rounds,
              seed: o.seed === defaultOptions.seed ? undefined : o.seed,
            })
          }
        />
      )}
      {picked.length > 0 && (
        <AnalyticsJudges
          judges={judgeOptions}
          picked={pickedJudges}
          onPick={(names) => update({ judges: names.join(","), humans: names.length > 0 && !humans ? "false" : undefined })}
          humans={humans}
          onHumans={(on) => update({ humans: on ? undefined : "false" })}
        />
      )}
      {list.length > 0 && picked.length === 0 && <p className="muted">{t("Pick one or more campaigns above to see their win rates.")}</p>}
      {picked.length > 0 && <ErrorAlert error={stats.error} title={t("No win rates:")} />}
      {picked.length > 0 && stats.error?.status === 400 && (
        <p className="hint">
          {t("Win rates need human judgments of two different models; follow each campaign's progress on the")}{" "}
          <Link to="/campaigns">{t("Campaigns page")}</Link>.
        </p>
      )}
      {picked.length > 0 && stats.loading && !shown && !stats.error && <p className="muted">{t("Computing…")}</p>}
      {shown && (
        <Report
          stats={shown}
          rounds={options.rounds}
          busy={stats.loading}
          breakdown={breakdown}
          onBreakdown={(b) => update({ view: b === "all" ? undefined : b })}
        />
      )}
      {single !== null && <ErrorAlert error={auto.error} title={t("Automatic vs human:")} />}
      {single !== null && auto.data?.campaign_id === single && !auto.error && (
        <AnalyticsAutoVsHuman data={auto.data} campaignName={singleCampaign?.name ?? t("Campaign {{id}}", { id: single })} />
      )}
    </section>
  );
}

interface ReportProps {
  stats: WinRates;
  rounds: string;
  busy: boolean;
  breakdown: Breakdown;
  onBreakdown: (b: Breakdown) => void;
}

function Report({ stats, rounds, busy, breakdown, onBreakdown }: ReportProps) {
  return (
    <div className="report analytics-report" aria-busy={busy}>
      <p className="analytics-scope" data-testid="analytics-scope">
        {t("{{judgments}} judgments of {{comparisons}} comparisons against", {
          judgments: formatNumber(stats.judgments),
          comparisons: formatNumber(stats.comparisons),
        })}{" "}
        <strong>{stats.reference_model}</strong>;{" "}
        {rounds === "0"
          ? t("no intervals (0 bootstrap rounds)")
          : t("intervals from {{rounds}} bootstrap rounds, seed {{seed}}", {
              rounds: formatNumber(Number(rounds)),
              seed: stats.seed,
            })}
        .
      </p>
      <AnalyticsRobust stats={stats} />
      <AnalyticsWinRates stats={stats} breakdown={breakdown} onBreakdown={onBreakdown} />
      <AnalyticsBradleyTerry stats={stats} />
      <AnalyticsStyle stats={stats} />
      <AnalyticsAnnotators stats={stats} />
      <AnalyticsAgreement agreement={stats.agreement} />
      <AnalyticsPositionBias bias={stats.position_bias} />
    </div>
  );
}

/** The models a campaign compares, where its source names them (a verify-pairs campaign's come from its pair run). */
function modelIds(c: Campaign): number[] {
  const s = c.source;
  if (s.kind === "vs-reference") return s.reference_model_id === undefined ? [s.model_id] : [s.model_id, s.reference_model_id];
  if (s.kind === "custom") return [s.model_a_id, s.model_b_id];
  return [];
}
