import { useState } from "react";
import { InstructionPageSchema, InstructionSetResponseSchema, type InstructionSet } from "../../../../shared/schemas/instruction";
import { withQuery } from "../api";
import { filterForSet } from "../components/filter-options";
import type { InstructionFilterDraft } from "../components/instruction-filter-fields";
import { useApiData } from "./use-api-data";

/**
 * The instructions a job or campaign covers, as its form holds them: a set (the first by default), a filter
 * over its instructions, the set's types for the filter's choices and how many instructions match.
 */
export function useChosenInstructions<F extends InstructionFilterDraft>(sets: InstructionSet[], emptyFilter: F) {
  const [setId, setSetId] = useState(sets[0] ? String(sets[0].id) : "");
  const [filter, setFilter] = useState<F>(emptyFilter);

  const set = sets.find((s) => String(s.id) === setId);
  const chosenSet = useApiData(setId ? `/api/instruction-sets/${setId}` : null, InstructionSetResponseSchema);
  const categories = chosenSet.data?.set.id === set?.id ? chosenSet.data?.counts.categories : undefined;
  const { lang, range, category, q } = filter;
  const matching = useApiData(
    setId ? withQuery("/api/instructions", { set: setId, lang, range, category, q, page_size: 1 }) : null,
    InstructionPageSchema,
  );

  function changeSet(value: string) {
    setSetId(value);
    setFilter(filterForSet(filter, sets, value));
  }

  /** How many instructions match, once counted. */
  const matchingCount = matching.data?.total;
  return { setId, set, categories, filter, setFilter, changeSet, matchingCount };
}
