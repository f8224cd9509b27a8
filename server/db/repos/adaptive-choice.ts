import type { Db } from "../open";

/** A stratum's tally as the triggers of migration 019 keep it: judgments and sample a's points (win 2, tie 1). */
export interface StratumTally {
  stratum: number;
  judgments: number;
  points: number;
}

/** A comparison the adaptive rule may hand out. */
export interface Pickable {
  id: number;
  sample_a_id: number;
  sample_b_id: number;
}

/** An adaptive campaign's judgment with the probability its assignment was chosen with. */
export interface ChosenJudgment {
  judgment_id: number;
  campaign_id: number;
  stratum: number;
  probability: number;
}

/**
 * What the adaptive choice of the next comparison reads and writes (docs/decisions/038-adaptive-choice.md):
 * per-stratum tallies, the least-taken comparisons of one stratum this annotator never had, and the
 * probability each assignment was chosen with. Every read is an index range (comparisons_stratum).
 */
export function adaptiveChoiceRepo(db: Db) {
  const tallies = db.prepare<[number], StratumTally>(
    "SELECT stratum, judgments, points FROM stratum_tallies WHERE campaign_id = ? ORDER BY stratum",
  );
  // Open while short of its target (adaptive k, decision 037), as the uniform pick reads it.
  const open = "c.campaign_id = @campaign_id AND c.stratum = @stratum AND c.taken < c.target AND c.gold_answer IS NULL";
  const unseen = "NOT EXISTS (SELECT 1 FROM assignments a WHERE a.comparison_id = c.id AND a.user_id = @user_id)";
  const leastTaken = db.prepare<{ campaign_id: number; stratum: number; user_id: number }, { taken: number }>(
    `SELECT c.taken FROM comparisons c WHERE ${open} AND ${unseen} ORDER BY c.taken, c.id LIMIT 1`,
  );
  const idsAt = db
    .prepare<{ campaign_id: number; stratum: number; user_id: number; taken: number }, number>(
      `SELECT c.id FROM comparisons c WHERE ${open} AND c.taken = @taken AND ${unseen} ORDER BY c.id`,
    )
    .pluck();
  const byId = db.prepare<[number], Pickable>("SELECT id, sample_a_id, sample_b_id FROM comparisons WHERE id = ?");
  const chosen = db.prepare<[number], ChosenJudgment>(
    `SELECT x.id AS judgment_id, x.campaign_id, c.stratum, a.probability FROM human_judgments x
     JOIN assignments a ON a.id = x.assignment_id JOIN comparisons c ON c.id = x.comparison_id
     WHERE x.campaign_id = ? AND a.probability IS NOT NULL`,
  );
  const probabilityOf = db.prepare<[number], { probability: number | null }>("SELECT probability FROM assignments WHERE id = ?");

  return {
    /** The campaign's strata with their tallies, in stratum order. */
    tallies: (campaignId: number) => tallies.all(campaignId),
    /** The fewest takers among the stratum's comparisons open to this annotator; undefined when none is. */
    leastTaken: (campaignId: number, stratum: number, userId: number) =>
      leastTaken.get({ campaign_id: campaignId, stratum, user_id: userId })?.taken,
    /** Ids of the stratum's comparisons open to this annotator with exactly `taken` takers (one index range). */
    idsAt: (campaignId: number, stratum: number, userId: number, taken: number) =>
      idsAt.all({ campaign_id: campaignId, stratum, user_id: userId, taken }),
    comparison: (id: number) => byId.get(id),
    probabilityOf: (assignmentId: number) => probabilityOf.get(assignmentId)?.probability ?? null,
    /** The campaign's judgments whose assignment the adaptive rule chose, with that probability. */
    chosen: (campaignId: number) => chosen.all(campaignId),
  };
}
