import { useId, type ReactNode } from "react";
import type { z } from "zod";
import { pageSizeMax } from "../../../../shared/schemas/page";
import { withQuery } from "../api";
import { ErrorAlert } from "../components/error-alert";
import { Pagination } from "../components/pagination";
import { knownText, t } from "../i18n";
import { useApiData } from "../hooks/use-api-data";
import { useListParams, useReloadOn } from "../hooks/use-list-params";

const defaultPageSize = 50;

interface JobResultsProps<S extends string, T> {
  /** The job's results, e.g. /api/sampling-jobs/3/samples, answering a page of `schema`. */
  path: string;
  /** A module-level constant, as useApiData wants. */
  schema: z.ZodType<{ total: number; items: T[] }>;
  /** "Samples": the heading and the region's name. */
  heading: string;
  /** How many results: `(n) => countOf(n, "sample")`, "12 samples" (a literal noun, so it has its translation). */
  countText: (n: number) => string;
  statuses: readonly S[];
  statusLabel?: (status: S) => string;
  /** What an empty list says; `status` is the filter chosen, or "". */
  emptyText: (status: string) => string;
  /** Changes whenever the job's counts do, so the list follows a running job. */
  version: string;
  table: (items: T[], busy: boolean) => ReactNode;
}

/** A job's results (samples, judgments), filtered by status and paged; the filter and page live in the URL. */
export function JobResults<S extends string, T>(props: JobResultsProps<S, T>) {
  const id = useId();
  const { params, page, pageSize, update, pager } = useListParams(pageSizeMax, defaultPageSize);
  const status = params.get("status") ?? "";
  const { data, error, loading, reload } = useApiData(withQuery(props.path, { status, page, page_size: pageSize }), props.schema);

  useReloadOn(props.version, reload);

  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{props.heading}</h2>
      <div className="list-summary">
        <div className="field-inline">
          <label htmlFor={`${id}-status`}>{t("Status")}</label>
          <select id={`${id}-status`} value={status} onChange={(e) => update({ status: e.target.value })}>
            <option value="">{t("All statuses")}</option>
            {props.statuses.map((s) => (
              <option key={s} value={s}>
                {props.statusLabel ? props.statusLabel(s) : knownText(s)}
              </option>
            ))}
          </select>
        </div>
        <p className="total" aria-live="polite">
          {data ? props.countText(data.total) : t("Loading…")}
        </p>
      </div>
      <ErrorAlert error={error} />
      {data && data.items.length > 0 && props.table(data.items, loading)}
      {data && data.items.length === 0 && (
        <div className="empty-state">
          <p>{data.total > 0 ? t("This page is empty.") : props.emptyText(status)}</p>
        </div>
      )}
      {data && data.total > 0 && <Pagination {...pager} total={data.total} />}
    </section>
  );
}
