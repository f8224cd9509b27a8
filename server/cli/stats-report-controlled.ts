import type { BattleStats } from "../../shared/stats/battle-stats";
import { fixed, interval, percent, table } from "./report-format";

// The text report's sections for issue #14's figures: length-controlled and reliability-weighted win rates,
// style-controlled Bradley–Terry, ranks and the annotators' reliability. Each section says in one line what
// its figure is; `longpref stats --json` carries the full definitions.

const points = (x: number) => (100 * x).toFixed(1);

function lengthControlledSection(stats: BattleStats): string[] {
  const ref = stats.reference_model;
  const title = `Length-controlled win rate vs ${ref}: σ(θ) of the logistic fit of each verdict on tanh(Δwords/s), i.e. at equal length; φ = length coefficient`;
  if (stats.length_controlled === null) return ["", title, `- ${stats.length_controlled_reason ?? "not computed"}`];
  const rows = [["model", "n", "raw", "LC", "95% CI", "φ", "note"]];
  const notes: string[] = [];
  for (const [model, f] of Object.entries(stats.length_controlled)) {
    const note = f.reason ?? f.warning;
    rows.push([
      model,
      String(f.judgments),
      percent(f.raw_win_rate),
      percent(f.win_rate),
      interval(f.ci, points),
      fixed(f.length_coefficient),
      note ? `(${notes.push(note)})` : "",
    ]);
  }
  return ["", title, table(rows), ...notes.map((n, i) => `(${i + 1}) ${n}`)];
}

function weightedSection(stats: BattleStats): string[] {
  const rows = [["model", "comparisons", "weighted", "95% CI", "weighted majority"]];
  for (const [model, w] of Object.entries(stats.weighted_vs_reference)) {
    rows.push([
      model,
      String(w.comparisons),
      percent(w.win_rate),
      interval(w.ci, points),
      `${percent(w.majority_vote.win_rate)} (${w.majority_vote.n})`,
    ]);
  }
  if (rows.length === 1) return [];
  return [
    "",
    `Reliability-weighted win rate vs ${stats.reference_model}: per comparison P(win) + P(tie)/2 under the Dawid–Skene posterior, averaged`,
    table(rows),
  ];
}

function styleSection(stats: BattleStats): string[] {
  const title = "Style-controlled Bradley–Terry: ratings with words, headers, list items and bold held equal";
  const style = stats.style_controlled;
  if (style === null) return ["", title, `- ${stats.style_controlled_reason ?? "not computed"}`];
  const rows = [["model", "rating", "95% CI", "BT rating", "rank", "band"]];
  for (const [model, r] of Object.entries(style.ratings)) {
    const rank = stats.ranks[model];
    rows.push([
      model,
      fixed(r.rating, 1),
      interval(r.ci, (x) => fixed(x, 1)),
      fixed(stats.bradley_terry[model], 1),
      rank ? String(rank.rank) : "-",
      rank ? `${rank.band[0]}-${rank.band[1]}` : "-",
    ]);
  }
  const c = style.coefficients;
  return [
    "",
    title,
    table(rows),
    `Style coefficients (per standard deviation): words ${fixed(c.words)}, headers ${fixed(c.headers)}, list items ${fixed(c.list_items)}, bold ${fixed(c.bold)}`,
  ];
}

function ranksSection(stats: BattleStats): string[] {
  const lines: string[] = [];
  const ranked = Object.entries(stats.ranks).sort((a, b) => a[1].rank - b[1].rank);
  if (ranked.length > 0) {
    lines.push(
      "",
      `Ranks from the Bradley–Terry intervals: ${ranked.map(([m, r]) => `${m} ${r.band[0] === r.band[1] ? r.rank : `${r.band[0]}-${r.band[1]}`}`).join(", ")}`,
    );
  }
  const flip = stats.rank_flip;
  if (flip) {
    lines.push(
      flip.votes === null
        ? `Top model ${flip.top}: no number of added votes for ${flip.runner_up} up to a million would put it level`
        : `Top model ${flip.top}: ${flip.votes} added vote${flip.votes === 1 ? "" : "s"} of ${flip.runner_up} beating it would put ${flip.runner_up} level or above`,
    );
  }
  return lines;
}

function annotatorsSection(stats: BattleStats): string[] {
  const rows = [["annotator", "judgments", "reliability", "left wins", "flag"]];
  const entries = Object.entries(stats.annotators).sort((a, b) => Number(b[1].flagged) - Number(a[1].flagged));
  for (const [name, a] of entries) {
    rows.push([name, String(a.judgments), fixed(a.reliability), percent(a.position_bias), a.flagged ? "low reliability" : ""]);
  }
  if (rows.length === 1) return [];
  return [
    "",
    "Annotators (Dawid–Skene): reliability = probability that a verdict is the true one; left wins = share of decided verdicts for the left side",
    table(rows),
  ];
}

export function controlledSections(stats: BattleStats): string[] {
  return [
    ...lengthControlledSection(stats),
    ...weightedSection(stats),
    ...styleSection(stats),
    ...ranksSection(stats),
    ...annotatorsSection(stats),
  ];
}
