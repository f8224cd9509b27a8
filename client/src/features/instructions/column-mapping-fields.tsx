import { t } from "../../common/i18n";
import type { ColumnMapping } from "../../../../shared/schemas/import";

export const mappingFields = ["id", "prompt", "required_length", "lang", "category"] as const;
export type MappingField = (typeof mappingFields)[number];
export type MappingDraft = Record<MappingField, string>;

export const emptyMapping: MappingDraft = { id: "", prompt: "", required_length: "", lang: "", category: "" };

/** Only the filled-in fields, or undefined when none is. */
export function mappingOf(draft: MappingDraft): ColumnMapping | undefined {
  const entries = mappingFields.map((f) => [f, draft[f].trim()] as const).filter(([, column]) => column !== "");
  return entries.length ? Object.fromEntries(entries) : undefined;
}

interface Props {
  value: MappingDraft;
  columns: string[];
  onChange: (value: MappingDraft) => void;
}

/** Which column of a JSONL/CSV file holds each instruction field. */
export function ColumnMappingFields({ value, columns, onChange }: Props) {
  return (
    <fieldset className="mapping">
      <legend>{t("Column mapping (optional)")}</legend>
      <p className="hint">
        {t("Name the column that holds each field, or leave it empty to use the usual name. Columns not mapped are kept as metadata.")}
        {columns.length > 0 && <> {t("Columns in this file: {{columns}}.", { columns: columns.join(", ") })}</>}
      </p>
      <datalist id="import-columns">
        {columns.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <div className="mapping-grid">
        {mappingFields.map((field) => (
          <div className="field" key={field}>
            <label htmlFor={`mapping-${field}`}>
              <code>{field}</code>
            </label>
            <input
              id={`mapping-${field}`}
              list="import-columns"
              value={value[field]}
              placeholder={t("column name")}
              onChange={(e) => onChange({ ...value, [field]: e.target.value })}
            />
          </div>
        ))}
      </div>
    </fieldset>
  );
}
