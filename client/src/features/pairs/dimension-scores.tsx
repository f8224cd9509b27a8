import { t } from "../../common/i18n";
import type { JudgeScore } from "../../../../shared/schemas/judging";
import { qualityDimensions } from "../../../../shared/scoring/judge-answer";
import { DimensionHeaders } from "../../common/components/judge-score-parts";

/** The judge's six scores of one sample: 1–5 as the judge gave them, and the 0–100 points that make S_q. */
export function DimensionScores({ judgment, label }: { judgment: JudgeScore; label: string }) {
  const { scores, dimension_scores: points } = judgment;
  if (!scores || !points) return null;
  return (
    <table className="dimension-scores">
      <caption className="visually-hidden">{t("{{label}}: the judge's six scores, 1–5 and 0–100", { label })}</caption>
      <thead>
        <tr>
          <td />
          <DimensionHeaders />
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">1–5</th>
          {qualityDimensions.map((d) => (
            <td key={d} className={`num dim-${scores[d]}`}>
              {scores[d]}
            </td>
          ))}
        </tr>
        <tr className="dimension-points">
          <th scope="row">0–100</th>
          {qualityDimensions.map((d) => (
            <td key={d} className="num">
              {Math.round(points[d])}
            </td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}
