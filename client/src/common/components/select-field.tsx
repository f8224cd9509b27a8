import type { ChangeEvent } from "react";

export interface Option {
  value: string;
  label: string;
}

interface Props {
  id: string;
  label: string;
  value: string;
  /** The first option, meaning "no filter" (value ""). */
  anyLabel: string;
  options: Option[];
  onChange: (event: ChangeEvent<HTMLSelectElement>) => void;
  disabled?: boolean;
  title?: string;
}

/** A labelled select whose first option clears it; the filters of the instructions page and of sampling jobs. */
export function SelectField({ id, label, value, anyLabel, options, onChange, disabled, title }: Props) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={onChange} disabled={disabled} title={title}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
