// LongWriter ranks its DPO candidates by one score mixing quality and length. LongBench-Write reports
// S = (S_l + S_q) / 2; with the default w = 0.5, w·S_l + (1 − w)·S_q is the same double, because halving
// is exact and both forms round the sum once.
export const defaultLengthWeight = 0.5;

export interface CombinedScoreInput {
  /** S_l in 0–100; null when the instruction states no length, so length cannot count for or against. */
  lengthScore: number | null;
  /** S_q in 0–100 from the judge; null when not judged or the judge failed. */
  qualityScore: number | null;
  /** w, the share of S_l; 0.5 unless a campaign says otherwise. */
  weight?: number;
}

export function combinedScore({ lengthScore, qualityScore, weight = defaultLengthWeight }: CombinedScoreInput): number | null {
  // A bad weight is the caller's bug, not data: fail loudly even when this sample would not use it.
  if (!(weight >= 0 && weight <= 1)) throw new RangeError(`length weight must be in [0, 1], got ${weight}`);
  // Length alone never ranks a sample: an unjudged output could be fluent nonsense of the right size.
  if (qualityScore === null) return null;
  if (lengthScore === null) return qualityScore;
  return weight * lengthScore + (1 - weight) * qualityScore;
}
