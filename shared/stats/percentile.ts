// np.percentile(values, q) with numpy's default "linear" method: the value at rank q/100·(n − 1) of the
// sorted values, interpolated between its two neighbours with numpy's _lerp (which computes from the upper
// neighbour when the fraction is ≥ 0.5). Infinite values sort to the ends; NaN values are left out.

function lerp(a: number, b: number, t: number): number {
  if (a === b) return a; // also ±Infinity on both sides, where b − a would be NaN
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Percentile q ∈ [0, 100] of already sorted values, NaN excluded; NaN when there are none. */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = (q / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, n - 1);
  return lerp(sorted[lo]!, sorted[hi]!, rank - lo);
}

/** The 2.5th and 97.5th percentiles (a 95% percentile-bootstrap interval); null when every value is NaN. */
export function ci95(values: Float64Array): [number, number] | null {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  if (sorted.length === 0) return null;
  return [percentileOfSorted(sorted, 2.5), percentileOfSorted(sorted, 97.5)];
}
