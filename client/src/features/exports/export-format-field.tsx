import { t } from "../../common/i18n";
import type { ReactNode } from "react";
import type { ExportFormatName } from "./export-query";

/** Each format by the trainer that reads it (docs/api.md, "Formats"). */
// A function, called at render time, so the notes follow the interface language.
export const formatLabels = (): Record<ExportFormatName, { label: string; note: ReactNode }> => ({
  trl: {
    label: "TRL",
    note: t("TRL DPOTrainer (also ORPO, CPO, reward): prompt, chosen and rejected as plain text."),
  },
  "trl-conversational": {
    label: t("TRL conversational"),
    note: t("TRL DPOTrainer with chat messages: the trainer applies the model's chat template."),
  },
  "llama-factory-alpaca": {
    label: "LLaMA-Factory alpaca",
    note: t("LLaMA-Factory ranking data (stage dpo), alpaca columns; register it with its dataset_info.json entry."),
  },
  "llama-factory-sharegpt": {
    label: "LLaMA-Factory sharegpt",
    note: t("LLaMA-Factory ranking data in sharegpt form; register it with its dataset_info.json entry."),
  },
  openrlhf: {
    label: "OpenRLHF",
    note: (
      <>
        {t("OpenRLHF DPO with")} <code>--data.prompt_key prompt --data.apply_chat_template</code>
        {t("; margin on a 0–1 scale (score gap / 100).")}
      </>
    ),
  },
  axolotl: {
    label: "Axolotl",
    note: (
      <>
        {t("Axolotl DPO with")} <code>type: chat_template.default</code>.
      </>
    ),
  },
  kto: {
    label: "TRL KTO",
    note: t("TRL KTOTrainer: each pair as two unpaired rows. Only where the rejected side is really bad (confirmed, large margin)."),
  },
  "kto-conversational": {
    label: t("TRL KTO conversational"),
    note: t("TRL KTOTrainer with chat messages: the trainer applies the model's chat template. Same caution as KTO."),
  },
  sft: {
    label: t("SFT messages"),
    note: t("User and assistant messages, LongWriter-6k style: TRL SFTTrainer, LLaMA-Factory and Axolotl read them."),
  },
  "battles-jsonl": {
    label: t("Battle records JSONL"),
    note: (
      <>
        {t("One judgment per line, read by")} <code>longpref stats</code> {t("(FastChat-style battles).")}
      </>
    ),
  },
  "battles-fastchat": {
    label: t("FastChat battles"),
    note: (
      <>
        {t("A JSON array of FastChat's clean battle records (winner “tie (bothbad)” for both-bad), read by")}{" "}
        <code>elo_analysis.py --clean-battle-file</code> {t("and by")} <code>longpref stats</code>.
      </>
    ),
  },
  "battles-csv": {
    label: t("Battle records CSV"),
    note: (
      <>
        {t("The same records as CSV, for")} <code>longpref stats</code> {t("or a spreadsheet.")}
      </>
    ),
  },
});

interface Props {
  id: string;
  formats: readonly ExportFormatName[];
  value: ExportFormatName;
  onChange: (format: ExportFormatName) => void;
}

/** The formats the chosen source can be written in, each with the trainer that reads it. */
export function ExportFormatField({ id, formats, value, onChange }: Props) {
  return (
    <fieldset className="form-fieldset">
      <legend>{t("Format")}</legend>
      <div className="strategy-choices">
        {formats.map((f) => (
          <div key={f} className="strategy-choice export-choice">
            <label className="checkbox-field">
              <input
                type="radio"
                name={`${id}-format`}
                value={f}
                checked={value === f}
                aria-describedby={`${id}-${f}-note`}
                onChange={() => onChange(f)}
              />
              <span>{formatLabels()[f].label}</span>
            </label>
            <span id={`${id}-${f}-note`} className="hint">
              {formatLabels()[f].note} <code className="export-format-name">{f}</code>
            </span>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
