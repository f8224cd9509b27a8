import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createContext } from "../../server/context";
import { migrate } from "../../server/db/migrate";
import { openDatabase } from "../../server/db/open";
import { planExport } from "../../server/export/plan";
import { builtinTemplate } from "../../server/judging/template";
import { exportToFile } from "../../server/export/to-file";
import { silentLogger } from "../../server/logger";
import { fieldsFromBody } from "../../server/sampling/model-fields";

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

/** A text of about `textBytes` with what costs in JSON: line breaks, quotes, non-ASCII. */
function textOf(i: number, side: string): string {
  const paragraph = `Paragraph of sample ${i}${side}: the "quick" brown fox — jumps over the lazy dog; 长篇写作。\n`;
  return paragraph.repeat(Math.ceil(textBytes / Buffer.byteLength(paragraph))).slice(0, textBytes);
}

function build(dir: string) {
  const db = openDatabase(join(dir, "bench.db"));
  migrate(db);
  const ctx = createContext(db, () => new Date(), silentLogger);
  const now = new Date().toISOString();
  const setId = Number(
    db.prepare("INSERT INTO instruction_sets (name, length_ranges, created_at) VALUES ('bench', '[]', ?)").run(now).lastInsertRowid,
  );
  const writer = ctx.models.create(fieldsFromBody({ name: "writer", base_urls: [], model: "w" }), "ui", new Date());
  const judge = ctx.models.create(fieldsFromBody({ name: "judge", base_urls: [], model: "j" }), "ui", new Date());
  const template = builtinTemplate(ctx, new Date());
  const jobId = ctx.samplingJobs.create(
    {
      set_id: setId,
      model_id: writer.id,
      n: 2,
      strategy: "import",
      filter: {},
      params: { temperature: 0.5, top_p: null, max_tokens: 1000 },
      templates: null,
      status: "done",
      created_by: null,
    },
    new Date(),
  );
  const instruction = db.prepare(
    "INSERT INTO instructions (set_id, external_id, position, prompt, required_length, length_source, lang, length_range) VALUES (?, ?, ?, ?, 2000, 'field', 'en', '[2000,4000)')",
  );
  const sample = db.prepare(
    "INSERT INTO samples (job_id, instruction_id, model_id, sample_index, status, source, text, word_count, updated_at, finished_at) VALUES (?, ?, ?, ?, 'done', 'imported', ?, 1800, ?, ?)",
  );
  const run = db.prepare(
    `INSERT INTO pair_runs (set_id, judge_model_id, template_id, strategy, seed, min_margin, length_weight, exclude_flags, flag_penalty, groups, unscored, created_at)
     VALUES (?, ?, ?, 'best-vs-random', 1, 0, 0.5, '["empty"]', 0, ?, 0, ?)`,
  );
  const proposal = db.prepare(
    `INSERT INTO pair_proposals (run_id, instruction_id, model_id, chosen_sample_id, rejected_sample_id, chosen_score, rejected_score, chosen_quality_score, rejected_quality_score, margin)
     VALUES (?, ?, ?, ?, ?, 80, 60, 75, 50, 20)`,
  );
  const ids: { instruction: number; chosen: number; rejected: number }[] = [];
  db.transaction(() => {
    for (let i = 0; i < pairs; i++) {
      const id = Number(instruction.run(setId, `i${i}`, i + 1, `Write a 2000-word essay about topic ${i}.`).lastInsertRowid);
      const chosen = Number(sample.run(jobId, id, writer.id, 0, textOf(i, "c"), now, now).lastInsertRowid);
      const rejected = Number(sample.run(jobId, id, writer.id, 1, textOf(i, "r"), now, now).lastInsertRowid);
      ids.push({ instruction: id, chosen, rejected });
    }
  })();
  const runOf = (n: number) =>
    db.transaction(() => {
      const runId = Number(run.run(setId, judge.id, template.id, n, now).lastInsertRowid);
      for (const p of ids.slice(0, n)) proposal.run(runId, p.instruction, writer.id, p.chosen, p.rejected);
      return runId;
    })();
  const runs = { small: runOf(small), large: runOf(pairs) };
  db.close();
  return { db: join(dir, "bench.db"), runs };
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
