import { calibrationKappaTolerance, type HumanAgreement, type JudgeCalibration } from "../schemas/pair-judging";
import { combineOrders, type PairVerdict } from "../scoring/pair-verdict";
import { cohenKappa } from "./agreement";

// The pairwise judge held against the humans (docs/decisions/035-judge-beside-the-humans.md). Pure figures
// over plain rows; server/stats reads the rows. Verdicts are in a pair's own orientation: "a" is its sample a.
// - flip rate: share of pairs with both orders answered whose two orders point different ways (combineOrders).
// - left rate: share of the decisive answers (not A=B) of those pairs that chose the response shown first.
// - longer rate: among decisive verdicts on pairs whose two sides differ in words, the share for the longer side.
// - human majority of a comparison: the verdict (a / b / tie, both-bad a tie) given by more of its judgments
//   than any other; none when two lead together.
// - κ: Cohen's κ over a / tie / b (agreement.ts's cohenKappa, scikit-learn's formula).
// - the humans among themselves: each judgment against the strict majority of the other judgments of its
//   comparison (agreement.ts's with_majority_of_others), pooled over annotators into one table for κ.

export type Side = "a" | "b" | "tie";

/** One pair with both orders answered: verdicts from Response A's side as written, and each side's words. */
export interface JudgedPair {
  /** Verdict with sample a shown first. */
  aFirst: PairVerdict;
  /** Verdict with sample b shown first (A = b). */
  bFirst: PairVerdict;
  wordsA: number | null;
  wordsB: number | null;
}

export interface JudgeFigures {
  judged: number;
  flip_rate: number | null;
  left_rate: number | null;
  longer_rate: number | null;
  /** Decisive combined verdicts on pairs of different lengths: longer_rate's denominator. */
  longer_pairs: number;
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** The side of a pair the longer output is on; null when either length is unknown or they are equal. */
export function longerSide(wordsA: number | null, wordsB: number | null): "a" | "b" | null {
  if (wordsA === null || wordsB === null || wordsA === wordsB) return null;
  return wordsA > wordsB ? "a" : "b";
}

/** Flip, left and longer rates of a judge over pairs with both orders answered. */
export function judgeFigures(pairs: readonly JudgedPair[]): JudgeFigures {
  let flipped = 0;
  let decisive = 0;
  let left = 0;
  let longerPairs = 0;
  let longer = 0;
  for (const p of pairs) {
    const combined = combineOrders({ aFirst: p.aFirst, bFirst: p.bFirst });
    if (combined.flipped) flipped++;
    for (const v of [p.aFirst, p.bFirst]) {
      if (v === 0) continue;
      decisive++;
      if (v > 0) left++;
    }
    const side = longerSide(p.wordsA, p.wordsB);
    if (side !== null && combined.winner !== "tie") {
      longerPairs++;
      if (combined.winner === side) longer++;
    }
  }
  return {
    judged: pairs.length,
    flip_rate: share(flipped, pairs.length),
    left_rate: share(left, decisive),
    longer_rate: share(longer, longerPairs),
    longer_pairs: longerPairs,
  };
}

/** How often decisive human judgments chose the longer side, over comparisons of different lengths. */
export function humanLongerRate(judgments: readonly { side: Side; wordsA: number | null; wordsB: number | null }[]) {
  let n = 0;
  let longer = 0;
  for (const j of judgments) {
    const side = longerSide(j.wordsA, j.wordsB);
    if (side === null || j.side === "tie") continue;
    n++;
    if (j.side === side) longer++;
  }
  return { rate: share(longer, n), judgments: n };
}

/** The verdict most judgments of a comparison gave; null when none did or two lead together. */
export function humanMajority(votes: readonly Side[]): Side | null {
  const counts = { a: 0, b: 0, tie: 0 };
  for (const v of votes) counts[v]++;
  const ranked = (Object.entries(counts) as [Side, number][]).sort((x, y) => y[1] - x[1]);
  if (ranked[0]![1] === 0 || ranked[0]![1] === ranked[1]![1]) return null;
  return ranked[0]![0];
}

const code: Record<Side, number> = { a: 0, tie: 1, b: 2 };

/** Raw agreement and Cohen's κ of two raters over a / tie / b; null when there is no row. */
export function sideAgreement(rows: readonly { rater: Side; truth: Side }[]): HumanAgreement | null {
  if (rows.length === 0) return null;
  const confusion = new Float64Array(9);
  let same = 0;
  for (const r of rows) {
    confusion[code[r.rater] * 3 + code[r.truth]]!++;
    if (r.rater === r.truth) same++;
  }
  return { comparisons: rows.length, agreement: same / rows.length, kappa: cohenKappa(confusion) };
}

/** The judge's stated strength: the mean of its two orders on the winner's side (0 for a combined tie). */
export function strengthLabel(strength: number): "tie" | "better" | "much better" {
  const s = Math.abs(strength);
  return s === 0 ? "tie" : s >= 1.5 ? "much better" : "better";
}

/** Agreement with the human majority by stated strength, every label present (0 comparisons: null). */
export function byStrength(rows: readonly { strength: number; judge: Side; majority: Side }[]): JudgeCalibration["by_strength"] {
  const labels = ["tie", "better", "much better"] as const;
  return labels.map((label) => {
    const own = rows.filter((r) => strengthLabel(r.strength) === label);
    return { strength: label, comparisons: own.length, agreement: share(own.filter((r) => r.judge === r.majority).length, own.length) };
  });
}

/**
 * The annotators among themselves: every judgment against the strict majority of its comparison's other
 * judgments, where they have one; agreement and κ pooled over those judgments. Null when no judgment has one.
 */
export function humansWithEachOther(comparisons: readonly (readonly Side[])[]): JudgeCalibration["humans_with_each_other"] {
  const rows: { rater: Side; truth: Side }[] = [];
  for (const votes of comparisons) {
    votes.forEach((own, i) => {
      const others = votes.filter((_, j) => j !== i);
      const counts = { a: 0, b: 0, tie: 0 };
      for (const v of others) counts[v]++;
      const majority = (Object.keys(counts) as Side[]).find((s) => counts[s] * 2 > others.length);
      if (majority !== undefined) rows.push({ rater: own, truth: majority });
    });
  }
  const result = sideAgreement(rows);
  return result && { judgments: result.comparisons, agreement: result.agreement, kappa: result.kappa };
}

/** Comparisons judged by both the judge and the humans below which no plain verdict is given. */
export const calibrationMinComparisons = 20;

/** The plain verdict: the judge's κ with the human majority against the annotators' own κ. */
export function calibrationVerdict(
  judge: HumanAgreement | null,
  humans: JudgeCalibration["humans_with_each_other"],
): JudgeCalibration["verdict"] {
  if (!judge || judge.comparisons < calibrationMinComparisons || judge.kappa === null || !humans || humans.kappa === null) {
    return "not-enough-data";
  }
  return judge.kappa >= humans.kappa - calibrationKappaTolerance ? "as-well-as-humans" : "worse-than-humans";
}

/** A combined verdict's winner and the judge's stated strength from both orders. */
export function combinedSide(aFirst: PairVerdict, bFirst: PairVerdict): { side: Side; strength: number; flipped: boolean } {
  const c = combineOrders({ aFirst, bFirst });
  return { side: c.winner, strength: c.strength, flipped: c.flipped };
}
