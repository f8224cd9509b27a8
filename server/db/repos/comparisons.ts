import type { Db } from "../open";
import { noWait } from "./sql-dialect";

/** A comparison's verdicts counted apart (adaptive k, decision 037): a tie is a verdict of its own. */
export interface VerdictCounts {
  a_wins: number;
  b_wins: number;
  ties: number;
  both_bad: number;
}

/** A comparison's judgments and its pair proposal's status, for settling a verify-pairs proposal. */
export interface ComparisonVerdicts {
  a_wins: number;
  b_wins: number;
  n: number;
  proposal_id: number | null;
  /** The proposal's status before the annotators confirmed or overturned it. */
  before: string | null;
  status: string | null;
}

/**
 * A campaign's comparisons as the annotation queue counts them: `taken` (assignments holding it now) and
 * `judgments` (human judgments recorded). The comparisons themselves are written with their campaign
 * (repos/campaigns.ts).
 */
export function comparisonsRepo(db: Db) {
  const untake = db.prepare<[number]>(`UPDATE comparisons SET taken = taken - 1 WHERE id = ? ${noWait}`);
  const take = db.prepare<[number]>(`UPDATE comparisons SET taken = taken + 1 WHERE id = ? ${noWait}`);
  // Gold pairs hook (decision 039): a gold comparison never fills up, any annotator may have it.
  const counts = db.prepare<[number], { taken: number; judgments: number; target: number }>(
    `SELECT CASE WHEN gold_answer IS NULL THEN taken ELSE 0 END AS taken, judgments,
       CASE WHEN gold_answer IS NULL THEN target ELSE 1 END AS target FROM comparisons WHERE id = ?`,
  );
  // `taken < target` is the partial index comparisons_open's condition, written the same so SQLite uses it.
  const pick = db.prepare<{ campaign_id: number; user_id: number }, { id: number; sample_a_id: number; sample_b_id: number }>(
    `SELECT c.id, c.sample_a_id, c.sample_b_id FROM comparisons c
     WHERE c.campaign_id = @campaign_id AND taken < target AND c.gold_answer IS NULL -- gold pairs come from goldInstead (decision 039)
       AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.comparison_id = c.id AND a.user_id = @user_id)
     ORDER BY c.taken, c.id LIMIT 1`,
  );
  const remainingFor = db.prepare<{ campaign_id: number; user_id: number }, { n: number }>(
    `SELECT COUNT(*) AS n FROM comparisons c WHERE c.campaign_id = @campaign_id AND (c.judgments < c.target OR c.gold_answer IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.comparison_id = c.id AND a.user_id = @user_id AND a.status IN ('done', 'skipped', 'released'))`,
  );
  // One statement (the comparison's sides joined to its judgments): it runs in every submit's transaction.
  const verdictCounts = db.prepare<[number], VerdictCounts>(
    `SELECT COALESCE(SUM(CASE WHEN x.verdict = 'win' AND x.winner_sample_id = c.sample_a_id THEN 1 ELSE 0 END), 0) AS a_wins,
       COALESCE(SUM(CASE WHEN x.verdict = 'win' AND x.winner_sample_id = c.sample_b_id THEN 1 ELSE 0 END), 0) AS b_wins,
       COALESCE(SUM(CASE WHEN x.verdict = 'tie' THEN 1 ELSE 0 END), 0) AS ties, COALESCE(SUM(CASE WHEN x.verdict = 'both-bad' THEN 1 ELSE 0 END), 0) AS both_bad
     FROM comparisons c LEFT JOIN human_judgments x ON x.comparison_id = c.id WHERE c.id = ?`,
  );
  // The judgment count and the target in one write: on PostgreSQL a second UPDATE of a row in its transaction runs
  // the row's five foreign-key checks again (decision 051).
  const recount = db.prepare<[number, number, number]>(
    `UPDATE comparisons SET judgments = judgments + ?, target = ? WHERE id = ? ${noWait}`,
  );
  const initTargets = db.prepare<[number, number]>("UPDATE comparisons SET target = ? WHERE campaign_id = ?");
  // Adaptive k's savings: comparisons settled below k_max, and the judgments they took.
  const savings = db.prepare<[number, number, number], { early: number; early_judgments: number; at_k_min: number }>(
    `SELECT COUNT(*) AS early, COALESCE(SUM(judgments), 0) AS early_judgments, COALESCE(SUM(CASE WHEN judgments <= ? THEN 1 ELSE 0 END), 0) AS at_k_min
     FROM comparisons WHERE campaign_id = ? AND judgments >= target AND target < ? AND gold_answer IS NULL`,
  );
  const proposalQuality = db.prepare<{ comparison_id: number; sample_id: number }, { q: number | null }>(
    `SELECT CASE WHEN p.chosen_sample_id = @sample_id THEN p.chosen_quality_score ELSE p.rejected_quality_score END AS q
     FROM comparisons c JOIN pair_proposals p ON p.id = c.proposal_id WHERE c.id = @comparison_id`,
  );
  const verdicts = db.prepare<[number], ComparisonVerdicts>(
    `SELECT SUM(CASE WHEN x.winner_sample_id = c.sample_a_id THEN 1 WHEN NOT (x.winner_sample_id = c.sample_a_id) THEN 0 END) AS a_wins, SUM(CASE WHEN x.winner_sample_id = c.sample_b_id THEN 1 WHEN NOT (x.winner_sample_id = c.sample_b_id) THEN 0 END) AS b_wins, COUNT(x.id) AS n,
       c.proposal_id, c.proposal_status_before AS before, p.status
     FROM comparisons c LEFT JOIN human_judgments x ON x.comparison_id = c.id LEFT JOIN pair_proposals p ON p.id = c.proposal_id
     WHERE c.id = ? GROUP BY c.id, p.id`,
  );
  const rememberBefore = db.prepare<[string | null, number]>(`UPDATE comparisons SET proposal_status_before = ? WHERE id = ? ${noWait}`);

  return {
    take: (id: number) => void take.run(id),
    untake: (id: number) => void untake.run(id),
    /** How many assignments hold the comparison now. */
    taken: (id: number) => counts.get(id)!.taken,
    /** Whether the comparison wants another taker: fewer assignments hold it than the judgments it wants. */
    wantsTaker: (id: number) => {
      const c = counts.get(id)!;
      return c.taken < c.target;
    },
    /** The comparison this annotator never had with the fewest takers (then the lowest id), if one wants a taker. */
    nextFor: (campaignId: number, userId: number) => pick.get({ campaign_id: campaignId, user_id: userId }),
    /** Comparisons still short of the judgments they want that this annotator has not judged, skipped or let go. */
    remainingFor: (campaignId: number, userId: number) => remainingFor.get({ campaign_id: campaignId, user_id: userId })!.n,
    /** The comparison's verdicts counted apart: sample a wins, sample b wins, ties, both bad. */
    verdictCounts: (id: number) => verdictCounts.get(id)!,
    /** A change to the comparison's judgments (one more, one fewer, or a verdict revised: 0) and how many it wants now (adaptive k, decision 037). */
    recount: (id: number, judgmentsBy: 1 | 0 | -1, target: number) => void recount.run(judgmentsBy, target, id),
    /** Every comparison of a new campaign starts wanting k_min judgments. */
    initTargets: (campaignId: number, kMin: number) => void initTargets.run(kMin, campaignId),
    /** Comparisons decided before k_max, the judgments they took, and how many of them at k_min. */
    savings: (campaignId: number, kMin: number, kMax: number) => savings.get(kMin, campaignId, kMax)!,
    /** S_q of one side as its pair proposal recorded it; null without a proposal. */
    proposalQuality: (id: number, sampleId: number) => proposalQuality.get({ comparison_id: id, sample_id: sampleId })?.q ?? null,
    verdicts: (id: number) => verdicts.get(id),
    rememberProposalStatus: (id: number, status: string | null) => void rememberBefore.run(status, id),
  };
}
