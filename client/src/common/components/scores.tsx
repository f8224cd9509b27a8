/** A 0–100 score with one decimal, as LongBench-Write reports them; a dash when there is none. */
export const formatScore = (score: number | null | undefined) => (score === null || score === undefined ? "—" : score.toFixed(1));

/** A margin with its sign, so a swapped (negative) one reads as such. */
export const formatMargin = (margin: number) => `${margin > 0 ? "+" : margin < 0 ? "−" : ""}${Math.abs(margin).toFixed(1)}`;

/** A score as a table cell's content, the dash muted. */
export function Score({ value, title }: { value: number | null | undefined; title?: string }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  return <span title={title}>{formatScore(value)}</span>;
}
