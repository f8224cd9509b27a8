import { Presets, SingleBar } from "cli-progress";
import type { Command } from "commander";
import { dirname, resolve } from "node:path";
import { ZodError } from "zod";
import { type Context, createContext } from "../context";
import { nothingToExport, planExport, type ExportPlan } from "../export/plan";
import { exportToHfDir } from "../export/hf-dir";
import type { Db } from "../db/open";
import { datasetInfoFor, exportToFile, mergeDatasetInfo, testFileOf } from "../export/to-file";
import { exportFormatNames, exportSources } from "../../shared/schemas/export";
import { ExportQuerySchema } from "../../shared/schemas/export-query";
import type { WriteStats } from "../export/write";
import { DomainError } from "../errors/domain-error";
import { silentLogger } from "../logger";
import { UsageError, usageError } from "./cli-error";
import { exportToStdout } from "./export-stdout";
import { openMigrated } from "./open-db";
import { checkOutputFile, toStdout } from "./output-file";
import { OptionProblems } from "./option-problems";
import { campaignRef, runRef, setRef } from "./resolve-ref";

interface ExportOptions {
  from: string;
  format?: string;
  out: string;
  run?: string;
  campaign?: string;
  set?: string;
  statuses?: string;
  lengthRange?: string;
  minMargin?: string;
  minAgreement?: string;
  minVotes?: string;
  excludeFlagged?: string | true;
  perJudgment?: true;
  majority?: string;
  minConfidence?: string;
  bothBadAsTie?: true;
  includeVerifyPairs?: true;
  withTexts?: true;
  sft?: string;
  provenance?: true;
  testShare?: string;
  splitSeed?: string;
  datasetInfo?: string;
  fileFormat?: string;
  hfDir?: string;
  license: string;
  json?: boolean;
  db?: string;
  force?: boolean;
}

export function registerExportCommand(program: Command) {
  program
    .command("export")
    .description("write training data (DPO pairs, KTO, SFT) or human judgments in a trainer's format, streaming")
    .requiredOption("--from <source>", exportSources.join(" | "))
    .option(
      "--format <name>",
      `${exportFormatNames.join(" | ")} (default: trl, sft, battles-jsonl by source; battles-fastchat: FastChat's JSON array)`,
    )
    .option(
      "-o, --out <file>",
      "file to write (with a split, the test side goes to FILE.test.EXT); `-`: standard output, the summary on stderr",
    )
    .option("--run <id>", "pair run (proposals, confirmed, sft)")
    .option(
      "--campaign <id|name>",
      "campaign (confirmed: a verify-pairs one; judgments: any; battles: any, verify-pairs with --include-verify-pairs)",
    )
    .option("--set <id|name>", "instruction set: narrows the selection, or means its newest pair run / all its campaigns")
    .option("--statuses <list>", "proposal statuses, comma-separated (default proposed,judge-confirmed,accepted,confirmed)")
    .option("--length-range <label>", "only instructions of this length range (`none`: no length stated)")
    .option(
      "--min-margin <m>",
      "least S(chosen) − S(rejected) in S points (0–100 scale, meta.score_margin; openrlhf's margin is that / 100)",
    )
    .option("--min-agreement <a>", "least share of judgments agreeing with the pair (0.67: 2 of 3)")
    .option("--min-votes <n>", "least judgments per comparison (confirmed from a campaign: default its k)")
    .option("--exclude-flagged [flags]", "leave out pairs with a flagged sample (any flag, or these, comma-separated)")
    .option("--per-judgment", "judgments: one pair per winning judgment instead of per comparison by majority")
    .option(
      "--majority <how>",
      "judgments: votes (default: the verdict of most judgments) | weighted (Dawid-Skene's, annotators weighted by reliability)",
    )
    .option("--min-confidence <p>", "judgments with --majority weighted: least posterior probability of the pair's direction (0-1)")
    .option("--both-bad-as-tie", 'battles: write both-bad as "tie" (default "both_bad", which `longpref stats` counts as a tie)')
    .option("--include-verify-pairs", "battles: keep verify-pairs campaigns' judgments (two samples of one model; left out by default)")
    .option("--with-texts", "battles-fastchat: write each record's conversation_a/conversation_b (prompt and answer)")
    .option("--sft <pick>", "sft: best (highest S per instruction, default) | chosen (each proposal's chosen)")
    .option("--provenance", "a meta object on each JSON row: ids, models, scores, score_margin, votes, agreement")
    .option("--test-share <s>", "share of instructions written to the test file, e.g. 0.1")
    .option("--split-seed <n>", "seed of the split (default 0): same seed, same split")
    .option("--dataset-info <path>", "LLaMA-Factory formats: add the entry to this dataset_info.json")
    .option("--file-format <f>", "jsonl (default; CSV for battles-csv) | parquet (same columns, nested lists as lists of structs)")
    .option("--hf-dir <dir>", "instead of --out: a Hugging Face dataset folder (data/*.parquet and a README.md dataset card)")
    .option("--license <id>", "--hf-dir: the card's license (a Hub license id)", "unknown")
    .option("--json", "print the summary as JSON")
    .option("--db <path|url>", "database: a SQLite file or a postgres:// URL (default: $LONGPREF_DB or data/longpref.db)")
    .option("--force", "replace the output file(s) when they exist, or write into a non-empty --hf-dir")
    .action(async (opts: ExportOptions) => {
      process.exitCode = await run(opts);
    });
}

