import { t } from "../../common/i18n";
import type { ModelLengthReport } from "../../../../shared/schemas/report";
import { qualityDimensions } from "../../../../shared/scoring/judge-answer";
import { formatNumber } from "../../common/format";

/** LongBench-Write's six dimensions in the interface language (the judge's answer keeps the English keys). */
const dimensionNames = (): Record<(typeof qualityDimensions)[number], string> => ({
  Relevance: t("Relevance"),
  Accuracy: t("Accuracy"),
  Coherence: t("Coherence"),
  Clarity: t("Clarity"),
  "Breadth and Depth": t("Breadth and Depth"),
  "Reading Experience": t("Reading Experience"),
});

const score = (s: number | null | undefined) => (s === null || s === undefined ? "—" : s.toFixed(1));

/** The six quality dimensions per model, each (mean − 1) × 25 over the judged samples, and their mean S_q. */
export function QualityDimensionTable({ models }: { models: ModelLengthReport[] }) {
  return (
    <div className="table-wrap">
      <table className="table table-compact length-table dimension-table">
        <caption className="visually-hidden">{t("Quality score per dimension and model, 0–100")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("Model")}</th>
            <th scope="col" className="num">
              {t("Judged")}
            </th>
            {qualityDimensions.map((d) => (
              <th scope="col" className="num" key={d}>
                {dimensionNames()[d]}
              </th>
            ))}
            <th scope="col" className="num" title={t("The mean of the six dimensions")}>
              S<sub>q</sub>
            </th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.model_id}>
              <th scope="row" className="model-name">
                {m.model_name}
              </th>
              <td className="num">{formatNumber(m.judged)}</td>
              {qualityDimensions.map((d) => (
                <td key={d} className={`num${m.dimension_scores ? "" : " empty-cell"}`}>
                  {score(m.dimension_scores?.[d])}
                </td>
              ))}
              <td className={`num overall-score${m.quality_score === null ? " empty-cell" : ""}`}>{score(m.quality_score)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
