import type { SampleCounts } from "../../../../shared/schemas/sampling";
import { formatNumber } from "../format";
import { t } from "../i18n";

interface Props {
  counts: SampleCounts;
  total: number;
  label: string;
  large?: boolean;
}

/** Finished (done, then failed) and running samples of a job as one bar; the rest is queued. */
export function JobProgressBar({ counts, total, label, large }: Props) {
  const finished = counts.done + counts.failed;
  const finishedText = t("{{finished}} of {{total}} finished", { finished: formatNumber(finished), total: formatNumber(total) });
  const share = (n: number) => `${total > 0 ? (n / total) * 100 : 0}%`;
  return (
    <div
      className={large ? "progress progress-large" : "progress"}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={finished}
      aria-valuetext={finishedText}
      title={finishedText}
    >
      <span className="progress-done" style={{ width: share(counts.done) }} />
      <span className="progress-failed" style={{ width: share(counts.failed) }} />
      <span className="progress-running" style={{ width: share(counts.running) }} />
    </div>
  );
}

/** "12 done · 1 failed · 4 running · 31 queued", leaving out the zeros except "done". */
export function countsText(counts: SampleCounts): string {
  const parts = [t("{{count}} done", { count: formatNumber(counts.done) })];
  if (counts.failed) parts.push(t("{{count}} failed", { count: formatNumber(counts.failed) }));
  if (counts.running) parts.push(t("{{count}} running", { count: formatNumber(counts.running) }));
  if (counts.queued) parts.push(t("{{count}} queued", { count: formatNumber(counts.queued) }));
  return parts.join(" · ");
}
