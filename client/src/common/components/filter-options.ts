import { langs } from "../../../../shared/schemas/instruction";
import type { Option } from "./select-field";
import { langNames, NONE } from "../format";

// Options shared by every instruction filter: languages, length ranges (plus "none") and types.
export const langOptions: Option[] = langs.map((l) => ({ value: l, label: `${l} — ${langNames[l]}` }));

export const rangeOptions = (labels: string[]): Option[] => [
  ...labels.map((r) => ({ value: r, label: r })),
  { value: "none", label: "No length requirement" },
];

export const categoryOptions = (categories: string[]): Option[] => categories.map((c) => ({ value: c, label: c === NONE ? "No type" : c }));
