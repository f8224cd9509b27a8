import { Link } from "react-router";
import { InstructionSetsResponseSchema } from "../../../../shared/schemas/instruction";
import { ModelsResponseSchema } from "../../../../shared/schemas/model";
import { SamplingJobsResponseSchema } from "../../../../shared/schemas/sampling";
import { ConnectEndpoint } from "./connect-endpoint";
import { ErrorAlert } from "../../common/components/error-alert";
import { JobsTable } from "../../common/jobs/jobs-table";
import { PageTitle } from "../../common/components/page-title";
import { SamplingJobForm } from "./sampling-job-form";
import { useApiData } from "../../common/hooks/use-api-data";
import { usePolling } from "../../common/hooks/use-polling";

const jobsPollMs = 3000;

export function SamplingPage() {
  const models = useApiData("/api/models", ModelsResponseSchema);
  const sets = useApiData("/api/instruction-sets", InstructionSetsResponseSchema);
  const jobs = useApiData("/api/sampling-jobs", SamplingJobsResponseSchema);
  const anyRunning = jobs.data?.jobs.some((j) => j.status === "running") ?? false;
  usePolling(jobs.reload, anyRunning, jobs.loading, jobsPollMs);

  // Only models with an endpoint can be sampled; demo and imported models have none.
  const samplable = models.data?.models.filter((m) => m.base_urls.length > 0);
  return (
    <section>
      <PageTitle title="Sampling" />
      <div className="page-header">
        <h1>Sampling</h1>
        <Link to="/models" className="muted">
          Models
        </Link>
      </div>
      <ErrorAlert error={models.error ?? sets.error} />
      {samplable && samplable.length === 0 && <ConnectEndpoint />}
      {samplable && samplable.length > 0 && sets.data && sets.data.sets.length === 0 && (
        <div className="empty-state">
          <p>No instruction sets to sample from.</p>
          <p className="muted">
            <Link to="/sets">Import instructions</Link> first.
          </p>
        </div>
      )}
      {samplable && samplable.length > 0 && sets.data && sets.data.sets.length > 0 && (
        <SamplingJobForm sets={sets.data.sets} models={samplable} />
      )}

      <h2>Jobs</h2>
      <ErrorAlert error={jobs.error} />
      {jobs.data && jobs.data.jobs.length === 0 && <p className="muted">No sampling jobs yet.</p>}
      {jobs.data && jobs.data.jobs.length > 0 && <JobsTable jobs={jobs.data.jobs} />}
      {jobs.loading && !jobs.data && <p className="muted">Loading…</p>}
    </section>
  );
}
