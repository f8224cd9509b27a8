import type { BattleRecord } from "../schemas/battles";
import { binomialTestTwoSided } from "./binomial-test";

// Position bias of the annotators: among judgments with a winner (ties and "both_bad" left out), the share
// won by the output shown on the left, and the two-sided exact binomial test of that share against ½
// (scipy.stats.binomtest). With no decided judgment the share and p-value are null.

export interface PositionBias {
  decided: number;
  left_wins: number;
  left_win_rate: number | null;
  p_value: number | null;
}

export function positionBias(records: readonly BattleRecord[]): PositionBias {
  let decided = 0;
  let leftWins = 0;
  for (const r of records) {
    if (r.winner !== "model_a" && r.winner !== "model_b") continue;
    decided++;
    if (r.winner === r.left) leftWins++;
  }
  return {
    decided,
    left_wins: leftWins,
    left_win_rate: decided > 0 ? leftWins / decided : null,
    p_value: decided > 0 ? binomialTestTwoSided(leftWins, decided) : null,
  };
}
