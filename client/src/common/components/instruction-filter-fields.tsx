import type { InstructionSet } from "../../../../shared/schemas/instruction";
import { categoryOptions, langOptions, rangeOptions } from "./filter-options";
import { t } from "../i18n";
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
  return (
    <fieldset className="form-fieldset">
      <legend>{legend}</legend>
      <div className="form-grid">
        <InstructionFilterSelects
          id={id}
          value={value}
          rangeLabels={(set?.length_ranges ?? []).map((r) => r.label)}
          categories={categories ?? []}
          onChange={(key, chosen) => onChange({ ...value, [key]: chosen })}
        />
        {value.q !== undefined && (
          <div className="field">
            <label htmlFor={`${id}-q`}>{t("Prompt or ID contains")}</label>
            <input id={`${id}-q`} type="search" value={value.q} onChange={(e) => onChange({ ...value, q: e.target.value })} />
          </div>
        )}
      </div>
    </fieldset>
  );
}

type SelectKey = "lang" | "range" | "category";

interface SelectsProps {
  /** The form's useId: the selects are `${id}-lang`, `${id}-range` and `${id}-category`. */
  id: string;
  value: Pick<InstructionFilterDraft, SelectKey>;
  rangeLabels: string[];
  categories: string[];
  onChange: (key: SelectKey, value: string) => void;
  /** Whether types can be chosen yet (the instructions page needs a set first), and why not. */
  categoryDisabled?: boolean;
  categoryTitle?: string;
}

/** Language, length range and type: the selects of every instruction filter, each with its "any" choice. */
export function InstructionFilterSelects({ id, value, rangeLabels, categories, onChange, categoryDisabled, categoryTitle }: SelectsProps) {
  const change = (key: SelectKey) => (e: { target: { value: string } }) => onChange(key, e.target.value);
  return (
    <>
      <SelectField
        id={`${id}-lang`}
        label={t("Language")}
        value={value.lang}
        anyLabel={t("Any language")}
        options={langOptions()}
        onChange={change("lang")}
      />
      <SelectField
        id={`${id}-range`}
        label={t("Length range")}
        value={value.range}
        anyLabel={t("Any length")}
        options={rangeOptions(rangeLabels)}
        onChange={change("range")}
      />
      <SelectField
        id={`${id}-category`}
        label={t("Type")}
        value={value.category}
        anyLabel={t("Any type")}
        options={categoryOptions(categories)}
        onChange={change("category")}
        disabled={categoryDisabled}
        title={categoryTitle}
      />
    </>
  );
}
