import { Link, useNavigate } from "react-router";
import { formatDateTime, formatNumber } from "../format";
import { countsText, JobProgressBar } from "./job-progress-bar";
import { JobStatusBadge } from "../components/status-badge";
import { t } from "../i18n";
import { jobPath, type JobColumn, type JobKind, type JobRow } from "./job-kind";

function Header<J>({ column }: { column: JobColumn<J> }) {
  return (
    <th scope="col" className={column.numeric ? "num" : undefined} title={column.title}>
      {column.header}
    </th>
  );
}

function Cell<J>({ column, job }: { column: JobColumn<J>; job: J }) {
  return <td className={column.numeric ? "num" : undefined}>{column.cell(job)}</td>;
}

/** The jobs of one kind, newest first as the API lists them; a row leads to its job's page. */
export function JobsTable<J extends JobRow>({ kind, jobs }: { kind: JobKind<J>; jobs: J[] }) {
  const navigate = useNavigate();
  return (
    <div className="table-wrap">
      <table className="table jobs-table">
        <thead>
          <tr>
            <th scope="col" className="col-id">
              {t("Job")}
            </th>
            <th scope="col">{t("Set")}</th>
            {kind.columns.map((column) => (
              <Header key={column.header} column={column} />
            ))}
            <th scope="col">{t("Status")}</th>
            <th scope="col">{t("Progress")}</th>
            <th scope="col">{kind.workHeader}</th>
            {kind.trailingColumns.map((column) => (
              <Header key={column.header} column={column} />
            ))}
            <th scope="col">{t("Created")}</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => {
            const to = jobPath(kind, job.id);
            return (
              <tr
                key={job.id}
                className="row-link"
                // Mouse users may click anywhere on the row; keyboard users have the link.
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest("a") && !window.getSelection()?.toString()) navigate(to);
                }}
              >
                <td className="col-id">
                  <Link to={to} className="strong-link">
                    #{job.id}
                  </Link>
                </td>
                <td>{job.set_name}</td>
                {kind.columns.map((column) => (
                  <Cell key={column.header} column={column} job={job} />
                ))}
                <td>
                  <JobStatusBadge job={job} />
                </td>
                <td className="progress-cell">
                  <JobProgressBar
                    counts={job.counts}
                    total={job.total}
                    label={t("Progress of {{job}} {{id}}", { job: kind.noun, id: job.id })}
                  />
                </td>
                <td className="nowrap">
                  {formatNumber(job.counts.done + job.counts.failed)} / {formatNumber(job.total)}
                  <div className="hint">{countsText(job.counts)}</div>
                </td>
                {kind.trailingColumns.map((column) => (
                  <Cell key={column.header} column={column} job={job} />
                ))}
                <td className="muted nowrap">{formatDateTime(job.created_at)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
