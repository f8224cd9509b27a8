import { Link, useParams } from "react-router";
import { SamplingJobProgressSchema, type SamplingJob } from "../../../shared/schemas/sampling";
import { ErrorAlert } from "../components/error-alert";
import { JobControls } from "../components/job-controls";
import { JobErrors } from "../components/job-errors";
import { JobProgressPanel } from "../components/job-progress-panel";
import { JobSamples } from "../components/job-samples";
import { strategyNames } from "../components/jobs-table";
import { PagePending } from "../components/page-pending";
import { PageTitle } from "../components/page-title";
import { StatusBadge } from "../components/status-badge";
import { formatDateTime, langNames } from "../format";
import { useJobProgress } from "../use-job-progress";

export function SamplingJobPage() {
  const { id = "" } = useParams();
  const { data, error, reload } = useJobProgress(`/api/sampling-jobs/${encodeURIComponent(id)}`, SamplingJobProgressSchema);

  if (!data) {
    return <PagePending title="Sampling job" error={error} back="/sampling" backLabel="Back to sampling" />;
  }

  const { job } = data;
  const { done, failed, running } = job.counts;
  return (
    <section>
      <PageTitle title={`Sampling job #${job.id}`} />
      <p className="breadcrumb">
        <Link to="/sampling">Sampling</Link> /
      </p>
      <div className="page-header">
        <h1>
          Sampling job #{job.id} <StatusBadge status={job.status} />
        </h1>
        <JobControls
          job={job}
          endpoint={`/api/sampling-jobs/${job.id}`}
          cancelQuestion={`Cancel job #${job.id}? Samples not yet finished will not be sampled; finished ones are kept.`}
          onChanged={reload}
        />
      </div>
      <JobSummary job={job} />
      <ErrorAlert error={error} title="Could not refresh the progress:" />
      <JobProgressPanel progress={data} />
      <JobErrors errors={data.recent_errors} />
      <JobSamples jobId={job.id} version={`${done}-${failed}-${running}-${job.status}`} />
    </section>
  );
}

function JobSummary({ job }: { job: SamplingJob }) {
  const filter = [
    job.filter.lang && (langNames[job.filter.lang] ?? job.filter.lang),
    job.filter.range && (job.filter.range === "none" ? "no length requirement" : job.filter.range),
    job.filter.category && `type ${job.filter.category}`,
    job.filter.q && `“${job.filter.q}”`,
  ].filter(Boolean);
  return (
    <dl className="meta">
      <div>
        <dt>Set</dt>
        <dd>
          <Link to={`/sets/${job.set_id}`}>{job.set_name}</Link>
        </dd>
      </div>
      <div>
        <dt>Model</dt>
        <dd>{job.model_name}</dd>
      </div>
      <div>
        <dt>Strategy</dt>
        <dd>{strategyNames[job.strategy]}</dd>
      </div>
      <div>
        <dt>Samples per instruction</dt>
        <dd>{job.n}</dd>
      </div>
      <div>
        <dt>Instructions</dt>
        <dd>{filter.length ? filter.join(", ") : "all of the set"}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>{formatDateTime(job.created_at)}</dd>
      </div>
      {job.finished_at && (
        <div>
          <dt>Finished</dt>
          <dd>{formatDateTime(job.finished_at)}</dd>
        </div>
      )}
    </dl>
  );
}
