import type { InstructionSet } from "../../../../shared/schemas/instruction";
import { t } from "../i18n";

interface Props {
  /** The form's useId: the select is `${id}-set`. */
  id: string;
  sets: InstructionSet[];
  value: string;
  onChange: (setId: string) => void;
}

/** The set a job, pair run or campaign works on: a required choice among the sets. */
export function InstructionSetField({ id, sets, value, onChange }: Props) {
  return (
    <div className="field">
      <label htmlFor={`${id}-set`}>{t("Instruction set")}</label>
      <select id={`${id}-set`} required value={value} onChange={(e) => onChange(e.target.value)}>
        {sets.map((s) => (
          <option key={s.id} value={String(s.id)}>
            {s.name}
          </option>
        ))}
      </select>
    </div>
  );
}
