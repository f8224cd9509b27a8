import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";

export const filterKeys = ["set", "lang", "range", "category", "q"] as const;
export type FilterKey = (typeof filterKeys)[number];
export type Filters = Record<FilterKey, string>;

export const pageSizeOptions = [25, 50, 100] as const;
const defaultPageSize = 25;

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * The instruction list's filters and page, kept in the URL query string so a filtered view survives a
 * reload and can be sent to a colleague. Changing a filter goes back to page 1.
 */
export function useInstructionFilters() {
  const [params, setParams] = useSearchParams();

  const filters = useMemo(() => Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? ""])) as Filters, [params]);
  const page = positiveInt(params.get("page"), 1);
  const pageSize = Math.min(500, positiveInt(params.get("page_size"), defaultPageSize));

  const update = useCallback(
    (changes: Partial<Record<FilterKey | "page" | "page_size", string>>, options?: { replace?: boolean }) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === "") next.delete(key);
            else next.set(key, value);
          }
          if (!("page" in changes)) next.delete("page");
          return next;
        },
        { replace: options?.replace },
      );
    },
    [setParams],
  );

  return { filters, page, pageSize, update };
}
