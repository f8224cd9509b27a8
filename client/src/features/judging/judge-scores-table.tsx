import { t } from "../../common/i18n";
import { Fragment, useState } from "react";
import { Link } from "react-router";
import type { JudgeScore } from "../../../../shared/schemas/judging";
import { JudgeScoreDetailsRow, ScoreCells, ScoreHeaders, scoreColumnCount } from "../../common/components/judge-score-parts";

// Sample, model, instruction, the score's own columns, invalid answers, the toggle.
const columnCount = 3 + scoreColumnCount + 2;

/** A judge job's judge scores; each row opens to show the analysis, and for a failed one its raw answer. */
export function JudgeScoresTable({ judgments, busy }: { judgments: JudgeScore[]; busy: boolean }) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <div className="table-wrap">
      <table className="table table-compact judge-scores-table" aria-busy={busy}>
        <thead>
          <tr>
            <th scope="col">{t("Sample")}</th>
            <th scope="col">{t("Model")}</th>
            <th scope="col">{t("Instruction")}</th>
            <ScoreHeaders />
            <th scope="col" className="num" title={t("Answers that could not be read as six scores")}>
              {t("Invalid answers")}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t("Details")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {judgments.map((j) => {
            const expanded = open.has(j.id);
            const detailsId = `judge-score-${j.id}-details`;
            return (
              <Fragment key={j.id}>
                <tr className={expanded ? "judge-score-row judge-score-row-open" : "judge-score-row"}>
                  <td className="nowrap">
                    <Link to={`/samples/${j.sample_id}`} className="strong-link">
                      {t("Sample {{n}}", { n: j.sample_id })}
                    </Link>
                  </td>
                  <td>{j.model_name}</td>
                  <td>
                    <Link to={`/instructions/${j.instruction_id}`} className="mono">
                      {j.external_id}
                    </Link>
                  </td>
                  <ScoreCells judgment={j} />
                  <td className="num">{j.invalid_answers}</td>
                  <td className="actions-cell">
                    <button
                      type="button"
                      className="button-small"
                      aria-expanded={expanded}
                      aria-controls={expanded ? detailsId : undefined}
                      onClick={() => toggle(j.id)}
                    >
                      {expanded ? t("Hide") : t("Details")}
                      <span className="visually-hidden"> {t("of the judgment of sample {{n}}", { n: j.sample_id })}</span>
                    </button>
                  </td>
                </tr>
                {expanded && <JudgeScoreDetailsRow judgment={j} columns={columnCount} id={detailsId} />}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
