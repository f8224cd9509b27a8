import type { Model } from "../../../../shared/schemas/model";
import type { InstructionFilterDraft } from "./instruction-filter-fields";
import { t } from "../i18n";

export type JudgeFilterDraft = Required<InstructionFilterDraft>;
export const emptyJudgeFilter: JudgeFilterDraft = { lang: "", range: "", category: "", q: "" };

interface ModelsProps {
  id: string;
  models: Model[];
  chosen: ReadonlySet<number>;
  onChange: (chosen: ReadonlySet<number>) => void;
  /** What ticking means to this form (translated); a judge job's words by default. */
  hint?: string;
}

/** Which models' samples a judge job (or pair run) uses: ticked ones, or every model's when none is ticked. */
export function JudgedModelsField({ id, models, chosen, onChange, hint }: ModelsProps) {
  function toggle(modelId: number, on: boolean) {
    const next = new Set(chosen);
    if (on) next.add(modelId);
    else next.delete(modelId);
    onChange(next);
  }
  return (
    <fieldset className="form-fieldset" aria-describedby={`${id}-models-hint`}>
      <legend>{t("Samples of these models")}</legend>
      <p id={`${id}-models-hint`} className="hint">
        {hint ?? t("Finished samples of the ticked models are judged; none ticked judges every model's samples.")}
      </p>
      <div className="model-checks">
        {models.map((m) => (
          <label key={m.id} className="checkbox-field">
            <input type="checkbox" checked={chosen.has(m.id)} onChange={(e) => toggle(m.id, e.target.checked)} />
            <span>{m.name}</span>
            {m.is_reference && <span className="badge badge-accent">{t("reference")}</span>}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
