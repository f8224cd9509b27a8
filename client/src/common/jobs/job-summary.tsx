import { Link } from "react-router";
import { formatDateTime, langName } from "../format";
import { t } from "../i18n";
import type { JobFact, JobRow } from "./job-kind";

interface InstructionFilterLike {
  lang?: string;
  range?: string;
  category?: string;
  q?: string;
}

/** A job's instruction filter in words: "English, [0,500), type essay", or "all of the set". */
export function instructionsText(filter: InstructionFilterLike): string {
  const parts = [
    filter.lang && langName(filter.lang),
    filter.range && (filter.range === "none" ? t("no length requirement") : filter.range),
    filter.category && t("type {{category}}", { category: filter.category }),
    filter.q && `“${filter.q}”`,
  ].filter(Boolean);
  return parts.length ? parts.join(t(", ")) : t("all of the set");
}

/** What a job was asked to do: its set, the kind's own facts, when it was created and finished. */
export function JobSummary({ job, facts }: { job: JobRow; facts: JobFact[] }) {
  return (
    <dl className="meta">
      <div>
        <dt>{t("Set")}</dt>
        <dd>
          <Link to={`/sets/${job.set_id}`}>{job.set_name}</Link>
        </dd>
      </div>
      {facts.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      <div>
        <dt>{t("Created")}</dt>
        <dd>{formatDateTime(job.created_at)}</dd>
      </div>
      {job.finished_at && (
        <div>
          <dt>{t("Finished")}</dt>
          <dd>{formatDateTime(job.finished_at)}</dd>
        </div>
      )}
    </dl>
  );
}
