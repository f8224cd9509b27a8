import { Link } from "react-router";
import type { JudgeJobProgress } from "../../../shared/schemas/judging";
import { formatDateTime } from "../format";
import { JudgeScoreStatusBadge } from "./judgment-parts";

/** The latest judge errors and unreadable answers of a job, newest first, each leading to its sample. */
export function JudgeJobErrors({ errors }: { errors: JudgeJobProgress["recent_errors"] }) {
  if (errors.length === 0) return null;
  return (
    <section aria-labelledby="judge-errors-heading">
      <h2 id="judge-errors-heading">Recent errors</h2>
      <ul className="error-list">
        {errors.map((e) => (
          <li key={`${e.judgment_id}-${e.at}`}>
            <div className="error-list-head">
              <Link to={`/samples/${e.sample_id}`}>
                Sample {e.sample_id} of instruction {e.external_id} ({e.model_name})
              </Link>
              <span className="muted">
                <JudgeScoreStatusBadge status={e.status} /> {formatDateTime(e.at)}
              </span>
            </div>
            <div className="error-text">{e.error}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
