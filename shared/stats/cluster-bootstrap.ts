// The bootstrap of every interval longpref reports resamples instructions (clusters), not judgments: the
// judgments of one instruction (several annotators, several models, both positions) are not independent,
// and resampling them one by one makes intervals too narrow (stats reference §7, S4). A round draws as
// many instructions as there are, with replacement; each statistic is then recomputed with every
// judgment of an instruction counted as often as the instruction was drawn.

export const defaultRounds = 1000;
export const defaultSeed = 0;

/** One round's draw: how often each of `clusters` instructions is drawn in `clusters` draws with replacement. */
export function drawClusters(clusters: number, random: () => number, out: Float64Array): void {
  out.fill(0);
  for (let d = 0; d < clusters; d++) out[Math.floor(random() * clusters)]!++;
}

/**
 * The regression figures (length- and style-controlled) refit each round by Newton from the full-data
 * estimate while rows × rounds stay within this budget; above it each round takes one linearised step from
 * per-instruction scores and Hessians (decision 018).
 */
export const refitBudget = 20_000_000;
export type RegressionBootstrap = "refit" | "one-step";

/** Bootstrap settings as every report prints them beside its intervals. */
export interface BootstrapInfo {
  rounds: number;
  seed: number;
  cluster: "instruction";
}
