import { join } from "node:path";
import { createContext } from "../../server/context";
import { migrate } from "../../server/db/migrate";
import { openDatabase } from "../../server/db/open";
import { builtinTemplate } from "../../server/judging/template";
import { silentLogger } from "../../server/logger";
import { fieldsFromBody } from "../../server/sampling/model-fields";

// The export benches' database: `pairs` instructions with two outputs of about `textBytes` each, and two pair
// runs over the first `small` and all `pairs` of them (export.ts, export-parquet.ts).

/** A text of about `textBytes` with what costs in JSON: line breaks, quotes, non-ASCII. */
function textOf(i: number, side: string, textBytes: number): string {
  const paragraph = `Paragraph of sample ${i}${side}: the "quick" brown fox — jumps over the lazy dog; 长篇写作。\n`;
  return paragraph.repeat(Math.ceil(textBytes / Buffer.byteLength(paragraph))).slice(0, textBytes);
}

export function buildExportDb(dir: string, size: { pairs: number; small: number; textBytes: number }) {
  const { pairs, small, textBytes } = size;
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
      const chosen = Number(sample.run(jobId, id, writer.id, 0, textOf(i, "c", textBytes), now, now).lastInsertRowid);
      const rejected = Number(sample.run(jobId, id, writer.id, 1, textOf(i, "r", textBytes), now, now).lastInsertRowid);
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

/**
 * The database built once into BENCH_EXPORT_KEEP (a folder kept between runs) when that is set: building
 * takes longer than exporting, and measuring one change after another needs no new data.
 */
