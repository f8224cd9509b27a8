import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword } from "../../server/auth/password";
import { createCampaign } from "../../server/campaigns/create";
import { createContext } from "../../server/context";
import { dialectOf } from "../../server/db/dialect";
import { migrate } from "../../server/db/migrate";
import { openDatabase, type Db } from "../../server/db/open";
import { silentLogger } from "../../server/logger";
import { importInstructionSet } from "../../server/instructions/import-set";
import { fieldsFromBody } from "../../server/sampling/model-fields";
import { password, type BenchDb } from "./annotation-build";

// The backends bench's database, built alike on SQLite and PostgreSQL through the app's own code and a few
// set-based statements both dialects read (so building 1,000,000 judgments on PostgreSQL is not 2,000,000
// round trips): `instructions` instructions, a candidate and a reference sample each, `annotators` annotators,
// a vs-reference campaign with k = 20, and 10 prefilled judgments per comparison (dealt round the annotators).

export interface Backend {
  name: "SQLite" | "PostgreSQL";
  /**
   * Server processes the annotation load is served by: each backend's deployment (README). SQLite: one process
   * on one file. PostgreSQL: two servers on one database, as behind a load balancer.
   */
  servers: number;
  /** A new, migrated database: its location and how to remove it. */
  create(): { location: string; drop(): void };
}

export const serversOf = (b: Backend) => (b.servers === 1 ? "1 server process" : `${b.servers} server processes`);

export const sqliteBackend: Backend = {
  name: "SQLite",
  servers: 1,
  create() {
    const dir = mkdtempSync(join(tmpdir(), "longpref-bench-backends-"));
    const location = join(dir, "bench.db");
    const db = openDatabase(location);
    migrate(db);
    db.close();
    return { location, drop: () => rmSync(dir, { recursive: true, force: true }) };
  },
};

/** Databases on the PostgreSQL server at `serverUrl` (a URL without a database name), one per build. */
export function postgresBackend(serverUrl: string): Backend {
  const at = (name: string) => Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  return {
    name: "PostgreSQL",
    servers: 2,
    create() {
      const name = `longpref_bench_${randomBytes(5).toString("hex")}`;
      const admin = openDatabase(at("postgres"));
      admin.exec(`CREATE DATABASE ${name}`);
      const db = openDatabase(at(name));
      migrate(db);
      db.close();
      return {
        location: at(name),
        drop: () => {
          admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          admin.close();
        },
      };
    },
  };
}

const body = "The lantern swung over the harbor while the stranger counted the boats, one by one, until morning. ".repeat(12);

export async function buildBackendDb(
  location: string,
  o: { instructions: number; annotators: number; perComparison: number },
): Promise<Omit<BenchDb, "megabytes">> {
  const timings: [string, number][] = [];
  let mark = performance.now();
  const step = (name: string) => {
    timings.push([name, performance.now() - mark]);
    mark = performance.now();
  };
  const db = openDatabase(location);
  if (dialectOf(db) === "postgres") {
    // Build-only settings on this connection (the annotation bench turns SQLite's foreign keys off alike): rows
    // are consistent by construction, and a million judgments' foreign-key triggers (seven lookups a row)
    // outlast the server's per-statement limit. Needs a superuser, as the bench's throwaway cluster has.
    db.exec("SET statement_timeout = 0");
    db.exec("SET session_replication_role = replica");
  }
  const ctx = createContext(db, () => new Date(), silentLogger);
  const now = new Date();
  const stamp = now.toISOString();
  // One instruction through the real import (the set's row and its length ranges), the rest copied from it.
  const imported = importInstructionSet(
    ctx,
    { name: "bench", format: "jsonl", content: JSON.stringify({ id: "b0", prompt: "Write a story about a lantern.", length: 1000 }) },
    null,
  );
  if (imported.dryRun) throw new Error("unexpected dry run");
  const set = { id: imported.setId };
  fillInstructions(db, set.id, o.instructions - 1);
  step("instructions");

  const candidate = ctx.models.create(fieldsFromBody({ name: "candidate", base_urls: [], model: "c" }), "ui", now);
  const reference = ctx.models.create(fieldsFromBody({ name: "reference", base_urls: [], model: "r", is_reference: true }), "ui", now);
  for (const model of [candidate, reference]) {
    const jobId = ctx.samplingJobs.create(
      {
        set_id: set.id,
        model_id: model.id,
        n: 1,
        strategy: "import",
        filter: {},
        params: { temperature: 0.5, top_p: null, max_tokens: 1000 },
        templates: null,
        status: "done",
        created_by: null,
      },
      now,
    );
    db.prepare(
      `INSERT INTO samples (job_id, instruction_id, model_id, sample_index, status, source, text, word_count, finish_reason, flags, attempts, updated_at, finished_at)
       SELECT @job, i.id, @model, 0, 'done', 'imported', @name || ' answer to instruction ' || CAST(i.id AS TEXT) || '. ' || @body, 200, 'stop', '[]', 0, @now, @now
       FROM instructions i WHERE i.set_id = @set`,
    ).run({ job: jobId, model: model.id, name: model.name, body, now: stamp, set: set.id });
  }
  step("samples");

  const hash = await hashPassword(password);
  const usernames = Array.from({ length: o.annotators }, (_, i) => `annotator${String(i).padStart(3, "0")}`);
  const userIds = db.transaction(() => usernames.map((u) => ctx.users.create(u, "annotator", hash, now).id))();
  step("users");

  const settings = { judgments_per_comparison: 20, guidelines: "Pick the better answer." };
  const source = { kind: "vs-reference" as const, model_id: candidate.id };
  const campaignId = createCampaign(ctx, { name: "bench", set_id: set.id, source, annotators: "all", settings }, null);
  const baselineCampaignId = createCampaign(ctx, { name: "baseline", set_id: set.id, source, annotators: "all", settings }, null);
  step("campaigns");

  prefill(db, campaignId, o.annotators, o.perComparison, now);
  step("judgments");
  // Planner statistics and the visibility map for the rows just written, and their pages on disk: what
  // autovacuum and the checkpointer do soon after a bulk write on a live server, done before the load rather
  // than during it (where they took CPU from the measured phases, run to run by chance).
  if (dialectOf(db) === "postgres") {
    db.exec("VACUUM (ANALYZE)");
    db.exec("CHECKPOINT");
  }
  step("analyze");
  db.close();
  return { path: location, campaignId, baselineCampaignId, usernames, userIds, timings };
}

