import { useId } from "react";
import { SamplePageSchema } from "../../../../shared/schemas/sample";
import { sampleStatuses } from "../../../../shared/schemas/sampling";
import { withQuery } from "../../common/api";
import { countOf } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { useListParams, useReloadOn } from "../../common/hooks/use-list-params";
import { ErrorAlert } from "../../common/components/error-alert";
import { JobSamplesTable } from "./job-samples-table";
import { Pagination } from "../../common/components/pagination";

const defaultPageSize = 50;

/**
 * A job's samples, filtered by status and paged; the filter and page live in the URL. `version` changes
 * whenever the job's counts do, so the table follows a running job.
 */
export function JobSamples({ jobId, version }: { jobId: number; version: string }) {
  const id = useId();
  const { params, page, pageSize, update, pager } = useListParams(500, defaultPageSize);
  const status = params.get("status") ?? "";
  const { data, error, loading, reload } = useApiData(
    withQuery(`/api/sampling-jobs/${jobId}/samples`, { status, page, page_size: pageSize }),
    SamplePageSchema,
  );

  useReloadOn(version, reload);


  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Samples</h2>
      <div className="list-summary">
        <div className="field-inline">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={status} onChange={(e) => update({ status: e.target.value })}>
            <option value="">All statuses</option>
            {sampleStatuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <p className="total" aria-live="polite">
          {data ? countOf(data.total, "sample") : "Loading…"}
        </p>
      </div>
      <ErrorAlert error={error} />
      {data && data.items.length > 0 && <JobSamplesTable samples={data.items} busy={loading} />}
      {data && data.items.length === 0 && (
        <div className="empty-state">
          <p>{data.total > 0 ? "This page is empty." : status ? "No samples with this status." : "No samples."}</p>
        </div>
      )}
      {data && data.total > 0 && (
        <Pagination {...pager} total={data.total} />
      )}
    </section>
  );
}
