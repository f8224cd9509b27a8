import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import { ErrorAlert } from "../components/error-alert";
import { PagePending } from "../components/page-pending";
import { PageTitle } from "../components/page-title";
import { JobStatusBadge } from "../components/status-badge";
import { t } from "../i18n";
import { useJobProgress } from "../hooks/use-job-progress";
import { JobControls } from "./job-controls";
import type { JobKind, JobRow } from "./job-kind";
import { JobSummary } from "./job-summary";

interface JobPageProps<J extends JobRow, P extends { job: J }> {
  kind: JobKind<J, P>;
  /**
   * What follows the summary: the progress panel, the recent errors and the job's results. `version` changes
   * whenever the job's counts do, so a results list can follow a running job.
   */
  children: (progress: P, version: string) => ReactNode;
}

/** One job of either kind: its heading and controls, what it was asked to do, then the kind's progress. */
export function JobPage<J extends JobRow, P extends { job: J }>({ kind, children }: JobPageProps<J, P>) {
  const { id = "" } = useParams();
  const { data, error, reload } = useJobProgress(`${kind.api}/${encodeURIComponent(id)}`, kind.progressSchema);

  if (!data) {
    return (
      <PagePending
        title={kind.title}
        error={error}
        back={kind.home}
        backLabel={t("Back to {{page}}", { page: kind.homeLabel.toLowerCase() })}
      />
    );
  }

  const { job } = data;
  const { done, failed, running } = job.counts;
  return (
    <section>
      <PageTitle title={`${kind.title} #${job.id}`} />
      <p className="breadcrumb">
        <Link to={kind.home}>{kind.homeLabel}</Link> /
      </p>
      <div className="page-header">
        <h1>
          {kind.title} #{job.id} <JobStatusBadge job={job} />
        </h1>
        <JobControls
          job={job}
          endpoint={`${kind.api}/${job.id}`}
          cancelQuestion={`${t("Cancel {{job}} #{{id}}?", { job: kind.noun, id: job.id })} ${kind.cancelNote}`}
          onChanged={reload}
        />
      </div>
      <JobSummary job={job} facts={kind.facts(job)} />
      <ErrorAlert error={error} title={t("Could not refresh the progress:")} />
      {children(data, `${done}-${failed}-${running}-${job.status}`)}
    </section>
  );
}
