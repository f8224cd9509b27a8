import type { PageWindow } from "../../../shared/schemas/page";
import type { Db } from "../open";

/** A page of a list: the rows in the window and how many the whole list holds. */
export interface Slice<T> {
  total: number;
  items: T[];
}

/**
 * Prepares a paged list: `rows` is the list's SELECT ending in an ORDER BY whose last key is unique (the id),
 * so consecutive windows neither skip nor repeat a row; `count` counts the same rows. Both read in one
 * transaction so the total belongs to the rows shown even while another process writes.
 */
export function pagedList<R, T>(db: Db, rows: string, count: string, present: (row: R) => T) {
  const page = db.prepare<Record<string, unknown>, R>(`${rows} LIMIT @limit OFFSET @offset`);
  const total = db.prepare<Record<string, unknown>, { n: number }>(count);
  const read = db.transaction(
    (window: PageWindow, params: Record<string, unknown>): Slice<T> => ({
      total: total.get(params)!.n,
      items: page.all({ ...params, ...window }).map(present),
    }),
  );
  return (window: PageWindow, params: Record<string, unknown> = {}) => read(window, params);
}
