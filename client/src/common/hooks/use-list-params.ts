import { useEffect, useRef } from "react";
import { useSearchParams } from "react-router";

const positive = (value: string | null, fallback: number) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/**
 * A paged list's filters and page, kept in the URL so a view can be reloaded and shared. `update` sets or
 * (with "") removes parameters, and goes back to the first page unless it sets the page itself.
 */
export function useListParams(maxPageSize = 500, defaultPageSize = 50) {
  const [params, setParams] = useSearchParams();
  const page = positive(params.get("page"), 1);
  const pageSize = Math.min(maxPageSize, positive(params.get("page_size"), defaultPageSize));
  function update(changes: Record<string, string>) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === "") next.delete(key);
          else next.set(key, value);
        }
        if (!("page" in changes)) next.delete("page");
        return next;
      },
      { replace: true },
    );
  }
  // What <Pagination> needs besides the total.
  const pager = {
    page,
    pageSize,
    onPage: (p: number) => update({ page: String(p) }),
    onPageSize: (size: number) => update({ page_size: String(size) }),
  };
  return { params, page, pageSize, update, pager };
}

/** Reloads a list when `version` changes (a running job's counts, a campaign's judgments), not on mount. */
export function useReloadOn(version: string | number, reload: () => void) {
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    reload();
  }, [version, reload]);
}
