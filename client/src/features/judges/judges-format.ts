import { formatPercent } from "../../common/campaign-format";

// Numbers as the analytics page writes them: shares as percentages with one decimal, κ with two signed
// decimals, "—" for a figure the data cannot give (0/0).

export const dash = "—";

/** 0.537 -> "53.7%". */
export const percent = (share: number | null | undefined) => (share === null || share === undefined ? dash : formatPercent(share, 1));

/** −0.154 -> "−0.15" (a typographic minus; no sign on a zero). */
export const coefficient = (value: number | null | undefined) =>
  value === null || value === undefined ? dash : (Math.round(value * 100) / 100 || 0).toFixed(2).replace(/^-/, "−");
