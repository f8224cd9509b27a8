import { t } from "../../common/i18n";
import type { AnnotatorReliability } from "../../../../shared/schemas/win-rates";
import { AnalyticsTableBox } from "./analytics-table-box";
import { percent } from "./analytics-values";

/** Short, so a matrix fits a phone: first sample better, tie, second sample better. */
const verdicts = ["First", "Tie", "Second"] as const;
const verdictNames = (): Record<(typeof verdicts)[number], string> => ({ First: t("First"), Tie: t("Tie"), Second: t("Second") });

/**
 * Each annotator's Dawid–Skene confusion matrix, folded away: the row is the estimated true verdict, the
 * column the annotator's; a reliable annotator's weight sits on the diagonal.
 */
export function AnalyticsConfusion({ rows }: { rows: [string, AnnotatorReliability][] }) {
  const shown = rows.filter(([, a]) => a.confusion.length === verdicts.length);
  if (shown.length === 0) return null;
  return (
    <details className="fold analytics-confusion">
      <summary>{t("Confusion matrices: what each annotator answers, given the true verdict")}</summary>
      <p className="hint">
        {t(
          "Rows: the true verdict as the model estimates it; columns: the annotator's verdict; each row sums to 100%. “First” and “second” are the comparison's fixed sample order, not the sides shown on screen.",
        )}
      </p>
      <div className="analytics-confusion-grid">
        {shown.map(([name, a]) => (
          <AnalyticsTableBox key={name} label={t("{{name}}'s confusion matrix, scrolls sideways", { name })}>
            <table className="table table-compact analytics-table" data-annotator={name}>
              <caption>{name}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("True \\ given")}</th>
                  {verdicts.map((v) => (
                    <th key={v} scope="col" className="num">
                      {verdictNames()[v]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {a.confusion.map((row, i) => (
                  <tr key={verdicts[i]}>
                    <th scope="row">{verdictNames()[verdicts[i]!]}</th>
                    {row.map((p, j) => (
                      <td key={verdicts[j]} className={i === j ? "num analytics-rate" : "num"}>
                        {percent(p, 0)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </AnalyticsTableBox>
        ))}
      </div>
    </details>
  );
}
