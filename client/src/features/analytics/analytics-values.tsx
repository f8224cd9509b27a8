import { formatPercent } from "../../common/campaign-format";

// How the analytics page writes its numbers: shares as percentages with one decimal, κ and α with two
// signed decimals, intervals in brackets; a missing value (0/0, or a rating the data cannot pin down) is "—".

export const dash = "—";

/** 0.537 -> "53.7%". */
export const percent = (share: number | null | undefined, digits = 1) =>
  share === null || share === undefined ? dash : formatPercent(share, digits);

/** [0.407, 0.649] -> "[40.7%, 64.9%]". */
export const percentInterval = (ci: readonly [number | null, number | null] | null | undefined) =>
  ci ? `[${percent(ci[0])}, ${percent(ci[1])}]` : dash;

/** A typographic minus: −12, not -12. */
export const signed = (text: string) => text.replace(/^-/, "−");

/** κ, α: −0.154 -> "−0.15"; −0.001 -> "0.00" (no sign on a zero). */
export const coefficient = (value: number | null | undefined) =>
  value === null || value === undefined ? dash : signed((Math.round(value * 100) / 100 || 0).toFixed(2));

/** A p-value as people quote it: "0.31", "0.004", "< 0.001". */
export const pValue = (p: number | null) => (p === null ? dash : p < 0.001 ? "< 0.001" : p < 0.01 ? p.toFixed(3) : p.toFixed(2));

/** "p = 0.31", "p < 0.001". */
export const pPhrase = (p: number) => (p < 0.001 ? "p < 0.001" : `p = ${pValue(p)}`);

/** Length ranges ("[0,500)", "[500,2000)") by their lower bound, labels without a number after, "(none)" last. */
export function compareBuckets(a: string, b: string): number {
  const lower = (label: string) => {
    const m = /-?\d+(\.\d+)?/.exec(label);
    return m ? Number(m[0]) : Infinity;
  };
  return lower(a) - lower(b) || a.localeCompare(b);
}

/** A cell that reads "—" for a missing value and says why on hover. */
export function Missing({ why }: { why: string }) {
  return (
    <span className="muted" title={why}>
      {dash}
    </span>
  );
}
