import { Fragment } from "react";
import { Link } from "react-router";
import { JudgeScoresResponseSchema } from "../../../../shared/schemas/judging";
import { qualityDimensions } from "../../../../shared/scoring/judge-answer";
import { useApiData } from "../../common/hooks/use-api-data";
import { ErrorAlert } from "../../common/components/error-alert";
import {
  DimensionCells,
  DimensionHeaders,
  JudgeScoreDetails,
  JudgeScoreStatusBadge,
  QualityScore,
  shortHash,
} from "../../common/components/judge-score-parts";

// Judge, template, status, S_q, six dimensions, job.
const columnCount = 4 + qualityDimensions.length + 1;

/** Every judge score of one sample, by any judge with any template, each with what the judge wrote. */
export function SampleJudgeScores({ sampleId }: { sampleId: number }) {
  const { data, error } = useApiData(`/api/samples/${sampleId}/judgments`, JudgeScoresResponseSchema);
  return (
    <section aria-labelledby="sample-judge-scores-heading" className="sample-judge-scores">
      <h2 id="sample-judge-scores-heading">Judge scores</h2>
      <ErrorAlert error={error} />
      {!data && !error && <p className="muted">Loading…</p>}
      {data && data.judgments.length === 0 && (
        <p className="muted">
          Not judged yet. Start a judge job on the <Link to="/judging">Judging</Link> page.
        </p>
      )}
      {data && data.judgments.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact judge-scores-table">
            <thead>
              <tr>
                <th scope="col">Judge</th>
                <th scope="col">Template</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  <abbr title="Quality score: mean of the six dimensions on 0–100">S_q</abbr>
                </th>
                <DimensionHeaders />
                <th scope="col">Job</th>
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
                    <td>
                      <JudgeScoreStatusBadge status={j.status} />
                    </td>
                    <td className="num strong-score">
                      <QualityScore judgment={j} />
                    </td>
                    <DimensionCells judgment={j} />
                    <td>
                      <Link to={`/judging/jobs/${j.job_id}`}>#{j.job_id}</Link>
                    </td>
                  </tr>
                  <tr className="judge-score-details-row">
                    <td colSpan={columnCount}>
                      <JudgeScoreDetails judgment={j} />
                    </td>
                  </tr>
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
