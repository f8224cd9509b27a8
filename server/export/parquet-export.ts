import type { Writable } from "node:stream";
import type { Format } from "./formats";
import { defaultLimits, ParquetStream, type ParquetLimits } from "./parquet-writer";
import { splitSide, type SplitSettings, type SplitSide } from "./split";
import type { PreparedExport, WriteStats } from "./write";

/**
 * The Parquet counterpart of prepareExport (write.ts): the same source, split and peeked first row, the
 * format's `records` instead of its lines, one Parquet file per side of the split. Memory holds one row
 * group per side; the source is not read further while a destination's buffer is full.
 */
export function prepareParquetExport<R extends { external_id: string }>(
  source: Generator<R>,
  format: Format<R>,
  options: {
    provenance: boolean;
    withTexts?: boolean;
    split?: SplitSettings & { only?: SplitSide };
    limits?: ParquetLimits;
    observe?: (row: R, side: SplitSide) => void;
  },
): PreparedExport {
  const { fields, records } = format;
  if (!fields || !records) throw new Error(`${format.name} has no columns: it cannot be written as Parquet`);
  const { split } = options;
  const sideOf = (row: R): SplitSide => (split ? splitSide(row.external_id, split) : "train");
  function* rows(): Generator<R> {
    for (const row of source) if (!split?.only || sideOf(row) === split.only) yield row;
  }
  const iterator = rows();
  const first = iterator.next();
  const recordOptions = { provenance: options.provenance, withTexts: options.withTexts };
  const columns = fields.call(format, recordOptions);
  return {
    empty: first.done === true,
    cancel: () => void iterator.return(undefined),
    async write(outs: Partial<Record<SplitSide, Writable>>, onProgress?: (stats: WriteStats) => void) {
      const files: Partial<Record<SplitSide, ParquetStream>> = {};
      for (const side of ["train", "test"] as const) {
        const out = outs[side];
        if (out) files[side] = new ParquetStream(out, columns, options.limits ?? defaultLimits);
      }
      const stats = (aborted: boolean): WriteStats => ({
        train: { ...(files.train?.stats ?? { rows: 0, bytes: 0 }) },
        test: { ...(files.test?.stats ?? { rows: 0, bytes: 0 }) },
        aborted,
      });
      try {
        let next = first;
        while (!next.done) {
          const side = sideOf(next.value);
          const file = files[side];
          if (file) {
            options.observe?.(next.value, side);
            for (const record of records.call(format, next.value, recordOptions)) file.add(record);
            if (file.full) {
              if (!(await file.flush())) return stats(true);
              onProgress?.(stats(false));
            }
          }
          next = iterator.next();
        }
        // A side with no row still gets a valid file (schema, no row group): a split's test file always opens.
        for (const file of Object.values(files)) if (!(await file.finish())) return stats(true);
        onProgress?.(stats(false));
        return stats(false);
      } finally {
        iterator.return(undefined);
      }
    },
  };
}
