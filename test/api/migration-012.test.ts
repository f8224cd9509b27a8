import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { migrate } from "../../server/db/migrate";
import { openDatabase, type Db } from "../../server/db/open";
import { createContext } from "../../server/context";
import { silentLogger } from "../../server/logger";

// Migration 012 renames judgments -> judge_scores and annotations(outcome) -> human_judgments(verdict):
// a database written by the previous version, with data, must come out with every row and rule kept.
const migrationsDir = fileURLToPath(new URL("../../server/db/migrations/", import.meta.url));
const now = "2026-01-01T00:00:00.000Z";

/** A database at migration 011 (the files up to it, copied apart) holding one of everything 012 touches. */
function databaseAt011(): Db {
  const dir = mkdtempSync(join(tmpdir(), "longpref-m011-"));
  const upTo011 = join(dir, "migrations/");
  for (const f of readdirSync(migrationsDir).filter((f) => /^0(0\d|1[01])_/.test(f))) cpSync(migrationsDir + f, upTo011 + f);
  const db = openDatabase(join(dir, "x.db"));
  expect(migrate(db, upTo011).applied.at(-1)).toBe("011_job_import_state.sql");
  db.exec(`
    INSERT INTO users (id, username, role, password_hash, created_at) VALUES (1, 'ada', 'admin', 'x', '${now}'), (2, 'ann', 'annotator', 'x', '${now}');
    INSERT INTO instruction_sets (id, name, length_ranges, created_at) VALUES (1, 'set', '[]', '${now}');
    INSERT INTO instructions (id, set_id, external_id, position, prompt, length_source, lang) VALUES (1, 1, 'i1', 0, 'Write.', 'none', 'en');
    INSERT INTO models (id, name, model, params, source, created_at) VALUES (1, 'writer', 'w', '{}', 'ui', '${now}'), (2, 'other', 'o', '{}', 'ui', '${now}'),
      (3, 'judge', 'j', '{}', 'ui', '${now}');
    INSERT INTO sampling_jobs (id, set_id, model_id, n, strategy, params, status, created_at) VALUES (1, 1, 1, 1, 'direct', '{}', 'done', '${now}'),
      (2, 1, 2, 1, 'direct', '{}', 'done', '${now}');
    INSERT INTO samples (id, job_id, instruction_id, model_id, sample_index, status, text, updated_at) VALUES (1, 1, 1, 1, 0, 'done', 'a', '${now}'),
      (2, 2, 1, 2, 0, 'done', 'b', '${now}');
    INSERT INTO judge_templates (id, name, hash, text, created_at) VALUES (1, 't', 'h', 'text', '${now}');
    INSERT INTO judge_jobs (id, set_id, judge_model_id, template_id, temperature, max_tokens, max_answers, status, created_at)
      VALUES (1, 1, 3, 1, 0.5, 1024, 3, 'done', '${now}');
    INSERT INTO judgments (id, job_id, sample_id, judge_model_id, template_hash, status, scores, quality_score, analysis, updated_at, finished_at)
      VALUES (1, 1, 1, 3, 'h', 'done', '{"relevance":5}', 80, 'fine', '${now}', '${now}'), (2, 1, 2, 3, 'h', 'failed', NULL, NULL, NULL, '${now}', '${now}');
    INSERT INTO campaigns (id, name, kind, set_id, source, settings, judgments_per_comparison, created_at)
      VALUES (1, 'c', 'custom', 1, '{}', '{}', 2, '${now}');
    INSERT INTO comparisons (id, campaign_id, instruction_id, sample_a_id, sample_b_id, judgments) VALUES (1, 1, 1, 1, 2, 2);
    INSERT INTO assignments (id, campaign_id, comparison_id, user_id, left_sample_id, right_sample_id, status, lease_until, shown_at)
      VALUES (1, 1, 1, 1, 1, 2, 'done', '${now}', '${now}'), (2, 1, 1, 2, 2, 1, 'done', '${now}', '${now}');
    INSERT INTO annotations (id, campaign_id, comparison_id, assignment_id, user_id, left_sample_id, right_sample_id, winner_sample_id, outcome,
        margin, rationale, time_ms, coverage_left, coverage_right, idempotency_key, created_at)
      VALUES (1, 1, 1, 1, 1, 1, 2, 2, 'win', 'much', 'better', 1200, 0.9, 0.8, 'k1', '${now}'),
             (2, 1, 1, 2, 2, 2, 1, NULL, 'both-bad', NULL, '', 800, 1, 1, 'k2', '${now}');
  `);
  return db;
}

