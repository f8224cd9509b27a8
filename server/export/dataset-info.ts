import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { conflict, invalidInput } from "../errors/domain-error";

// LLaMA-Factory lists every dataset of a `dataset_dir` in one dataset_info.json: an entry of ours is merged
// into it by name, never written as the whole file (a download named dataset_info.json, once saved, would
// replace the user's list).

/** A name LLaMA-Factory's `--dataset` can take and a file name can hold. */
export const datasetNamePattern = /^[A-Za-z0-9_-]+$/;

/** One entry: where the file is and how to read it; other keys LLaMA-Factory knows are kept as they are. */
const entrySchema = z.looseObject({
  file_name: z.string().min(1),
  formatting: z.enum(["alpaca", "sharegpt"]).optional(),
  ranking: z.boolean().optional(),
  columns: z.record(z.string(), z.string()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

/** What `GET /api/exports/dataset-info` answers and `--dataset-info` adds: entries by dataset name. */
export const datasetInfoEntriesSchema = z
  .record(z.string().regex(datasetNamePattern, "a dataset name of letters, digits, _ and -"), entrySchema)
  .refine((o) => Object.keys(o).length > 0, "no dataset entry");

/** A whole dataset_info.json: an object of entries, whatever they hold (hub datasets have no file_name). */
const datasetInfoFileSchema = z.record(z.string(), z.looseObject({}));

export type DatasetInfoEntry = z.infer<typeof entrySchema>;
export type DatasetInfoEntries = z.infer<typeof datasetInfoEntriesSchema>;

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw invalidInput(`${path}: not JSON (${(err as Error).message})`);
  }
}

/** An issue's own words; a refused record key says why (its name's pattern), not only "Invalid key". */
const issueMessage = (i: z.core.$ZodIssue) => (i.code === "invalid_key" ? (i.issues[0]?.message ?? i.message) : i.message);
const issues = (path: string, err: z.ZodError) =>
  invalidInput(`${path}: ${err.issues.map((i) => `${i.path.length ? `${i.path.join(".")}: ` : ""}${issueMessage(i)}`).join("; ")}`);

/** A downloaded `<name>.dataset_info.json` (or any file of entries), validated. */
export function readDatasetInfoEntries(path: string): DatasetInfoEntries {
  const parsed = datasetInfoEntriesSchema.safeParse(readJson(path));
  if (!parsed.success) throw issues(path, parsed.error);
  return parsed.data;
}

export interface MergeReport {
  into: string;
  added: string[];
  replaced: string[];
  unchanged: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Adds `entries` to the dataset_info.json at `into` (created when missing), keeping every other entry. An
 * entry of the same name that differs is refused unless `force`; an identical one is left as it is. The
 * file is replaced by a rename, so a reader never sees half of it.
 */
export function mergeDatasetInfo(into: string, entries: DatasetInfoEntries, options: { force: boolean }): MergeReport {
  let current: Record<string, unknown> = {};
  if (existsSync(into)) {
    const parsed = datasetInfoFileSchema.safeParse(readJson(into));
    if (!parsed.success) throw issues(into, parsed.error);
    current = parsed.data;
  }
  const report: MergeReport = { into, added: [], replaced: [], unchanged: [] };
  for (const [name, entry] of Object.entries(entries)) {
    if (!(name in current)) report.added.push(name);
    else if (same(current[name], entry)) report.unchanged.push(name);
    else report.replaced.push(name);
  }
  if (report.replaced.length > 0 && !options.force)
    throw conflict(`${into} already has a different entry named ${report.replaced.join(", ")} (--force replaces it)`);
  if (report.added.length + report.replaced.length > 0) {
    const partial = `${into}.partial`;
    writeFileSync(partial, `${JSON.stringify({ ...current, ...entries }, null, 2)}\n`);
    renameSync(partial, into);
  }
  return report;
}
