import type { JudgeJobProgress } from "../../../../shared/schemas/judging";
import { countOf, formatDuration, formatNumber, formatRate } from "../../common/format";
import { JobCounts } from "../../common/jobs/job-counts";
import { JobProgressBar } from "../../common/jobs/job-progress-bar";

/** Where a judge job stands: the bar, its counts, the samples it found already judged, the pace and time left. */
export function JudgeProgressPanel({ progress }: { progress: JudgeJobProgress }) {
  const { job } = progress;
  const finished = job.counts.done + job.counts.failed;
  const eta = job.status === "running" && progress.eta_seconds !== null ? formatDuration(progress.eta_seconds) : "—";
  return (
    <section className="panel job-progress" aria-label="Progress">
      <div className="job-progress-head">
        <span className="job-progress-total">
          {formatNumber(finished)} of {formatNumber(job.total)} judged
        </span>
        <span className="muted">{job.total > 0 ? Math.floor((finished / job.total) * 100) : 100}%</span>
      </div>
      <JobProgressBar counts={job.counts} total={job.total} label="Judgments finished" large />
      <JobCounts counts={job.counts} labels={{ failed: "judge failed" }} testId="judge-counts" />
      {job.cached > 0 && (
        <p className="hint" data-testid="judge-cached">
          {job.total === 0 ? "All " : ""}
          {countOf(job.cached, "sample")} already judged by {job.judge_model_name} with this template: cached, not
          asked again.
        </p>
      )}
      <dl className="meta job-rates">
        <div>
          <dt>Judgments per minute</dt>
          <dd>{formatRate(progress.judgments_per_minute)}</dd>
        </div>
        <div>
          <dt>Cached</dt>
          <dd>{formatNumber(job.cached)}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd>{eta}</dd>
        </div>
      </dl>
    </section>
  );
}
