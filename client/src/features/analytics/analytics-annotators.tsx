import { t } from "../../common/i18n";
import type { AnnotatorReliability, WinRates } from "../../../../shared/schemas/win-rates";
import { formatNumber } from "../../common/format";
import { AnalyticsConfusion } from "./analytics-confusion";
import { AnalyticsDefinitions } from "./analytics-definitions";
import { Missing, percent } from "./analytics-values";
import { AnalyticsTableBox } from "./analytics-table-box";

/** Flagged annotators first, then the least reliable, then by name. */
export function annotatorOrder(annotators: Record<string, AnnotatorReliability>): [string, AnnotatorReliability][] {
  return Object.entries(annotators).sort(
    ([a, x], [b, y]) =>
      Number(y.flagged) - Number(x.flagged) || (x.reliability ?? Infinity) - (y.reliability ?? Infinity) || a.localeCompare(b),
  );
}

/** Each annotator's Dawid–Skene reliability and position bias, the low ones flagged. */
export function AnalyticsAnnotators({ stats }: { stats: WinRates }) {
  const rows = annotatorOrder(stats.annotators);
  return (
    <section aria-labelledby="analytics-annotators-heading">
      <h2 id="analytics-annotators-heading">{t("Annotator reliability")}</h2>
      {rows.length === 0 ? (
        <p className="empty-state">{t("No annotator in these judgments.")}</p>
      ) : (
        <AnalyticsTableBox label={t("Annotator table, scrolls sideways")}>
          <table className="table table-compact analytics-table analytics-annotator-table">
            <caption className="visually-hidden">{t("Annotator reliability (Dawid–Skene)")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("Annotator")}</th>
                <th scope="col" className="num" title={t("Estimated probability that this annotator's verdict is the true one")}>
                  {t("Reliability")}
                </th>
                <th scope="col" className="num">
                  {t("Judgments")}
                </th>
                <th
                  scope="col"
                  className="num"
                  title={t("Share of this annotator's decided judgments won by the answer shown on the left")}
                >
                  {t("Left wins")}
                </th>
                <th scope="col">{t("Flag")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([name, a]) => (
                <tr key={name} data-annotator={name} className={a.flagged ? "analytics-low" : undefined}>
                  <th scope="row">{name}</th>
                  <td className="num">
                    {a.reliability === null ? <Missing why={t("Too few judgments to estimate")} /> : percent(a.reliability)}
                  </td>
                  <td className="num">{formatNumber(a.judgments)}</td>
                  <td className="num">
                    {a.position_bias === null ? <Missing why={t("No decided judgment (only ties)")} /> : percent(a.position_bias)}
                  </td>
                  <td>{a.flagged ? <span className="tag tag-warn">{t("low reliability")}</span> : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </AnalyticsTableBox>
      )}
      <p className="hint analytics-explain">
        <strong>{t("Reliability")}</strong>{" "}
        {t(
          "is the probability that an annotator's verdict (first answer better, tie, second better) is the true one, estimated by the Dawid–Skene model from how each annotator agrees with the others across all comparisons, without any answer key. Annotators below the threshold in the exact definition are flagged, listed first, and their verdicts count for less in the weighted win rate.",
        )}{" "}
        <strong>{t("Left wins")}</strong>{" "}
        {t(
          "is position bias: sides are shown in random order, so someone judging the texts gives about 50% of their decided verdicts to the left; far from 50% means the position, not the text, decided. Read a few of a flagged annotator's judgments on the campaign's page before dropping any.",
        )}
      </p>
      <AnalyticsConfusion rows={rows} />
      <AnalyticsDefinitions stats={stats} keys={["dawid_skene", "annotators"]} />
    </section>
  );
}