const all = (db: Db, sql: string) => db.prepare(sql).all() as Record<string, unknown>[];
const names = (db: Db, type: string) =>
  all(db, `SELECT name FROM sqlite_master WHERE type = '${type}' AND name NOT LIKE 'sqlite_%' ORDER BY name`).map((r) => r.name);

describe("migration 012: judge_scores and human_judgments", () => {
  it("keeps every row of a database at 011, under the new table and column names", () => {
    const db = databaseAt011();
    const judgments = all(db, "SELECT * FROM judgments ORDER BY id");
    const annotations = all(db, "SELECT * FROM annotations ORDER BY id");
    // 012 first; later migrations (013 on) follow in the same run.
    expect(migrate(db).applied[0]).toBe("012_one_word_per_concept.sql");

    expect(all(db, "SELECT * FROM judge_scores ORDER BY id")).toEqual(judgments);
    expect(all(db, "SELECT * FROM human_judgments ORDER BY id")).toEqual(
      annotations.map(({ outcome, ...row }) => ({ ...row, verdict: outcome })),
    );
    const tables = names(db, "table");
    expect(tables).toEqual(expect.arrayContaining(["judge_scores", "human_judgments"]));
    expect(tables).not.toContain("judgments");
    expect(tables).not.toContain("annotations");
    expect(names(db, "index").filter((n) => /^(judgments|annotations)_/.test(String(n)))).toEqual([]);
    expect(names(db, "index")).toEqual(
      expect.arrayContaining([
        "judge_scores_job_status",
        "judge_scores_claim",
        "judge_scores_lease",
        "judge_scores_finished",
        "human_judgments_campaign",
        "human_judgments_comparison",
        "human_judgments_user",
      ]),
    );
    expect(db.pragma("foreign_key_check")).toEqual([]);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
  });

  it("keeps the rules: the verdict CHECK, the unique keys and the trigger that protects users with judgments", () => {
    const db = databaseAt011();
    migrate(db);
    const trigger = all(db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'users_keep_work'")[0]!.sql as string;
    expect(trigger).toContain("human_judgments");
    expect(trigger).not.toMatch(/\bannotations\b/);
    expect(() => db.prepare("DELETE FROM users WHERE id = 2").run()).toThrow(/has judgments or campaign work/);
    const insert = db.prepare(
      `INSERT INTO human_judgments (campaign_id, comparison_id, assignment_id, user_id, left_sample_id, right_sample_id, winner_sample_id, verdict,
         time_ms, coverage_left, coverage_right, idempotency_key, created_at) VALUES (1, 1, ?, 2, 1, 2, NULL, ?, 1, 1, 1, ?, '${now}')`,
    );
    expect(() => insert.run(3, "left", "k3")).toThrow(/CHECK constraint failed/);
    expect(() => insert.run(1, "tie", "k3")).toThrow(/UNIQUE constraint failed: human_judgments.assignment_id/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO judge_scores (job_id, sample_id, judge_model_id, template_hash, status, updated_at) VALUES (1, 1, 3, 'h', 'queued', ?)",
        )
        .run(now),
    ).toThrow(/UNIQUE constraint failed: judge_scores/);
  });

  it("keeps a deprecated read-only view `annotations` with the old column names for outside scripts", () => {
    const db = databaseAt011();
    const before = all(db, "SELECT * FROM annotations ORDER BY id");
    migrate(db);
    expect(names(db, "view")).toEqual(["annotations"]);
    expect(all(db, "SELECT * FROM annotations ORDER BY id")).toEqual(before);
    expect(() => db.prepare("DELETE FROM annotations").run()).toThrow(/cannot modify annotations because it is a view/);
  });

  it("serves the migrated rows through the renamed repositories", () => {
    const db = databaseAt011();
    migrate(db);
    const ctx = createContext(db, () => new Date(now), silentLogger);
    expect(ctx.judgeScores.get(1)).toMatchObject({ id: 1, status: "done", quality_score: 80, analysis: "fine", judge_model_name: "judge" });
    expect(ctx.judgeScores.forSample(2)).toMatchObject([{ id: 2, status: "failed" }]);
    expect(ctx.samplingJobs.get(1)).toMatchObject({ id: 1, status: "done" });
  });
});
