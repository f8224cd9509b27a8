import type { ExportFormatName, PairFormatName } from "../../shared/schemas/export";
import type { BattleRow, PairRow, SftRow } from "./rows";

/**
 * One writer per trainer's format: a canonical row in, the lines (or CSV records) of the file out, each
 * ending in its line break. Field names and shapes follow the trainers' own documentation, quoted in
 * ../shared/reference/stats-and-formats.md §1–3 and S2.
 */
export interface Format<R> {
  name: ExportFormatName;
  extension: "jsonl" | "csv";
  contentType: string;
  /** Written once at the top of the file (the CSV header). */
  header?: string;
  lines(row: R, options: { provenance: boolean }): string[];
}

const jsonl = "application/x-ndjson";
const line = (value: unknown) => `${JSON.stringify(value)}\n`;
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

const battleFields = [
  "comparison_id",
  "instruction_id",
  "length_bucket",
  "category",
  "lang",
  "model_a",
  "model_b",
  "annotator",
  "winner",
  "left",
] as const;

/**
 * The fixture's fields, then what the length- and style-controlled statistics read (always written: they
 * are inputs of `longpref stats`, not provenance).
 */
const battleRecord = (r: BattleRow) => ({
  ...Object.fromEntries(battleFields.map((f) => [f, r[f]])),
  words_a: r.words_a,
  words_b: r.words_b,
  style_a: r.style_a,
  style_b: r.style_b,
});

/** CSV has no objects: each side's Markdown counts become three columns. */
const battleCsvFields = [
  ...battleFields,
  "words_a",
  "words_b",
  "headers_a",
  "list_items_a",
  "bold_a",
  "headers_b",
  "list_items_b",
  "bold_b",
] as const;

const battleCsvCells = (r: BattleRow) => [
  ...battleFields.map((f) => r[f]),
  r.words_a,
  r.words_b,
  r.style_a.headers,
  r.style_a.list_items,
  r.style_a.bold,
  r.style_b.headers,
  r.style_b.list_items,
  r.style_b.bold,
];

/**
 * A CSV cell per RFC 4180 (quoted when it holds a comma, a quote, CR or LF; quotes doubled), made inert
 * for spreadsheets first: text starting with = + - @, a tab or CR would be read as a formula (CSV
 * injection, OWASP), so it gets a leading single quote; so does text where one of those follows white
 * space (importers may trim it) or comes in its full-width form (＝ ＋ － ＠, formulas in CJK locales).
 * Annotator names, categories, instruction ids and model names are user input. Numbers are longpref's
 * own (a negative margin is data, not a formula) and are written as they are.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let cell = String(value);
  if (typeof value === "string" && /^(?:[\t\r]|\s*[=+\-@＝＋－＠])/.test(cell)) cell = `'${cell}`;
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

const csvRecord = (cells: (string | number | null)[]) => `${cells.map(csvCell).join(",")}\r\n`;

export const battleFormats: Record<"battles-jsonl" | "battles-csv", Format<BattleRow>> = {
  "battles-jsonl": {
    name: "battles-jsonl",
    extension: "jsonl",
    contentType: jsonl,
    lines: (r, { provenance }) => [
      line(
        provenance
          ? {
              ...battleRecord(r),
              meta: { campaign_id: r.campaign_id, judgment_id: r.judgment_id, margin: r.margin, created_at: r.created_at },
            }
          : battleRecord(r),
      ),
    ],
  },
  "battles-csv": {
    name: "battles-csv",
    extension: "csv",
    contentType: "text/csv; charset=utf-8",
    header: csvRecord([...battleCsvFields]),
    lines: (r) => [csvRecord(battleCsvCells(r))],
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
