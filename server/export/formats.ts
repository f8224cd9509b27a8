import type { ExportFormatName, PairFormatName } from "../../shared/schemas/export";
import { encodeRecord, type ColumnType, type ExportRecord, type Field, type Value } from "./columns";
import type { DatasetInfoEntry } from "./dataset-info";
import type { PairRow, SftRow, Text } from "./rows";

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
const user = (content: Text) => ({ role: "user", content });
const assistant = (content: Text) => ({ role: "assistant", content });

// Column types of the chat shapes the trainers read.
const message: ColumnType = {
  struct: [
    { name: "role", type: "string" },
    { name: "content", type: "string" },
  ],
};
const messages: ColumnType = { list: message };
const shareGptTurn: ColumnType = {
  struct: [
    { name: "from", type: "string" },
    { name: "value", type: "string" },
  ],
};
const field = (name: string, type: ColumnType, nullable = false): Field => (nullable ? { name, type, nullable } : { name, type });

/** A missing optional value as null: every record has every key. */
const orNull = <T>(v: T | undefined | null): T | null => v ?? null;

/**
 * The reward margin on OpenRLHF's scale (decision 028): the judge's score gap S(chosen) − S(rejected) as a
 * share of S's 0–100 scale, clamped to 0–1 (a pair humans turned against the scores gets 0: no extra push),
 * null when either score is unknown (OpenRLHF reads a null margin as 0). The raw points stay in
 * `meta.score_margin`.
 */
export function rewardMargin(scoreMargin: number | undefined | null): number | null {
  if (scoreMargin === undefined || scoreMargin === null) return null;
  return Math.min(1, Math.max(0, scoreMargin / 100));
}

/** The instruction a row comes from, first in every `meta` (pairs and SFT alike). */
const instructionMetaFields: readonly Field[] = [
  field("instruction_id", "int"),
  field("external_id", "string"),
  field("set", "string"),
  field("lang", "string"),
  field("length_range", "string", true),
  field("category", "string", true),
];

/** What a trainer ignores and a researcher wants when a pair looks wrong: where it came from. */
const pairMetaFields: readonly Field[] = [
  ...instructionMetaFields,
  field("chosen_model", "string"),
  field("rejected_model", "string"),
  field("chosen_sample_id", "int"),
  field("rejected_sample_id", "int"),
  field("chosen_score", "float", true),
  field("rejected_score", "float", true),
  /** S(chosen) − S(rejected) in S points (0–100 scale), negative where humans overturned the scores. */
  field("score_margin", "float", true),
  field("votes", "int", true),
  field("agreement", "float", true),
  field("confidence", "float", true),
  field("source", "string"),
];

function pairMeta(row: PairRow): ExportRecord {
  return {
    instruction_id: row.instruction_id,
    external_id: row.external_id,
    set: row.set_name,
    lang: row.lang,
    length_range: orNull(row.length_range),
    category: orNull(row.category),
    chosen_model: row.chosen_model,
    rejected_model: row.rejected_model,
    chosen_sample_id: row.chosen_sample_id,
    rejected_sample_id: row.rejected_sample_id,
    chosen_score: orNull(row.chosen_score),
    rejected_score: orNull(row.rejected_score),
    score_margin: orNull(row.margin),
    votes: orNull(row.votes),
    agreement: orNull(row.agreement),
    confidence: orNull(row.confidence),
    source: row.source,
  };
}

/** KTO: each line is one completion, so its meta says which model, sample and score it is, then the pair's. */
const ktoMetaFields: readonly Field[] = [
  field("completion_model", "string"),
  field("completion_sample_id", "int"),
  field("completion_score", "float", true),
  ...pairMetaFields,
];

function ktoMeta(row: PairRow, side: "chosen" | "rejected"): ExportRecord {
  return {
    completion_model: row[`${side}_model`],
    completion_sample_id: row[`${side}_sample_id`],
    completion_score: orNull(row[`${side}_score`]),
    ...pairMeta(row),
  };
}

/** A format of fields and records: each JSONL line is `encodeRecord(fields, record)`. */
function rowFormat<R>(
  name: ExportFormatName,
  fields: (options: { provenance: boolean }) => readonly Field[],
  records: (row: R, options: { provenance: boolean }) => ExportRecord[],
): Format<R> {
  const cache = new Map<boolean, readonly Field[]>();
  const fieldsOf = (options: { provenance: boolean }) => {
    let f = cache.get(options.provenance);
    if (!f) cache.set(options.provenance, (f = fields(options)));
    return f;
  };
  return {
    name,
    extension: "jsonl",
    contentType: jsonl,
    fields: fieldsOf,
    records,
    lines: (row, options) => {
      const f = fieldsOf(options);
      return records(row, options).map((r) => `${encodeRecord(f, r)}\n`);
    },
  };
}

/** A pair format from its columns and the record it writes per pair; `meta` is added last when asked for. */
function pairFormat(name: PairFormatName, columns: readonly Field[], shape: (row: PairRow) => ExportRecord): Format<PairRow> {
  return rowFormat<PairRow>(
    name,
    ({ provenance }) => (provenance ? [...columns, field("meta", { struct: pairMetaFields })] : columns),
    (row, { provenance }) => [provenance ? { ...shape(row), meta: pairMeta(row) } : shape(row)],
  );
}

