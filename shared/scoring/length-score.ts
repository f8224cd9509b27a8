// LongBench-Write's length score S_l (evaluation/eval_length.py `score(x, y)`), x = required length,
// y = output length in LongBench-Write words: 100 at y = x, falling to 0 at y = x/3 (too short) and at
// y = 4x (too long). The branches and operations are the reference's own, so the doubles are identical.
export function lengthScore(required: number, produced: number): number {
  const x = required;
  const y = produced;
  if (y > x) return 100 * Math.max(0, 1 - (y / x - 1) / 3);
  // y = 0 would divide by zero in Python; here x / 0 = Infinity clips to 0, and callers flag the output.
  return 100 * Math.max(0, 1 - (x / y - 1) / 2);
}
