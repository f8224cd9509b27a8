import { t } from "../i18n";

interface FieldProps {
  /** The form's useId; the input's id is `${id}-temperature` or `${id}-max-tokens`. */
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** What an empty field means, e.g. the model's own setting. */
  placeholder?: string;
}

/** A job's sampling temperature, 0 to 2, as typed ("" = the default). */
export function TemperatureField({ id, value, onChange, placeholder }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor={`${id}-temperature`}>{t("Temperature")}</label>
      <input
        id={`${id}-temperature`}
        type="number"
        min={0}
        max={2}
        step={0.05}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** A job's completion token limit per request, as typed ("" = the default). */
export function MaxTokensField({ id, value, onChange, placeholder, min }: FieldProps & { min: number }) {
  return (
    <div className="field">
      <label htmlFor={`${id}-max-tokens`}>{t("Max tokens")}</label>
      <input
        id={`${id}-max-tokens`}
        type="number"
        min={min}
        step={1}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
