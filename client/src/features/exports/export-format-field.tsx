import type { ReactNode } from "react";
import type { ExportFormatName } from "./export-query";

/** Each format by the trainer that reads it (docs/api.md, "Formats"). */
export const formatLabels: Record<ExportFormatName, { label: string; note: ReactNode }> = {
  trl: { label: "TRL", note: "TRL DPOTrainer (also ORPO, CPO, reward): prompt, chosen and rejected as plain text." },
  "trl-conversational": {
    label: "TRL conversational",
    note: "TRL DPOTrainer with chat messages: the trainer applies the model's chat template.",
  },
  "llama-factory-alpaca": {
    label: "LLaMA-Factory alpaca",
    note: "LLaMA-Factory ranking data (stage dpo), alpaca columns; register it with its dataset_info.json entry.",
  },
  "llama-factory-sharegpt": {
    label: "LLaMA-Factory sharegpt",
    note: "LLaMA-Factory ranking data in sharegpt form; register it with its dataset_info.json entry.",
  },
  openrlhf: {
    label: "OpenRLHF",
    note: (
      <>
        OpenRLHF DPO with <code>--data.prompt_key prompt --data.apply_chat_template</code>; margin in S points.
      </>
    ),
  },
  axolotl: {
    label: "Axolotl",
    note: (
      <>
        Axolotl DPO with <code>type: chat_template.default</code>.
      </>
    ),
  },
  kto: {
    label: "TRL KTO",
    note: "TRL KTOTrainer: each pair as two unpaired rows. Only where the rejected side is really bad (confirmed, large margin).",
  },
  sft: {
    label: "SFT messages",
    note: "User and assistant messages, LongWriter-6k style: TRL SFTTrainer, LLaMA-Factory and Axolotl read them.",
  },
  "battles-jsonl": {
    label: "Battle records JSONL",
    note: (
      <>
        One judgment per line, read by <code>longpref stats</code> (FastChat-style battles).
      </>
    ),
  },
  "battles-csv": {
    label: "Battle records CSV",
    note: (
      <>
        The same records as CSV, for <code>longpref stats</code> or a spreadsheet.
      </>
    ),
  },
};

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
      <legend>Format</legend>
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
              <span>{formatLabels[f].label}</span>
            </label>
            <span id={`${id}-${f}-note`} className="hint">
              {formatLabels[f].note} <code className="export-format-name">{f}</code>
            </span>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
