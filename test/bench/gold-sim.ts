import { createCampaign } from "../../server/campaigns/create";
import { annotationQueue } from "../../server/campaigns/queue";
import type { Context } from "../../server/context";
import { seededRandom } from "../../shared/scoring/seeded-random";
import type { Verdict } from "../../shared/schemas/campaigns";
import { createOutputs, createSet, createUser, outputText } from "../helpers/factories";

// Simulated annotators against the real campaign creation and annotation queue: careless ones answer at random,
// careful ones get 95% of gold pairs right. Shared by the bench (test/bench/gold-pairs.ts) and its test.

export interface GoldSimOptions {
  careless: number;
  careful: number;
  /** Instructions, each one real comparison. */
  instructions: number;
  seed: number;
  /** What a careless annotator picks among: every verdict (default) or only left and right. */
  carelessVerdicts?: readonly Verdict[];
}

export interface GoldSimFigures {
  carelessFlaggedWithin20: number;
  /** Per careless annotator: at which of their judgments they were flagged (null: never). */
  carelessFlaggedAt: (number | null)[];
  carefulFlagged: number;
  /** Judgments per annotator (all of a careful one's count towards a false flag). */
  judgmentsEach: number;
  /** Gold items among each annotator's first 20. */
  goldInFirst20: number[];
}

const paragraphs = (seed: string) => [0, 1, 2, 3].map((p) => outputText(`${seed}/${p}`, 40).split("\n\n")[0]).join("\n\n");

export async function simulateGold(ctx: Context, o: GoldSimOptions): Promise<GoldSimFigures> {
  const admin = await createUser(ctx, `gold-admin-${o.seed}`, "admin", "correct horse battery");
  const set = createSet(ctx, { name: `gold bench ${o.seed}`, instructions: o.instructions, createdBy: admin.id });
  createOutputs(
    ctx,
    set,
    [
      { name: `gold-writer-${o.seed}`, samples: 1, text: (i) => paragraphs(`w${o.seed}/${i}`) },
      { name: `gold-reference-${o.seed}`, samples: 1, reference: true, text: (i) => paragraphs(`r${o.seed}/${i}`) },
    ],
    { createdBy: admin.id },
  );
  const people = o.careless + o.careful;
  const campaign = createCampaign(
    ctx,
    {
      name: `gold bench ${o.seed}`,
      set_id: set.id,
      source: { kind: "vs-reference", model_id: ctx.models.findByName(`gold-writer-${o.seed}`)!.id },
      annotators: "all",
      settings: { judgments_per_comparison: people, gold_rate: 0.3 },
    } as Parameters<typeof createCampaign>[1],
    admin.id,
  );
  const queue = annotationQueue(ctx, seededRandom(o.seed, "gold-bench:queue"));
  const random = seededRandom(o.seed, "gold-bench:annotators");
  const users = await Promise.all(
    Array.from({ length: people }, (_, i) =>
      createUser(ctx, `gold-${o.seed}-${i < o.careless ? "careless" : "careful"}-${i}`, "annotator", "x-password-1"),
    ),
  );
  const careless = (i: number) => i < o.careless;
  const carelessVerdicts = o.carelessVerdicts ?? (["left", "right", "tie", "both-bad"] as const);
  const flaggedAt: (number | null)[] = users.map(() => null);
  const judged = users.map(() => 0);
  const goldIn20 = users.map(() => 0);
  const goldOf = ctx.db.prepare(
    "SELECT c.gold_answer, c.sample_a_id, c.sample_b_id, a.left_sample_id FROM assignments a JOIN comparisons c ON c.id = a.comparison_id WHERE a.id = ?",
  );
  let active = users.map((_, i) => i);
  let key = 0;
  // Round robin, one item each in turn, as people working side by side.
  while (active.length > 0) {
    for (const i of active) {
      const user = users[i]!;
      const item = queue.next(campaign, user);
      if (!item) {
        active = active.filter((x) => x !== i);
        continue;
      }
      const g = goldOf.get(item.assignment_id) as {
        gold_answer: "a" | "b" | null;
        sample_a_id: number;
        sample_b_id: number;
        left_sample_id: number;
      };
      const soundLeft = g.gold_answer !== null && g.left_sample_id === (g.gold_answer === "a" ? g.sample_a_id : g.sample_b_id);
      if (g.gold_answer !== null && judged[i]! < 20) goldIn20[i]!++;
      let verdict: Verdict;
      if (careless(i)) verdict = carelessVerdicts[Math.floor(random() * carelessVerdicts.length)]!;
      else if (g.gold_answer === null) verdict = random() < 0.5 ? "left" : "right";
      else verdict = random() < 0.95 === soundLeft ? "left" : "right";
      queue.submit(item.assignment_id, user, {
        verdict,
        margin: null,
        rationale: "",
        time_ms: 60_000,
        coverage_left: 1,
        coverage_right: 1,
        idempotency_key: `gold-bench-${++key}`,
      });
      judged[i]!++;
      if (flaggedAt[i] === null && ctx.goldPairs.standings(campaign).has(user.id)) flaggedAt[i] = judged[i]!;
    }
  }
  const carelessAt = flaggedAt.slice(0, o.careless);
  return {
    carelessFlaggedWithin20: carelessAt.filter((n) => n !== null && n <= 20).length,
    carelessFlaggedAt: carelessAt,
    carefulFlagged: flaggedAt.slice(o.careless).filter((n) => n !== null).length,
    judgmentsEach: Math.max(...judged),
    goldInFirst20: goldIn20,
  };
}
