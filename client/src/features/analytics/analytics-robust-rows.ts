import type { WinRates } from "../../../../shared/schemas/win-rates";
import { formatNumber } from "../../common/format";

// The rows of the main table (raw, length-controlled and weighted win rates, rank) built from the answer as
// it is: each cell is a value or the sentence saying why there is none (the server's reason where it gives
// one), never an exception.

/** A figure with its interval, or the reason it is missing. */
export interface Figure {
  value: number | null;
  ci: readonly [number | null, number | null] | null;
  /** Why value is null (shown instead of it). */
  missing?: string;
}

export interface RobustRow {
  model: string;
  judgments: number;
  raw: Figure;
  lc: Figure & { phi: number | null; warning: string | null };
  weighted: Figure & { comparisons: number | null };
  rank: { rank: number; band: readonly [number, number] } | null;
}

/** A reason as a sentence: capital first letter, closing full stop (the servers' reasons are mostly written so already). */
export const sentence = (text: string) => {
  const t = text.trim();
  return t === "" ? "No reason given." : `${t[0]!.toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? "" : "."}`;
};

/** Why the length-controlled rate of one model is missing, from the most specific answer the server gave. */
function lcFigure(stats: WinRates, model: string): RobustRow["lc"] {
  const none = (missing: string) => ({ value: null, ci: null, missing, phi: null, warning: null });
  if (stats.length_controlled === null) return none(stats.length_controlled_reason ?? "No reason given.");
  const f = stats.length_controlled[model];
  if (!f) return none("The server gives no length-controlled figure for this model.");
  if (f.win_rate === null) return none(f.reason ?? "No reason given.");
  return { value: f.win_rate, ci: f.ci, phi: f.length_coefficient, warning: f.warning };
}

function weightedFigure(stats: WinRates, model: string): RobustRow["weighted"] {
  const f = stats.weighted_vs_reference[model];
  if (!f) return { value: null, ci: null, missing: "no weighted figure for this model", comparisons: null };
  if (f.win_rate === null)
    return { value: null, ci: null, missing: "no comparison of this model has a posterior", comparisons: f.comparisons };
  return { value: f.win_rate, ci: f.ci, comparisons: f.comparisons };
}

/** One row per model met against the reference, best rank first (raw win rate where there are no ranks). */
export function robustRows(stats: WinRates): RobustRow[] {
  const rows = Object.entries(stats.vs_reference).map(
    ([model, v]): RobustRow => ({
      model,
      judgments: v.all.n,
      raw: { value: v.all.win_rate, ci: v.bootstrap_ci95_over_instructions },
      lc: lcFigure(stats, model),
      weighted: weightedFigure(stats, model),
      rank: stats.ranks[model] ?? null,
    }),
  );
  const byRank = (r: RobustRow) => r.rank?.rank ?? Infinity;
  return rows.sort((a, b) => byRank(a) - byRank(b) || (b.raw.value ?? -1) - (a.raw.value ?? -1) || a.model.localeCompare(b.model));
}

/** "2" for a band of one rank, "1–3" for a band of several. */
export const bandText = (band: readonly [number, number]) => (band[0] === band[1] ? String(band[0]) : `${band[0]}–${band[1]}`);

/** "95% intervals: bootstrap over instructions, 1,000 rounds, seed 7", or why there are none. */
export function bootstrapLine(stats: WinRates): string {
  const b = stats.bootstrap;
  if (b.rounds === 0) return `No 95% intervals: 0 bootstrap rounds were asked for (seed ${b.seed}).`;
  return `95% intervals: bootstrap over instructions, ${formatNumber(b.rounds)} rounds, seed ${b.seed}.`;
}

/** The rank-flip sentence for the top model, or null when the server gives none. */
export function rankFlipSentence(stats: WinRates): string | null {
  const flip = stats.rank_flip;
  if (!flip) return null;
  const { top, runner_up: runnerUp, votes } = flip;
  if (votes === null) {
    return `${top} has the highest Bradley–Terry rating: not even a million added votes of ${runnerUp} beating ${top} would put ${runnerUp} level or ahead.`;
  }
  if (votes === 0) return `${top} and ${runnerUp} share the highest Bradley–Terry rating: which of them leads is not settled.`;
  const plural = votes === 1 ? "vote" : "votes";
  return `${top} has the highest Bradley–Terry rating: ${formatNumber(votes)} added ${plural} of ${runnerUp} beating ${top} would put ${runnerUp} level or ahead.`;
}

export interface RobustNote {
  kind: "warning" | "missing";
  text: string;
}

const list = (names: string[]) => (names.length <= 2 ? names.join(" and ") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);

/**
 * The warnings and the reasons behind every "—" of the table, in full (a tooltip is no help on a phone). A
 * reason shared by several models (no word counts in these judgments, an old server) is written once.
 */
export function robustNotes(rows: RobustRow[]): RobustNote[] {
  const warnings: RobustNote[] = rows.flatMap((r) =>
    r.lc.warning === null ? [] : [{ kind: "warning" as const, text: `${r.model}: ${sentence(r.lc.warning)}` }],
  );
  const missing = new Map<string, string[]>();
  const add = (figure: string, reason: string | undefined, model: string) => {
    if (reason === undefined) return;
    const key = `${figure}\u0000${reason}`;
    missing.set(key, [...(missing.get(key) ?? []), model]);
  };
  for (const r of rows) {
    if (r.raw.ci === null) add("Raw win rate's interval", r.raw.missing, r.model);
    if (r.lc.value === null) add("Length-controlled win rate", r.lc.missing, r.model);
    if (r.weighted.value === null) add("Weighted win rate", r.weighted.missing, r.model);
  }
  const reasons = [...missing].map(([key, models]): RobustNote => {
    const [figure, reason] = key.split("\u0000") as [string, string];
    return { kind: "missing", text: `${figure} of ${list(models)}: none. ${sentence(reason)}` };
  });
  return [...warnings, ...reasons];
}
