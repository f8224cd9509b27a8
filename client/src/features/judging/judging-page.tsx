import { Link } from "react-router";
import { InstructionSetsResponseSchema } from "../../../../shared/schemas/instruction";
import { JudgeJobsResponseSchema, JudgeTemplatesResponseSchema } from "../../../../shared/schemas/judging";
import { ModelsResponseSchema } from "../../../../shared/schemas/model";
import { ErrorAlert } from "../../common/components/error-alert";
import { JudgeJobForm } from "./judge-job-form";
import { JudgeJobsTable } from "./judge-jobs-table";
import { JudgeTemplates } from "./judge-templates";
import { PageTitle } from "../../common/components/page-title";
import { useApiData } from "../../common/hooks/use-api-data";
import { usePolling } from "../../common/hooks/use-polling";

const jobsPollMs = 3000;

export function JudgingPage() {
  const models = useApiData("/api/models", ModelsResponseSchema);
  const sets = useApiData("/api/instruction-sets", InstructionSetsResponseSchema);
  const templates = useApiData("/api/judge-templates", JudgeTemplatesResponseSchema);
  const jobs = useApiData("/api/judge-jobs", JudgeJobsResponseSchema);
  const anyRunning = jobs.data?.jobs.some((j) => j.status === "running") ?? false;
  usePolling(jobs.reload, anyRunning, jobs.loading, jobsPollMs);

  // Any model with an endpoint can judge; demo and imported models have none.
  const judges = models.data?.models.filter((m) => m.base_urls.length > 0);
  return (
    <section>
      <PageTitle title="Judging" />
      <div className="page-header">
        <h1>Judging</h1>
        <Link to="/models" className="muted">
          Models
        </Link>
      </div>
      <p className="lead">
        An LLM judge scores each finished sample on six dimensions from 1 to 5; the quality score S_q is their mean
        on 0–100, as in LongBench-Write. A sample already judged by the same judge with the same template is not
        asked again.
      </p>
      <ErrorAlert error={models.error ?? sets.error ?? templates.error} />
      {judges && judges.length === 0 && (
        <div className="empty-state">
          <p>No model can judge yet: a judge needs an OpenAI-compatible endpoint.</p>
          <p className="muted">
            Add one on the <Link to="/models">Models page</Link>.
          </p>
        </div>
      )}
      {judges && judges.length > 0 && sets.data && sets.data.sets.length === 0 && (
        <div className="empty-state">
          <p>No instruction sets, so no samples to judge.</p>
          <p className="muted">
            <Link to="/sets">Import instructions</Link> first.
          </p>
        </div>
      )}
      {judges && judges.length > 0 && sets.data && sets.data.sets.length > 0 && templates.data && (
        <JudgeJobForm
          sets={sets.data.sets}
          judges={judges}
          models={models.data?.models ?? []}
          templates={templates.data.templates}
        />
      )}

      <h2>Jobs</h2>
      <ErrorAlert error={jobs.error} />
      {jobs.data && jobs.data.jobs.length === 0 && <p className="muted">No judge jobs yet.</p>}
      {jobs.data && jobs.data.jobs.length > 0 && <JudgeJobsTable jobs={jobs.data.jobs} />}
      {jobs.loading && !jobs.data && <p className="muted">Loading…</p>}

      {templates.data && <JudgeTemplates templates={templates.data.templates} onChanged={templates.reload} />}
    </section>
  );
}
