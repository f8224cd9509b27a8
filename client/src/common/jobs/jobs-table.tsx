import { Link, useNavigate } from "react-router";
import type { SamplingJob } from "../../../../shared/schemas/sampling";
import { formatDateTime, formatNumber } from "../format";
import { countsText, JobProgressBar } from "./job-progress-bar";
import { StatusBadge } from "../components/status-badge";

export const strategyNames: Record<SamplingJob["strategy"], string> = {
  direct: "Direct",
  agentwrite: "AgentWrite",
  import: "Import",
};

export function JobsTable({ jobs }: { jobs: SamplingJob[] }) {
  const navigate = useNavigate();
  return (
    <div className="table-wrap">
      <table className="table jobs-table">
        <thead>
          <tr>
            <th scope="col" className="col-id">
              Job
            </th>
            <th scope="col">Set</th>
            <th scope="col">Model</th>
            <th scope="col">Strategy</th>
            <th scope="col" className="num" title="Samples per instruction">
              n
            </th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col">Samples</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => {
            const to = `/sampling/jobs/${job.id}`;
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
                <td>{job.model_name}</td>
                <td>{strategyNames[job.strategy]}</td>
                <td className="num">{job.n}</td>
                <td>
                  <StatusBadge status={job.status} />
                </td>
                <td className="progress-cell">
                  <JobProgressBar counts={job.counts} total={job.total} label={`Progress of job ${job.id}`} />
                </td>
                <td className="nowrap">
                  {formatNumber(job.counts.done + job.counts.failed)} / {formatNumber(job.total)}
                  <div className="hint">{countsText(job.counts)}</div>
                </td>
                <td className="muted nowrap">{formatDateTime(job.created_at)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