/** KTO: each pair becomes a desirable and an undesirable completion, `completion` shaped by `wrap`. */
function ktoFormat(name: PairFormatName, text: ColumnType, wrap: (prompt: string, completion: Text) => [Value, Value]): Format<PairRow> {
  const columns = [field("prompt", text), field("completion", text), field("label", "bool")];
  return rowFormat<PairRow>(
    name,
    ({ provenance }) => (provenance ? [...columns, field("meta", { struct: ktoMetaFields })] : columns),
    (r, { provenance }) =>
      (["chosen", "rejected"] as const).map((side) => {
        const [prompt, completion] = wrap(r.prompt, r[`${side}_text`]);
        const record: ExportRecord = { prompt, completion, label: side === "chosen" };
        return provenance ? { ...record, meta: ktoMeta(r, side) } : record;
      }),
  );
}

const text = (...names: string[]) => names.map((n) => field(n, "string"));

export const pairFormats: Record<PairFormatName, Format<PairRow>> = {
  // TRL preference, standard format with an explicit prompt: DPO, ORPO, CPO, Reward (§1.1). TRL joins
  // prompt and answer with no separator: the prompt must end as the model's template needs.
  trl: pairFormat("trl", text("prompt", "chosen", "rejected"), (r) => ({
    prompt: r.prompt,
    chosen: r.chosen_text,
    rejected: r.rejected_text,
  })),
  // TRL preference, conversational format with an explicit prompt (the recommended one: the trainer applies
  // the model's chat template).
  "trl-conversational": pairFormat(
    "trl-conversational",
    [field("prompt", messages), field("chosen", messages), field("rejected", messages)],
    (r) => ({ prompt: [user(r.prompt)], chosen: [assistant(r.chosen_text)], rejected: [assistant(r.rejected_text)] }),
  ),
  // LLaMA-Factory alpaca preference (§2); the user turn is `instruction\ninput`, so input stays empty.
  "llama-factory-alpaca": pairFormat("llama-factory-alpaca", text("instruction", "input", "chosen", "rejected"), (r) => ({
    instruction: r.prompt,
    input: "",
    chosen: r.chosen_text,
    rejected: r.rejected_text,
  })),
  // LLaMA-Factory sharegpt preference: an odd number of turns ending on the human one; chosen and rejected
  // are single gpt messages.
  "llama-factory-sharegpt": pairFormat(
    "llama-factory-sharegpt",
    [field("conversations", { list: shareGptTurn }), field("chosen", shareGptTurn), field("rejected", shareGptTurn)],
    (r) => ({
      conversations: [{ from: "human", value: r.prompt }],
      chosen: { from: "gpt", value: r.chosen_text },
      rejected: { from: "gpt", value: r.rejected_text },
    }),
  ),
  // OpenRLHF (§3): TRL's conversational keys, read with --prompt_key prompt --apply_chat_template. `margin` is
  // on every line, 0–1 or null (rewardMargin): OpenRLHF subtracts it from the reward gap in the pairwise loss.
  openrlhf: pairFormat(
    "openrlhf",
    [field("prompt", messages), field("chosen", messages), field("rejected", messages), field("margin", "float", true)],
    (r) => ({
      prompt: [user(r.prompt)],
      chosen: [assistant(r.chosen_text)],
      rejected: [assistant(r.rejected_text)],
      margin: rewardMargin(r.margin),
    }),
  ),
  // Axolotl `type: chat_template.default` (field_messages messages, field_chosen chosen, field_rejected rejected).
  axolotl: pairFormat("axolotl", [field("messages", messages), field("chosen", message), field("rejected", message)], (r) => ({
    messages: [user(r.prompt)],
    chosen: assistant(r.chosen_text),
    rejected: assistant(r.rejected_text),
  })),
  // TRL KTO, unpaired preference: each pair becomes a desirable and an undesirable completion. TRL warns
  // that "the chosen and rejected completions in a preference dataset can be both good or bad. Before
  // applying unpair_preference_dataset, please ensure that all chosen completions can be labeled as good
  // and all rejected completions as bad." A pair only says which of two is better: export KTO from pairs
  // whose rejected side is really bad (human-confirmed, a large --min-margin), not from every proposal.
  kto: ktoFormat("kto", "string", (prompt, completion) => [prompt, completion]),
  // The same, in TRL's conversational unpaired preference form: the trainer applies the chat template.
  "kto-conversational": ktoFormat("kto-conversational", messages, (prompt, completion) => [[user(prompt)], [assistant(completion)]]),
};

const sftMetaFields: readonly Field[] = [
  ...instructionMetaFields,
  field("model", "string"),
  field("sample_id", "int"),
  field("score", "float", true),
  field("source", "string"),
];

/** LongWriter-6k's SFT format (THUDM/LongWriter train/README.md): one user and one assistant message. */
export const sftFormat: Format<SftRow> = rowFormat<SftRow>(
  "sft",
  ({ provenance }) =>
    provenance ? [field("messages", messages), field("meta", { struct: sftMetaFields })] : [field("messages", messages)],
  (r, { provenance }) => {
    const record: ExportRecord = { messages: [user(r.prompt), assistant(r.text)] };
    if (!provenance) return [record];
    const meta: ExportRecord = {
      instruction_id: r.instruction_id,
      external_id: r.external_id,
      set: r.set_name,
      lang: r.lang,
      length_range: orNull(r.length_range),
      category: orNull(r.category),
      model: r.model,
      sample_id: r.sample_id,
      score: orNull(r.score),
      source: r.source,
    };
    return [{ ...record, meta }];
  },
);

/**
 * The dataset_info.json entry LLaMA-Factory needs beside a file of ours (data/README.md): `ranking` marks
 * preference data; the sharegpt tags (from/value, human/gpt) are its defaults, so only the columns are named.
 */
export function datasetInfoEntry(format: "llama-factory-alpaca" | "llama-factory-sharegpt", fileName: string): DatasetInfoEntry {
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