/** `min_votes` → `--min-votes`: messages name the option the user typed. */
const option = (param: string) => `--${param.replaceAll("_", "-")}`;

/**
 * A refusal of the export's rules in the words of the command line: a bad parameter (zod's, or a DomainError
 * "invalid" naming it) is a usage error (exit code 2); what is not found or empty keeps its code (exit 1).
 */
function refusal(err: unknown): unknown {
  if (err instanceof ZodError)
    return new UsageError(
      err.issues.map(
        (i) => `${i.path.length ? option(String(i.path[0])) : "--from"}: ${i.code === "unrecognized_keys" ? "unknown option" : i.message}`,
      ),
    );
  if (err instanceof DomainError) {
    const param = (err.details as { param?: string } | undefined)?.param;
    const message =
      param && !err.message.startsWith(`${param}:`)
        ? `${option(param)}: ${err.message}`
        : err.message.replace(/^(\w+):/, (_, p: string) => `${option(p)}:`);
    return err.kind === "invalid" ? usageError(message) : new DomainError(err.kind, err.code, message, err.details);
  }
  return err;
}

/** The option values as the export query takes them, ids and names aside (those are looked up after). */
function checkValues(query: Record<string, string>) {
  const values = ExportQuerySchema.safeParse({
    ...query,
    ...Object.fromEntries(["set", "run", "campaign"].filter((k) => k in query).map((k) => [k, "1"])),
  });
  if (!values.success) throw refusal(values.error);
}

/** Names → ids, once the values are known good (a bad value is a usage error before any lookup). */
function resolveRefs(ctx: Context, query: Record<string, string>, json: boolean): Record<string, string> {
  const check = new OptionProblems(ctx, json);
  const refs = { set: setRef, run: runRef, campaign: campaignRef } as const;
  const found = Object.fromEntries(
    (["set", "run", "campaign"] as const)
      .filter((key) => query[key] !== undefined)
      .map((key) => [key, check.ref<{ id: number }>(refs[key], `--${key}`, query[key]!)?.id]),
  );
  check.throwIfAny();
  const resolved = { ...query, ...Object.fromEntries(Object.entries(found).map(([k, id]) => [k, String(id)])) };
  return resolved;
}

function progressReporter(quiet: boolean) {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  if (quiet) return { update: () => {}, stop: () => {} };
  if (process.stderr.isTTY) {
    const bar = new SingleBar({ format: "exporting: {value} rows, {mb} MB", hideCursor: true }, Presets.shades_classic);
    bar.start(0, 0, { mb: "0.0" });
    return {
      update: (rows: number, bytes: number) => bar.update(rows, { mb: mb(bytes) }),
      stop: () => bar.stop(),
    };
  }
  let last = Date.now();
  return {
    update: (rows: number, bytes: number) => {
      if (Date.now() - last < 10_000) return;
      last = Date.now();
      console.error(`exporting: ${rows} rows, ${mb(bytes)} MB`);
    },
    stop: () => {},
  };
}

/** Where the export goes: refused before anything is read when it cannot be written as asked. */
function checkOutput(opts: ExportOptions): asserts opts is ExportOptions & { out: string } {
  if (opts.hfDir !== undefined) {
    const conflicts = [
      opts.out !== undefined && "--out: not with --hf-dir (the folder is the output)",
      opts.datasetInfo !== undefined && "--dataset-info: not with --hf-dir (the folder is the output)",
    ].filter((p) => p !== false);
    if (conflicts.length > 0) throw usageError(...conflicts);
    return;
  }
  if (opts.out === undefined) throw usageError("--out: give the file to write, `-` for standard output (or --hf-dir DIR)");
  if (toStdout(opts.out)) {
    const conflicts = [
      opts.testShare !== undefined && "--test-share: a split writes two files, which cannot share standard output (--out -)",
      opts.datasetInfo !== undefined && "--dataset-info: its entry names the file written, and --out - writes none",
    ].filter((p) => p !== false);
    if (conflicts.length > 0) throw usageError(...conflicts);
    return;
  }
  checkOutputFile(opts.out, opts.force, "--out");
  if (opts.testShare !== undefined) checkOutputFile(testFileOf(opts.out), opts.force, "--out");
  if (opts.datasetInfo !== undefined) checkOutputFile(opts.datasetInfo, true, "--dataset-info");
}

