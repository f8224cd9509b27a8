import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildExportDb } from "./export-db";
import { fileURLToPath } from "node:url";
import { createContext } from "../../server/context";
import { openDatabase } from "../../server/db/open";
import { planExport } from "../../server/export/plan";
import { exportToFile } from "../../server/export/to-file";
import { silentLogger } from "../../server/logger";

// Training-data export: 100,000 DPO pairs of two 10 kB outputs each (about 2 GB of JSON lines) written by
// the CLI's writer (plan, SQLite .iterate(), format, file stream with backpressure) in a child process,
// against `cat` copying a file of the same size; and the child's peak RSS exporting 10,000 vs 100,000
// pairs, which should be flat: nothing but the current chunk is held.
const pairs = 100_000;
const small = 10_000;
const textBytes = 10_000;

/** Child: one export as the CLI runs it, reporting time, size and peak RSS. */
async function child() {
  const db = openDatabase(process.env.BENCH_DB!);
  const ctx = createContext(db, () => new Date(), silentLogger);
  const rssBefore = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const summary = await exportToFile(
    planExport(ctx, { from: "proposals", run: process.env.BENCH_RUN!, format: "trl" }),
    db,
    process.env.BENCH_OUT!,
  );
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  db.close();
  console.log(
    JSON.stringify({
      rows: summary!.rows,
      bytes: summary!.bytes,
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssBeforeMb: rssBefore / 2 ** 20,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

function build(dir: string) {
  return buildExportDb(dir, { pairs, small, textBytes });
}

/**
 * The database built once into BENCH_EXPORT_KEEP (a folder kept between runs) when that is set: building
 * takes longer than exporting, and measuring one change after another needs no new data.
 */
function buildOrReuse(dir: string) {
  const keep = process.env.BENCH_EXPORT_KEEP;
  if (!keep) return build(dir);
  const saved = join(keep, "runs.json");
  if (existsSync(saved))
    return { db: join(keep, "bench.db"), runs: JSON.parse(readFileSync(saved, "utf8")) as { small: number; large: number } };
  mkdirSync(keep, { recursive: true });
  const built = build(keep);
  writeFileSync(saved, JSON.stringify(built.runs));
  return built;
}

function exportIn(db: string, runId: number, out: string) {
  // Dirty pages of the previous step would be written back during this one: flush them first.
  spawnSync("sync");
  // BENCH_EXPORT_PROF=DIR writes the child's CPU profile there (node --cpu-prof), to see where time goes.
  const prof = process.env.BENCH_EXPORT_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_EXPORT_PROF] : [];
  const result = spawnSync(process.execPath, [...prof, "--import", "tsx", fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_EXPORT_CHILD: "1", BENCH_DB: db, BENCH_RUN: String(runId), BENCH_OUT: out },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`export child failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { rows: number; bytes: number; ms: number; cpuMs: number; rssBeforeMb: number; maxRssMb: number };
}

async function parent() {
  const dir = mkdtempSync(join(tmpdir(), "longpref-bench-export-"));
  try {
    const buildStart = performance.now();
    const { db, runs } = buildOrReuse(dir);
    console.log(
      `export: built ${pairs.toLocaleString("en-US")} pairs of 2 × ${textBytes / 1000} kB in ${((performance.now() - buildStart) / 1000).toFixed(1)} s`,
    );
    const out = join(dir, "pairs.jsonl");
    const smallRun = exportIn(db, runs.small, join(dir, "small.jsonl"));
    // The first large run warms the page cache for the database; the second is timed.
    exportIn(db, runs.large, out);
    const large = exportIn(db, runs.large, out);
    const mb = large.bytes / 1e6;
    spawnSync("sync");
    const catStart = performance.now();
    // bash's `time` gives cat's own CPU seconds: on a shared machine wall-clock ratios move with the load.
    const cat = spawnSync("bash", ["-c", `TIMEFORMAT='%U %S'; time cat "${out}" > "${join(dir, "copy.jsonl")}"`], { encoding: "utf8" });
    const catMs = performance.now() - catStart;
    const catCpuMs =
      cat.stderr
        .trim()
        .split(/\s+/)
        .slice(-2)
        .map(Number)
        .reduce((a, b) => a + b, 0) * 1000;
    if (cat.status !== 0 || statSync(join(dir, "copy.jsonl")).size !== large.bytes) throw new Error("cat failed");
    const rate = mb / (large.ms / 1000);
    const catRate = mb / (catMs / 1000);
    console.log(
      `export: ${large.rows.toLocaleString("en-US")} pairs (trl, ${mb.toFixed(0)} MB) in ${(large.ms / 1000).toFixed(1)} s = ${rate.toFixed(0)} MB/s; ` +
        `cat of the same file ${catRate.toFixed(0)} MB/s (export at ${((100 * rate) / catRate).toFixed(0)}% of cat; ` +
        `CPU: export ${(large.cpuMs / 1000).toFixed(1)} s, cat ${(catCpuMs / 1000).toFixed(1)} s)`,
    );
    console.log(
      `export: peak RSS ${smallRun.maxRssMb.toFixed(0)} MB at ${small.toLocaleString("en-US")} pairs vs ${large.maxRssMb.toFixed(0)} MB at ${pairs.toLocaleString("en-US")} ` +
        `(process before exporting: ${large.rssBeforeMb.toFixed(0)} MB; goal: flat)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_EXPORT_CHILD) await child();
else await parent();
