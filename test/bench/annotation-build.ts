import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom } from "../../shared/scoring/seeded-random";
import { hashPassword } from "../../server/auth/password";
import { createCampaign } from "../../server/campaigns/create";
import { createContext } from "../../server/context";
import { migrate } from "../../server/db/migrate";
import { openDatabase } from "../../server/db/open";
import { importInstructionSet } from "../../server/instructions/import-set";
import { silentLogger } from "../../server/logger";
import { fieldsFromBody } from "../../server/sampling/model-fields";

// The annotation bench's database: 100,000 instructions, a candidate and a reference model with one
// finished sample each per instruction (200,000 samples, 1,000–2,000 bytes of text; ~750 MB file), 100 annotators, a
// vs-reference campaign with k = 20 and 1,000,000 prefilled judgments (10,000 per annotator, 10 per
// comparison), plus an empty twin campaign that the raw-insert baselines write into. The load test
// (test/load/) builds the same 1,000,000 judgments over 200 annotators, 5,000 each.
export const annotators = 100;
export const instructionCount = 100_000;
export const judgmentsPerAnnotator = 10_000;
export const k = 20;
const judgmentsPerComparison = 10;

export interface BuildOptions {
  annotators: number;
  judgmentsPerAnnotator: number;
}
export const password = "bench password 1";

export interface BenchDb {
  path: string;
  campaignId: number;
  /** Same comparisons, nothing judged: the baselines' rows go here so the measured campaign stays clean. */
  baselineCampaignId: number;
  usernames: string[];
  userIds: number[];
  timings: [string, number][];
  megabytes: number;
}

const words = (
  "the a of and to in that it was for on with as his her they at by this had from not but what all were when we " +
  "there can an your which their said if do will each about how up out them then she many some so these would other " +
  "into has more two like him see time could no make than first been its who now people my made over did down only " +
  "way find use may water long little very after words called just where most know river morning letter garden " +
  "window silence harbor memory journey winter station lantern promise stranger mountain village shadow question"
).split(" ");

/** A pool of long paragraphs; each sample is a slice of one behind its own first line. */
function textPool(random: () => number, size: number, bytes: number): string[] {
  return Array.from({ length: size }, () => {
    const parts: string[] = [];
    let length = 0;
    while (length < bytes) {
      const sentence = Array.from({ length: 8 + Math.floor(random() * 12) }, () => words[Math.floor(random() * words.length)]).join(" ");
      const line = sentence[0]!.toUpperCase() + sentence.slice(1) + (random() < 0.15 ? ".\n\n" : ". ");
      parts.push(line);
      length += line.length;
    }
    return parts.join("");
  });
}

