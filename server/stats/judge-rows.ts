import type { Side } from "../../shared/stats/judge-calibration";
import { countWords } from "../../shared/scoring/word-count";
import type { Context } from "../context";
import type { Db } from "../db/open";
import { judgeVerdictsRepo, type HumanVerdictRow } from "../db/repos/judge-verdicts";

// Shared by the judge's summary, calibration and battle records: the read-only repository (one per
// connection, prepared once, not part of the Context so the jobs' repositories stay theirs) and the small
// conversions of rows to sides and words.

const repos = new WeakMap<Db, ReturnType<typeof judgeVerdictsRepo>>();

export function judgeVerdicts(ctx: Pick<Context, "db">): ReturnType<typeof judgeVerdictsRepo> {
  let repo = repos.get(ctx.db);
  if (!repo) repos.set(ctx.db, (repo = judgeVerdictsRepo(ctx.db)));
  return repo;
}

/** A human judgment as a side of its comparison (both-bad is a tie). */
export const humanSide = (r: HumanVerdictRow): Side => (r.verdict !== "win" ? "tie" : r.winner_sample_id === r.sample_a_id ? "a" : "b");

/** Human sides grouped by comparison id, in judgment order. */
export function humanSidesByComparison(rows: readonly HumanVerdictRow[]): Map<number, Side[]> {
  const sides = new Map<number, Side[]>();
  for (const r of rows) {
    let own = sides.get(r.comparison_id);
    if (!own) sides.set(r.comparison_id, (own = []));
    own.push(humanSide(r));
  }
  return sides;
}

/** Words of samples by id (the stored count, else counted as the battle export counts), each read once. */
export function wordsCache(ctx: Pick<Context, "db">): (sampleId: number) => number | null {
  const repo = judgeVerdicts(ctx);
  const cache = new Map<number, number | null>();
  return (sampleId) => {
    let words = cache.get(sampleId);
    if (words === undefined) {
      const row = repo.words(sampleId);
      words = row ? (row.word_count ?? countWords(row.text ?? "")) : null;
      cache.set(sampleId, words);
    }
    return words;
  };
}
