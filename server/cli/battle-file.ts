import type { LineError } from "../../shared/schemas/error";
import type { SourceLine } from "../../shared/stats/battle-index";
import { fromFastchat, isFastchatFile } from "../../shared/stats/fastchat-battles";
import { readJsonl } from "../instructions/read-records";

export interface BattleFile {
  /** Records in longpref's battle shape (FastChat's converted), each with its line or record number. */
  records: SourceLine[];
  errors: LineError[];
  notes: string[];
  /** What the numbers count: lines of JSON lines, or records of a JSON array. */
  unit: "line" | "record";
  fastchat: boolean;
}

/**
 * A battle file as `longpref stats` reads it: JSON lines of longpref battle records (its own exports), or
 * FastChat's battle records as a JSON array (clean_battle_data.py's output, longpref's battles-fastchat) or
 * as JSON lines, converted (shared/stats/fastchat-battles.ts).
 */
export function readBattleFile(content: string): BattleFile {
  const text = content.replace(/^\uFEFF/, "");
  let read: { records: SourceLine[]; errors: LineError[] };
  let unit: BattleFile["unit"] = "line";
  if (text.trimStart().startsWith("[")) {
    unit = "record";
    read = readJsonArray(text);
  } else read = readJsonl(text);
  if (!isFastchatFile(read.records)) return { ...read, notes: [], unit, fastchat: false };
  const converted = fromFastchat(read.records);
  return {
    records: converted.lines,
    errors: [...read.errors, ...converted.errors],
    notes: converted.notes,
    unit,
    fastchat: true,
  };
}

function readJsonArray(text: string): { records: SourceLine[]; errors: LineError[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { records: [], errors: [{ line: 1, message: `not a JSON array (${(err as Error).message})` }] };
  }
  if (!Array.isArray(value)) return { records: [], errors: [{ line: 1, message: "not a JSON array" }] };
  const records: SourceLine[] = [];
  const errors: LineError[] = [];
  value.forEach((item: unknown, i) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) errors.push({ line: i + 1, message: "not a JSON object" });
    else records.push({ line: i + 1, fields: item as Record<string, unknown> });
  });
  return { records, errors };
}
