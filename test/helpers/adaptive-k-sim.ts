import type { Verdict } from "../../shared/schemas/campaigns";
import type { User } from "../../shared/schemas/user";
import { createCampaign } from "../../server/campaigns/create";
import { annotationQueue } from "../../server/campaigns/queue";
import { createOutputs, createSet, outputText } from "./factories";
import { testApp } from "./test-app";

/*
 * Simulated annotators against the real annotation queue (decision 037's figures): a two-model campaign whose
 * every comparison has a known better side. Each comparison's votes are drawn beforehand, in the order its
 * judgments arrive, so a fixed-k run and an adaptive run see the same annotators' answers.
 */

/** One simulated answer: the better side (a, sample a of the comparison), the other (b), or a tie. */
export type Vote = "a" | "b" | "tie";

/** A small deterministic generator (mulberry32): the same votes for the same seed. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * k votes per comparison: the truth (a on even comparisons, b on odd ones) with probability `accuracy`, else
 * mostly the other side and one time in four a tie.
 */
export function drawVotes(comparisons: number, k: number, accuracy: number, seed: number): Vote[][] {
  const random = seeded(seed);
  return Array.from({ length: comparisons }, (_, i) => {
    const truth: Vote = i % 2 === 0 ? "a" : "b";
    const other: Vote = truth === "a" ? "b" : "a";
    return Array.from({ length: k }, () => (random() < accuracy ? truth : random() < 0.25 ? "tie" : other));
  });
}

/** The verdict with strictly the most votes, or null when none leads. */
export function leader(votes: Vote[]): Vote | null {
  const counts = new Map<Vote, number>();
  for (const v of votes) counts.set(v, (counts.get(v) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((x, y) => y[1] - x[1]);
  if (sorted.length === 0 || (sorted.length > 1 && sorted[0]![1] === sorted[1]![1])) return null;
  return sorted[0]![0];
}

export interface SimOutcome {
  /** Per comparison (in id order), the votes it received. */
  received: Vote[][];
  judgments: number;
  /** Comparisons complete (decided or at k_max) when nobody is offered anything more. */
  complete: number;
  /** Comparisons the campaign decided with k_min judgments. */
  decidedAtKMin: number;
  /** What the dashboard reports as saved. */
  saved: number;
  /** An annotator was never given the same comparison twice. */
  neverTwice: boolean;
}

/**
 * Runs a campaign with these votes to the end: in rounds, every annotator takes their next item, then all of
 * them answer (so several leases are out at once, as with people working side by side).
 */
export async function simulate(votes: Vote[][], k: { k_min: number; k_max: number }, annotators = 5): Promise<SimOutcome> {
  const t = testApp();
  try {
    const ctx = t.ctx;
    const admin = await t.user("admin", "admin");
    const set = createSet(ctx, { name: "sim", instructions: votes.length, createdBy: admin.id });
    const text = (i: number, s: number) => outputText(`${i}/${s}`, 20);
    const outputs = createOutputs(ctx, set, [
      { name: "alpha", samples: 1, text },
      { name: "beta", samples: 1, text: (i) => text(i, 9) },
    ]);
    const campaignId = createCampaign(
      ctx,
      {
        name: "sim",
        set_id: set.id,
        source: { kind: "custom", model_a_id: outputs.ids.alpha!, model_b_id: outputs.ids.beta! },
        settings: { judgments_per_comparison: k.k_max },
        k_min: k.k_min,
        k_max: k.k_max,
      },
      admin.id,
    );
    const users: User[] = [];
    for (let i = 0; i < annotators; i++) users.push(await t.user(`annotator${i}`, "annotator"));
    const queue = annotationQueue(ctx, seeded(7));
    const rows = t.db.prepare("SELECT id, sample_a_id FROM comparisons WHERE campaign_id = ? ORDER BY id").all(campaignId) as {
      id: number;
      sample_a_id: number;
    }[];
    const index = new Map(rows.map((r, i) => [r.id, i]));
    const received: Vote[][] = rows.map(() => []);
    let judgments = 0;
    let key = 0;
    for (;;) {
      const held = users.flatMap((user) => {
        const item = queue.next(campaignId, user);
        return item ? [{ user, item }] : [];
      });
      if (held.length === 0) break;
      for (const { user, item } of held) {
        const a = ctx.assignments.ofUser(item.assignment_id, user.id)!;
        const i = index.get(a.comparison_id)!;
        const vote = votes[i]![received[i]!.length]!;
        received[i]!.push(vote);
        const sampleA = rows[i]!.sample_a_id;
        const aIsLeft = a.left_sample_id === sampleA;
        const verdict: Verdict = vote === "tie" ? "tie" : (vote === "a") === aIsLeft ? "left" : "right";
        queue.submit(item.assignment_id, user, {
          verdict,
          time_ms: 60_000,
          coverage_left: 1,
          coverage_right: 1,
          idempotency_key: `sim-${++key}-key`,
        });
        judgments++;
      }
    }
    const campaign = ctx.campaigns.get(campaignId)!;
    const savings = ctx.comparisons.savings(campaignId, k.k_min, k.k_max);
    const twice = t.db
      .prepare("SELECT COUNT(*) AS n FROM (SELECT 1 FROM assignments GROUP BY comparison_id, user_id HAVING COUNT(*) > 1) AS twice")
      .get() as { n: number };
    return {
      received,
      judgments,
      complete: campaign.complete,
      decidedAtKMin: savings.at_k_min,
      saved: savings.early * k.k_max - savings.early_judgments,
      neverTwice: twice.n === 0,
    };
  } finally {
    t.close();
  }
}

/** Fixed k = k_max against adaptive k on the same votes: the figures the bench prints and the test checks. */
export async function compareFixedAdaptive(comparisons: number, kMin: number, kMax: number, accuracy: number, seed: number) {
  const votes = drawVotes(comparisons, kMax, accuracy, seed);
  const fixed = await simulate(votes, { k_min: kMax, k_max: kMax });
  const adaptive = await simulate(votes, { k_min: kMin, k_max: kMax });
  const same = fixed.received.filter((v, i) => leader(v) === leader(adaptive.received[i]!)).length;
  return {
    fixed,
    adaptive,
    perDecidedFixed: fixed.judgments / fixed.complete,
    perDecidedAdaptive: adaptive.judgments / adaptive.complete,
    sameDecision: same / comparisons,
  };
}
