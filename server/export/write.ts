import type { Writable } from "node:stream";
import type { Format } from "./formats";
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

/** Lines are gathered into chunks of about this size: one write per chunk, not per short battle record. */
const chunkChars = 64 * 1024;

/** Resolves true once `out` drains, false if it closes first; rejects on its error. */
function drained(out: Writable): Promise<boolean> {
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

class Sink {
  readonly stats: SideStats = { rows: 0, bytes: 0 };
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(readonly out: Writable) {}

  add(line: string, countsAsRow: boolean) {
    this.pending.push(line);
    this.pendingChars += line.length;
    if (countsAsRow) this.stats.rows++;
  }

  get full() {
    return this.pendingChars >= chunkChars;
  }

  /** Writes what is pending; false when the destination is gone. Waits for 'drain' when its buffer is full. */
  async flush(): Promise<boolean> {
    if (this.pending.length === 0) return !this.out.destroyed;
    const chunk = Buffer.from(this.pending.join(""), "utf8");
    this.pending = [];
    this.pendingChars = 0;
    if (this.out.destroyed || this.out.writableEnded) return false;
    this.stats.bytes += chunk.length;
    if (!this.out.write(chunk)) return drained(this.out);
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
          if (!(await sink.flush())) return stats(true);
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
