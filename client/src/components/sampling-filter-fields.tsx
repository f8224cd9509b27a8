import type { InstructionSet } from "../../../shared/schemas/instruction";
import { categoryOptions, langOptions, rangeOptions } from "../filter-options";
import { SelectField } from "./select-field";

export interface SamplingFilterDraft {
  lang: string;
  range: string;
  category: string;
}
export const emptySamplingFilter: SamplingFilterDraft = { lang: "", range: "", category: "" };

interface Props {
  id: string;
  value: SamplingFilterDraft;
  set: InstructionSet | undefined;
  /** The chosen set's types; undefined while they load. */
  categories: string[] | undefined;
  onChange: (value: SamplingFilterDraft) => void;
}

/** Which of the set's instructions a job samples: the same filters as the instructions page. */
export function SamplingFilterFields({ id, value, set, categories, onChange }: Props) {
  const change = (key: keyof SamplingFilterDraft) => (e: { target: { value: string } }) =>
    onChange({ ...value, [key]: e.target.value });
  return (
    <fieldset className="form-fieldset">
      <legend>Instructions to sample (optional)</legend>
      <div className="form-grid">
        <SelectField id={`${id}-lang`} label="Language" value={value.lang} anyLabel="Any language" options={langOptions} onChange={change("lang")} />
        <SelectField
          id={`${id}-range`}
          label="Length range"
          value={value.range}
          anyLabel="Any length"
          options={rangeOptions((set?.length_ranges ?? []).map((r) => r.label))}
          onChange={change("range")}
        />
        <SelectField
          id={`${id}-category`}
          label="Type"
          value={value.category}
          anyLabel="Any type"
          options={categoryOptions(categories ?? [])}
          onChange={change("category")}
        />
      </div>
    </fieldset>
  );
}
