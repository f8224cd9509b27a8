import { Fragment } from "react";
import { formatNumber } from "../format";
import { t } from "../i18n";

const countKeys = ["done", "failed", "running", "queued"] as const;
type CountKey = (typeof countKeys)[number];

const countLabel = (key: CountKey) => ({ done: t("done"), failed: t("failed"), running: t("running"), queued: t("queued") })[key];

/** A job's counts by status with their bar colours; `labels` renames a status (a judge's failure is "judge failed"). */
export function JobCounts({
  counts,
  labels = {},
  testId,
}: {
  counts: Record<CountKey, number>;
  labels?: Partial<Record<CountKey, string>>;
  testId: string;
}) {
  return (
    <p className="job-counts" data-testid={testId}>
      {countKeys.map((key, i) => (
        <Fragment key={key}>
          {i > 0 && <span className="visually-hidden">, </span>}
          <span className="job-count">
            <span className={`swatch swatch-${key}`} aria-hidden="true" />
            {formatNumber(counts[key])} {labels[key] ?? countLabel(key)}
          </span>
        </Fragment>
      ))}
    </p>
  );
}
