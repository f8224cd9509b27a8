// The explicit schema of an export's rows, shared by every writer: JSONL writes the same keys in the same
// order on every line (null where unknown, one type per key), Parquet declares the same columns, the
// dataset card lists them as `features`. A format declares its fields once and yields records of values.

export type ScalarType = "string" | "int" | "float" | "bool";
export type ColumnType = ScalarType | { list: ColumnType } | { struct: readonly Field[] };

export interface Field {
  name: string;
  type: ColumnType;
  /** Null allowed (written as JSON null, a Parquet OPTIONAL column); required otherwise. */
  nullable?: boolean;
}

/**
 * A value of a record. Text may come as a string or as its UTF-8 bytes (a Buffer read from SQLite without
 * decoding): writers treat both as the same string.
 */
export type Value = string | Buffer | number | boolean | null | readonly Value[] | { readonly [key: string]: Value };
export type ExportRecord = { readonly [key: string]: Value };

/**
 * One record as a JSON line, keys in the fields' order whatever the record's own order, a missing key
 * written as null, a float always with a decimal point (1.0, not 1: readers that infer types from the
 * first rows would type a column int and refuse 0.67 later). The simple, correct encoder: the JSONL writer's
 * fast one (json-bytes.ts) gives the same bytes (test/property/json-bytes.test.ts).
 */
export function encodeRecord(fields: readonly Field[], record: ExportRecord): string {
  return `{${fields.map((f) => `${JSON.stringify(f.name)}:${encodeValue(f.type, fieldValue(record, f.name))}`).join(",")}}`;
}

/** The record's own value for a key (a key named like an Object method, `toString`, is not inherited). */
export function fieldValue(record: ExportRecord, name: string): Value {
  return Object.hasOwn(record, name) ? (record[name] ?? null) : null;
}

function encodeValue(type: ColumnType, value: Value | undefined): string {
  if (value === null || value === undefined) return "null";
  if (typeof type === "object" && "list" in type) return `[${(value as readonly Value[]).map((v) => encodeValue(type.list, v)).join(",")}]`;
  if (typeof type === "object") return encodeRecord(type.struct, value as ExportRecord);
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString("utf8"));
  if (type === "float" && typeof value === "number" && Number.isInteger(value) && Math.abs(value) < 1e15) return `${value}.0`;
  return JSON.stringify(value);
}
