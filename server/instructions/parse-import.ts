import type { LineError } from "../../shared/schemas/error";
import type { ColumnMapping, ImportFormat } from "../../shared/schemas/import";
import type { Lang, LengthRange, LengthSource } from "../../shared/schemas/instruction";
import { detectLang } from "../../shared/instructions/language";
import { lengthRangeOf } from "../../shared/instructions/length-range";
import { parseRequiredLength } from "../../shared/instructions/required-length";
import { nulMessage, withoutNul } from "../../shared/schemas/text";
import type { NewInstruction } from "../db/repos/instructions";
import { readCsv, readJsonl, type SourceRecord } from "./read-records";

type Field = keyof ColumnMapping;

// Column names tried, in order, when the mapping does not name one.
const candidates: Record<Field, string[]> = {
  id: ["id", "external_id", "uid", "_id"],
  prompt: ["prompt", "instruction", "query", "question", "input"],
  required_length: ["length", "required_length", "word_count", "target_length"],
  lang: ["lang", "language"],
  category: ["category", "type"],
};
// LongBench-Write's {prompt, type, length} rows.
const longbenchMapping: ColumnMapping = { prompt: "prompt", category: "type", required_length: "length" };

export const emptyFileMessage = "the file is empty";

export type ImportParseResult = { ok: true; instructions: NewInstruction[] } | { ok: false; errors: LineError[] };

export function detectFormat(content: string, fileName?: string): ImportFormat {
  if (fileName?.toLowerCase().endsWith(".csv")) return "csv";
  const first =
    content
      .replace(/^\uFEFF/, "")
      .split(/\r?\n/, 1)[0]
      ?.trim() ?? "";
  if (!first.startsWith("{")) return fileName === undefined ? "csv" : "jsonl";
  try {
    const keys = Object.keys(JSON.parse(first) as object);
    return ["prompt", "type", "length"].every((k) => keys.includes(k)) ? "longbench" : "jsonl";
  } catch {
    return "jsonl";
  }
}

function resolveMapping(format: ImportFormat, given: ColumnMapping, columns: Set<string>) {
  const errors: LineError[] = [];
  const base = format === "longbench" ? longbenchMapping : {};
  const mapping: Partial<Record<Field, string>> = {};
  for (const field of Object.keys(candidates) as Field[]) {
    const named = given[field] ?? base[field];
    if (named !== undefined) {
      if (columns.has(named)) mapping[field] = named;
      else if (given[field] !== undefined || field === "prompt") {
        errors.push({ line: 1, message: `unknown column in the mapping: ${field} → "${named}" is not a column of the file` });
      }
    } else {
      const found = candidates[field].find((c) => columns.has(c));
      if (found) mapping[field] = found;
    }
  }
  if (!mapping.prompt && errors.length === 0) {
    errors.push({ line: 1, message: `no prompt column: map one of ${[...columns].join(", ") || "(no columns)"}` });
  }
  return { mapping, errors };
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");
const asText = (v: unknown) => (typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : undefined);

function normaliseLang(value: string): Lang {
  const v = value.toLowerCase();
  if (v.startsWith("zh") || v === "chinese" || v === "中文") return "zh";
  if (v.startsWith("en") || v === "english") return "en";
  return "other";
}

/** A short quotable form of a bad value: never the whole of a (possibly huge or deep) structure. */
function quoted(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object" && value !== null) return "an object";
  const text = typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : String(value);
  return typeof value === "string" && value.length > 40 ? `${text.slice(0, -1)}..."` : text;
}

function readLength(value: unknown): number | string {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : `length must be a positive integer, got ${quoted(value)}`;
}

/**
 * Turns a whole file into instructions, or into the list of every bad line. Nothing is partial:
 * one bad line means no instruction at all, so the caller writes all or nothing.
 */
export function parseImport(
  content: string,
  format: ImportFormat,
  given: ColumnMapping,
  ranges: readonly LengthRange[],
): ImportParseResult {
  // Said as such: an empty file would otherwise be reported as one without a prompt column.
  if (content.replace(/^\uFEFF/, "").trim() === "") return { ok: false, errors: [{ line: 1, message: emptyFileMessage }] };
  const read = format === "csv" ? readCsv(content) : readJsonl(content);
  // A file that could not be read at all has no columns to map: its own errors say what is wrong.
  const unreadable = read.columns.size === 0 && read.errors.length > 0;
  const { mapping, errors: mappingErrors } = unreadable ? { mapping: {}, errors: [] } : resolveMapping(format, given, read.columns);
  const errors = [...read.errors, ...mappingErrors];
  if (read.records.length === 0 && errors.length === 0) {
    return { ok: false, errors: [{ line: 1, message: "the file holds no instructions" }] };
  }
  if (mappingErrors.length > 0) return { ok: false, errors };

  const mapped = new Set(Object.values(mapping));
  const idLines = new Map<string, number>();
  const instructions: NewInstruction[] = [];
  read.records.forEach((record: SourceRecord, index) => {
    const f = (field: Field) => (mapping[field] ? record.fields[mapping[field]] : undefined);
    const lineErrors: string[] = [];
    const prompt = f("prompt");
    if (typeof prompt !== "string" || prompt.trim() === "") lineErrors.push(`missing prompt (column "${mapping.prompt}")`);

    const withNul = (["prompt", "id", "lang", "category"] as const).filter((field) => {
      const value = f(field);
      return typeof value === "string" && !withoutNul(value);
    });
    if (withNul.length > 0) lineErrors.push(withNul.map((field) => `column "${mapping[field]}": ${nulMessage}`).join("; "));

    const externalId = blank(f("id")) ? String(index + 1) : asText(f("id"));
    if (externalId === undefined) lineErrors.push(`id must be a string or a number`);
    else if (idLines.has(externalId)) lineErrors.push(`duplicate id "${externalId}" (first on line ${idLines.get(externalId)})`);
    else idLines.set(externalId, record.line);

    let requiredLength: number | null = null;
    let lengthSource: LengthSource = "none";
    if (!blank(f("required_length"))) {
      const length = readLength(f("required_length"));
      if (typeof length === "string") lineErrors.push(length);
      else {
        requiredLength = length;
        lengthSource = "field";
      }
    } else if (typeof prompt === "string") {
      requiredLength = parseRequiredLength(prompt);
      lengthSource = requiredLength === null ? "none" : "parsed";
    }

    if (lineErrors.length > 0) {
      errors.push({ line: record.line, message: lineErrors.join("; ") });
      return;
    }
    const text = prompt as string;
    const lang = asText(f("lang"));
    const category = asText(f("category"));
    instructions.push({
      external_id: externalId!,
      prompt: text,
      required_length: requiredLength,
      length_source: lengthSource,
      lang: lang ? normaliseLang(lang) : detectLang(text),
      length_range: lengthRangeOf(requiredLength, ranges),
      category: category ? category : null,
      metadata: Object.fromEntries(Object.entries(record.fields).filter(([k]) => !mapped.has(k))),
    });
  });
  errors.sort((a, b) => a.line - b.line);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, instructions };
}
