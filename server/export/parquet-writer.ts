import type { Writable } from "node:stream";
import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import type { ExportRecord, Field } from "./columns";
import { parquetRecord, parquetSchema, type ParquetValue } from "./parquet-schema";
import { drained } from "./write";

export interface ParquetLimits {
  /** A row group is written once it holds this many rows… */
  rowGroupRows: number;
  /** …or about this many bytes of text, whichever comes first: memory is bounded by one row group. */
  rowGroupBytes: number;
}

/**
 * Row groups of 10,000 rows or ~64 MB: long-form rows run 10–100 KB, so the byte bound is the one that
 * usually applies; readers (pyarrow, DuckDB) do well with groups of this size.
 */
export const defaultLimits: ParquetLimits = { rowGroupRows: 10_000, rowGroupBytes: 64 << 20 };

/** Approximate bytes a value holds (texts and their lists), for the row group's byte bound. */
function sizeOf(value: ParquetValue): number {
  if (value === null) return 1;
  if (Buffer.isBuffer(value)) return value.length + 4;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + sizeOf(v), 4);
  if (typeof value === "object") return Object.values(value).reduce((n: number, v) => n + sizeOf(v), 0);
  return 8;
}

/** The library calls flush after each row group and finish at the end: both hand the bytes over. */
class HandOver extends ByteWriter {
  constructor(private readonly handOver: () => void) {
    super(1 << 20);
  }
  flush() {
    this.handOver();
  }
  override finish() {
    this.handOver();
  }
}

/**
 * A Parquet file written to a stream one row group at a time (hyparquet-writer's ParquetWriter): records
 * are buffered column-wise until a row group is full, then encoded, compressed (Snappy, the Hub's and
 * pyarrow's default) and written, waiting for the stream to drain. The footer goes out on `finish`.
 */
export class ParquetStream {
  readonly stats = { rows: 0, bytes: 0 };
  private readonly bytes = new HandOver(() => {
    this.flushResult = this.send();
  });
  private readonly writer: ParquetWriter;
  private columns: ParquetValue[][];
  private buffered = 0;
  private bufferedBytes = 0;
  private flushResult: Promise<boolean> | boolean = true;

  constructor(
    readonly out: Writable,
    private readonly fields: readonly Field[],
    private readonly limits: ParquetLimits = defaultLimits,
    kvMetadata: { key: string; value: string }[] = [],
  ) {
    this.columns = fields.map(() => []);
    this.writer = new ParquetWriter({
      writer: this.bytes,
      schema: parquetSchema(fields),
      codec: "SNAPPY",
      // Min/max of 100 KB texts would cost a comparison per byte and help no reader of training data.
      statistics: false,
      kvMetadata,
      createdBy: "longpref (hyparquet-writer)",
    });
  }

  add(record: ExportRecord) {
    const row = parquetRecord(this.fields, record);
    this.fields.forEach((f, i) => {
      const value = row[f.name] ?? null;
      this.columns[i]!.push(value);
      this.bufferedBytes += sizeOf(value);
    });
    this.buffered++;
    this.stats.rows++;
  }

  get full() {
    return this.buffered >= this.limits.rowGroupRows || this.bufferedBytes >= this.limits.rowGroupBytes;
  }

  /** Writes the buffered rows as one row group; false when the destination is gone. */
  async flush(): Promise<boolean> {
    if (this.buffered === 0) return !this.out.destroyed;
    const columnData = this.fields.map((f, i) => ({ name: f.name, data: this.columns[i]! }));
    this.columns = this.fields.map(() => []);
    this.buffered = 0;
    this.bufferedBytes = 0;
    this.writer.write({ columnData: columnData as never, rowGroupSize: Number.MAX_SAFE_INTEGER });
    return this.flushResult;
  }

  /** The last row group and the footer; false when the destination is gone. */
  async finish(): Promise<boolean> {
    if (!(await this.flush())) return false;
    this.writer.finish();
    return this.flushResult;
  }

  private send(): Promise<boolean> | boolean {
    if (this.bytes.index === 0) return !this.out.destroyed;
    // A copy: the writer's buffer is reused for the next row group.
    const chunk = Buffer.from(this.bytes.getBytes());
    this.bytes.index = 0;
    if (this.out.destroyed || this.out.writableEnded) return false;
    this.stats.bytes += chunk.length;
    return this.out.write(chunk) || drained(this.out);
  }
}
