/**
 * Adaptive k (docs/decisions/037-adaptive-k.md): how many judgments a comparison wants, given its verdicts so
 * far. Four verdicts count apart: a wins, b wins, tie, both bad (a tie is a verdict of its own, not half a win).
 */
import type { VerdictCounts } from "../db/repos/comparisons";

/** Whether the leading verdict stays strictly ahead even if every judgment left up to k_max went to the runner-up. */
export function isDecided(v: VerdictCounts, kMin: number, kMax: number): boolean {
  const counts = [v.a_wins, v.b_wins, v.ties, v.both_bad].sort((x, y) => y - x);
  const n = counts.reduce((s, c) => s + c, 0);
  if (n >= kMax) return true;
  return n >= kMin && counts[0]! > counts[1]! + (kMax - n);
}

/**
 * Judgments wanted now: the judgments made once decided; otherwise the fewest that could decide it (all of
 * them going to the leader), at least k_min, at most k_max. With k_min = k_max = k this is always k.
 */
export function judgmentsWanted(v: VerdictCounts, kMin: number, kMax: number): number {
  const n = v.a_wins + v.b_wins + v.ties + v.both_bad;
  if (isDecided(v, kMin, kMax)) return Math.max(n, kMin);
  const counts = [v.a_wins, v.b_wins, v.ties, v.both_bad].sort((x, y) => y - x);
  // Smallest e ≥ 1 with (leader + e) > runner-up + (k_max − n − e).
  const e = Math.max(1, Math.floor((counts[1]! - counts[0]! + kMax - n) / 2) + 1);
  return Math.min(kMax, Math.max(kMin, n + e));
}
