import { Link } from "react-router";
import type { SamplingJobProgress } from "../../../shared/schemas/sampling";
import { formatDateTime } from "../format";
import { sampleNumber } from "./sample-facts";

/** The latest failures of a job, newest first, each leading to its sample. */
export function JobErrors({ errors }: { errors: SamplingJobProgress["recent_errors"] }) {
  if (errors.length === 0) return null;
  return (
    <section aria-labelledby="job-errors-heading">
      <h2 id="job-errors-heading">Recent errors</h2>
      <ul className="error-list">
        {errors.map((e) => (
          <li key={`${e.sample_id}-${e.at}`}>
            <div className="error-list-head">
              <Link to={`/samples/${e.sample_id}`}>
                Sample {sampleNumber(e)} of instruction {e.external_id}
              </Link>
              <span className="muted">
                {e.status} · {formatDateTime(e.at)}
              </span>
            </div>
            <div className="error-text">{e.error}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
