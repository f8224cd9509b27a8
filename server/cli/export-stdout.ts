import type { Db } from "../db/open";
import { nothingToExport, type ExportPlan } from "../export/plan";
import type { FileSummary } from "../export/to-file";
import type { WriteStats } from "../export/write";

/**
 * `export --out -`: the rows to standard output and nothing else there (the caller prints the summary on
 * stderr). An empty selection is refused before a byte is written; a reader that goes away (`| head`) ends
 * the export with its error rather than an unhandled one.
 */
export async function exportToStdout(plan: ExportPlan, db: Db, onProgress: (stats: WriteStats) => void): Promise<FileSummary> {
  const prepared = plan.begin(db);
  if (prepared.empty) {
    prepared.cancel();
    throw nothingToExport(plan.selection);
  }
  let failure: Error | undefined;
  const onError = (err: Error) => void (failure ??= err);
  process.stdout.on("error", onError);
  try {
    const stats = await prepared.write({ train: process.stdout }, onProgress);
    if (failure) throw failure;
    return { rows: stats.train.rows, bytes: stats.train.bytes, file: "-" };
  } finally {
    process.stdout.off("error", onError);
  }
}
