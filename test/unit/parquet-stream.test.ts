import { createWriteStream, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import type { ExportRecord, Field } from "../../server/export/columns";
import type { Format } from "../../server/export/formats";
import { prepareParquetExport } from "../../server/export/parquet-export";
import { readParquet } from "../helpers/read-parquet";

// The Parquet path streams: the source is read one row group ahead of the destination at most, so memory
// is one row group whatever the row count.

interface Row {
  external_id: string;
  n: number;
}

const fields: readonly Field[] = [
  { name: "n", type: "int" },
  { name: "text", type: "string" },
];

/** A format of hand-made fields: `text` a fresh Buffer of `size` bytes per row (kept alive if rows were kept). */
const format = (size: number): Format<Row> => ({
  name: "trl",
  extension: "jsonl",
  contentType: "application/x-ndjson",
  lines: () => [],
  fields: () => fields,
  records: (row): ExportRecord[] => [{ n: row.n, text: Buffer.alloc(size, 97 + (row.n % 26)) }],
});

function* source(count: number, pulled: { n: number }): Generator<Row> {
  for (let n = 0; n < count; n++) {
    pulled.n++;
    yield { external_id: `item-${n}`, n };
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("Parquet stream", () => {
  it("stops reading the source while the destination is full, and resumes when it drains", async () => {
    const pulled = { n: 0 };
    let release: (() => void) | undefined;
    let firstWrite: () => void = () => {};
    const wrote = new Promise<void>((resolve) => (firstWrite = resolve));
    const file = join(mkdtempSync(join(tmpdir(), "longpref-pq-")), "held.parquet");
    const disk = createWriteStream(file);
    // Holds the first chunk until released: its buffer (1 byte) is full from the first write on.
    const held = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _enc, done) {
        disk.write(chunk);
        if (release === undefined) {
          release = done;
          firstWrite();
        } else done();
      },
    });
    const prepared = prepareParquetExport(source(1000, pulled), format(100), {
      provenance: false,
      limits: { rowGroupRows: 10, rowGroupBytes: 1 << 30 },
    });
    const writing = prepared.write({ train: held });
    await wrote;
    for (let i = 0; i < 20; i++) await tick();
    // The header and the first row group went out; nothing more is read until the destination drains.
    expect(pulled.n).toBe(10);
    release!();
    const stats = await writing;
    held.end();
    disk.end();
    await finished(disk);
    expect(pulled.n).toBe(1000);
    expect(stats.train.rows).toBe(1000);
    const contents = await readParquet(file);
    expect(contents.rowGroups).toBe(100);
    expect(contents.rows.map((r) => Number(r.n))).toEqual(Array.from({ length: 1000 }, (_, n) => n));
  });

  it("keeps memory flat: 256 MB of text through 1 MB row groups grows the heap by far less than the data", async () => {
    const size = 64 * 1024;
    const rows = 4096;
    const baseline = process.memoryUsage();
    let peak = 0;
    const sample = () => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed + m.arrayBuffers - baseline.heapUsed - baseline.arrayBuffers);
    };
    let bytes = 0;
    const discard = new Writable({
      write(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        sample();
        done();
      },
    });
    const prepared = prepareParquetExport(source(rows, { n: 0 }), format(size), {
      provenance: false,
      limits: { rowGroupRows: 100_000, rowGroupBytes: 1 << 20 },
    });
    const stats = await prepared.write({ train: discard }, sample);
    expect(stats.train.rows).toBe(rows);
    expect(bytes).toBeGreaterThan(0);
    // Held rows would be 256 MB; one row group and its encoding are a few MB, plus garbage not yet collected.
    expect(peak).toBeLessThan((rows * size) / 4);
  }, 60_000);
});
