import { useEffect, useState } from "react";
import { ProposalPageSchema } from "../../../shared/schemas/pairs";
import { api } from "../api";

const pageSize = 500;
// Beyond this many pages (10,000 proposals) the position is not worth the traffic: the review shows none.
const maxPages = 20;

/**
 * The instructions with proposals in a run, in set order (the order a review moves through), for "instruction
 * N of M". Read once per run: pages of proposals, the first alone, then the rest together. Undefined while
 * loading, for very large runs, or when it could not be read (the position is a convenience; the review works
 * without it, and the API has no cheaper way to it).
 */
export function useRunInstructions(runId: number | null): number[] | undefined {
  const [ids, setIds] = useState<{ runId: number; ids: number[] } | undefined>();

  useEffect(() => {
    if (runId === null) return;
    const controller = new AbortController();
    const page = (n: number) =>
      api(`/api/pair-runs/${runId}/proposals?page=${n}&page_size=${pageSize}`, { schema: ProposalPageSchema, signal: controller.signal });
    (async () => {
      const first = await page(1);
      const pages = Math.ceil(first.total / pageSize);
      if (pages > maxPages) return;
      const rest = await Promise.all(Array.from({ length: Math.max(0, pages - 1) }, (_, i) => page(i + 2)));
      const ordered: number[] = [];
      const seen = new Set<number>();
      for (const p of [first, ...rest]) {
        for (const item of p.items) {
          if (!seen.has(item.instruction_id)) {
            seen.add(item.instruction_id);
            ordered.push(item.instruction_id);
          }
        }
      }
      setIds({ runId, ids: ordered });
    })().catch(() => undefined);
    return () => controller.abort();
  }, [runId]);

  return ids && ids.runId === runId ? ids.ids : undefined;
}
