import { ErrorAlert } from "../components/error-alert";
import { useApiData } from "../hooks/use-api-data";
import { usePolling } from "../hooks/use-polling";
import { t } from "../i18n";
import type { JobKind, JobRow } from "./job-kind";
import { JobsTable } from "./jobs-table";

const jobsPollMs = 3000;

interface JobsSectionProps<J extends JobRow> {
  kind: JobKind<J>;
  /** "No sampling jobs yet." */
  emptyText: string;
}

/** The jobs of one kind under their heading, polled while any of them runs. */
export function JobsSection<J extends JobRow>({ kind, emptyText }: JobsSectionProps<J>) {
  const jobs = useApiData(kind.api, kind.listSchema);
  const anyRunning = jobs.data?.jobs.some((j) => j.status === "running") ?? false;
  usePolling(jobs.reload, anyRunning, jobs.loading, jobsPollMs);
  return (
    <>
      <h2>{t("Jobs")}</h2>
      <ErrorAlert error={jobs.error} />
      {jobs.data && jobs.data.jobs.length === 0 && <p className="muted">{emptyText}</p>}
      {jobs.data && jobs.data.jobs.length > 0 && <JobsTable kind={kind} jobs={jobs.data.jobs} />}
      {jobs.loading && !jobs.data && <p className="muted">{t("Loading…")}</p>}
    </>
  );
}
