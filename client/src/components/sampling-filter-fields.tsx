import { langs, type InstructionSet } from "../../../shared/schemas/instruction";
import { langNames, NONE } from "../format";

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
        <div className="field">
          <label htmlFor={`${id}-lang`}>Language</label>
          <select id={`${id}-lang`} value={value.lang} onChange={change("lang")}>
            <option value="">Any language</option>
            {langs.map((l) => (
              <option key={l} value={l}>
                {l} — {langNames[l]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-range`}>Length range</label>
          <select id={`${id}-range`} value={value.range} onChange={change("range")}>
            <option value="">Any length</option>
            {(set?.length_ranges ?? []).map((r) => (
              <option key={r.label} value={r.label}>
                {r.label}
              </option>
            ))}
            <option value="none">No length requirement</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-category`}>Type</label>
          <select id={`${id}-category`} value={value.category} onChange={change("category")}>
            <option value="">Any type</option>
            {(categories ?? []).map((c) => (
              <option key={c} value={c}>
                {c === NONE ? "No type" : c}
              </option>
            ))}
          </select>
        </div>
      </div>
    </fieldset>
  );
}
