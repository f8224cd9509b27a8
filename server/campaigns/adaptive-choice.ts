import type { Context } from "../context";
import type { Pickable, StratumTally } from "../db/repos/adaptive-choice";

// Adaptive choice of the next comparison (docs/decisions/038-adaptive-choice.md). A randomised rule, so that
// every choice has a known probability and the statistics can weight each judgment by its inverse:
// 1. a stratum (the candidate model of a vs-reference campaign; the whole campaign otherwise) is drawn with
//    probability floorShare/M + (1 − floorShare)·v_m/Σv over the M strata still open to the annotator, where
//    v_m = p̃(1 − p̃) and p̃ = (points/2 + 1)/(judgments + 2) is its smoothed win rate so far;
// 2. within it, a comparison uniformly at random among the least-taken ones the annotator never had.
// The stored probability is that of step 1: step 2 is the uniform campaigns' balanced design, which needs
// no weight there either.

/** Share of the probability spread evenly over the open strata: no stratum's chance falls below floorShare/M. */
export const floorShare = 0.1;

/** A stratum's variance share: the binomial variance at its smoothed win rate. */
export function stratumVariance(t: Pick<StratumTally, "judgments" | "points">): number {
  const p = (t.points / 2 + 1) / (t.judgments + 2);
  return p * (1 - p);
}

/** The probabilities of drawing each of `open` strata (in the same order); they sum to 1. */
export function stratumProbabilities(open: readonly Pick<StratumTally, "judgments" | "points">[], floor: number = floorShare): number[] {
  const m = open.length;
  const v = open.map(stratumVariance);
  const total = v.reduce((s, x) => s + x, 0);
  return v.map((x) => floor / m + (1 - floor) * (x / total));
}

/** The index drawn from `probabilities` by one uniform number u in [0, 1). */
export function draw(probabilities: readonly number[], u: number): number {
  let acc = 0;
  for (let i = 0; i < probabilities.length; i++) {
    acc += probabilities[i]!;
    if (u < acc) return i;
  }
  return probabilities.length - 1;
}

/** The comparison the rule hands this annotator next, with the probability of its stratum; null when none is open. */
export function adaptiveNext(
  ctx: Context,
  campaignId: number,
  userId: number,
  random: () => number,
): { comparison: Pickable; probability: number } | null {
  const repo = ctx.adaptiveChoice;
  const open: (StratumTally & { taken: number })[] = [];
  for (const t of repo.tallies(campaignId)) {
    const taken = repo.leastTaken(campaignId, t.stratum, userId);
    if (taken !== undefined) open.push({ ...t, taken });
  }
  if (open.length === 0) return null;
  const probabilities = stratumProbabilities(open);
  const chosen = draw(probabilities, random());
  const s = open[chosen]!;
  const ties = repo.idsAt(campaignId, s.stratum, userId, s.taken);
  const comparison = repo.comparison(ties[Math.min(ties.length - 1, Math.floor(random() * ties.length))]!);
  return comparison ? { comparison, probability: probabilities[chosen]! } : null;
}
