import type { ReactNode } from "react";
import { useId } from "react";
import { Link } from "react-router";
import { formatDateTime } from "../format";
import { t } from "../i18n";

interface JobError {
  sample_id: number;
  error: string;
  at: string;
}

interface JobErrorsProps<E extends JobError> {
  errors: E[];
  /** The link to the failed sample: "Sample #2 of instruction q-17". */
  sampleLabel: (error: E) => ReactNode;
  /** What went wrong, before the time: "failed · ", a status badge. */
  status: (error: E) => ReactNode;
}

/** The latest failures of a job of either kind, newest first, each leading to its sample. */
export function JobErrors<E extends JobError>({ errors, sampleLabel, status }: JobErrorsProps<E>) {
  const headingId = useId();
  if (errors.length === 0) return null;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t("Recent errors")}</h2>
      <ul className="error-list">
        {errors.map((e) => (
          <li key={`${e.sample_id}-${e.at}`}>
            <div className="error-list-head">
              <Link to={`/samples/${e.sample_id}`}>{sampleLabel(e)}</Link>
              <span className="muted">
                {status(e)}
                {formatDateTime(e.at)}
              </span>
            </div>
            <div className="error-text">{e.error}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
