import type { ExportFormatName, PairFormatName } from "../../shared/schemas/export";
import type { ExportRecord, Field } from "./columns";
import type { PairRow, SftRow } from "./rows";

/**
 * One writer per trainer's format: a canonical row in, the lines (or CSV records) of the file out, each
 * ending in its line break. Field names and shapes follow the trainers' own documentation, quoted in
 * ../shared/reference/stats-and-formats.md §1–3 and S2.
 */
export interface Format<R> {
  name: ExportFormatName;
  extension: "jsonl" | "csv" | "json";
  contentType: string;
  /** Written once at the top of the file (the CSV header, a JSON array's "["). */
  header?: string;
  /** A JSON array's framing: written before every record but the first of a file, and once at its end. */
  separator?: string;
  footer?: string;
  lines(row: R, options: FormatOptions): string[];
  /** Row formats (not CSV): the columns every record has (server/export/columns.ts), with or without `meta`. */
  fields?(options: FormatOptions): readonly Field[];
  /** Row formats: the records of one row (KTO: two), each with exactly `fields`' keys. */
  records?(row: R, options: FormatOptions): ExportRecord[];
}

/** What shapes a record beyond the row: `meta` (provenance), battles-fastchat's conversations (withTexts). */
export interface FormatOptions {
  provenance: boolean;
  withTexts?: boolean;
}

export const jsonl = "application/x-ndjson";
export const line = (value: unknown) => `${JSON.stringify(value)}\n`;
const user = (content: string) => ({ role: "user", content });
const assistant = (content: string) => ({ role: "assistant", content });

/** What a trainer ignores and a researcher wants when a pair looks wrong: where it came from. */
function pairMeta(row: PairRow) {
  return {
    instruction_id: row.instruction_id,
    external_id: row.external_id,
    set: row.set_name,
    lang: row.lang,
    length_range: row.length_range,
    category: row.category,
    chosen_model: row.chosen_model,
    rejected_model: row.rejected_model,
    chosen_sample_id: row.chosen_sample_id,
    rejected_sample_id: row.rejected_sample_id,
    chosen_score: row.chosen_score,
    rejected_score: row.rejected_score,
    margin: row.margin,
    votes: row.votes,
    agreement: row.agreement,
    confidence: row.confidence,
    source: row.source,
  };
}

/** A pair format from the object it writes per pair; `meta` is added last when asked for. */
function pairFormat(name: PairFormatName, shape: (row: PairRow) => object): Format<PairRow> {
  return {
    name,
    extension: "jsonl",
    contentType: jsonl,
    lines: (row, { provenance }) => [line(provenance ? { ...shape(row), meta: pairMeta(row) } : shape(row))],
  };
}

export const pairFormats: Record<PairFormatName, Format<PairRow>> = {
  // TRL preference, standard format with an explicit prompt: DPO, ORPO, CPO, Reward (§1.1).
  trl: pairFormat("trl", (r) => ({ prompt: r.prompt, chosen: r.chosen_text, rejected: r.rejected_text })),
  // TRL preference, conversational format with an explicit prompt (the recommended one: the trainer applies
  // the model's chat template).
  "trl-conversational": pairFormat("trl-conversational", (r) => ({
    prompt: [user(r.prompt)],
    chosen: [assistant(r.chosen_text)],
    rejected: [assistant(r.rejected_text)],
  })),
  // LLaMA-Factory alpaca preference (§2); the user turn is `instruction\ninput`, so input stays empty.
  "llama-factory-alpaca": pairFormat("llama-factory-alpaca", (r) => ({
    instruction: r.prompt,
    input: "",
    chosen: r.chosen_text,
    rejected: r.rejected_text,
  })),
  // LLaMA-Factory sharegpt preference: an odd number of turns ending on the human one; chosen and rejected
  // are single gpt messages.
  "llama-factory-sharegpt": pairFormat("llama-factory-sharegpt", (r) => ({
    conversations: [{ from: "human", value: r.prompt }],
    chosen: { from: "gpt", value: r.chosen_text },
    rejected: { from: "gpt", value: r.rejected_text },
  })),
  // OpenRLHF (§3): TRL's conversational keys, read with --data.prompt_key prompt --data.apply_chat_template;
  // `margin` (S points, 0–100 scale) is read when present and not null, so it is written only when known.
  openrlhf: pairFormat("openrlhf", (r) => ({
    prompt: [user(r.prompt)],
    chosen: [assistant(r.chosen_text)],
    rejected: [assistant(r.rejected_text)],
    ...(r.margin === undefined ? {} : { margin: r.margin }),
  })),
  // Axolotl `type: chat_template.default` (field_messages messages, field_chosen chosen, field_rejected rejected).
  axolotl: pairFormat("axolotl", (r) => ({
    messages: [user(r.prompt)],
    chosen: assistant(r.chosen_text),
    rejected: assistant(r.rejected_text),
  })),
  // TRL KTO, unpaired preference: each pair becomes a desirable and an undesirable completion. TRL warns
  // that "the chosen and rejected completions in a preference dataset can be both good or bad. Before
  // applying unpair_preference_dataset, please ensure that all chosen completions can be labeled as good
  // and all rejected completions as bad." A pair only says which of two is better: export KTO from pairs
  // whose rejected side is really bad (human-confirmed, a large --min-margin), not from every proposal.
  kto: {
    name: "kto",
    extension: "jsonl",
    contentType: jsonl,
    lines: (r, { provenance }) => {
      const meta = provenance ? { meta: pairMeta(r) } : {};
      return [
        line({ prompt: r.prompt, completion: r.chosen_text, label: true, ...meta }),
        line({ prompt: r.prompt, completion: r.rejected_text, label: false, ...meta }),
      ];
    },
  },
};

/** LongWriter-6k's SFT format (THUDM/LongWriter train/README.md): one user and one assistant message. */
export const sftFormat: Format<SftRow> = {
  name: "sft",
  extension: "jsonl",
  contentType: jsonl,
  lines: (r, { provenance }) => {
    const messages = [user(r.prompt), assistant(r.text)];
    if (!provenance) return [line({ messages })];
    const meta = {
      instruction_id: r.instruction_id,
      external_id: r.external_id,
      set: r.set_name,
      lang: r.lang,
      length_range: r.length_range,
      category: r.category,
      model: r.model,
      sample_id: r.sample_id,
      score: r.score,
      source: r.source,
    };
    return [line({ messages, meta })];
  },
};

/**
 * The dataset_info.json entry LLaMA-Factory needs beside a file of ours (data/README.md): `ranking` marks
 * preference data; the sharegpt tags (from/value, human/gpt) are its defaults, so only the columns are named.
 */
export function datasetInfoEntry(format: "llama-factory-alpaca" | "llama-factory-sharegpt", fileName: string) {
  return format === "llama-factory-alpaca"
    ? { file_name: fileName, ranking: true, columns: { prompt: "instruction", query: "input", chosen: "chosen", rejected: "rejected" } }
    : {
        file_name: fileName,
        formatting: "sharegpt",
        ranking: true,
        columns: { messages: "conversations", chosen: "chosen", rejected: "rejected" },
      };
}

export const isLlamaFactory = (format: ExportFormatName): format is "llama-factory-alpaca" | "llama-factory-sharegpt" =>
  format === "llama-factory-alpaca" || format === "llama-factory-sharegpt";
