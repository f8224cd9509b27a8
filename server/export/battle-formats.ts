import type { BattleRow } from "./rows";
import { csvCell } from "./csv-cell";
import { jsonl, line, type Format } from "./formats";

// Battle records: one line per human judgment, the input of `longpref stats` and of Arena-style tools.

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
