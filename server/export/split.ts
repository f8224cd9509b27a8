import { seededRandom } from "../../shared/scoring/seeded-random";

export type SplitSide = "train" | "test";

export interface SplitSettings {
  /** Share of instructions (not rows) sent to the test side, in (0, 1). */
  share: number;
  seed: number;
}

/**
 * The side an instruction lands on: the first draw of the project's seeded stream (32-bit FNV-1a of the
 * seed and `split:<external id>`, then mulberry32; shared/scoring/seeded-random.ts) below the share goes to
 * test. It depends on the seed and the external id alone, so every pair, judgment or SFT row of one
 * instruction lands on the same side, in every export and in another database holding the same set, and a
 * script can replay it.
 */
export function splitSide(externalId: string, split: SplitSettings): SplitSide {
  return seededRandom(split.seed, `split:${externalId}`)() < split.share ? "test" : "train";
}
