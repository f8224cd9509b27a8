import { t } from "../../common/i18n";
import type { ExportDraft } from "./export-query";

interface Props {
  id: string;
  value: ExportDraft;
  onChange: (value: ExportDraft) => void;
}

/** What goes into each row besides the training fields, and the train/test split. */
export function ExportOutputFields({ id, value, onChange }: Props) {
  const set = <K extends keyof ExportDraft>(key: K, v: ExportDraft[K]) => onChange({ ...value, [key]: v });
  const csv = value.format === "battles-csv";
  const split = value.testShare.trim() !== "";
  return (
    <fieldset className="form-fieldset">
      <legend>{t("File, provenance and split")}</legend>
      <label className="checkbox-field">
        <input
          type="checkbox"
          checked={value.provenance && !csv}
          disabled={csv}
          aria-describedby={`${id}-provenance-hint`}
          onChange={(e) => set("provenance", e.target.checked)}
        />
        <span>{t("Provenance")}</span>
        <span id={`${id}-provenance-hint`} className="hint">
          {csv
            ? t("CSV records carry no meta object.")
            : t("a meta object on each row: instruction, models, sample ids, scores, margin, votes, agreement (trainers ignore it)")}
        </span>
      </label>
      {value.format === "battles-fastchat" && (
        <label className="checkbox-field">
          <input
            type="checkbox"
            checked={value.withTexts}
            aria-describedby={`${id}-with-texts-hint`}
            onChange={(e) => set("withTexts", e.target.checked)}
          />
          <span>{t("With texts")}</span>
          <span id={`${id}-with-texts-hint`} className="hint">
            {t("conversation_a and conversation_b on each record: the prompt and each model's output (large)")}
          </span>
        </label>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-file-format`}>{t("File format")}</label>
          <select
            id={`${id}-file-format`}
            value={csv ? "jsonl" : value.fileFormat}
            disabled={csv}
            aria-describedby={`${id}-file-format-hint`}
            onChange={(e) => set("fileFormat", e.target.value === "parquet" ? "parquet" : "jsonl")}
          >
            <option value="jsonl">{value.format === "battles-fastchat" ? t("JSON") : csv ? t("CSV") : t("JSON lines")}</option>
            <option value="parquet">{t("Parquet")}</option>
          </select>
          <span id={`${id}-file-format-hint`} className="hint">
            {csv
              ? t("CSV only: choose battles-jsonl for Parquet.")
              : t(
                  "Parquet: the same columns with fixed types, messages as lists of {role, content}; the format the Hugging Face Hub serves.",
                )}
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-test-share`}>{t("Test share")}</label>
          <input
            id={`${id}-test-share`}
            type="number"
            min={0}
            max={1}
            step={0.01}
            inputMode="decimal"
            placeholder={t("no split")}
            aria-describedby={`${id}-test-share-hint`}
            value={value.testShare}
            onChange={(e) => set("testShare", e.target.value)}
          />
          <span id={`${id}-test-share-hint`} className="hint">
            {t("Share of instructions held out, e.g. 0.1; each instruction goes to one side with all its rows.")}
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-seed`}>{t("Split seed")}</label>
          <input
            id={`${id}-seed`}
            type="number"
            min={0}
            step={1}
            placeholder="0"
            disabled={!split}
            aria-describedby={`${id}-seed-hint`}
            value={value.splitSeed}
            onChange={(e) => set("splitSeed", e.target.value)}
          />
          <span id={`${id}-seed-hint`} className="hint">
            {t("The same seed gives the same split in every export, and in another database with the same set.")}
          </span>
        </div>
      </div>
    </fieldset>
  );
}
