import type { BattleFormatName } from "../../shared/schemas/export";
import { encodeRecord, type ExportRecord, type Field } from "./columns";
import { csvCell } from "./csv-cell";
import { jsonl, type Format, type FormatOptions } from "./formats";
import type { BattleRow } from "./rows";

// Battle records: one record per human judgment, the input of `longpref stats` and of Arena-style tools.

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

const text = (name: string, nullable = false): Field => ({ name, type: "string", nullable });
const int = (name: string): Field => ({ name, type: "int" });
const styleField = (name: string): Field => ({ name, type: { struct: [int("headers"), int("list_items"), int("bold")] } });

/**
 * battles-jsonl's columns: the fixture's fields, then what the length- and style-controlled statistics read
 * (always written: they are inputs of `longpref stats`, not provenance), then `meta` on every line with
 * provenance. The same keys and types on every line, null where unknown.
 */
const battleJsonlFields: readonly Field[] = [
  ...battleFields.map((f) => text(f, f === "length_bucket" || f === "category")),
  int("words_a"),
  int("words_b"),
  styleField("style_a"),
  styleField("style_b"),
];
const battleMetaField: Field = {
  name: "meta",
  type: { struct: [int("campaign_id"), int("judgment_id"), text("margin", true), text("created_at")] },
};

const battleJsonlFieldsOf = ({ provenance }: FormatOptions) => (provenance ? battleJsonlWithMeta : battleJsonlFields);
const battleJsonlWithMeta: readonly Field[] = [...battleJsonlFields, battleMetaField];

const battleRecord = (r: BattleRow, { provenance }: FormatOptions): ExportRecord => ({
  ...Object.fromEntries(battleFields.map((f) => [f, r[f]])),
  words_a: r.words_a,
  words_b: r.words_b,
  style_a: r.style_a,
  style_b: r.style_b,
  ...(provenance ? { meta: { campaign_id: r.campaign_id, judgment_id: r.judgment_id, margin: r.margin, created_at: r.created_at } } : {}),
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

const csvRecord = (cells: (string | number | null)[]) => `${cells.map(csvCell).join(",")}\r\n`;

/**
 * FastChat's language names: clean_battle_data.py sets `language` from fastchat/utils.py detect_language,
 * polyglot's `Detector(text).language.name` ("English", "Chinese"), "unknown" when undetected; the
 * leaderboard's categories filter on "English" and "Chinese" (elo_analysis.py filter_func_map).
 */
export const fastchatLanguage = (lang: string) => (lang === "en" ? "English" : lang === "zh" ? "Chinese" : "unknown");

/** Verdicts as clean_battle_data.py's convert_type writes them: both-bad is "tie (bothbad)", a tie to elo_analysis. */
const fastchatWinner = { model_a: "model_a", model_b: "model_b", tie: "tie", both_bad: "tie (bothbad)" } as const;

const message = { struct: [text("role"), text("content")] } as const;

/**
 * A record of lm-sys/FastChat fastchat/serve/monitor/clean_battle_data.py's output, keys in its order:
 * question_id (there the conversation id, here the comparison's id: every judgment of one pair of outputs
 * shares it), model_a, model_b, winner, judge (the annotator), conversation_a/b (with_texts only, its
 * to_openai_format: the user prompt then the assistant's answer), turn (len(conversation_a) // 2: one),
 * anony (true: annotators never see model names), language, tstamp (the judgment's Unix time, a float).
 */
const fastchatFieldsWith = (withTexts: boolean): readonly Field[] => [
  text("question_id"),
  text("model_a"),
  text("model_b"),
  text("winner"),
  text("judge"),
  ...(withTexts
    ? [
        { name: "conversation_a", type: { list: message } },
        { name: "conversation_b", type: { list: message } },
      ]
    : []),
  int("turn"),
  { name: "anony", type: "bool" },
  text("language"),
  { name: "tstamp", type: "float" },
];

const fastchatFieldSets = [fastchatFieldsWith(false), fastchatFieldsWith(true)] as const;
const fastchatFields = ({ withTexts }: FormatOptions) => fastchatFieldSets[withTexts ? 1 : 0];

const conversation = (prompt: string, answer: string) => [
  { role: "user", content: prompt },
  { role: "assistant", content: answer },
];

const fastchatRecord = (r: BattleRow, { withTexts }: FormatOptions): ExportRecord => ({
  question_id: r.comparison_id,
  model_a: r.model_a,
  model_b: r.model_b,
  winner: fastchatWinner[r.winner],
  judge: r.annotator,
  ...(withTexts && r.texts
    ? { conversation_a: conversation(r.texts.prompt, r.texts.a), conversation_b: conversation(r.texts.prompt, r.texts.b) }
    : {}),
  turn: 1,
  anony: true,
  language: fastchatLanguage(r.lang),
  tstamp: r.tstamp,
});

export const battleFormats: Record<BattleFormatName, Format<BattleRow>> = {
  "battles-jsonl": {
    name: "battles-jsonl",
    extension: "jsonl",
    contentType: jsonl,
    fields: battleJsonlFieldsOf,
    records: (r, options) => [battleRecord(r, options)],
    lines: (r, options) => [`${encodeRecord(battleJsonlFieldsOf(options), battleRecord(r, options))}\n`],
  },
  "battles-csv": {
    name: "battles-csv",
    extension: "csv",
    contentType: "text/csv; charset=utf-8",
    header: csvRecord([...battleCsvFields]),
    lines: (r) => [csvRecord(battleCsvCells(r))],
  },
  // A JSON array, not JSON lines: elo_analysis.py reads it with pd.read_json(args.clean_battle_file).
  "battles-fastchat": {
    name: "battles-fastchat",
    extension: "json",
    contentType: "application/json; charset=utf-8",
    header: "[\n",
    separator: ",\n",
    footer: "\n]\n",
    fields: fastchatFields,
    records: (r, options) => [fastchatRecord(r, options)],
    lines: (r, options) => [encodeRecord(fastchatFields(options), fastchatRecord(r, options))],
  },
};
