import { A_WINS, B_WINS, type BattleIndex } from "./battle-index";
import { fitBradleyTerry } from "./bradley-terry";
import type { RankBand, RankFlip } from "./report-types";

// Ranks that mean what the intervals say (FastChat's rule, stats reference §5.3): rank(m) = 1 + the number
// of models whose lower bound is above m's upper bound; the band runs from that rank to the worst rank the
// intervals allow, n − the number of models whose upper bound is below m's lower bound. Two models whose
// intervals overlap share ranks. Models without a finite rating or an interval (outside the reference's
// group, NaN) are not ranked.
//
// The flip count answers "could two votes change the winner?": for the top-rated model, the fewest added
// judgments in which the runner-up beats it that put the runner-up's Bradley–Terry rating level with or
// above it, refitted on the data plus those judgments.

export function rankBands(ratings: Record<string, number>, ci95: Record<string, [number, number] | null>): Record<string, RankBand> {
  const ranked = Object.keys(ratings)
    .filter((m) => Number.isFinite(ratings[m]!) && ci95[m] != null && !Number.isNaN(ci95[m]![0]) && !Number.isNaN(ci95[m]![1]))
    .sort((a, b) => ratings[b]! - ratings[a]!);
  const bands: Record<string, RankBand> = {};
  for (const m of ranked) {
    const [lo, hi] = ci95[m]!;
    let above = 0;
    let below = 0;
    for (const other of ranked) {
      if (other === m) continue;
      const [otherLo, otherHi] = ci95[other]!;
      if (otherLo > hi) above++;
      if (otherHi < lo) below++;
    }
    bands[m] = { rank: 1 + above, band: [1 + above, ranked.length - below] };
  }
  return bands;
}

/** Wins of i over j plus half their ties (k×k, row-major), as fitBradleyTerry reads them. */
function pairWins(index: BattleIndex): Float64Array {
  const k = index.models.length;
  const wins = new Float64Array(k * k);
  for (let i = 0; i < index.verdict.length; i++) {
    const { modelA: a, modelB: b } = index.comparisons[index.comparisonOf[i]!]!;
    const v = index.verdict[i]!;
    if (v === A_WINS) wins[a * k + b]! += 1;
    else if (v === B_WINS) wins[b * k + a]! += 1;
    else {
      wins[a * k + b]! += 0.5;
      wins[b * k + a]! += 0.5;
    }
  }
  return wins;
}

const mostVotes = 1_000_000;

/** Null when fewer than two models have a finite rating; votes null when even a million votes would not flip it. */
export function rankFlip(index: BattleIndex, reference: string, ratings: Record<string, number>): RankFlip | null {
  const finite = Object.keys(ratings)
    .filter((m) => Number.isFinite(ratings[m]!))
    .sort((a, b) => ratings[b]! - ratings[a]!);
  if (finite.length < 2) return null;
  const [top, runnerUp] = [finite[0]!, finite[1]!];
  const k = index.models.length;
  const [t, r, anchor] = [top, runnerUp, reference].map((m) => index.models.indexOf(m)) as [number, number, number];
  const base = pairWins(index);
  const flipped = (votes: number) => {
    const wins = base.slice();
    wins[r * k + t]! += votes;
    const theta = fitBradleyTerry(wins, k, anchor);
    return !(theta[t]! > theta[r]!);
  };
  if (flipped(0)) return { top, runner_up: runnerUp, votes: 0 };
  let high = 1;
  while (!flipped(high)) {
    if (high >= mostVotes) return { top, runner_up: runnerUp, votes: null };
    high *= 2;
  }
  let low = high / 2; // not enough (or 0)
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (flipped(mid)) high = mid;
    else low = mid;
  }
  return { top, runner_up: runnerUp, votes: high };
}
