import type { LengthRange } from "../schemas/instruction";

// LongBench-Write's buckets. The top one is open so its single 20000-word prompt belongs to it
// (a literal [4000, 20000) would drop it).
export const defaultLengthRanges: LengthRange[] = [
  { label: "[0,500)", min: 0, max: 500 },
  { label: "[500,2000)", min: 500, max: 2000 },
  { label: "[2000,4000)", min: 2000, max: 4000 },
  { label: "[4000,∞)", min: 4000, max: null },
];

/** The label of the first range holding `length`, or null when there is no requirement or no range fits. */
export function lengthRangeOf(length: number | null, ranges: readonly LengthRange[]): string | null {
  if (length === null) return null;
  const range = ranges.find((r) => length >= r.min && (r.max === null || length < r.max));
  return range ? range.label : null;
}

/** Problems with a set's own ranges: they must be sorted and must not overlap. */
export function lengthRangeProblems(ranges: readonly LengthRange[]): string[] {
  const problems: string[] = [];
  const labels = new Set<string>();
  ranges.forEach((r, i) => {
    if (labels.has(r.label)) problems.push(`length range ${i + 1}: duplicate label ${r.label}`);
    labels.add(r.label);
    if (r.max !== null && r.max <= r.min) problems.push(`length range ${i + 1}: max must be above min`);
    const prev = ranges[i - 1];
    if (prev && (prev.max === null || prev.max > r.min)) {
      problems.push(`length range ${i + 1}: overlaps the range before it`);
    }
  });
  return problems;
}

/** "0,500,2000,4000" → [0,500) [500,2000) [2000,4000) [4000,∞); an error message when the text is not that. */
export function rangesFromBounds(text: string): LengthRange[] | string {
  const parts = text.split(",").map((b) => b.trim());
  const bounds = parts.map(Number);
  if (parts.some((p) => !/^\d+$/.test(p))) return `"${text}" is not a comma-separated list of whole numbers`;
  if (bounds.some((b, i) => i > 0 && b <= bounds[i - 1]!)) return `"${text}": bounds must increase`;
  return bounds.map((min, i) => {
    const max = bounds[i + 1] ?? null;
    return { label: `[${min},${max ?? "∞"})`, min, max };
  });
}

export const defaultRangeBounds = defaultLengthRanges.map((r) => r.min).join(",");
