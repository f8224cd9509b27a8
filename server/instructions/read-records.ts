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

// A UTF-16 surrogate with no partner: JSON's "\ud800" escape can make one. SQLite and UTF-8 can hold no
// such character and would store U+FFFD instead, silently changing the text, so the line is refused.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const surrogateMessage = "holds an unpaired UTF-16 surrogate (a lone \\ud800–\\udfff): not valid Unicode text";

/** How deep a line's JSON may nest: a record is flat; its metadata may hold a few levels. */
export const MAX_JSON_DEPTH = 32;
const depthMessage = `nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels`;

/**
 * What is wrong with a parsed line's values, or null. Walked with a stack of its own, not recursion: JSON.parse
 * reads a line nested a million levels deep, which a recursive walk (or JSON.stringify, as the line is stored)
 * would overflow on.
 */
function badValue(root: unknown): string | null {
  const pending: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value, depth } = item;
    if (typeof value === "string") {
      if (loneSurrogate.test(value)) return surrogateMessage;
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) return depthMessage;
    for (const [key, v] of Object.entries(value)) {
      if (loneSurrogate.test(key)) return surrogateMessage;
      pending.push({ value: v, depth: depth + 1 });
    }
  }
  return null;
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
    const bad = badValue(value);
    if (bad !== null) {
      errors.push({ line, message: bad });
      return;
    }
    const fields = value as Record<string, unknown>;
    for (const key of Object.keys(fields)) columns.add(key);
    records.push({ line, fields });
  });
  return { records, columns, errors };
}

/**
 * The line each byte offset of `content` is on, asked for in increasing order. csv-parse's own line count
 * counts a CRLF inside a quoted field twice, so the lines are counted here from the byte offsets it reports.
 * CR, LF and CRLF each end a line; they never occur inside a multi-byte UTF-8 sequence.
 */
function lineCounter(content: string) {
  const bytes = Buffer.from(content);
  let at = 0;
  let line = 1;
  return {
    bytes,
    lineAt(offset: number) {
      for (; at < offset && at < bytes.length; at++) {
        if (bytes[at] === 0x0a || (bytes[at] === 0x0d && bytes[at + 1] !== 0x0a)) line++;
      }
      return line;
    },
  };
}

export function readCsv(content: string): ReadResult {
  const lone = loneSurrogate.exec(content);
  if (lone) {
    const line = content.slice(0, lone.index).split(/\r\n|\r|\n/).length;
    return { records: [], columns: new Set(), errors: [{ line, message: surrogateMessage }] };
  }
  const lines = lineCounter(content);
  let rows: { record: string[]; info: { bytes: number } }[];
  try {
    rows = parseCsv(lines.bytes, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { bytes: number } }[];
  } catch (err) {
    const line = err instanceof CsvError && typeof err.bytes === "number" ? lines.lineAt(err.bytes) : 1;
    return { records: [], columns: new Set(), errors: [{ line, message: `not valid CSV (${(err as Error).message})` }] };
  }
  // info.bytes is where a record ends (after its line break); the next starts past any empty lines.
  let end = 0;
  const located = rows.map(({ record, info }) => {
    let start = end;
    while (lines.bytes[start] === 0x0a || lines.bytes[start] === 0x0d) start++;
    end = info.bytes;
    return { record, line: lines.lineAt(start) };
  });
  const [header, ...body] = located;
  if (!header) return { records: [], columns: new Set(), errors: [] };
  const names = header.record.map((h) => h.trim());
  const errors: LineError[] = [];
  const seen = new Set<string>();
  names.forEach((name) => {
    if (name === "") errors.push({ line: header.line, message: "the header has an empty column name" });
    else if (seen.has(name)) errors.push({ line: header.line, message: `the header repeats column "${name}"` });
    seen.add(name);
  });
  const records: SourceRecord[] = [];
  for (const { record, line } of body) {
    if (record.length !== names.length) {
      errors.push({ line, message: `has ${record.length} fields, the header has ${names.length}` });
      continue;
    }
    records.push({ line, fields: Object.fromEntries(names.map((n, i) => [n, record[i]])) });
  }
  return { records, columns: new Set(names), errors };
}
