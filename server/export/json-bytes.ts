import { isUtf8 } from "node:buffer";
import { jsonQuote } from "../db/repos/json-quote";
import { fieldValue, type ColumnType, type ExportRecord, type Field, type Value } from "./columns";

// The JSONL writer's fast path (docs/decisions/030-jsonl-export-bytes.md): records are encoded straight into
// large preallocated Buffers, texts read from SQLite as UTF-8 bytes are escaped as bytes by SQLite's json_quote
// (JSON needs only `"`, `\` and bytes below 0x20 escaped; valid UTF-8 passes through as is), so a 10 kB text
// is never decoded to a JS string, stringified and encoded again. The bytes are those of columns.ts's `encodeRecord`.

/** Size of the Buffers records are written into: one write to the destination per chunk. */
export const chunkBytes = 1 << 20;

/** Bytes gathered into chunks of about `chunkBytes`; `take` hands the filled ones over. */
export class ByteChunks {
  /** Chunks given back once written (`recycle`): their memory is reused, not faulted in afresh per MB. */
  private free: Buffer[] = [];
  private buf: Buffer = Buffer.allocUnsafe(chunkBytes);
  private pos = 0;
  private sealed: Buffer[] = [];
  private sealedBytes = 0;

  /** Bytes held, sealed or not. */
  get length() {
    return this.sealedBytes + this.pos;
  }

  /** Whether a chunk is full and ready to go. */
  get hasFullChunk() {
    return this.sealed.length > 0;
  }

  /** The sealed chunks (all bytes held with `all`), no longer held here. */
  take(all: boolean): Buffer[] {
    if (all) this.seal(0);
    const chunks = this.sealed;
    this.sealed = [];
    this.sealedBytes = 0;
    return chunks;
  }

  /** A chunk from `take`, written and no longer read by anyone: its memory holds the next chunks. */
  recycle(chunk: Buffer) {
    if (chunk.buffer.byteLength === chunkBytes && this.free.length < 8)
      this.free.push(Buffer.from(chunk.buffer as ArrayBuffer, 0, chunkBytes));
  }

  /** A string as UTF-8 (lone surrogates become U+FFFD, as Buffer.from does). */
  utf8(s: string) {
    this.room(s.length * 3);
    this.pos += this.buf.write(s, this.pos, "utf8");
  }

  /** The JSON literal of a string: JSON.stringify's own, so lone surrogates come out as `\udxxx` as it writes them. */
  jsonString(s: string) {
    this.utf8(JSON.stringify(s));
  }

  /**
   * The JSON literal of a text given as its UTF-8 bytes, escaped by SQLite's json_quote (C, about 3× a JS
   * byte loop here); bytes that are not UTF-8 are decoded first as Buffer.toString does.
   */
  jsonBytes(bytes: Buffer) {
    if (!isUtf8(bytes)) this.jsonString(bytes.toString("utf8"));
    else this.raw(jsonQuote(bytes));
  }

  /** Bytes copied as they are. */
  raw(bytes: Buffer) {
    this.room(bytes.length);
    this.pos += bytes.copy(this.buf, this.pos);
  }

  /** Room for `n` more bytes in the current Buffer: a fuller one is sealed first. */
  private room(n: number) {
    if (this.pos + n <= this.buf.length) return;
    this.seal(n);
  }

  private seal(next: number) {
    if (this.pos > 0) {
      this.sealed.push(this.buf.subarray(0, this.pos));
      this.sealedBytes += this.pos;
      this.buf = next <= chunkBytes && this.free.length > 0 ? this.free.pop()! : Buffer.allocUnsafe(Math.max(chunkBytes, next));
      this.pos = 0;
    } else if (next > this.buf.length) this.buf = Buffer.allocUnsafe(next);
  }
}

/** Per field list: each key's bytes with what goes before it (`{"a":`, `,"b":`), built once per export. */
const keyCache = new WeakMap<readonly Field[], Buffer[]>();
function keysOf(fields: readonly Field[]): Buffer[] {
  let keys = keyCache.get(fields);
  if (!keys) {
    keys = fields.map((f, i) => Buffer.from(`${i === 0 ? "{" : ","}${JSON.stringify(f.name)}:`, "utf8"));
    keyCache.set(fields, keys);
  }
  return keys;
}
const openBrace = Buffer.from("{");
const closeBrace = Buffer.from("}");
const nullBytes = Buffer.from("null");

/** One record as columns.ts's `encodeRecord` writes it, straight into `out`. */
export function writeRecord(out: ByteChunks, fields: readonly Field[], record: ExportRecord) {
  const keys = keysOf(fields);
  if (fields.length === 0) out.raw(openBrace);
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    out.raw(keys[i]!);
    writeValue(out, field.type, fieldValue(record, field.name));
  }
  out.raw(closeBrace);
}

function writeValue(out: ByteChunks, type: ColumnType, value: Value | undefined) {
  if (value === null || value === undefined) return out.raw(nullBytes);
  if (typeof type === "object" && "list" in type) {
    const items = value as readonly Value[];
    out.utf8("[");
    for (let i = 0; i < items.length; i++) {
      if (i > 0) out.utf8(",");
      writeValue(out, type.list, items[i]);
    }
    return out.utf8("]");
  }
  if (typeof type === "object") return writeRecord(out, type.struct, value as ExportRecord);
  if (Buffer.isBuffer(value)) return out.jsonBytes(value);
  if (typeof value === "string") return out.jsonString(value);
  if (type === "float" && typeof value === "number" && Number.isInteger(value) && Math.abs(value) < 1e15) return out.utf8(`${value}.0`);
  out.utf8(JSON.stringify(value));
}
