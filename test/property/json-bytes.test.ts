import Database from "better-sqlite3";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeRecord, type ColumnType, type ExportRecord, type Field, type Value } from "../../server/export/columns";
import { ByteChunks, chunkBytes, writeRecord } from "../../server/export/json-bytes";
import { runs } from "./arbitraries";

// The JSONL writer's byte encoder (server/export/json-bytes.ts, decision 030) against the simple one
// (columns.ts `encodeRecord`, JSON.stringify underneath): the same bytes for any record of any schema.

/** The fast encoder's bytes for one record. */
function fast(fields: readonly Field[], record: ExportRecord): Buffer {
  const out = new ByteChunks();
  writeRecord(out, fields, record);
  return Buffer.concat(out.take(true));
}

const simple = (fields: readonly Field[], record: ExportRecord) => Buffer.from(encodeRecord(fields, record), "utf8");

/** Any UTF-16 code unit (lone surrogates too), weighted towards what JSON escapes or readers trip on. */
const unit = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x20 }).map((c) => String.fromCharCode(c)) },
  {
    weight: 3,
    arbitrary: fc.constantFrom('"', "\\", "\u2028", "\u2029", "\u007f", "\ud800", "\udfff", "\ud83d\ude00", "é", "长", "/", "\\u", "a"),
  },
);
const anyText = fc.string({ unit, maxLength: 200 });
const textField: Field[] = [{ name: "text", type: "string" }];

describe("the JSONL byte encoder", () => {
  it("writes a string as JSON.stringify does: control chars, quotes, backslashes, U+2028/2029, lone surrogates", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(fast(textField, { text }).toString("latin1")).toBe(Buffer.from(`{"text":${JSON.stringify(text)}}`).toString("latin1"));
      }),
      runs(3000),
    );
  });

  it("writes a text given as UTF-8 bytes as the same text given as a string (lone surrogates are U+FFFD in UTF-8)", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const bytes = Buffer.from(text, "utf8");
        expect(fast(textField, { text: bytes }).equals(simple(textField, { text: bytes.toString("utf8") }))).toBe(true);
      }),
      runs(3000),
    );
  });

  it("decodes bytes that are not UTF-8 as Buffer.toString does (U+FFFD), as the simple encoder does", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (raw) => {
        const bytes = Buffer.from(raw);
        expect(fast(textField, { text: bytes }).equals(simple(textField, { text: bytes }))).toBe(true);
      }),
      runs(3000),
    );
  });

  it("gives the simple encoder's bytes for any schema: nested lists and structs, nulls, missing keys, floats", () => {
    const scalar = fc.constantFrom<ColumnType>("string", "int", "float", "bool");
    const type: fc.Arbitrary<ColumnType> = fc.letrec<{ type: ColumnType; fields: Field[] }>((tie) => ({
      type: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        scalar,
        tie("type").map((t) => ({ list: t })),
        tie("fields").map((f) => ({ struct: f })),
      ),
      fields: fc.uniqueArray(
        fc.record({ name: fc.oneof(fc.constantFrom("prompt", "meta", 'a"b', "é"), anyText), type: tie("type"), nullable: fc.boolean() }),
        { selector: (f) => f.name, maxLength: 4 },
      ),
    })).type;
    const valueArb = (t: ColumnType): fc.Arbitrary<Value | undefined> => {
      const missing = fc.constantFrom(null, undefined);
      if (typeof t === "object" && "list" in t)
        return fc.oneof(missing, fc.array(valueArb(t.list), { maxLength: 3 }) as fc.Arbitrary<Value>);
      if (typeof t === "object") return fc.oneof(missing, recordOf(t.struct));
      if (t === "string")
        return fc.oneof(
          missing,
          anyText,
          anyText.map((s) => Buffer.from(s, "utf8")),
        );
      if (t === "bool") return fc.oneof(missing, fc.boolean());
      if (t === "int") return fc.oneof(missing, fc.integer(), fc.maxSafeInteger());
      return fc.oneof(missing, fc.double(), fc.integer(), fc.constantFrom(0, -0, 1, 1e15, 1e21, 0.67, Number.NaN));
    };
    const recordOf = (fields: readonly Field[]): fc.Arbitrary<ExportRecord> =>
      fc.tuple(...fields.map((f) => valueArb(f.type))).map((values) => {
        const record: Record<string, Value> = {};
        fields.forEach((f, i) => {
          if (values[i] !== undefined) record[f.name] = values[i]!;
        });
        return record;
      });
    const fieldsAndRecord = fc
      .uniqueArray(fc.record({ name: fc.string({ maxLength: 8 }), type }), { selector: (f) => f.name, minLength: 1, maxLength: 5 })
      .chain((fields) => recordOf(fields).map((record) => ({ fields, record })));
    fc.assert(
      fc.property(fieldsAndRecord, ({ fields, record }) => {
        expect(fast(fields, record).toString("latin1")).toBe(simple(fields, record).toString("latin1"));
      }),
      runs(1000),
    );
  });

  it("reads a text back from SQLite as bytes and writes what the same text read as a string gives", () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE t (text TEXT)");
    const insert = db.prepare("INSERT INTO t (text) VALUES (?)");
    const read = db.prepare<[number | bigint], { bytes: Buffer; text: string }>(
      "SELECT CAST(text AS BLOB) AS bytes, text FROM t WHERE rowid = ?",
    );
    fc.assert(
      fc.property(anyText, (text) => {
        // better-sqlite3 stores a lone surrogate as U+FFFD: SQLite text is UTF-8, so none comes back out.
        const row = read.get(insert.run(text).lastInsertRowid)!;
        expect(Buffer.isBuffer(row.bytes)).toBe(true);
        expect(fast(textField, { text: row.bytes }).equals(simple(textField, { text: row.text }))).toBe(true);
      }),
      runs(1000),
    );
    db.close();
  });

  it("splits its output into chunks of about 1 MB whatever the record sizes, texts larger than a chunk included", () => {
    const paragraph = Buffer.from('A "quoted" line — 长篇写作。\n\\ and a tab\t.\n', "utf8");
    const out = new ByteChunks();
    const records = [1, 30_000, 200, 3 * chunkBytes, 5].map((n) => ({
      text: Buffer.concat(Array(Math.ceil(n / paragraph.length)).fill(paragraph)),
    }));
    for (const record of records) writeRecord(out, textField, record);
    expect(out.hasFullChunk).toBe(true);
    const chunks = out.take(true);
    expect(chunks.length).toBeGreaterThan(1);
    // The text larger than a chunk gets one of its own; the others share theirs.
    expect(chunks.length).toBeLessThanOrEqual(3);
    expect(Buffer.concat(chunks).equals(Buffer.concat(records.map((r) => simple(textField, r))))).toBe(true);
    expect(out.length).toBe(0);
  });
});
