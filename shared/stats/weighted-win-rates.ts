import { assertSeed, seededRandom } from "../scoring/seeded-random";
import { A_WINS, B_WINS, TIE, type BattleIndex } from "./battle-index";
import { drawClusters } from "./cluster-bootstrap";
import { posteriorVerdict, type DawidSkeneResult } from "./dawid-skene";
import { ci95 } from "./percentile";
import type { WeightedVsReference } from "./report-types";
import { winTally, type BootstrapOptions } from "./win-rates";

// Reliability-weighted win rates against the reference (docs/decisions/019-annotator-reliability.md). Each
// comparison of a model with the reference counts once, scored by the Dawid–Skene posterior from the
// model's side: P(win) + P(tie)/2. A careless or position-biased annotator's verdict moves that posterior
// as little as their confusion matrix says it tells about the truth, where a plain vote counts in full.
// majority_vote tallies each comparison's verdict of highest posterior (posteriorVerdict).
//
// Interval: bootstrap over the model's instructions (drawClusters, key `weighted:<model>`), `rounds` rounds,
// the ratio Σ w_i·score_i / Σ w_i·comparisons_i per round, 2.5 and 97.5 percentiles. The posterior (and so
// the confusion matrices) is held fixed at the full-data fit: the interval covers which instructions were
// asked, not the uncertainty in the annotators' matrices, which is small next to it when each annotator
// has hundreds of judgments (refitting EM in every round would cost ~20 passes over every judgment per round).

export const weightedVsReferenceDefinition = (rounds: number, seed: number) =>
  `per comparison of the model with the reference, P(win) + P(tie)/2 under the Dawid-Skene posterior (both-bad is a tie), averaged over the model's comparisons; majority_vote tallies each comparison's verdict of highest posterior; ci: ${rounds} bootstrap rounds over the model's instructions (seed ${seed}, stream weighted:<model>), posterior held fixed at the full-data fit, 2.5 and 97.5 percentiles`;

export function weightedVsReference(
  index: BattleIndex,
  reference: string,
  ds: DawidSkeneResult,
  options: BootstrapOptions,
): Record<string, WeightedVsReference> {
  assertSeed(options.seed);
  const { posterior } = ds;
  if (posterior.length !== index.comparisons.length * 3) throw new RangeError("the Dawid-Skene result is not of this index");
  const ref = index.models.indexOf(reference);
  const result: Record<string, WeightedVsReference> = {};
  if (ref < 0) return result;
  const k = index.models.length;
  // Per model: its instructions (in order of first comparison) with their summed scores and comparison counts.
  const local = Array.from({ length: k }, () => new Map<number, number>());
  const sums = Array.from({ length: k }, (): number[] => []);
  const sizes = Array.from({ length: k }, (): number[] => []);
  const majority = new Float64Array(k * 3);
  index.comparisons.forEach(({ modelA, modelB }, c) => {
    let model: number;
    let win: number;
    let loss: number;
    if (modelB === ref && modelA !== ref) [model, win, loss] = [modelA, A_WINS, B_WINS];
    else if (modelA === ref && modelB !== ref) [model, win, loss] = [modelB, B_WINS, A_WINS];
    else return;
    const score = posterior[c * 3 + win]! + 0.5 * posterior[c * 3 + TIE]!;
    const instruction = index.instructionOf[c]!;
    let slot = local[model]!.get(instruction);
    if (slot === undefined) {
      local[model]!.set(instruction, (slot = sums[model]!.length));
      sums[model]!.push(0);
      sizes[model]!.push(0);
    }
    sums[model]![slot]! += score;
    sizes[model]![slot]!++;
    const v = posteriorVerdict(posterior, c);
    majority[model * 3 + (v === win ? 0 : v === loss ? 2 : 1)]!++;
  });
  for (let model = 0; model < k; model++) {
    const s = Float64Array.from(sums[model]!);
    const m = Float64Array.from(sizes[model]!);
    if (s.length === 0) continue;
    let total = 0;
    let comparisons = 0;
    for (let i = 0; i < s.length; i++) [total, comparisons] = [total + s[i]!, comparisons + m[i]!];
    const name = index.models[model]!;
    result[name] = {
      win_rate: total / comparisons,
      ci: options.rounds > 0 ? ci95(bootstrapRatio(s, m, options.rounds, seededRandom(options.seed, `weighted:${name}`))) : null,
      majority_vote: winTally(majority[model * 3]!, majority[model * 3 + 1]!, majority[model * 3 + 2]!),
      comparisons,
    };
  }
  return result;
}

/** Per round, Σ w·sum / Σ w·size with w one cluster draw over the instructions. */
function bootstrapRatio(sums: Float64Array, sizes: Float64Array, rounds: number, random: () => number): Float64Array {
  const clusters = sums.length;
  const w = new Float64Array(clusters);
  const values = new Float64Array(rounds);
  for (let r = 0; r < rounds; r++) {
    drawClusters(clusters, random, w);
    let num = 0;
    let den = 0;
    for (let i = 0; i < clusters; i++) {
      num += w[i]! * sums[i]!;
      den += w[i]! * sizes[i]!;
    }
    values[r] = num / den;
  }
  return values;
}
