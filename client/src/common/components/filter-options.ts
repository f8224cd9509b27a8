import { langs, type InstructionSet } from "../../../../shared/schemas/instruction";
import type { Option } from "./select-field";
import { langNames, NONE } from "../format";
import { t } from "../i18n";

// Options shared by every instruction filter: languages, length ranges (plus "none") and types.
// A function, not a constant: the labels follow the interface language chosen after this module loads.
export const langOptions = (): Option[] => langs.map((l) => ({ value: l, label: `${l} — ${t(langNames[l] ?? l)}` }));

export const rangeOptions = (labels: string[]): Option[] => [
  ...labels.map((r) => ({ value: r, label: r })),
  { value: "none", label: t("No length requirement") },
];

export const categoryOptions = (categories: string[]): Option[] =>
  categories.map((c) => ({ value: c, label: c === NONE ? t("No type") : c }));

/**
 * A filter after its set changed: types belong to one set and are cleared; a length range carries over when
 * the new set has one of that name (ranges often do), and also on leaving for "all sets".
 */
export function filterForSet<F extends { range: string; category: string }>(filter: F, sets: InstructionSet[], setId: string): F {
  const next = sets.find((s) => String(s.id) === setId);
  const keepRange = filter.range === "none" || !next || next.length_ranges.some((r) => r.label === filter.range);
  return { ...filter, category: "", range: keepRange ? filter.range : "" };
}