/** --hf-dir: the export as a Hugging Face dataset folder (server/export/hf-dir.ts). */
async function writeHfDir(
  plan: ExportPlan,
  db: Db,
  opts: ExportOptions,
  progress: ReturnType<typeof progressReporter>,
  onProgress: (stats: WriteStats) => void,
) {
  let summary: Awaited<ReturnType<typeof exportToHfDir>>;
  try {
    summary = await exportToHfDir(plan, db, resolve(opts.hfDir!), { force: opts.force === true, license: opts.license, onProgress });
  } finally {
    progress.stop();
  }
  if (!summary) throw nothingToExport(plan.selection);
  if (opts.json) console.log(JSON.stringify(summary));
  else {
    for (const s of summary.splits) console.log(`Wrote ${s.rows} rows (${s.bytes} bytes) to ${s.file}`);
    console.log(`Wrote the dataset card to ${summary.readme}`);
  }
  return 0;
}

async function run(opts: ExportOptions): Promise<number> {
  checkOutput(opts);
  const flag = (on: true | undefined) => (on ? "true" : undefined);
  const query = Object.fromEntries(
    Object.entries({
      from: opts.from,
      format: opts.format,
      run: opts.run,
      campaign: opts.campaign,
      set: opts.set,
      statuses: opts.statuses,
      length_range: opts.lengthRange,
      min_margin: opts.minMargin,
      min_agreement: opts.minAgreement,
      min_votes: opts.minVotes,
      exclude_flagged: opts.excludeFlagged === true ? "true" : opts.excludeFlagged,
      per_judgment: flag(opts.perJudgment),
      majority: opts.majority,
      min_confidence: opts.minConfidence,
      both_bad_as_tie: flag(opts.bothBadAsTie),
      include_verify_pairs: flag(opts.includeVerifyPairs),
      with_texts: flag(opts.withTexts),
      sft: opts.sft,
      provenance: flag(opts.provenance),
      test_share: opts.testShare,
      split_seed: opts.splitSeed,
      file_format: opts.hfDir !== undefined ? (opts.fileFormat ?? "parquet") : opts.fileFormat,
    }).filter((e): e is [string, string] => e[1] !== undefined),
  );
  // Option values are checked before the database is opened: a usage error touches no file.
  checkValues(query);
  const db = openMigrated(opts.db);
  const ctx = createContext(db, () => new Date(), silentLogger);
  try {
    const plan = planExport(ctx, resolveRefs(ctx, query, opts.json === true));
    if (opts.datasetInfo !== undefined && !plan.format.name.startsWith("llama-factory")) {
      throw usageError("--dataset-info: only for the llama-factory formats");
    }
    const progress = progressReporter(opts.json === true);
    const onProgress = (s: WriteStats) => progress.update(s.train.rows + s.test.rows, s.train.bytes + s.test.bytes);
    if (opts.hfDir !== undefined) return await writeHfDir(plan, db, opts, progress, onProgress);
    const out = toStdout(opts.out) ? "-" : resolve(opts.out!);
    let summary: Awaited<ReturnType<typeof exportToFile>>;
    try {
      summary = out === "-" ? await exportToStdout(plan, db, onProgress) : await exportToFile(plan, db, out, onProgress);
    } finally {
      progress.stop();
    }
    if (out === "-") {
      // Standard output holds the rows only: the summary goes to stderr.
      console.error(opts.json ? JSON.stringify(summary) : `Wrote ${summary?.rows} rows (${summary?.bytes} bytes) to standard output`);
      return 0;
    }
    if (!summary) throw nothingToExport(plan.selection);
    if (opts.datasetInfo !== undefined) {
      const path = resolve(opts.datasetInfo);
      const files = summary.test_file ? [summary.file, summary.test_file] : [summary.file];
      summary.dataset_info = datasetInfoFor(plan, files, dirname(path));
      mergeDatasetInfo(path, summary.dataset_info!);
    }
    if (opts.json) {
      console.log(JSON.stringify(summary));
      return 0;
    }
    console.log(`Wrote ${summary.rows} rows (${summary.bytes} bytes) to ${summary.file}`);
    if (summary.test_file) console.log(`Wrote ${summary.test_rows} rows (${summary.test_bytes} bytes) to ${summary.test_file}`);
    if (summary.dataset_info) {
      console.log(opts.datasetInfo ? `Added to ${resolve(opts.datasetInfo)}:` : "dataset_info.json entry (or use --dataset-info PATH):");
      console.log(JSON.stringify(summary.dataset_info, null, 2));
    }
    return 0;
  } catch (err) {
    // Printed by main.ts with its exit code (as JSON under --json).
    throw refusal(err);
  } finally {
    db.close();
  }
}
