// How the CLI's text reports write numbers and tables: a dash for what is missing, numbers right-aligned.

export const percent = (x: number | null | undefined) => (x === null || x === undefined ? "-" : `${(100 * x).toFixed(1)}%`);
export const fixed = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(digits);
export const interval = (ci: [number, number] | null | undefined, show: (x: number) => string) =>
  ci ? `[${show(ci[0])}, ${show(ci[1])}]` : "-";

/** Left-aligned first column, right-aligned others. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ")).join("\n");
}
