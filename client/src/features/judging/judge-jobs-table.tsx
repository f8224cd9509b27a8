import { Link, useNavigate } from "react-router";
import type { JudgeJob } from "../../../../shared/schemas/judging";
import { formatDateTime, formatNumber } from "../../common/format";
import { countsText, JobProgressBar } from "../../common/jobs/job-progress-bar";
import { shortHash } from "../../common/components/judgment-parts";
import { StatusBadge } from "../../common/components/status-badge";

export function JudgeJobsTable({ jobs }: { jobs: JudgeJob[] }) {
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
            <th scope="col">Judge</th>
            <th scope="col">Template</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col">Judgments</th>
            <th scope="col" className="num" title="Samples already judged by this judge with this template: not asked again">
              Cached
            </th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => {
            const to = `/judging/jobs/${job.id}`;
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
                <td>{job.judge_model_name}</td>
                <td>
                  {job.template_name}
                  <div className="hint mono" title={job.template_hash}>
                    {shortHash(job.template_hash)}
                  </div>
                </td>
                <td>
                  <StatusBadge status={job.status} />
                </td>
                <td className="progress-cell">
                  <JobProgressBar counts={job.counts} total={job.total} label={`Progress of judge job ${job.id}`} />
                </td>
                <td className="nowrap">
                  {formatNumber(job.counts.done + job.counts.failed)} / {formatNumber(job.total)}
                  <div className="hint">{countsText(job.counts)}</div>
                </td>
                <td className="num">{formatNumber(job.cached)}</td>
                <td className="muted nowrap">{formatDateTime(job.created_at)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
