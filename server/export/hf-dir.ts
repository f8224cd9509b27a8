import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import type { Db } from "../db/open";
import { conflict, invalidInput } from "../errors/domain-error";
import { CardFiguresCollector } from "./card-figures";
import { datasetCard, type CardSplit } from "./dataset-card";
import type { ExportPlan } from "./plan";
import type { SplitSide } from "./split";
import type { WriteStats } from "./write";

// A folder `datasets.load_dataset(DIR)` and `push_to_hub` take as is: the Hub's own layout (data/<split>-
// 00000-of-00001.parquet, one shard per split) and a README.md whose YAML names the files and their features.

/** The Hub's shard naming: a single shard per split. */
export const shardPath = (side: SplitSide) => `data/${side}-00000-of-00001.parquet`;

export interface HfDirSummary {
  dir: string;
  readme: string;
  splits: (CardSplit & { file: string; bytes: number })[];
}

/** SPDX-like ids and the Hub's own (`other`, `unknown`, `cc-by-nc-4.0`, …): a word, no YAML or Markdown. */
export const licensePattern = /^[a-z0-9][a-z0-9.+-]{0,63}$/i;

const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Refuses a folder that holds anything unless `force`: a dataset folder is written whole, never merged. */
function checkFolder(dir: string, force: boolean) {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw invalidInput(`hf_dir: ${dir} is a file, not a folder`, { param: "hf_dir" });
  if (readdirSync(dir).length > 0 && !force) throw conflict(`${dir} is not empty: give --force to write the dataset into it`);
}

/**
 * Writes the export as Parquet into DIR/data (train, and test with a split) and the dataset card as
 * DIR/README.md. Files are written as `.partial` and renamed at the end; with `force`, a test shard left by
 * an earlier export with a split is removed when this one has none. Null, writing nothing, when the
 * selection is empty.
 */
export async function exportToHfDir(
  plan: ExportPlan,
  db: Db,
  dir: string,
  options: { force: boolean; license: string; now?: () => Date; onProgress?: (stats: WriteStats) => void },
): Promise<HfDirSummary | null> {
  if (plan.query.file_format !== "parquet")
    throw invalidInput("file_format: a dataset folder holds Parquet files", { param: "file_format" });
  if (!licensePattern.test(options.license)) throw invalidInput(`license: not a license id: ${options.license}`, { param: "license" });
  checkFolder(dir, options.force);
  const collector = new CardFiguresCollector();
  const prepared = plan.begin(db, undefined, (row) => collector.observe(row));
  if (prepared.empty) {
    prepared.cancel();
    return null;
  }
  const sides: SplitSide[] = plan.query.test_share !== undefined ? ["train", "test"] : ["train"];
  mkdirSync(join(dir, "data"), { recursive: true });
  const files = Object.fromEntries(sides.map((side) => [side, join(dir, shardPath(side))])) as Partial<Record<SplitSide, string>>;
  const streams: Partial<Record<SplitSide, Writable>> = {};
  for (const side of sides) streams[side] = createWriteStream(`${files[side]}.partial`, { highWaterMark: 1 << 20 });
  let stats: WriteStats;
  try {
    stats = await prepared.write(streams, options.onProgress);
    for (const s of Object.values(streams)) s.end();
    await Promise.all(Object.values(streams).map((s) => finished(s)));
  } catch (err) {
    for (const s of Object.values(streams)) s.destroy();
    for (const file of Object.values(files)) rmSync(`${file}.partial`, { force: true });
    throw err;
  }
  for (const file of Object.values(files)) renameSync(`${file}.partial`, file);
  if (!files.test) rmSync(join(dir, shardPath("test")), { force: true });
  const splits = sides.map((side) => ({
    split: side,
    path: shardPath(side),
    rows: stats[side].rows,
    bytes: stats[side].bytes,
    file: files[side]!,
  }));
  const readme = join(dir, "README.md");
  const card = datasetCard({
    fields: plan.format.fields!({ provenance: plan.query.provenance ?? false, withTexts: plan.query.with_texts ?? false }),
    query: plan.query,
    selection: plan.selection,
    origin: plan.origin,
    splits,
    figures: collector.figures(),
    license: options.license,
    version,
    createdAt: (options.now?.() ?? new Date()).toISOString().slice(0, 10),
  });
  writeFileSync(readme, card);
  return { dir, readme, splits };
}
