import { t } from "../../common/i18n";
import { useMemo } from "react";
import { Link, useLocation } from "react-router";
import {
  InstructionPageSchema,
  InstructionSetResponseSchema,
  InstructionSetsResponseSchema,
  type InstructionSet,
} from "../../../../shared/schemas/instruction";
import { withQuery } from "../../common/api";
import { ErrorAlert } from "../../common/components/error-alert";
import { InstructionFilters } from "./instruction-filters";
import { InstructionsTable } from "./instructions-table";
import { PageTitle } from "../../common/components/page-title";
import { Pagination } from "../../common/components/pagination";
import { countOf } from "../../common/format";
import { useApiData } from "../../common/hooks/use-api-data";
import { useChoices } from "../../common/hooks/use-paged-list";
import { useInstructionFilters } from "../../common/hooks/use-instruction-filters";

export function InstructionsPage() {
  const location = useLocation();
  const { filters, page, pageSize, update } = useInstructionFilters();
  const sets = useChoices("/api/instruction-sets", InstructionSetsResponseSchema);
  const chosenSet = useApiData(
    filters.set ? `/api/instruction-sets/${encodeURIComponent(filters.set)}` : null,
    InstructionSetResponseSchema,
  );
  const list = useApiData(withQuery("/api/instructions", { ...filters, page, page_size: pageSize }), InstructionPageSchema);

  const allSets = useMemo(() => sets.data?.items ?? [], [sets.data]);
  const set = allSets.find((s) => String(s.id) === filters.set);
  const rangeLabels = useMemo(() => rangeLabelsOf(set ? [set] : allSets), [set, allSets]);
  const categories = filters.set && chosenSet.data?.set.id === set?.id ? chosenSet.data?.counts.categories : undefined;
  const setNames = useMemo(() => (filters.set ? undefined : new Map(allSets.map((s) => [s.id, s.name]))), [filters.set, allSets]);
  const narrowed = Boolean(filters.lang || filters.range || filters.category || filters.q);

  return (
    <section>
      <PageTitle title={set ? `${t("Instructions")} · ${set.name}` : t("Instructions")} />
      <div className="page-header">
        <h1>{t("Instructions")}</h1>
        {set && (
          <Link to={`/sets/${set.id}`} className="muted">
            {t("About {{name}}", { name: set.name })}
          </Link>
        )}
      </div>
      <InstructionFilters filters={filters} sets={allSets} rangeLabels={rangeLabels} categories={categories} onChange={update} />
      <ErrorAlert error={sets.error ?? list.error} />
      <div className="list-summary">
        <p data-testid="instruction-total" className="total" aria-live="polite">
          {list.data ? countOf(list.data.total, "instruction") : t("Loading…")}
        </p>
        {narrowed && (
          <button type="button" className="button-quiet" onClick={() => update({ lang: "", range: "", category: "", q: "" })}>
            {t("Clear filters")}
          </button>
        )}
      </div>
      {list.data && list.data.items.length > 0 && (
        <InstructionsTable items={list.data.items} setNames={setNames} listSearch={location.search} busy={list.loading} />
      )}
      {list.data && list.data.items.length === 0 && (
        <div className="empty-state">
          <p>{list.data.total === 0 ? t("No instructions match these filters.") : t("This page is empty.")}</p>
        </div>
      )}
      {list.data && (
        <Pagination
          page={list.data.page}
          pageSize={list.data.page_size}
          total={list.data.total}
          onPage={(p) => {
            update({ page: String(p) });
            window.scrollTo(0, 0);
          }}
          onPageSize={(size) => update({ page_size: String(size) })}
        />
      )}
    </section>
  );
}

/** The length-range labels of the given sets, in their order, without repeats. */
function rangeLabelsOf(sets: InstructionSet[]): string[] {
  const labels: string[] = [];
  for (const s of sets) for (const r of s.length_ranges) if (!labels.includes(r.label)) labels.push(r.label);
  return labels;
}
