import type { Context } from "../context";

/**
 * Per judgment id of an adaptive campaign: its inverse-probability weight 1/p, p being the probability the
 * adaptive rule chose its stratum with (docs/decisions/038-adaptive-choice.md), normalised to mean 1 within
 * its campaign and stratum so that weighted judgments mix with unweighted ones (a judge's, another
 * campaign's) in proportion to their numbers. Judgments of uniform campaigns have none (weight 1).
 */
export function adaptiveWeights(ctx: Context, campaignIds: readonly number[]): Map<number, number> {
  const weights = new Map<number, number>();
  for (const campaignId of campaignIds) {
    const rows = ctx.adaptiveChoice.chosen(campaignId);
    const sums = new Map<number, { total: number; n: number }>();
    for (const r of rows) {
      const s = sums.get(r.stratum) ?? { total: 0, n: 0 };
      sums.set(r.stratum, { total: s.total + 1 / r.probability, n: s.n + 1 });
    }
    for (const r of rows) {
      const s = sums.get(r.stratum)!;
      weights.set(r.judgment_id, 1 / r.probability / (s.total / s.n));
    }
  }
  return weights;
}
