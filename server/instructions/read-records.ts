import { CsvError, parse as parseCsv } from "csv-parse/sync";
import type { LineError } from "../../shared/schemas/error";

/** One record of an imported file with the line it starts on, so every error can name its line. */
export interface SourceRecord {
  line: number;
  fields: Record<string, unknown>;
}

export interface ReadResult {
  records: SourceRecord[];
  columns: Set<string>;
  errors: LineError[];
}

export function readJsonl(content: string): ReadResult {
  const records: SourceRecord[] = [];
  const columns = new Set<string>();
  const errors: LineError[] = [];
  content.split(/\r?\n/).forEach((text, i) => {
    const line = i + 1;
    const trimmed = (i === 0 ? text.replace(/^\uFEFF/, "") : text).trim();
    if (trimmed === "") return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (err) {
      errors.push({ line, message: `not JSON (${(err as Error).message})` });
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      errors.push({ line, message: "not a JSON object" });
      return;
    }
    const fields = value as Record<string, unknown>;
    for (const key of Object.keys(fields)) columns.add(key);
    records.push({ line, fields });
  });
  return { records, columns, errors };
}

export function readCsv(content: string): ReadResult {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(content, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const line = err instanceof CsvError && typeof err.lines === "number" ? err.lines : 1;
    return { records: [], columns: new Set(), errors: [{ line, message: `not valid CSV (${(err as Error).message})` }] };
  }
  const [header, ...body] = rows;
  if (!header) return { records: [], columns: new Set(), errors: [] };
  const names = header.record.map((h) => h.trim());
  const errors: LineError[] = [];
  const seen = new Set<string>();
  names.forEach((name) => {
    if (name === "") errors.push({ line: header.info.lines, message: "the header has an empty column name" });
    else if (seen.has(name)) errors.push({ line: header.info.lines, message: `the header repeats column "${name}"` });
    seen.add(name);
  });
  const records: SourceRecord[] = [];
  for (const { record, info } of body) {
    // info.lines is the line a record ends on; a quoted field may span lines, so count back from there.
    const line = info.lines - (record.join(",").match(/\n/g)?.length ?? 0);
    if (record.length !== names.length) {
      errors.push({ line, message: `has ${record.length} fields, the header has ${names.length}` });
      continue;
    }
    records.push({ line, fields: Object.fromEntries(names.map((n, i) => [n, record[i]])) });
  }
  return { records, columns: new Set(names), errors };
}
