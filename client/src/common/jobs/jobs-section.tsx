import { ErrorAlert } from "../components/error-alert";
import { Pagination } from "../components/pagination";
import { usePagedList } from "../hooks/use-paged-list";
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
  const jobs = usePagedList(kind.api, kind.listSchema);
  const anyRunning = jobs.data?.items.some((j) => j.status === "running") ?? false;
  usePolling(jobs.reload, anyRunning, jobs.loading, jobsPollMs);
  return (
    <>
      <h2>{t("Jobs")}</h2>
      <ErrorAlert error={jobs.error} />
      {jobs.data && jobs.data.total === 0 && <p className="muted">{emptyText}</p>}
      {jobs.data && jobs.data.total > 0 && jobs.data.items.length === 0 && <p className="muted">{t("This page is empty.")}</p>}
      {jobs.data && jobs.data.items.length > 0 && <JobsTable kind={kind} jobs={jobs.data.items} />}
      {jobs.data && jobs.data.total > 0 && <Pagination {...jobs.pager} total={jobs.data.total} />}
      {jobs.loading && !jobs.data && <p className="muted">{t("Loading…")}</p>}
    </>
  );
}
