import type { InstructionSet } from "../../../../shared/schemas/instruction";
import { categoryOptions, langOptions, rangeOptions } from "./filter-options";
import { SelectField } from "./select-field";

/** The instructions page's filters as a form draft ("" = any); `q` only where text search is offered. */
export interface InstructionFilterDraft {
  lang: string;
  range: string;
  category: string;
  q?: string;
}

interface Props<T extends InstructionFilterDraft> {
  id: string;
  legend: string;
  value: T;
  set: InstructionSet | undefined;
  /** The chosen set's types; undefined while they load. */
  categories: string[] | undefined;
  onChange: (value: T) => void;
}

/** Which of a set's instructions a job or campaign covers: the filters of the instructions page. */
export function InstructionFilterFields<T extends InstructionFilterDraft>({ id, legend, value, set, categories, onChange }: Props<T>) {
  const change = (key: keyof InstructionFilterDraft) => (e: { target: { value: string } }) => onChange({ ...value, [key]: e.target.value });
  return (
    <fieldset className="form-fieldset">
      <legend>{legend}</legend>
      <div className="form-grid">
        <SelectField
          id={`${id}-lang`}
          label="Language"
          value={value.lang}
          anyLabel="Any language"
          options={langOptions}
          onChange={change("lang")}
        />
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
        {value.q !== undefined && (
          <div className="field">
            <label htmlFor={`${id}-q`}>Prompt or ID contains</label>
            <input id={`${id}-q`} type="search" value={value.q} onChange={change("q")} />
          </div>
        )}
      </div>
    </fieldset>
  );
}
