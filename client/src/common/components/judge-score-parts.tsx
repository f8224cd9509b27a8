import type { JudgeScore } from "../../../../shared/schemas/judging";
import { qualityDimensions, type Dimension } from "../../../../shared/scoring/judge-answer";
import { t } from "../i18n";
import { statusName } from "./status-badge";

const dash = <span className="muted">—</span>;

/** A dimension's short column header in the interface language. */
function dimensionAbbr(d: Dimension): string {
  switch (d) {
    case "Relevance":
      return t("Rel");
    case "Accuracy":
      return t("Acc");
    case "Coherence":
      return t("Coh");
    case "Clarity":
      return t("Cla");
    case "Breadth and Depth":
      return t("B&D");
    case "Reading Experience":
      return t("Read");
    default:
      return d;
  }
}

/** A quality dimension's name in the interface language (the judge's answers name them in English). */
function dimensionName(d: Dimension): string {
  switch (d) {
    case "Relevance":
      return t("Relevance");
    case "Accuracy":
      return t("Accuracy");
    case "Coherence":
      return t("Coherence");
    case "Clarity":
      return t("Clarity");
    case "Breadth and Depth":
      return t("Breadth and Depth");
    case "Reading Experience":
      return t("Reading Experience");
    default:
      return d;
  }
}

/** The first characters of a template's SHA-256, enough to tell templates apart at a glance. */
export const shortHash = (hash: string) => hash.slice(0, 8);

/** S_q with one decimal, as LongBench-Write reports it. */
export const formatQuality = (score: number) => score.toFixed(1);

/** "done", or "judge failed": a failed judgment is the judge's failure, never a score of the sample. */
export function JudgeScoreStatusBadge({ status }: { status: JudgeScore["status"] }) {
  return <span className={`status status-${status}`}>{status === "failed" ? t("judge failed") : statusName(status)}</span>;
}

export function QualityScore({ judgment }: { judgment: JudgeScore }) {
  if (judgment.quality_score === null) return dash;
  return <span title={t("S_q: mean of the six dimension scores, 0–100")}>{formatQuality(judgment.quality_score)}</span>;
}

/** Column headers for the six dimensions, abbreviated, each with its full name. */
export function DimensionHeaders() {
  return (
    <>
      {qualityDimensions.map((d) => (
        <th key={d} scope="col" className="num">
          <abbr title={`${dimensionName(d)}, 1–5`}>{dimensionAbbr(d)}</abbr>
        </th>
      ))}
    </>
  );
}

/** The judge's six 1–5 scores as cells; each cell's title gives the 0–100 points that enter S_q. */
export function DimensionCells({ judgment }: { judgment: JudgeScore }) {
  return (
    <>
      {qualityDimensions.map((d) => (
        <td
          key={d}
          className="num"
          title={
            judgment.dimension_scores
              ? t("{{dimension}}: {{points}} of 100", { dimension: dimensionName(d), points: judgment.dimension_scores[d] })
              : dimensionName(d)
          }
        >
          {judgment.scores ? judgment.scores[d] : dash}
        </td>
      ))}
    </>
  );
}

/** How many columns ScoreHeaders spans (and ScoreCells fills): status, S_q and the six dimensions. */
export const scoreColumnCount = 2 + qualityDimensions.length;

/** The headers of a judge score's own columns: status, S_q and the six dimensions. */
export function ScoreHeaders() {
  return (
    <>
      <th scope="col">{t("Status")}</th>
      <th scope="col" className="num">
        <abbr title={t("Quality score: mean of the six dimensions on 0–100")}>S_q</abbr>
      </th>
      <DimensionHeaders />
    </>
  );
}

/** A judge score's status, S_q and six dimension scores, as cells under ScoreHeaders. */
export function ScoreCells({ judgment }: { judgment: JudgeScore }) {
  return (
    <>
      <td>
        <JudgeScoreStatusBadge status={judgment.status} />
      </td>
      <td className="num strong-score">
        <QualityScore judgment={judgment} />
      </td>
      <DimensionCells judgment={judgment} />
    </>
  );
}

/** What the judge wrote, in a row of its own under the score's row, across the whole table. */
export function JudgeScoreDetailsRow({ judgment, columns, id }: { judgment: JudgeScore; columns: number; id?: string }) {
  return (
    <tr id={id} className="judge-score-details-row">
      <td colSpan={columns}>
        <JudgeScoreDetails judgment={judgment} />
      </td>
    </tr>
  );
}

/**
 * What the judge wrote: the analysis, and for a failed judgment the error and the last raw answer. The raw
 * answer is shown as plain text in a <pre>: it comes from a model and may hold anything, markup included.
 */
export function JudgeScoreDetails({ judgment }: { judgment: JudgeScore }) {
  const failed = judgment.status === "failed";
  return (
    <div className="judge-score-details">
      {judgment.analysis && (
        <div>
          <h4 className="small-heading">{t("Analysis")}</h4>
          <p className="judge-score-analysis">{judgment.analysis}</p>
        </div>
      )}
      {judgment.status === "done" && !judgment.analysis && <p className="muted">{t("The judge wrote no analysis.")}</p>}
      {judgment.last_error && (
        <div>
          <h4 className="small-heading">{failed ? t("Why the judge failed") : t("Last error")}</h4>
          <div className="error-text">{judgment.last_error}</div>
        </div>
      )}
      {judgment.raw_answer !== null &&
        (failed ? (
          <div>
            <h4 className="small-heading">{t("Raw answer (not scored)")}</h4>
            <pre className="raw-answer">{judgment.raw_answer}</pre>
          </div>
        ) : (
          <details className="raw-answer-fold">
            <summary>{t("Judge's full answer")}</summary>
            <pre className="raw-answer">{judgment.raw_answer}</pre>
          </details>
        ))}
      {!failed && judgment.status !== "done" && judgment.raw_answer === null && <p className="muted">{t("Not judged yet.")}</p>}
    </div>
  );
}
