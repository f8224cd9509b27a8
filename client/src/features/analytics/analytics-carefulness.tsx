import { t } from "../../common/i18n";
import type { Agreement } from "../../../../shared/schemas/win-rates";
import { formatNumber } from "../../common/format";
import { Missing, percent } from "./analytics-values";

// Two other annotators who agree with each other are usually right; an annotator who gives their verdict less
// than half the time is worth a look. Picking at random among three verdicts would give it about a third of
// the time. Fewer than minComparisons such comparisons say too little to flag anyone.
export const carelessBelow = 0.5;
export const minComparisons = 5;

const flagged = (a: { n: number; agreement: number | null }) =>
  a.agreement !== null && a.n >= minComparisons && a.agreement < carelessBelow;

/** Each annotator against the majority of the others, low ones flagged as possibly careless. */
export function AnalyticsCarefulness({ others }: { others: Agreement["with_majority_of_others"] }) {
  const rows = Object.entries(others);
  const low = rows.filter(([, a]) => flagged(a)).length;
  return (
    <>
      <h3 id="analytics-others-heading">{t("Each annotator against the majority of the others")}</h3>
      <div className="table-wrap">
        <table className="table table-compact analytics-table" aria-labelledby="analytics-others-heading">
          <thead>
            <tr>
              <th scope="col">{t("Annotator")}</th>
              <th scope="col" className="num" title={t("Comparisons where the other annotators have a strict majority verdict")}>
                {t("Comparisons with a majority of others")}
              </th>
              <th scope="col" className="num">
                {t("Agreed with it")}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t("Flag")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([annotator, a]) => (
              <tr key={annotator} data-annotator={annotator} className={flagged(a) ? "analytics-low" : undefined}>
                <th scope="row">{annotator}</th>
                <td className="num">{formatNumber(a.n)}</td>
                <td className="num">
                  {a.agreement === null ? (
                    <Missing why={t("The others never had a strict majority on a comparison this annotator judged")} />
                  ) : (
                    percent(a.agreement)
                  )}
                </td>
                <td>
                  {flagged(a) ? (
                    <span className="tag tag-warn">{t("possibly careless")}</span>
                  ) : a.n < minComparisons ? (
                    <span className="muted">{t("too few to tell")}</span>
                  ) : (
                    ""
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">
        {t(
          "Flagged below {{threshold}} on at least {{n}} comparisons: when the other annotators agree with each other, a careful annotator usually agrees with them too, while one clicking at random among the three verdicts would agree about a third of the time.",
          {
            threshold: percent(carelessBelow, 0),
            n: minComparisons,
          },
        )}{" "}
        {low > 0 ? t("Read a few of the flagged annotator's judgments before dropping any.") : ""}
      </p>
    </>
  );
}
