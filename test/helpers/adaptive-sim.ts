import { annotationQueue } from "../../server/campaigns/queue";
import { createCampaign } from "../../server/campaigns/create";
import { battlesOfCampaigns } from "../../server/stats/battles-from-db";
import type { User } from "../../shared/schemas/user";
import { seededRandom } from "../../shared/scoring/seeded-random";
import { indexBattles } from "../../shared/stats/battle-index";
import { winRatesVsReference } from "../../shared/stats/win-rates";
import { createOutputs, createSet, createUser } from "./factories";
import { testApp } from "./test-app";

// Simulated annotators against the real annotation queue (annotationQueue over a real SQLite file): one
// vs-reference campaign with several candidate models, each of which beats the reference with a fixed true
// probability (no ties). Used by test/bench/adaptive-choice.ts and test/api/adaptive-choice.test.ts.

export interface SimOptions {
  /** True P(candidate beats the reference), one per candidate model. */
  truth: readonly number[];
  instructions: number;
  assignment: "uniform" | "adaptive";
  /** Judgments to make (the same budget for both modes). */
  budget: number;
  seed: number;
  annotators?: number;
  k?: number;
  /** Bootstrap rounds of the intervals (default 1000). */
  rounds?: number;
}

export interface SimResult {
  /** Per candidate: win rate and 95% interval (bootstrap over instructions) as the platform reports them. */
  models: { truth: number; n: number; winRate: number; ci: [number, number] }[];
  widest: number;
  covered: number;
  /** Milliseconds of each queue.next call: wall clock, and this process's CPU time (free of other load). */
  nextMs: number[];
  nextCpuMs: number[];
  reweighted: boolean;
  campaignId: number;
  app: ReturnType<typeof testApp>;
}

/** Names of the simulated models: c0..c{n-1} and the reference. */
export const simReference = "sim-reference";

/** Builds the workspace, runs `budget` judgments through the queue, and reads the platform's intervals. Close result.app after. */
export async function simulateCampaign(o: SimOptions): Promise<SimResult> {
  const app = testApp();
  const ctx = app.ctx;
  const admin = await createUser(ctx, "sim-admin", "admin", "correct horse battery");
  const set = createSet(ctx, { name: "sim set", instructions: o.instructions, createdBy: admin.id });
  const names = o.truth.map((_, i) => `c${i}`);
  const outputs = createOutputs(
    ctx,
    set,
    [
      ...names.map((name) => ({ name, samples: 1, lengthFactor: () => 0.01 })),
      { name: simReference, samples: 1, reference: true, lengthFactor: () => 0.01 },
    ],
    { createdBy: admin.id },
  );
  const candidateIds = names.map((n) => outputs.ids[n]!);
  const campaignId = createCampaign(
    ctx,
    {
      name: `sim ${o.assignment}`,
      set_id: set.id,
      source: { kind: "vs-reference", model_id: candidateIds[0]!, model_ids: candidateIds.slice(1) },
      settings: { judgments_per_comparison: o.k ?? 3, assignment: o.assignment },
    },
    admin.id,
  );
  // Annotators are plain users (the hash once: scrypt per user would dominate a small run).
  const users: User[] = [];
  for (let i = 0; i < (o.annotators ?? 10); i++) users.push(ctx.users.create(`sim-${i}`, "annotator", "x", new Date()));
  const truthOfModel = new Map(candidateIds.map((id, i) => [id, o.truth[i]!]));
  const queue = annotationQueue(ctx, seededRandom(o.seed, "queue"));
  const verdictRandom = seededRandom(o.seed, "annotators");
  const nextMs: number[] = [];
  const nextCpuMs: number[] = [];
  let made = 0;
  let stuck = 0;
  for (let turn = 0; made < o.budget && stuck < users.length; turn++) {
    const user = users[turn % users.length]!;
    const start = performance.now();
    const cpu = process.cpuUsage();
    const item = queue.next(campaignId, user);
    const used = process.cpuUsage(cpu);
    nextMs.push(performance.now() - start);
    nextCpuMs.push((used.user + used.system) / 1000);
    if (!item) {
      stuck++;
      continue;
    }
    stuck = 0;
    const a = ctx.assignments.ofUser(item.assignment_id, user.id)!;
    const leftModel = ctx.samples.get(a.left_sample_id)!.model_id;
    const candidateLeft = truthOfModel.has(leftModel);
    const p = truthOfModel.get(candidateLeft ? leftModel : ctx.samples.get(a.right_sample_id)!.model_id)!;
    const candidateWins = verdictRandom() < p;
    queue.submit(item.assignment_id, user, {
      verdict: candidateWins === candidateLeft ? "left" : "right",
      time_ms: 60_000,
      coverage_left: 1,
      coverage_right: 1,
      idempotency_key: `sim-key-${made}-${user.id}`,
    });
    made++;
  }
  const records = battlesOfCampaigns(ctx, [campaignId]);
  const figures = winRatesVsReference(indexBattles(records), simReference, { seed: o.seed, rounds: o.rounds ?? 1000 });
  const models = names.map((name, i) => {
    // A model without judgments (uniform assignment ends the budget before reaching it) has no figures.
    const f = figures[name];
    const ci: [number, number] = f?.bootstrap_ci95_over_instructions ?? [Number.NaN, Number.NaN];
    return { truth: o.truth[i]!, n: f?.all.n ?? 0, winRate: f?.all.win_rate ?? Number.NaN, ci };
  });
  const widest = Math.max(...models.map((m) => m.ci[1] - m.ci[0]));
  const covered = models.filter((m) => m.ci[0] <= m.truth && m.truth <= m.ci[1]).length;
  return { models, widest, covered, nextMs, nextCpuMs, reweighted: records.some((r) => r.weight !== undefined), campaignId, app };
}
