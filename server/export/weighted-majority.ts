import { A_WINS, TIE } from "../../shared/stats/battle-index";
import { dawidSkene, posteriorVerdict } from "../../shared/stats/dawid-skene";
import type { Db } from "../db/open";
import { judgmentIndex } from "./judgment-index";

/** Per campaign comparison (by database id): the Dawid–Skene verdict of highest posterior and its probability. */
export interface WeightedVerdicts {
  of(comparisonId: number): { winner: "a" | "tie" | "b"; confidence: number } | undefined;
}

/**
 * Dawid–Skene over every judgment of the campaigns (verify-pairs comparisons included), read on `db`
 * before the export's own rows. A comparison's orientation is its sample a first, so A_WINS is "a".
 */
export function weightedVerdicts(db: Db, campaignIds: readonly number[]): WeightedVerdicts {
  const index = judgmentIndex(db, campaignIds);
  const { posterior } = dawidSkene(index);
  const position = new Map(index.comparisons.map((c, i) => [Number(c.id), i]));
  return {
    of(comparisonId) {
      const c = position.get(comparisonId);
      if (c === undefined) return undefined;
      const v = posteriorVerdict(posterior, c);
      return { winner: v === A_WINS ? "a" : v === TIE ? "tie" : "b", confidence: posterior[c * 3 + v]! };
    },
  };
}
