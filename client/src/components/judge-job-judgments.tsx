import { useId } from "react";
import { JudgeScorePageSchema, judgeScoreStatuses } from "../../../shared/schemas/judging";
import { withQuery } from "../api";
import { countOf } from "../format";
import { useApiData } from "../use-api-data";
import { useListParams, useReloadOn } from "../use-list-params";
import { ErrorAlert } from "./error-alert";
import { JudgeScoresTable } from "./judgments-table";
import { Pagination } from "./pagination";

const defaultPageSize = 50;
const statusLabels: Record<(typeof judgeScoreStatuses)[number], string> = {
  queued: "queued",
  running: "running",
  done: "done",
  failed: "judge failed",
};

/**
 * A judge job's judgments, filtered by status and paged; the filter and page live in the URL. `version`
 * changes whenever the job's counts do, so the table follows a running job.
 */
export function JudgeJobScores({ jobId, version, cached }: { jobId: number; version: string; cached: number }) {
  const id = useId();
  const { params, page, pageSize, update, pager } = useListParams(500, defaultPageSize);
  const status = params.get("status") ?? "";
  const { data, error, loading, reload } = useApiData(
    withQuery(`/api/judge-jobs/${jobId}/judgments`, { status, page, page_size: pageSize }),
    JudgeScorePageSchema,
  );

  useReloadOn(version, reload);


  const empty = status
    ? "No judgments with this status."
    : cached > 0
      ? "No judgments of its own: every sample was already judged by this judge with this template."
      : "No judgments.";
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Judgments</h2>
      <div className="list-summary">
        <div className="field-inline">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={status} onChange={(e) => update({ status: e.target.value })}>
            <option value="">All statuses</option>
            {judgeScoreStatuses.map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </select>
        </div>
        <p className="total" aria-live="polite">
          {data ? countOf(data.total, "judgment") : "Loading…"}
        </p>
      </div>
      <ErrorAlert error={error} />
      {data && data.items.length > 0 && <JudgeScoresTable judgments={data.items} busy={loading} />}
      {data && data.items.length === 0 && (
        <div className="empty-state">
          <p>{data.total > 0 ? "This page is empty." : empty}</p>
        </div>
      )}
      {data && data.total > 0 && (
        <Pagination {...pager} total={data.total} />
      )}
    </section>
  );
}
