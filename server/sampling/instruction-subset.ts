import type { InstructionSubset } from "../../shared/schemas/sampling";
import { seededRandom } from "../../shared/scoring/seeded-random";

/**
 * The matching instructions a job samples, kept in the set's order: all, the first N, or N drawn without
 * replacement by a partial Fisher–Yates shuffle from the seed (same seed and same matches, same instructions).
 */
export function chooseSubset(ids: readonly number[], subset: InstructionSubset | undefined): number[] {
  if (!subset || subset.count >= ids.length) return [...ids];
  if (subset.kind === "first") return ids.slice(0, subset.count);
  const random = seededRandom(subset.seed, "sampling-subset");
  const order = ids.map((_, i) => i);
  for (let i = 0; i < subset.count; i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order
    .slice(0, subset.count)
    .sort((x, y) => x - y)
    .map((i) => ids[i]!);
}
