import type { SamplingJobProgress } from "../../../shared/schemas/sampling";
import { formatDuration, formatNumber, formatRate } from "../format";
import { JobCounts } from "./job-counts";
import { JobProgressBar } from "./job-progress-bar";

/** Where a job stands: the bar, its counts, the pace and the time left at that pace. */
export function JobProgressPanel({ progress }: { progress: SamplingJobProgress }) {
  const { job } = progress;
  const finished = job.counts.done + job.counts.failed;
  const eta = job.status === "running" && progress.eta_seconds !== null ? formatDuration(progress.eta_seconds) : "—";
  return (
    <section className="panel job-progress" aria-label="Progress">
      <div className="job-progress-head">
        <span className="job-progress-total">
          {formatNumber(finished)} of {formatNumber(job.total)} finished
        </span>
        <span className="muted">{job.total > 0 ? Math.floor((finished / job.total) * 100) : 0}%</span>
      </div>
      <JobProgressBar counts={job.counts} total={job.total} label="Samples finished" large />
      <JobCounts counts={job.counts} testId="job-counts" />
      <dl className="meta job-rates">
        <div>
          <dt>Samples per minute</dt>
          <dd>{formatRate(progress.samples_per_minute)}</dd>
        </div>
        <div>
          <dt>Tokens per second</dt>
          <dd>{formatRate(progress.tokens_per_second)}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd>{eta}</dd>
        </div>
      </dl>
    </section>
  );
}
