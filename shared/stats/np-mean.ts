// numpy's mean of a float64 array: the sum is numpy's pairwise summation (blocks of 128 with 8
// accumulators, halving above that), then divided by n. A plain left-to-right sum can differ in the last
// digits, and LongBench-Write's figures are np.mean, so reports use this to match them exactly.
const blockSize = 128;

function pairwiseSum(a: readonly number[], start: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += a[start + i]!;
    return sum;
  }
  if (n <= blockSize) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => a[start + k]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let k = 0; k < 8; k++) r[k]! += a[start + i + k]!;
    let sum = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) sum += a[start + i]!;
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(a, start, half) + pairwiseSum(a, start + half, n - half);
}

/** np.mean(values); NaN for an empty list, as numpy gives (with a warning). */
export function npMean(values: readonly number[]): number {
  return pairwiseSum(values, 0, values.length) / values.length;
}
