import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildExportDb } from "./export-db";
import { fileURLToPath } from "node:url";
import { createContext } from "../../server/context";
import { openDatabase } from "../../server/db/open";
import { planExport } from "../../server/export/plan";
import { exportToFile } from "../../server/export/to-file";
import { silentLogger } from "../../server/logger";

// Parquet export against JSONL of the same pairs: 20,000 TRL pairs of two 10 kB outputs (about 400 MB of JSON
// lines), each written by the CLI's writer in a child process, conversational (lists of {role, content}
// structs) as Parquet's hardest case; goal Parquet ≤ 2× the JSONL time. Peak RSS at 6,000 vs 20,000 pairs (both over one 64 MB row group)
// shows memory flat (one row group held). The database builder is export.ts's, at a smaller size.
const pairs = 20_000;
const small = 6_000;
const textBytes = 10_000;

/** Child: one export as the CLI runs it, reporting time, size and peak RSS. */
async function child() {
  const db = openDatabase(process.env.BENCH_DB!);
  const ctx = createContext(db, () => new Date(), silentLogger);
  const start = performance.now();
  const query = {
    from: "proposals",
    run: process.env.BENCH_RUN!,
    format: process.env.BENCH_FORMAT!,
    file_format: process.env.BENCH_FILE_FORMAT!,
  };
  const summary = await exportToFile(planExport(ctx, query), db, process.env.BENCH_OUT!);
  const ms = performance.now() - start;
  db.close();
  console.log(JSON.stringify({ rows: summary!.rows, bytes: summary!.bytes, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

function build(dir: string) {
  return buildExportDb(dir, { pairs, small, textBytes });
}

interface Run {
  rows: number;
  bytes: number;
  ms: number;
  maxRssMb: number;
}

function exportIn(db: string, runId: number, format: string, fileFormat: string, out: string): Run {
  spawnSync("sync");
  const result = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    env: {
      ...process.env,
      BENCH_EXPORT_PARQUET_CHILD: "1",
      BENCH_DB: db,
      BENCH_RUN: String(runId),
      BENCH_FORMAT: format,
      BENCH_FILE_FORMAT: fileFormat,
      BENCH_OUT: out,
    },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`export child failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Run;
}

async function parent() {
  const dir = mkdtempSync(join(tmpdir(), "longpref-bench-parquet-"));
  try {
    const { db, runs } = build(dir);
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    for (const format of ["trl", "trl-conversational"]) {
      // The first JSONL run warms the page cache for the database; the next ones are timed.
      exportIn(db, runs.large, format, "jsonl", join(dir, "warm.jsonl"));
      const jsonl = exportIn(db, runs.large, format, "jsonl", join(dir, "pairs.jsonl"));
      const parquet = exportIn(db, runs.large, format, "parquet", join(dir, "pairs.parquet"));
      console.log(
        `export-parquet: ${parquet.rows.toLocaleString("en-US")} ${format} pairs: JSONL ${(jsonl.bytes / 1e6).toFixed(0)} MB in ${s(jsonl.ms)}, ` +
          `Parquet ${(parquet.bytes / 1e6).toFixed(0)} MB in ${s(parquet.ms)} = ${(parquet.ms / jsonl.ms).toFixed(2)}× the JSONL time (goal ≤ 2×)`,
      );
    }
    const smallRun = exportIn(db, runs.small, "trl-conversational", "parquet", join(dir, "small.parquet"));
    const largeRun = exportIn(db, runs.large, "trl-conversational", "parquet", join(dir, "large.parquet"));
    console.log(
      `export-parquet: peak RSS ${smallRun.maxRssMb.toFixed(0)} MB at ${small.toLocaleString("en-US")} pairs vs ${largeRun.maxRssMb.toFixed(0)} MB ` +
        `at ${pairs.toLocaleString("en-US")} (goal: flat, one row group of ≤ 64 MB held)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_EXPORT_PARQUET_CHILD) await child();
else await parent();
