import type { ReactNode } from "react";
import { formatDuration, formatNumber } from "../format";
import { t } from "../i18n";
import { JobCounts } from "./job-counts";
import type { JobRow } from "./job-kind";
import { JobProgressBar } from "./job-progress-bar";

interface JobProgressPanelProps {
  progress: { job: JobRow; eta_seconds: number | null };
  /** The headline's verb: "12 of 40 finished", "9 of 9 judged". */
  doneWord: string;
  /** The percentage of a job with nothing to do: 100 where its work was all done before (cached). */
  emptyPercent: number;
  /** The bar's accessible name. */
  barLabel: string;
  countLabels?: { failed?: string };
  testId: string;
  /** The kind's pace, e.g. samples per minute; the time left at that pace follows. */
  rates: ReadonlyArray<readonly [label: string, value: string]>;
  /** A note under the counts. */
  children?: ReactNode;
}

/** Where a job of either kind stands: the bar, its counts, the pace and the time left at that pace. */
export function JobProgressPanel({
  progress,
  doneWord,
  emptyPercent,
  barLabel,
  countLabels,
  testId,
  rates,
  children,
}: JobProgressPanelProps) {
  const { job } = progress;
  const finished = job.counts.done + job.counts.failed;
  const eta = job.status === "running" && progress.eta_seconds !== null ? formatDuration(progress.eta_seconds) : "—";
  return (
    <section className="panel job-progress" aria-label={t("Progress")}>
      <div className="job-progress-head">
        <span className="job-progress-total">
          {t("{{finished}} of {{total}} {{doneWord}}", { finished: formatNumber(finished), total: formatNumber(job.total), doneWord })}
        </span>
        <span className="muted">{job.total > 0 ? Math.floor((finished / job.total) * 100) : emptyPercent}%</span>
      </div>
      <JobProgressBar counts={job.counts} total={job.total} label={barLabel} large />
      <JobCounts counts={job.counts} labels={countLabels} testId={testId} />
      {children}
      <dl className="meta job-rates">
        {rates.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        <div>
          <dt>{t("Time left")}</dt>
          <dd>{eta}</dd>
        </div>
      </dl>
    </section>
  );
}
