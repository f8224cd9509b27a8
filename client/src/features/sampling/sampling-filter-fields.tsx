import type { InstructionSubset } from "../../../../shared/schemas/sampling";
import type { InstructionFilterDraft } from "../../common/components/instruction-filter-fields";
import { t } from "../../common/i18n";

/** The other forms' filters, text search included. */
export type SamplingFilterDraft = Required<InstructionFilterDraft>;
export const emptySamplingFilter: SamplingFilterDraft = { lang: "", range: "", category: "", q: "" };

/** Of the matching instructions: all of them, the first N, or N at random from a seed. */
export interface SubsetDraft {
  kind: "all" | "first" | "random";
  count: string;
  seed: string;
}

/** A seed drawn when the form opens, shown so the draw can be repeated. */
export const initialSubset = (): SubsetDraft => ({ kind: "all", count: "100", seed: String(Math.floor(Math.random() * 1_000_000)) });

/** The request's `filter.subset`; undefined for all instructions (numbers the server checks). */
export function subsetBody(draft: SubsetDraft): InstructionSubset | undefined {
  if (draft.kind === "all") return undefined;
  const count = Number(draft.count);
  return draft.kind === "first" ? { kind: "first", count } : { kind: "random", count, seed: Number(draft.seed) };
}

const kindLabels: Record<SubsetDraft["kind"], () => string> = {
  all: () => t("All matching instructions"),
  first: () => t("The first N"),
  random: () => t("N at random (seed)"),
};

/** How many of the matching instructions a sampling job takes. */
export function SubsetFields({ id, value, onChange }: { id: string; value: SubsetDraft; onChange: (value: SubsetDraft) => void }) {
  return (
    <fieldset className="form-fieldset">
      <legend>{t("How many of them")}</legend>
      <div className="subset-fields">
        <div className="field">
          <label htmlFor={`${id}-subset`}>{t("Take")}</label>
          <select
            id={`${id}-subset`}
            value={value.kind}
            onChange={(e) => onChange({ ...value, kind: e.target.value as SubsetDraft["kind"] })}
          >
            {(Object.keys(kindLabels) as SubsetDraft["kind"][]).map((k) => (
              <option key={k} value={k}>
                {kindLabels[k]()}
              </option>
            ))}
          </select>
        </div>
        {value.kind !== "all" && (
          <div className="field">
            <label htmlFor={`${id}-subset-count`}>{t("N")}</label>
            <input
              id={`${id}-subset-count`}
              type="number"
              min={1}
              step={1}
              required
              value={value.count}
              onChange={(e) => onChange({ ...value, count: e.target.value })}
            />
          </div>
        )}
        {value.kind === "random" && (
          <div className="field">
            <label htmlFor={`${id}-subset-seed`}>{t("Seed")}</label>
            <input
              id={`${id}-subset-seed`}
              type="number"
              min={0}
              step={1}
              required
              value={value.seed}
              onChange={(e) => onChange({ ...value, seed: e.target.value })}
            />
          </div>
        )}
      </div>
      {value.kind === "random" && <p className="hint">{t("The same seed draws the same instructions from the same matches.")}</p>}
    </fieldset>
  );
}
