import { Fragment, useState } from "react";
import { Link } from "react-router";
import type { PairJudgment } from "../../../../shared/schemas/pair-judging";
import { JudgeScoreStatusBadge } from "../../common/components/judge-score-parts";
import { t } from "../../common/i18n";

/** A job's answers, one order of one pair per row; the analysis and raw answer unfold below their row. */
export function PairAnswersTable({ answers, busy }: { answers: PairJudgment[]; busy: boolean }) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <div className="table-wrap">
      <table className="table table-compact" aria-busy={busy}>
        <thead>
          <tr>
            <th scope="col">{t("Instruction")}</th>
            <th scope="col">{t("Response A")}</th>
            <th scope="col">{t("Response B")}</th>
            <th scope="col">{t("Status")}</th>
            <th scope="col">{t("Verdict")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("Details")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {answers.map((a) => (
            <Fragment key={a.id}>
              <tr>
                <td className="mono">{a.external_id}</td>
                <td>
                  <Link to={`/samples/${a.first_sample_id}`}>{a.first_model_name}</Link>
                </td>
                <td>
                  <Link to={`/samples/${a.second_sample_id}`}>{a.second_model_name}</Link>
                </td>
                <td>
                  <JudgeScoreStatusBadge status={a.status} />
                </td>
                <td className="mono">{a.verdict_label ?? "—"}</td>
                <td className="actions-cell">
                  {(a.raw_answer !== null || a.last_error !== null) && (
                    <button
                      type="button"
                      className="button-small"
                      aria-expanded={open === a.id}
                      onClick={() => setOpen(open === a.id ? null : a.id)}
                    >
                      {open === a.id ? t("Hide") : t("Details")}
                      <span className="visually-hidden"> {t("of answer {{id}}", { id: a.id })}</span>
                    </button>
                  )}
                </td>
              </tr>
              {open === a.id && (
                <tr>
                  <td colSpan={6}>
                    {a.last_error && <p className="error-text">{a.last_error}</p>}
                    {a.analysis && <p>{a.analysis}</p>}
                    {a.raw_answer !== null && <pre className="raw-answer">{a.raw_answer}</pre>}
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