export async function buildAnnotationDb(options: BuildOptions = { annotators, judgmentsPerAnnotator }): Promise<BenchDb> {
  const timings: [string, number][] = [];
  let mark = performance.now();
  const step = (name: string) => {
    const t = performance.now();
    timings.push([name, t - mark]);
    mark = t;
  };
  const path = join(mkdtempSync(join(tmpdir(), "longpref-bench-annotation-")), "bench.db");
  const db = openDatabase(path);
  migrate(db);
  // Build-only settings on this connection: no journal and no fsync while filling an empty file, a big
  // page cache, no per-row foreign-key lookups (rows are consistent by construction). The file is switched
  // back to WAL before the server opens it with openDatabase's pragmas.
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -1000000");
  db.pragma("foreign_keys = OFF");
  const ctx = createContext(db, () => new Date(), silentLogger);
  const random = seededRandom(11, "bench:annotation");
  const now = new Date();

  const content = Array.from({ length: instructionCount }, (_, i) =>
    JSON.stringify({
      id: `i${i}`,
      prompt: `Write a story about a ${words[i % words.length]} and a ${words[(i * 7) % words.length]} (#${i}).`,
      length: 500 + (i % 8) * 250,
    }),
  ).join("\n");
  const set = importInstructionSet(ctx, { name: "bench", format: "jsonl", content }, null);
  if (set.dryRun) throw new Error("unexpected dry run");
  step("instructions");

  const candidate = ctx.models.create(fieldsFromBody({ name: "candidate", base_urls: [], model: "c" }), "ui", now);
  const reference = ctx.models.create(fieldsFromBody({ name: "reference", base_urls: [], model: "r", is_reference: true }), "ui", now);
  const pool = textPool(random, 256, 2100);
  const insertSample = db.prepare(
    `INSERT INTO samples (job_id, instruction_id, model_id, sample_index, status, source, text, word_count, finish_reason, flags, attempts, updated_at, finished_at)
     VALUES (?, ?, ?, 0, 'done', 'imported', ?, ?, 'stop', '[]', 0, ?, ?)`,
  );
  const stamp = now.toISOString();
  const ids = ctx.instructions.ids({ set: set.setId });
  for (const model of [candidate, reference]) {
    const jobId = ctx.samplingJobs.create(
      {
        set_id: set.setId,
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
    db.transaction(() => {
      for (const instructionId of ids) {
        const body = pool[Math.floor(random() * pool.length)]!.slice(0, 1000 + Math.floor(random() * 1000));
        const text = `${model.name} answer to instruction ${instructionId}\n\n${body}`;
        insertSample.run(jobId, instructionId, model.id, text, text.split(/\s+/).length, stamp, stamp);
      }
    })();
  }
  step("samples");

  // scrypt is slow on purpose: hash once, every annotator shares the hash (login still verifies it).
  const hash = await hashPassword(password);
  const usernames = Array.from({ length: options.annotators }, (_, i) => `annotator${String(i).padStart(3, "0")}`);
  const userIds = db.transaction(() => usernames.map((u) => ctx.users.create(u, "annotator", hash, now).id))();
  step("users");

  const settings = { judgments_per_comparison: k, guidelines: "Pick the better answer." };
  const campaignId = createCampaign(
    ctx,
    { name: "bench", set_id: set.setId, source: { kind: "vs-reference", model_id: candidate.id }, annotators: "all", settings },
    null,
  );
  const baselineCampaignId = createCampaign(
    ctx,
    { name: "baseline", set_id: set.setId, source: { kind: "vs-reference", model_id: candidate.id }, annotators: "all", settings },
    null,
  );
  step("campaigns");

  prefill(db, campaignId, userIds, options.judgmentsPerAnnotator, random, now);
  step("judgments");

  db.pragma("journal_mode = WAL");
  db.close();
  step("close");
  return { path, campaignId, baselineCampaignId, usernames, userIds, timings, megabytes: statSync(path).size / 2 ** 20 };
}

/**
 * 10 judgments per comparison, 10,000 per annotator (of 100): comparisons go in blocks of annotators ÷ 10,
 * and each block deals a fresh shuffle of the annotators, 10 per comparison. So every annotator holds one
 * comparison per block, scattered through the queue the way "fewest first" leaves them, and nobody judged
 * a comparison twice.
 */
function prefill(
  db: ReturnType<typeof openDatabase>,
  campaignId: number,
  userIds: number[],
  perAnnotator: number,
  random: () => number,
  now: Date,
) {
  const comparisons = db
    .prepare<[number], { id: number; sample_a_id: number; sample_b_id: number }>(
      "SELECT id, sample_a_id, sample_b_id FROM comparisons WHERE campaign_id = ? ORDER BY id",
    )
    .all(campaignId);
  const perComparison = (userIds.length * perAnnotator) / comparisons.length;
  const block = userIds.length / judgmentsPerComparison;
  if (perComparison !== judgmentsPerComparison || !Number.isInteger(block) || comparisons.length % block !== 0) {
    throw new Error(`unexpected shape: ${comparisons.length} comparisons, ${userIds.length} annotators`);
  }
  const assignment = db.prepare(
    `INSERT INTO assignments (id, campaign_id, comparison_id, user_id, left_sample_id, right_sample_id, status, lease_until, shown_at)
     VALUES (?, ?, ?, ?, ?, ?, 'done', ?, ?)`,
  );
  const annotation = db.prepare(
    `INSERT INTO human_judgments (campaign_id, comparison_id, assignment_id, user_id, left_sample_id, right_sample_id, winner_sample_id,
       verdict, margin, rationale, time_ms, coverage_left, coverage_right, idempotency_key, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, '', ?, ?, ?, ?, ?)`,
  );
  const start = now.getTime() - 7 * 24 * 3600 * 1000;
  const order = [...userIds];
  let assignmentId = (db.prepare("SELECT COALESCE(MAX(id), 0) AS n FROM assignments").get() as { n: number }).n;
  db.transaction(() => {
    for (let first = 0; first < comparisons.length; first += block) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (let c = 0; c < block; c++) {
        const comparison = comparisons[first + c]!;
        for (let u = 0; u < judgmentsPerComparison; u++) {
          const userId = order[c * judgmentsPerComparison + u]!;
          assignmentId++;
          const shown = start + assignmentId * 500;
          const [left, right] =
            random() < 0.5 ? [comparison.sample_a_id, comparison.sample_b_id] : [comparison.sample_b_id, comparison.sample_a_id];
          assignment.run(
            assignmentId,
            campaignId,
            comparison.id,
            userId,
            left,
            right,
            new Date(shown + 30 * 60_000).toISOString(),
            new Date(shown).toISOString(),
          );
          const r = random();
          const verdict = r < 0.8 ? "win" : r < 0.93 ? "tie" : "both-bad";
          const winner = verdict === "win" ? (random() < 0.5 ? left : right) : null;
          const timeMs = 20_000 + Math.floor(random() * 280_000);
          annotation.run(
            campaignId,
            comparison.id,
            assignmentId,
            userId,
            left,
            right,
            winner,
            verdict,
            timeMs,
            1,
            0.6 + random() * 0.4,
            `prefill-${assignmentId}`,
            new Date(shown + timeMs).toISOString(),
          );
        }
      }
    }
    db.prepare(
      `UPDATE comparisons SET judgments = (SELECT COUNT(*) FROM human_judgments a WHERE a.comparison_id = comparisons.id),
         taken = (SELECT COUNT(*) FROM assignments a WHERE a.comparison_id = comparisons.id AND a.status IN ('active', 'done'))
       WHERE campaign_id = ?`,
    ).run(campaignId);
    db.prepare(
      `INSERT INTO annotator_progress (campaign_id, user_id, judged)
       SELECT campaign_id, user_id, COUNT(*) FROM human_judgments WHERE campaign_id = ? GROUP BY user_id`,
    ).run(campaignId);
  })();
}
