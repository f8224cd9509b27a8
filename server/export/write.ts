import { WriteStream } from "node:fs";
import type { Writable } from "node:stream";
import type { ExportRecord, Field } from "./columns";
import type { Format } from "./formats";
import { ByteChunks, writeRecord } from "./json-bytes";
import { splitSide, type SplitSettings, type SplitSide } from "./split";

export interface SideStats {
  rows: number;
  bytes: number;
}

export interface WriteStats {
  train: SideStats;
  test: SideStats;
  /** The destination closed before the end (an HTTP client went away). */
  aborted: boolean;
}

/** Resolves true once `out` drains, false if it closes first; rejects on its error. */
export function drained(out: Writable): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const done = (value: boolean | Error) => {
      out.off("drain", onDrain);
      out.off("close", onClose);
      out.off("error", onError);
      if (value instanceof Error) reject(value);
      else resolve(value);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    const onError = (err: Error) => done(err);
    out.on("drain", onDrain);
    out.on("close", onClose);
    out.on("error", onError);
  });
}

const newline = Buffer.from("\n");

/**
 * One destination: lines and records are written into Buffers of about 1 MB (json-bytes.ts), each handed
 * to the destination in one write once full, not per short battle record nor per 20 kB pair.
 */
class Sink {
  readonly stats: SideStats = { rows: 0, bytes: 0 };
  private chunks = new ByteChunks();

  private readonly recycles: boolean;

  constructor(readonly out: Writable) {
    this.recycles = out instanceof WriteStream;
  }

  add(line: string, countsAsRow: boolean) {
    this.chunks.utf8(line);
    if (countsAsRow) this.stats.rows++;
  }

  /** A record as its JSON line: the bytes of `encodeRecord(fields, record)` and a line break. */
  addRecord(fields: readonly Field[], record: ExportRecord) {
    writeRecord(this.chunks, fields, record);
    this.chunks.raw(newline);
    this.stats.rows++;
  }

  get full() {
    return this.chunks.hasFullChunk;
  }

  /**
   * The destination's 'drain' after a chunk it could not take at once: awaited before the next write, not
   * at once, so the next chunk is encoded while this one is written (two cores: SQLite and encoding on
   * one, the file system on the other). At most one more chunk is held meanwhile.
   */
  private draining: Promise<boolean> | undefined;

  /**
   * Writes the full chunks (everything with `all`, then waits until written); false when the destination
   * is gone.
   */
  async flush(all = false): Promise<boolean> {
    const chunks = this.chunks.take(all);
    if (this.draining) {
      const draining = this.draining;
      this.draining = undefined;
      if (!(await draining)) return false;
    }
    if (chunks.length === 0) return !this.out.destroyed;
    if (this.out.destroyed || this.out.writableEnded) return false;
    let room = true;
    for (const chunk of chunks) {
      this.stats.bytes += chunk.length;
      // A file stream is done with a chunk once written: its memory is reused. Other destinations (an HTTP
      // response, a test's collector) may keep it.
      room = this.recycles ? this.out.write(chunk, () => this.chunks.recycle(chunk)) : this.out.write(chunk);
    }
    if (room) return true;
    const draining = drained(this.out);
    if (all) return draining;
    // Its error, if any, is thrown by the next flush; caught here so it is not reported as unhandled meanwhile.
    draining.catch(() => {});
    this.draining = draining;
    return true;
  }
}

/** A source ready to write: its first row already read, so an empty selection is known before any byte goes out. */
export interface PreparedExport {
  empty: boolean;
  write(outs: Partial<Record<SplitSide, Writable>>, onProgress?: (stats: WriteStats) => void): Promise<WriteStats>;
  /** Closes the source without writing (its statement, so its connection is free again). */
  cancel(): void;
}

/**
 * Writes rows through a format to one Writable per side of the split (only `train` without a split), with
 * backpressure: the source is not read further while a destination's buffer is full, so memory stays flat
 * whatever the row count. With `only`, rows of the other side are dropped before the first one is peeked.
 * Rows counted are the records written (KTO writes two per pair); the CSV header is not one.
 */
export function prepareExport<R extends { external_id: string }>(
  source: Generator<R>,
  format: Format<R>,
  options: { provenance: boolean; withTexts?: boolean; split?: SplitSettings & { only?: SplitSide } },
): PreparedExport {
  const { split } = options;
  const sideOf = (row: R): SplitSide => (split ? splitSide(row.external_id, split) : "train");
  function* rows(): Generator<R> {
    for (const row of source) if (!split?.only || sideOf(row) === split.only) yield row;
  }
  const iterator = rows();
  const first = iterator.next();
  const lineOptions = { provenance: options.provenance, withTexts: options.withTexts };
  // JSON lines of a format declaring its records are encoded from them as bytes (json-bytes.ts), not
  // through `lines`: the same bytes without a string per line.
  const fields = format.extension === "jsonl" && format.records ? format.fields?.(lineOptions) : undefined;
  const records = format.records?.bind(format);
  return {
    empty: first.done === true,
    cancel: () => void iterator.return(undefined),
    async write(outs, onProgress) {
      const sinks: Partial<Record<SplitSide, Sink>> = {};
      for (const side of ["train", "test"] as const) {
        const out = outs[side];
        if (!out) continue;
        const sink = (sinks[side] = new Sink(out));
        if (format.header) sink.add(format.header, false);
      }
      const stats = (aborted: boolean): WriteStats => ({
        train: sinks.train?.stats ?? { rows: 0, bytes: 0 },
        test: sinks.test?.stats ?? { rows: 0, bytes: 0 },
        aborted,
      });
      try {
        let next = first;
        while (!next.done) {
          const sink = sinks[sideOf(next.value)];
          if (sink) {
            if (fields && records) for (const record of records(next.value, lineOptions)) sink.addRecord(fields, record);
            else
              for (const line of format.lines(next.value, lineOptions))
                sink.add(format.separator && sink.stats.rows > 0 ? format.separator + line : line, true);
            if (sink.full) {
              if (!(await sink.flush())) return stats(true);
              onProgress?.(stats(false));
            }
          }
          next = iterator.next();
        }
        for (const sink of Object.values(sinks)) {
          if (format.footer) sink.add(format.footer, false);
          if (!(await sink.flush(true))) return stats(true);
        }
        onProgress?.(stats(false));
        return stats(false);
      } finally {
        // Early exits (a client gone, a write error) close the statement too.
        iterator.return(undefined);
      }
    },
  };
}
