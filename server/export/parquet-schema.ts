import type { SchemaElement } from "hyparquet";
import type { ColumnType, ExportRecord, Field, Value } from "./columns";

// The Parquet schema of an export's fields, and its values in the shapes hyparquet-writer writes. Lists use
// the standard three-level layout (an OPTIONAL/REQUIRED group annotated LIST, a repeated group `list`, its
// `element`) that pyarrow, DuckDB and Hugging Face `datasets` read as a list: a list of structs comes back
// as a list of dicts ({role, content} messages).

/** The flat, depth-first SchemaElement list of a file whose columns are `fields`, root first. */
export function parquetSchema(fields: readonly Field[]): SchemaElement[] {
  return [{ name: "root", num_children: fields.length }, ...fields.flatMap((f) => elements(f.name, f.type, f.nullable ?? false))];
}

function elements(name: string, type: ColumnType, nullable: boolean): SchemaElement[] {
  const repetition_type = nullable ? "OPTIONAL" : "REQUIRED";
  if (typeof type === "object" && "list" in type)
    return [
      { name, repetition_type, converted_type: "LIST", logical_type: { type: "LIST" }, num_children: 1 },
      { name: "list", repetition_type: "REPEATED", num_children: 1 },
      // Elements optional, as pyarrow writes them: a reader never has to refuse a file of ours over it.
      ...elements("element", type.list, true),
    ];
  if (typeof type === "object")
    return [
      { name, repetition_type, num_children: type.struct.length },
      ...type.struct.flatMap((f) => elements(f.name, f.type, f.nullable ?? false)),
    ];
  switch (type) {
    case "string":
      return [{ name, repetition_type, type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" } }];
    case "int":
      return [{ name, repetition_type, type: "INT64" }];
    case "float":
      return [{ name, repetition_type, type: "DOUBLE" }];
    case "bool":
      return [{ name, repetition_type, type: "BOOLEAN" }];
  }
}

/** What hyparquet-writer takes for a value of `type`. */
export type ParquetValue = Buffer | bigint | number | boolean | null | ParquetValue[] | { [key: string]: ParquetValue };

/**
 * A record's value in the writer's shapes: text as UTF-8 bytes (a Buffer passes as is: no decoding of
 * texts read as bytes), integers as bigint (INT64), missing as null. A value of the wrong type is refused
 * here, naming the column, rather than deep in the encoder.
 */
export function parquetValue(type: ColumnType, value: Value | undefined, column: string): ParquetValue {
  if (value === null || value === undefined) return null;
  if (typeof type === "object" && "list" in type) {
    if (!Array.isArray(value)) throw new TypeError(`${column}: expected a list`);
    return (value as readonly Value[]).map((v) => parquetValue(type.list, v, column));
  }
  if (typeof type === "object") {
    if (typeof value !== "object" || Array.isArray(value) || Buffer.isBuffer(value)) throw new TypeError(`${column}: expected an object`);
    return parquetRecord(type.struct, value as ExportRecord, column);
  }
  switch (type) {
    case "string":
      if (Buffer.isBuffer(value)) return value;
      if (typeof value === "string") return Buffer.from(value, "utf8");
      break;
    case "int":
      if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
      break;
    case "float":
      if (typeof value === "number") return value;
      break;
    case "bool":
      if (typeof value === "boolean") return value;
      break;
  }
  throw new TypeError(`${column}: expected ${type}, got ${JSON.stringify(value)}`);
}

export function parquetRecord(fields: readonly Field[], record: ExportRecord, path = ""): { [key: string]: ParquetValue } {
  const out: { [key: string]: ParquetValue } = {};
  for (const f of fields) {
    const column = path ? `${path}.${f.name}` : f.name;
    const value = parquetValue(f.type, record[f.name], column);
    if (value === null && !f.nullable) throw new TypeError(`${column}: null in a column that is not nullable`);
    out[f.name] = value;
  }
  return out;
}
