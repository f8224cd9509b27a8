import type { CampaignDashboard } from "../../../shared/schemas/campaigns";

/** 95_000 ms -> "1:35"; human judging times are minutes, so no hours. */
export function formatMinSec(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** 0.456 -> "46%"; with `digits`, 0.456 -> "45.6%". */
export const formatPercent = (share: number, digits = 0) => `${(share * 100).toFixed(digits)}%`;

type AnnotatorStats = CampaignDashboard["annotators"][number];

/** Fewer wins than this say too little about a position preference to flag it. */
const minWinsForBias = 8;

/**
 * Whether the share of wins given to the left side is more than two standard errors from ½ (SE = ½/√n for n
 * wins): sides are shuffled per item, so an annotator judging texts, not positions, stays near 50%.
 */
export function positionBiasSuspected(a: AnnotatorStats): boolean {
  if (a.left_rate === null) return false;
  const wins = a.decided;
  if (wins < minWinsForBias) return false;
  return Math.abs(a.left_rate - 0.5) > 1 / Math.sqrt(wins);
}
