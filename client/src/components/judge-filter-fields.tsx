import type { InstructionSet } from "../../../shared/schemas/instruction";
import type { Model } from "../../../shared/schemas/model";
import { categoryOptions, langOptions, rangeOptions } from "../filter-options";
import { SelectField } from "./select-field";

export interface JudgeFilterDraft {
  lang: string;
  range: string;
  category: string;
  q: string;
}
export const emptyJudgeFilter: JudgeFilterDraft = { lang: "", range: "", category: "", q: "" };

interface ModelsProps {
  id: string;
  models: Model[];
  chosen: ReadonlySet<number>;
  onChange: (chosen: ReadonlySet<number>) => void;
}

/** Which models' samples a judge job scores: ticked ones, or every model's when none is ticked. */
export function JudgedModelsField({ id, models, chosen, onChange }: ModelsProps) {
  function toggle(modelId: number, on: boolean) {
    const next = new Set(chosen);
    if (on) next.add(modelId);
    else next.delete(modelId);
    onChange(next);
  }
  return (
    <fieldset className="form-fieldset" aria-describedby={`${id}-models-hint`}>
      <legend>Samples of these models</legend>
      <p id={`${id}-models-hint`} className="hint">
        Finished samples of the ticked models are judged; none ticked judges every model&apos;s samples.
      </p>
      <div className="model-checks">
        {models.map((m) => (
          <label key={m.id} className="checkbox-field">
            <input type="checkbox" checked={chosen.has(m.id)} onChange={(e) => toggle(m.id, e.target.checked)} />
            <span>{m.name}</span>
            {m.is_reference && <span className="badge badge-accent">reference</span>}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

interface FilterProps {
  id: string;
  value: JudgeFilterDraft;
  set: InstructionSet | undefined;
  /** The chosen set's types; undefined while they load. */
  categories: string[] | undefined;
  onChange: (value: JudgeFilterDraft) => void;
}

/** Which of the set's instructions have their samples judged: the filters of the instructions page. */
export function JudgeInstructionFields({ id, value, set, categories, onChange }: FilterProps) {
  const change = (key: keyof JudgeFilterDraft) => (e: { target: { value: string } }) =>
    onChange({ ...value, [key]: e.target.value });
  return (
    <fieldset className="form-fieldset">
      <legend>Instructions (optional)</legend>
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
        <div className="field">
          <label htmlFor={`${id}-q`}>Prompt or ID contains</label>
          <input id={`${id}-q`} type="search" value={value.q} onChange={change("q")} />
        </div>
      </div>
    </fieldset>
  );
}
