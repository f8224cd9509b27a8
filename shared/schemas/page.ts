import { z } from "zod";

// One pagination convention for every list the API answers (docs/decisions/032-one-pagination-convention.md):
// `?page=&page_size=` in, `{ total, page, page_size, items }` out, rows in a stable order with the id as the
// last key so consecutive pages neither skip nor repeat a row.

/** Rows per page when the caller names none. */
export const pageSizeDefault = 50;
/** The most rows one page holds; a larger page_size is refused (400), not cut down. */
export const pageSizeMax = 500;

/** `?page=&page_size=`; strict, so an unknown parameter is refused as everywhere else. */
export const PageQuerySchema = z.strictObject({
  /** 1-based; a page past the end answers no items (and the total). */
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  page_size: z.coerce.number().int().min(1).max(pageSizeMax).default(pageSizeDefault),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

/** The answer of a paginated list of `item`: `total` counts every row the filters match, not only this page's. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    total: z.number().int().min(0),
    page: z.number().int().min(1),
    page_size: z.number().int().min(1),
    items: z.array(item),
  });
}
export interface Page<T> {
  total: number;
  page: number;
  page_size: number;
  items: T[];
}

/** The rows a page covers, as the repositories take it. */
export interface PageWindow {
  limit: number;
  offset: number;
}
export const windowOf = (q: PageQuery): PageWindow => ({ limit: q.page_size, offset: (q.page - 1) * q.page_size });

/** The answer for a page: the query's page and size around the repository's total and rows. */
export const pageAnswer = <T>(q: PageQuery, slice: { total: number; items: T[] }): Page<T> => ({
  total: slice.total,
  page: q.page,
  page_size: q.page_size,
  items: slice.items,
});
