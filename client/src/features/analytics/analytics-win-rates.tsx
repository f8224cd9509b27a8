import { t } from "../../common/i18n";
import type { WinRates, WinTally } from "../../../../shared/schemas/win-rates";
import { NONE } from "../../common/format";
import { AnalyticsWinChart } from "./analytics-win-chart";
import { AnalyticsWinTable, type WinTableRow } from "./analytics-win-table";
import { compareBuckets } from "./analytics-values";

export const breakdowns = { all: "All", length: "By length range", category: "By type" } as const;
export type Breakdown = keyof typeof breakdowns;
const breakdownNames = (): Record<Breakdown, string> => ({
  all: t("All"),
  length: t("By length range"),
  category: t("By type"),
});
const field = { length: "by_length_bucket", category: "by_category" } as const;

interface Props {
  stats: WinRates;
  breakdown: Breakdown;
  onBreakdown: (breakdown: Breakdown) => void;
}

/** Win rates against the reference per model, or per length range or type: stacked bars and their table. */
export function AnalyticsWinRates({ stats, breakdown, onBreakdown }: Props) {
  const models = Object.entries(stats.vs_reference);
  const available = (Object.keys(breakdowns) as Breakdown[]).filter((b) => b === "all" || models.some(([, v]) => v[field[b]]));
  const view = available.includes(breakdown) ? breakdown : "all";
  const rows = view === "all" ? overallRows(stats) : bucketRows(stats, view);
  const reference = stats.reference_model;
  const showModel = view !== "all" && models.length > 1;
  const bars = showModel ? rows.map((r) => ({ ...r, label: `${r.label} · ${r.model}`, group: r.label })) : rows;
  return (
    <section aria-labelledby="analytics-win-heading">
      <div className="analytics-section-head">
        <h2 id="analytics-win-heading">{t("Win rates against {{reference}}", { reference })}</h2>
        {available.length > 1 && (
          <div className="field-inline">
            <label htmlFor="analytics-breakdown">{t("Breakdown")}</label>
            <select id="analytics-breakdown" value={view} onChange={(e) => onBreakdown(e.target.value as Breakdown)}>
              {available.map((b) => (
                <option key={b} value={b}>
                  {breakdownNames()[b]}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {stats.reweighted && (
        <p className="hint" data-testid="analytics-reweighted">
          {t(
            "Reweighted: some judgments were chosen adaptively, so the win rates, their intervals and Bradley–Terry weight each judgment by 1 / the probability it was chosen with. Counts are not weighted.",
          )}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="empty-state">{t("No model has met {{reference}} in these judgments.", { reference })}</p>
      ) : (
        <>
          <WinLegend whisker={view === "all"} />
          <div className="chart-box">
            <AnalyticsWinChart rows={bars} reference={reference} />
          </div>
          <AnalyticsWinTable
            rows={rows}
            reference={reference}
            rowHeading={view === "all" ? t("Model") : view === "length" ? t("Length range") : t("Type")}
            showModel={showModel}
          />
        </>
      )}
      <p className="hint">
        {t(
          "Every human judgment counts: win rate = (W + T/2) / N, a “both bad” counted as a tie. The interval resamples instructions, not judgments, because the judgments of one instruction (its annotators, its models) are not independent. The majority vote takes each comparison's verdict of a strict majority of its annotators, else a tie.",
        )}
      </p>
    </section>
  );
}

function WinLegend({ whisker }: { whisker: boolean }) {
  return (
    <ul className="chart-legend" aria-label={t("Outcomes")}>
      {(["win", "tie", "loss"] as const).map((o) => (
        <li key={o}>
          <span className={`legend-swatch analytics-swatch analytics-${o}`} aria-hidden="true" />
          {{ win: t("Win"), tie: t("Tie"), loss: t("Loss") }[o]}
        </li>
      ))}
      {whisker && (
        <li>
          <span className="analytics-whisker-swatch" aria-hidden="true" />
          {t("Win rate (W + T/2)/N with its 95% bootstrap interval")}
        </li>
      )}
    </ul>
  );
}

function overallRows(stats: WinRates): WinTableRow[] {
  return Object.entries(stats.vs_reference).map(([model, v]) => ({
    key: model,
    label: model,
    tally: v.all,
    ci: v.bootstrap_ci95_over_instructions,
    majority: v.majority_vote,
  }));
}

function bucketRows(stats: WinRates, view: "length" | "category"): WinTableRow[] {
  const models = Object.entries(stats.vs_reference);
  const labels = [...new Set(models.flatMap(([, v]) => Object.keys(v[field[view]] ?? {})))];
  const order = (a: string, b: string) =>
    a === NONE ? 1 : b === NONE ? -1 : view === "length" ? compareBuckets(a, b) : a.localeCompare(b);
  return labels.sort(order).flatMap((label) =>
    models
      .map(([model, v]): [string, WinTally | undefined] => [model, v[field[view]]?.[label]])
      .filter((entry): entry is [string, WinTally] => entry[1] !== undefined)
      .map(([model, tally]) => ({ key: `${label}\u0000${model}`, label, model, tally })),
  );
}
