import { t } from "../../common/i18n";
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
  const trimmed = text.trim();
  return trimmed === "" ? t("No reason given.") : `${trimmed[0]!.toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? "" : "."}`;
};

/** Why the length-controlled rate of one model is missing, from the most specific answer the server gave. */
function lcFigure(stats: WinRates, model: string): RobustRow["lc"] {
  const none = (missing: string) => ({ value: null, ci: null, missing, phi: null, warning: null });
  if (stats.length_controlled === null) return none(stats.length_controlled_reason ?? t("No reason given."));
  const f = stats.length_controlled[model];
  if (!f) return none(t("The server gives no length-controlled figure for this model."));
  if (f.win_rate === null) return none(f.reason ?? t("No reason given."));
  return { value: f.win_rate, ci: f.ci, phi: f.length_coefficient, warning: f.warning };
}

function weightedFigure(stats: WinRates, model: string): RobustRow["weighted"] {
  const f = stats.weighted_vs_reference[model];
  if (!f) return { value: null, ci: null, missing: t("no weighted figure for this model"), comparisons: null };
  if (f.win_rate === null)
    return { value: null, ci: null, missing: t("no comparison of this model has a posterior"), comparisons: f.comparisons };
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
  if (b.rounds === 0) return t("No 95% intervals: 0 bootstrap rounds were asked for (seed {{seed}}).", { seed: b.seed });
  return t("95% intervals: bootstrap over instructions, {{rounds}} rounds, seed {{seed}}.", {
    rounds: formatNumber(b.rounds),
    seed: b.seed,
  });
}

/** The rank-flip sentence for the top model, or null when the server gives none. */
export function rankFlipSentence(stats: WinRates): string | null {
  const flip = stats.rank_flip;
  if (!flip) return null;
  const { top, runner_up: runnerUp, votes } = flip;
  if (votes === null) {
    return t(
      "{{top}} has the highest Bradley–Terry rating: not even a million added votes of {{runnerUp}} beating {{top}} would put {{runnerUp}} level or ahead.",
      { top, runnerUp },
    );
  }
  if (votes === 0)
    return t("{{top}} and {{runnerUp}} share the highest Bradley–Terry rating: which of them leads is not settled.", { top, runnerUp });
  return votes === 1
    ? t(
        "{{top}} has the highest Bradley–Terry rating: 1 added vote of {{runnerUp}} beating {{top}} would put {{runnerUp}} level or ahead.",
        { top, runnerUp },
      )
    : t(
        "{{top}} has the highest Bradley–Terry rating: {{votes}} added votes of {{runnerUp}} beating {{top}} would put {{runnerUp}} level or ahead.",
        {
          top,
          runnerUp,
          votes: formatNumber(votes),
        },
      );
}

export interface RobustNote {
  kind: "warning" | "missing";
  text: string;
}

const list = (names: string[]) => {
  const and = t(" and ");
  return names.length <= 2 ? names.join(and) : `${names.slice(0, -1).join(", ")}${and}${names.at(-1)}`;
};

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
    if (r.raw.ci === null) add(t("Raw win rate's interval"), r.raw.missing, r.model);
    if (r.lc.value === null) add(t("Length-controlled win rate"), r.lc.missing, r.model);
    if (r.weighted.value === null) add(t("Weighted win rate"), r.weighted.missing, r.model);
  }
  const reasons = [...missing].map(([key, models]): RobustNote => {
    const [figure, reason] = key.split("\u0000") as [string, string];
    return {
      kind: "missing",
      text: t("{{figure}} of {{models}}: none. {{reason}}", { figure, models: list(models), reason: sentence(reason) }),
    };
  });
  return [...warnings, ...reasons];
}