/** `count` more instructions like the set's first, in one statement (a recursive counter both dialects have). */
function fillInstructions(db: Db, setId: number, count: number) {
  db.prepare(
    `INSERT INTO instructions (set_id, external_id, position, prompt, required_length, length_source, lang, length_range, category, metadata)
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
     SELECT @set, 'b' || CAST(n.i AS TEXT), first.position + n.i, 'Write a story about a lantern and a harbor (#' || CAST(n.i AS TEXT) || ').',
       first.required_length, first.length_source, first.lang, first.length_range, first.category, first.metadata
     FROM n CROSS JOIN (SELECT * FROM instructions WHERE set_id = @set) first`,
  ).run({ count, set: setId });
}

/**
 * `perComparison` judgments per comparison, from annotators (c × perComparison + u) mod annotators: distinct
 * within a comparison, spread evenly. Set-based: assignments first, then a judgment for each, then counters.
 */
function prefill(db: Db, campaignId: number, annotators: number, perComparison: number, now: Date) {
  const week = new Date(now.getTime() - 7 * 24 * 3600 * 1000).toISOString();
  const lease = new Date(now.getTime() - 6 * 24 * 3600 * 1000).toISOString();
  db.transaction(() => {
    db.prepare(
      `INSERT INTO assignments (campaign_id, comparison_id, user_id, left_sample_id, right_sample_id, status, lease_until, shown_at)
       WITH RECURSIVE slot(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM slot WHERE n < @per - 1),
         comps AS (SELECT id, sample_a_id, sample_b_id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS i FROM comparisons WHERE campaign_id = @c),
         people AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS i FROM users WHERE role = 'annotator')
       SELECT @c, comps.id, people.id, comps.sample_a_id, comps.sample_b_id, 'done', @lease, @week
       FROM comps CROSS JOIN slot JOIN people ON people.i = (comps.i * @per + slot.n) % @annotators`,
    ).run({ c: campaignId, per: perComparison, annotators, lease, week });
    db.prepare(
      `INSERT INTO human_judgments (campaign_id, comparison_id, assignment_id, user_id, left_sample_id, right_sample_id, winner_sample_id,
         verdict, margin, rationale, time_ms, coverage_left, coverage_right, idempotency_key, created_at)
       SELECT campaign_id, comparison_id, id, user_id, left_sample_id, right_sample_id, left_sample_id, 'win', NULL, '', 30000, 1, 1,
         'prefill-' || CAST(id AS TEXT), @week
       FROM assignments WHERE campaign_id = @c`,
    ).run({ c: campaignId, week });
    db.prepare(`UPDATE comparisons SET judgments = @per, taken = @per WHERE campaign_id = @c`).run({ c: campaignId, per: perComparison });
    db.prepare(
      `INSERT INTO annotator_progress (campaign_id, user_id, judged)
       SELECT campaign_id, user_id, COUNT(*) FROM human_judgments WHERE campaign_id = @c GROUP BY campaign_id, user_id`,
    ).run({ c: campaignId });
  })();
}
