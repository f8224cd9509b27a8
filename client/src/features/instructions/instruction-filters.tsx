import { t } from "../../common/i18n";
import { useEffect, useId, useRef, useState } from "react";
import type { InstructionSet } from "../../../../shared/schemas/instruction";
import { filterForSet } from "../../common/components/filter-options";
import { InstructionFilterSelects } from "../../common/components/instruction-filter-fields";
import type { Filters } from "../../common/hooks/use-instruction-filters";

const searchDelayMs = 250;

interface Props {
  filters: Filters;
  sets: InstructionSet[];
  rangeLabels: string[];
  /** undefined while the chosen set's categories load, or when no set is chosen. */
  categories: string[] | undefined;
  onChange: (changes: Partial<Filters>, options?: { replace?: boolean }) => void;
}

/** Each select lists the current value even when it is not among the known ones, so a URL never lies. */
function withCurrent(options: string[], current: string): string[] {
  return current === "" || options.includes(current) ? options : [...options, current];
}

export function InstructionFilters({ filters, sets, rangeLabels, categories, onChange }: Props) {
  const id = useId();
  const knownSet = sets.some((s) => String(s.id) === filters.set);

  function onSetChange(value: string) {
    const { category, range } = filterForSet(filters, sets, value);
    onChange({ set: value, category, range });
  }

  return (
    <div className="filters" role="search" aria-label={t("Filter instructions")}>
      <div className="field">
        <label htmlFor={`${id}-set`}>{t("Set")}</label>
        <select id={`${id}-set`} value={filters.set} onChange={(e) => onSetChange(e.target.value)}>
          <option value="">{t("All sets")}</option>
          {sets.map((s) => (
            <option key={s.id} value={String(s.id)}>
              {s.name}
            </option>
          ))}
          {filters.set !== "" && !knownSet && <option value={filters.set}>{t("Set {{id}}", { id: filters.set })}</option>}
        </select>
      </div>
      <InstructionFilterSelects
        id={id}
        value={filters}
        rangeLabels={withCurrent(rangeLabels, filters.range === "none" ? "" : filters.range)}
        categories={withCurrent(categories ?? [], filters.category)}
        onChange={(key, value) => onChange({ [key]: value })}
        categoryDisabled={filters.set === "" && filters.category === ""}
        categoryTitle={filters.set === "" ? t("Choose a set to filter by type") : undefined}
      />
      <SearchField id={`${id}-q`} value={filters.q} onSearch={(q) => onChange({ q }, { replace: true })} />
    </div>
  );
}

/** A text field that reports its value once typing pauses, and follows the URL on back/forward. */
function SearchField({ id, value, onSearch }: { id: string; value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  const sent = useRef(value);
  const input = useRef<HTMLInputElement>(null);
  // The parent passes a new callback on every render; the timer must not restart because of that.
  const report = useRef(onSearch);
  report.current = onSearch;

  useEffect(() => {
    // A value we did not send came from navigation: show it.
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (text === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = text;
      report.current(text);
    }, searchDelayMs);
    return () => clearTimeout(timer);
  }, [text]);

  // "/" jumps to the search field, as in many list UIs.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest("input, textarea, select, [contenteditable]");
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.current?.focus();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className="field field-search">
      <label htmlFor={id}>{t("Search")}</label>
      <input
        ref={input}
        id={id}
        type="search"
        value={text}
        placeholder={t("Prompt text or ID   ( / )")}
        aria-keyshortcuts="/"
        onChange={(e) => setText(e.target.value)}
      />
    </div>
  );
}
