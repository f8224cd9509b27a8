import { createWriteStream, renameSync, rmSync } from "node:fs";
import { basename, dirname, extname, relative } from "node:path";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import type { Db } from "../db/open";
import { mergeDatasetInfo as mergeInto, type DatasetInfoEntries } from "./dataset-info";
import { datasetInfoEntry, isLlamaFactory } from "./formats";
import type { ExportPlan } from "./plan";
import type { WriteStats } from "./write";

export interface FileSummary {
  rows: number;
  bytes: number;
  file: string;
  test_file?: string;
  test_rows?: number;
  test_bytes?: number;
  /** LLaMA-Factory formats: the dataset_info.json entries for the file(s). */
  dataset_info?: Record<string, ReturnType<typeof datasetInfoEntry>>;
}

/** FILE with `.test` before its extension: pairs.jsonl → pairs.test.jsonl. */
export function testFileOf(file: string): string {
  const ext = extname(file);
  return `${file.slice(0, file.length - ext.length)}.test${ext}`;
}

/** A dataset name LLaMA-Factory's dataset_info.json can key: the file's name without extension. */
export const datasetName = (file: string) => basename(file, extname(file)).replace(/[^A-Za-z0-9_-]+/g, "_");

/**
 * The dataset_info.json entries for the written files, with `file_name` relative to where dataset_info.json
 * lives (LLaMA-Factory resolves it against its dataset_dir).
 */
export function datasetInfoFor(plan: ExportPlan, files: string[], infoDir: string) {
  const format = plan.query.format;
  if (!isLlamaFactory(format)) return undefined;
  return Object.fromEntries(files.map((f) => [datasetName(f), datasetInfoEntry(format, relative(infoDir, f) || basename(f))]));
}

/**
 * `--dataset-info PATH`: adds the entries of the files just written to a dataset_info.json, keeping what it
 * holds (LLaMA-Factory's lists every dataset there); an entry of the same name is this export's own, updated.
 */
export function mergeDatasetInfo(path: string, entries: DatasetInfoEntries) {
  return mergeInto(path, entries, { force: true });
}

/**
 * Writes an export to FILE (and FILE.test.ext with a split) through `.partial` files renamed at the end, so
 * a trainer never reads half a file. Returns null, writing nothing, when the selection is empty.
 */
export async function exportToFile(
  plan: ExportPlan,
  db: Db,
  out: string,
  onProgress?: (stats: WriteStats) => void,
): Promise<FileSummary | null> {
  const prepared = plan.begin(db);
  if (prepared.empty) {
    prepared.cancel();
    return null;
  }
  const split = plan.query.test_share !== undefined;
  const files = split ? { train: out, test: testFileOf(out) } : { train: out };
  const streams: Partial<Record<"train" | "test", Writable>> = {};
  for (const [side, file] of Object.entries(files))
    streams[side as "train" | "test"] = createWriteStream(`${file}.partial`, { highWaterMark: 1 << 20 });
  let stats: WriteStats;
  try {
    stats = await prepared.write(streams, onProgress);
    for (const s of Object.values(streams)) s.end();
    await Promise.all(Object.values(streams).map((s) => finished(s)));
  } catch (err) {
    for (const s of Object.values(streams)) s.destroy();
    for (const file of Object.values(files)) rmSync(`${file}.partial`, { force: true });
    throw err;
  }
  for (const file of Object.values(files)) renameSync(`${file}.partial`, file);
  const summary: FileSummary = { rows: stats.train.rows, bytes: stats.train.bytes, file: out };
  if (split) Object.assign(summary, { test_file: files.test, test_rows: stats.test.rows, test_bytes: stats.test.bytes });
  const info = datasetInfoFor(plan, Object.values(files), dirname(out));
  if (info) summary.dataset_info = info;
  return summary;
}
