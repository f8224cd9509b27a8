import type { z } from "zod";
import { pageSizeDefault, pageSizeMax } from "../../../../shared/schemas/page";
import { withQuery } from "../api";
import { useApiData } from "./use-api-data";
import { useListParams } from "./use-list-params";

type PagedAnswer = { total: number; page: number; page_size: number; items: unknown[] };

/**
 * A list page's rows one page at a time (decision 032), the page and its size kept in the URL like the
 * other lists. Spread `pager` with the answer's total into <Pagination>. The pager names the page whose rows
 * are shown: while the next page loads it still says the previous one, so it never labels stale rows.
 */
export function usePagedList<S extends z.ZodType<PagedAnswer>>(path: string | null, schema: S) {
  const { page, pageSize, pager } = useListParams(pageSizeMax, pageSizeDefault);
  const list = useApiData(path === null ? null : withQuery(path, { page, page_size: pageSize }), schema);
  const shown = list.data as PagedAnswer | undefined;
  return { ...list, pager: { ...pager, page: shown?.page ?? page, pageSize: shown?.page_size ?? pageSize } };
}

/**
 * A list a form chooses from (a set, a model, a template): its first page of the largest size, which holds
 * every item of any ordinary installation; <FirstItemsNote> says so when it does not.
 */
export function useChoices<S extends z.ZodType<{ total: number; items: unknown[] }>>(path: string | null, schema: S) {
  return useApiData(path === null ? null : withQuery(path, { page_size: pageSizeMax }), schema);
}
