import { t } from "../../common/i18n";
import { Fragment } from "react";
import { Link } from "react-router";
import { JudgeScoresResponseSchema } from "../../../../shared/schemas/judging";
import { useApiData } from "../../common/hooks/use-api-data";
import { ErrorAlert } from "../../common/components/error-alert";
import { JudgeScoreDetailsRow, ScoreCells, ScoreHeaders, scoreColumnCount, shortHash } from "../../common/components/judge-score-parts";

// Judge, template, the score's own columns, job.
const columnCount = 2 + scoreColumnCount + 1;

/** Every judge score of one sample, by any judge with any template, each with what the judge wrote. */
export function SampleJudgeScores({ sampleId }: { sampleId: number }) {
  const { data, error } = useApiData(`/api/samples/${sampleId}/judgments`, JudgeScoresResponseSchema);
  return (
    <section aria-labelledby="sample-judge-scores-heading" className="sample-judge-scores">
      <h2 id="sample-judge-scores-heading">{t("Judge scores")}</h2>
      <ErrorAlert error={error} />
      {!data && !error && <p className="muted">{t("Loading…")}</p>}
      {data && data.judgments.length === 0 && (
        <p className="muted">
          {t("Not judged yet. Start a judge job on the")} <Link to="/judging">{t("Judging")}</Link> {t("page.")}
        </p>
      )}
      {data && data.judgments.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact judge-scores-table">
            <thead>
              <tr>
                <th scope="col">{t("Judge")}</th>
                <th scope="col">{t("Template")}</th>
                <ScoreHeaders />
                <th scope="col">{t("Job")}</th>
              </tr>
            </thead>
            <tbody>
              {data.judgments.map((j) => (
                <Fragment key={j.id}>
                  <tr className="judge-score-row judge-score-row-open">
                    <th scope="row">{j.judge_model_name}</th>
                    <td className="mono" title={j.template_hash}>
                      {shortHash(j.template_hash)}
                    </td>
                    <ScoreCells judgment={j} />
                    <td>
                      <Link to={`/judging/jobs/${j.job_id}`}>#{j.job_id}</Link>
                    </td>
                  </tr>
                  <JudgeScoreDetailsRow judgment={j} columns={columnCount} />
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
