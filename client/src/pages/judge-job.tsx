import { Link, useParams } from "react-router";
import { JudgeJobProgressSchema, type JudgeJob } from "../../../shared/schemas/judging";
import { ModelsResponseSchema } from "../../../shared/schemas/model";
import { ErrorAlert } from "../components/error-alert";
import { JobControls } from "../components/job-controls";
import { JudgeJobErrors } from "../components/judge-job-errors";
import { JudgeJobScores } from "../components/judge-job-judgments";
import { JudgeProgressPanel } from "../components/judge-progress-panel";
import { shortHash } from "../components/judgment-parts";
import { PagePending } from "../components/page-pending";
import { PageTitle } from "../components/page-title";
import { StatusBadge } from "../components/status-badge";
import { formatDateTime, formatNumber, langNames } from "../format";
import { useApiData } from "../use-api-data";
import { useJobProgress } from "../use-job-progress";

export function JudgeJobPage() {
  const { id = "" } = useParams();
  const { data, error, reload } = useJobProgress(`/api/judge-jobs/${encodeURIComponent(id)}`, JudgeJobProgressSchema);

  if (!data) {
    return <PagePending title="Judge job" error={error} back="/judging" backLabel="Back to judging" />;
  }

  const { job } = data;
  const { done, failed, running } = job.counts;
  return (
    <section>
      <PageTitle title={`Judge job #${job.id}`} />
      <p className="breadcrumb">
        <Link to="/judging">Judging</Link> /
      </p>
      <div className="page-header">
        <h1>
          Judge job #{job.id} <StatusBadge status={job.status} />
        </h1>
        <JobControls
          job={job}
          endpoint={`/api/judge-jobs/${job.id}`}
          cancelQuestion={`Cancel judge job #${job.id}? Samples not yet judged will not be; finished judgments are kept.`}
          onChanged={reload}
        />
      </div>
      <JudgeJobSummary job={job} />
      <ErrorAlert error={error} title="Could not refresh the progress:" />
      <JudgeProgressPanel progress={data} />
      <JudgeJobErrors errors={data.recent_errors} />
      <JudgeJobScores jobId={job.id} cached={job.cached} version={`${done}-${failed}-${running}-${job.status}`} />
    </section>
  );
}

function JudgeJobSummary({ job }: { job: JudgeJob }) {
  const models = useApiData(job.filter.model_ids ? "/api/models" : null, ModelsResponseSchema);
  const names = job.filter.model_ids?.map((id) => models.data?.models.find((m) => m.id === id)?.name ?? `model ${id}`);
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
        <dt>Judge</dt>
        <dd>{job.judge_model_name}</dd>
      </div>
      <div>
        <dt>Template</dt>
        <dd>
          {job.template_name}{" "}
          <span className="mono muted" title={job.template_hash}>
            {shortHash(job.template_hash)}
          </span>
        </dd>
      </div>
      <div>
        <dt>Samples of</dt>
        <dd>{names ? names.join(", ") : "every model"}</dd>
      </div>
      <div>
        <dt>Instructions</dt>
        <dd>{filter.length ? filter.join(", ") : "all of the set"}</dd>
      </div>
      <div>
        <dt>Settings</dt>
        <dd>
          temperature {job.temperature} · max tokens {formatNumber(job.max_tokens)} · up to {job.max_answers} answer
          {job.max_answers === 1 ? "" : "s"}
        </dd>
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
