import type { Side } from "../../shared/stats/judge-calibration";
import { createCampaign } from "../../server/campaigns/create";
import type { Context } from "../../server/context";
import { createOutputs, createSet } from "./factories";
import { seedJudgeModel } from "./judging";

// A vs-reference campaign whose pairs a judge and people judged, written straight into the database for the
// tests of the judge's statistics (summary, calibration, battle records). Lengths are known: the writer's
// output is twice the required length on even instructions and half of it on odd ones, the reference's is
// the required length, so sample a (the writer) is the longer side exactly on even comparisons.

export interface WorldComparison {
  id: number;
  a: number;
  b: number;
  wordsA: number;
  wordsB: number;
}

/** `judge`: a judge model made before (another world's), else one named "<name>-judge" is made. */
export function judgeWorld(ctx: Context, o: { comparisons: number; name?: string; judge?: { id: number; name: string } }) {
  const name = o.name ?? "world";
  const set = createSet(ctx, { name: `${name} set`, instructions: o.comparisons });
  const outputs = createOutputs(ctx, set, [
    { name: `${name}-writer`, samples: 1, lengthFactor: (i) => (i % 2 === 0 ? 2 : 0.5) },
    { name: `${name}-reference`, samples: 1, reference: true },
  ]);
  const writer = { id: outputs.ids[`${name}-writer`]!, name: `${name}-writer` };
  const reference = { id: outputs.ids[`${name}-reference`]!, name: `${name}-reference` };
  const judge = o.judge ?? seedJudgeModel(ctx, `${name}-judge`);
  const campaignId = createCampaign(
    ctx,
    {
      name: `${name} campaign`,
      set_id: set.id,
      source: { kind: "vs-reference", model_id: writer.id },
      settings: { judgments_per_comparison: 3 },
    },
    null,
  );
  const comparisons = ctx.db
    .prepare(
      `SELECT c.id, c.sample_a_id AS a, c.sample_b_id AS b, sa.word_count AS wordsA, sb.word_count AS wordsB FROM comparisons c
       JOIN samples sa ON sa.id = c.sample_a_id JOIN samples sb ON sb.id = c.sample_b_id WHERE c.campaign_id = ? ORDER BY c.id`,
    )
    .all(campaignId) as WorldComparison[];
  return { setId: set.id, campaignId, writer, reference, judge: { id: judge.id, name: judge.name }, comparisons };
}
export type JudgeWorld = ReturnType<typeof judgeWorld>;

/** The job's pairs: each comparison's sample a and b, linked to the comparison unless `linked` is false. */
export function insertJobItems(ctx: Context, jobId: number, comparisons: readonly WorldComparison[], linked = true) {
  const insert = ctx.db.prepare("INSERT INTO pair_judge_items (job_id, sample_a_id, sample_b_id, comparison_id) VALUES (?, ?, ?, ?)");
  for (const c of comparisons) insert.run(jobId, c.a, c.b, linked ? c.id : null);
}

let annotators = 0;

/** Annotators (made on first use, by name) each judging the comparison: side a, b or tie, sample a shown left. */
export function insertHumanVotes(
  ctx: Context,
  campaignId: number,
  c: WorldComparison,
  votes: readonly (Side | "both-bad")[],
  names?: readonly string[],
) {
  const now = new Date().toISOString();
  votes.forEach((vote, i) => {
    const username = names?.[i] ?? `person${i}`;
    const user = ctx.users.findByName(username) ?? ctx.users.create(username, "annotator", "not-a-hash", new Date());
    const assignment = ctx.db
      .prepare(
        `INSERT INTO assignments (campaign_id, comparison_id, user_id, left_sample_id, right_sample_id, status, lease_until, shown_at)
         VALUES (?, ?, ?, ?, ?, 'done', ?, ?) RETURNING id`,
      )
      .get(campaignId, c.id, user.id, c.a, c.b, now, now) as { id: number };
    ctx.db
      .prepare(
        `INSERT INTO human_judgments (campaign_id, comparison_id, assignment_id, user_id, left_sample_id, right_sample_id, winner_sample_id,
           verdict, time_ms, coverage_left, coverage_right, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1000, 1, 1, ?, ?)`,
      )
      .run(
        campaignId,
        c.id,
        assignment.id,
        user.id,
        c.a,
        c.b,
        vote === "a" ? c.a : vote === "b" ? c.b : null,
        vote === "a" || vote === "b" ? "win" : vote,
        `vote-${++annotators}`,
        now,
      );
  });
}
