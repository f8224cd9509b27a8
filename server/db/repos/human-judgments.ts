import type { HumanJudgment, Verdict } from "../../../shared/schemas/campaigns";
import type { Db } from "../open";
import { getAhead, least } from "./sql-dialect";

// A person's verdict on a comparison. Table `human_judgments` stores it in column `verdict` ('win', 'tie', 'both-bad')
// plus the winner's sample id; this file is the one place a verdict becomes that pair and back.

export interface NewHumanJudgment {
  campaign_id: number;
  comparison_id: number;
  assignment_id: number;
  user_id: number;
  left_sample_id: number;
  right_sample_id: number;
  verdict: Verdict;
  margin: "slightly" | "much" | null;
  rationale: string;
  time_ms: number;
  coverage_left: number;
  coverage_right: number;
  idempotency_key: string;
  created_at: string;
}

/** A recorded human judgment as the queue's replay and undo read it. */
export interface RecordedHumanJudgment {
  id: number;
  campaign_id: number;
  comparison_id: number;
  assignment_id: number;
  verdict: Verdict;
  created_at: string;
}

/** One human judgment as the campaign dashboard tallies it. */
export interface DashboardJudgmentRow {
  username: string;
  user_id: number;
  /** 1 for a judgment of a gold pair, which the tally leaves out. */
  gold: number;
  verdict: "win" | "tie" | "both-bad";
  winner_sample_id: number | null;
  left_sample_id: number;
  sample_a_id: number;
  time_ms: number;
  /** The lesser of the two sides' scrolled-into-view fractions. */
  coverage: number;
}

/** A decided human judgment with both sides' lengths and their S_q under one judge (null without a score). */
export interface DecidedJudgmentRow {
  winner_sample_id: number;
  sample_a_id: number;
  length_range: string | null;
  required_length: number | null;
  winner_words: number | null;
  loser_words: number | null;
  winner_q: number | null;
  loser_q: number | null;
}

/** One of an annotator's own judgments as their history lists it (verdict still as stored). */
export interface OwnJudgmentRow {
  id: number;
  campaign_id: number;
  comparison_id: number;
  left_sample_id: number;
  right_sample_id: number;
  /** The instruction's prompt, cut to excerptChars + 1 characters (one more says it goes on). */
  excerpt: string;
  verdict: "win" | "tie" | "both-bad";
  winner_sample_id: number | null;
  margin: "slightly" | "much" | null;
  rationale: string;
  created_at: string;
  changed_at: string | null;
  revisions: number;
}
export const excerptChars = 160;

/** The new version of a judgment; left and right as shown, like a submission. */
export interface JudgmentChange {
  verdict: Verdict;
  margin: "slightly" | "much" | null;
  rationale: string;
}

interface StoredRow {
  id: number;
  campaign_id: number;
  comparison_id: number;
  assignment_id: number;
  verdict: "win" | "tie" | "both-bad";
  winner_sample_id: number | null;
  left_sample_id: number;
  created_at: string;
}

const present = (row: StoredRow): RecordedHumanJudgment => ({
  id: row.id,
  campaign_id: row.campaign_id,
  comparison_id: row.comparison_id,
  assignment_id: row.assignment_id,
  verdict: row.verdict === "win" ? (row.winner_sample_id === row.left_sample_id ? "left" : "right") : row.verdict,
  created_at: row.created_at,
});

export function humanJudgmentsRepo(db: Db) {
  const columns = "id, campaign_id, comparison_id, assignment_id, verdict, winner_sample_id, left_sample_id, created_at";
  const byKey = db.prepare<[number, string], StoredRow>(`SELECT ${columns} FROM human_judgments WHERE user_id = ? AND idempotency_key = ?`);
  const ofUser = db.prepare<[number, number], StoredRow>(`SELECT ${columns} FROM human_judgments WHERE id = ? AND user_id = ?`);
  const insert = db.prepare<Omit<NewHumanJudgment, "verdict"> & { verdict: string; winner_sample_id: number | null }, { id: number }>(
    `INSERT INTO human_judgments (campaign_id, comparison_id, assignment_id, user_id, left_sample_id, right_sample_id, winner_sample_id,
       verdict, margin, rationale, time_ms, coverage_left, coverage_right, idempotency_key, created_at)
     VALUES (@campaign_id, @comparison_id, @assignment_id, @user_id, @left_sample_id, @right_sample_id, @winner_sample_id,
       @verdict, @margin, @rationale, @time_ms, @coverage_left, @coverage_right, @idempotency_key, @created_at) RETURNING id`,
  );
  const lastOf = db.prepare<[number, number], { id: number }>(
    "SELECT MAX(id) AS id FROM human_judgments WHERE user_id = ? AND campaign_id = ?",
  );
  const remove = db.prepare<[number]>("DELETE FROM human_judgments WHERE id = ?");
  const dashboardRows = db.prepare<[number], DashboardJudgmentRow>(
    `SELECT u.username, x.user_id, c.gold_answer IS NOT NULL AS gold, x.verdict, x.winner_sample_id, x.left_sample_id, c.sample_a_id, x.time_ms, ${least(db, "x.coverage_left", "x.coverage_right")} AS coverage
     FROM human_judgments x JOIN users u ON u.id = x.user_id JOIN comparisons c ON c.id = x.comparison_id WHERE x.campaign_id = ?`,
  );
  const count = db.prepare<[number], { n: number }>("SELECT COUNT(*) AS n FROM human_judgments WHERE campaign_id = ?");
  const page = db.prepare<[number, number, number], Omit<HumanJudgment, "gold"> & { gold: number }>(
    `SELECT x.id, x.comparison_id, c.instruction_id, i.external_id, u.username AS annotator, c.sample_a_id, x.left_sample_id, x.right_sample_id,
       lm.name AS left_model, rm.name AS right_model, x.winner_sample_id, x.verdict AS outcome, x.margin, x.rationale, x.time_ms,
       x.coverage_left, x.coverage_right, x.created_at, c.gold_answer IS NOT NULL AS gold
     FROM human_judgments x JOIN comparisons c ON c.id = x.comparison_id JOIN instructions i ON i.id = c.instruction_id
       JOIN users u ON u.id = x.user_id JOIN samples ls ON ls.id = x.left_sample_id JOIN models lm ON lm.id = ls.model_id
       JOIN samples rs ON rs.id = x.right_sample_id JOIN models rm ON rm.id = rs.model_id
     WHERE x.campaign_id = ? ORDER BY x.id LIMIT ? OFFSET ?`,
  );
  const decided = db.prepare<{ campaign: number; judge: number; hash: string | null }, DecidedJudgmentRow>(
    `SELECT x.winner_sample_id, c.sample_a_id, i.length_range, i.required_length,
       w.word_count AS winner_words, l.word_count AS loser_words, jw.quality_score AS winner_q, jl.quality_score AS loser_q
     FROM human_judgments x JOIN comparisons c ON c.id = x.comparison_id JOIN instructions i ON i.id = c.instruction_id
       JOIN samples w ON w.id = x.winner_sample_id
       JOIN samples l ON l.id = CASE WHEN x.winner_sample_id = x.left_sample_id THEN x.right_sample_id ELSE x.left_sample_id END
       LEFT JOIN judge_scores jw ON jw.sample_id = w.id AND jw.judge_model_id = @judge AND jw.template_hash = @hash AND jw.status = 'done'
       LEFT JOIN judge_scores jl ON jl.sample_id = l.id AND jl.judge_model_id = @judge AND jl.template_hash = @hash AND jl.status = 'done'
     WHERE x.campaign_id = @campaign AND x.verdict = 'win'`,
  );

  const ownColumns = `x.id, x.campaign_id, x.comparison_id, x.left_sample_id, x.right_sample_id,
       substr(i.prompt, 1, ${excerptChars + 1}) AS excerpt, x.verdict, x.winner_sample_id, x.margin, x.rationale, x.created_at,
       (SELECT MAX(r.replaced_at) FROM judgment_revisions r WHERE r.human_judgment_id = x.id) AS changed_at,
       (SELECT COUNT(*) FROM judgment_revisions r WHERE r.human_judgment_id = x.id) AS revisions
     FROM human_judgments x JOIN comparisons c ON c.id = x.comparison_id JOIN instructions i ON i.id = c.instruction_id`;
  const ownPage = db.prepare<{ user: number; campaign: number; limit: number; offset: number }, OwnJudgmentRow>(
    `SELECT ${ownColumns} WHERE x.user_id = @user AND x.campaign_id = @campaign ORDER BY x.id DESC LIMIT @limit OFFSET @offset`,
  );
  const ownOne = db.prepare<[number, number], OwnJudgmentRow>(`SELECT ${ownColumns} WHERE x.id = ? AND x.user_id = ?`);
  const ownCount = db.prepare<[number, number], { n: number }>(
    "SELECT COUNT(*) AS n FROM human_judgments WHERE user_id = ? AND campaign_id = ?",
  );
  // The version being replaced, made when it was first judged or when it last changed.
  const keepRevision = db.prepare<{ id: number; now: string }>(
    `INSERT INTO judgment_revisions (human_judgment_id, verdict, winner_sample_id, margin, rationale, made_at, replaced_at)
     SELECT x.id, x.verdict, x.winner_sample_id, x.margin, x.rationale,
       COALESCE((SELECT MAX(r.replaced_at) FROM judgment_revisions r WHERE r.human_judgment_id = x.id), x.created_at), @now
     FROM human_judgments x WHERE x.id = @id`,
  );
  const change = db.prepare<{ id: number; verdict: string; winner_sample_id: number | null; margin: string | null; rationale: string }>(
    "UPDATE human_judgments SET verdict = @verdict, winner_sample_id = @winner_sample_id, margin = @margin, rationale = @rationale WHERE id = @id",
  );

  return {
    /** This user's judgments in the campaign, newest first. */
    ownPage: (userId: number, campaignId: number, limit: number, offset: number) =>
      ownPage.all({ user: userId, campaign: campaignId, limit, offset }),
    ownCount: (userId: number, campaignId: number) => ownCount.get(userId, campaignId)!.n,
    /** The judgment with its history facts, if it is this user's. */
    own: (id: number, userId: number) => ownOne.get(id, userId),
    /**
     * Replaces the judgment by a new version and keeps the one it replaces in judgment_revisions; call inside a
     * transaction. Every statistic reads human_judgments, so it counts the latest version.
     */
    change(id: number, sides: { left_sample_id: number; right_sample_id: number }, next: JudgmentChange, now: string) {
      keepRevision.run({ id, now });
      const winner = next.verdict === "left" ? sides.left_sample_id : next.verdict === "right" ? sides.right_sample_id : null;
      change.run({
        id,
        verdict: winner !== null ? "win" : next.verdict,
        winner_sample_id: winner,
        margin: next.margin,
        rationale: next.rationale,
      });
    },
    /** What this user recorded under an idempotency key, if anything; sent ahead (readAhead). */
    byKeyAhead: (userId: number, key: string) => {
      const row = getAhead(byKey, userId, key);
      return () => {
        const stored = row();
        return stored && present(stored);
      };
    },
    /** The human judgment if it is this user's. */
    ofUser: (id: number, userId: number) => {
      const row = ofUser.get(id, userId);
      return row && present(row);
    },
    /** Stores a verdict; left and right name a sample, the winner, tie and both-bad none. */
    record(j: NewHumanJudgment): number {
      const { verdict, ...rest } = j;
      const winner = verdict === "left" ? j.left_sample_id : verdict === "right" ? j.right_sample_id : null;
      return insert.get({ ...rest, winner_sample_id: winner, verdict: winner !== null ? "win" : verdict })!.id;
    },
    /** Id of this user's newest human judgment in the campaign (null when none). */
    lastIdOf: (userId: number, campaignId: number) => lastOf.get(userId, campaignId)!.id,
    remove: (id: number) => void remove.run(id),
    forDashboard: (campaignId: number) => dashboardRows.all(campaignId),
    count: (campaignId: number) => count.get(campaignId)!.n,
    /** A page of the campaign's human judgments in id order, with models and annotator named. */
    page: (campaignId: number, limit: number, offset: number): HumanJudgment[] =>
      page.all(campaignId, limit, offset).map((r) => ({ ...r, gold: r.gold === 1 })),
    /** The campaign's decided human judgments with both sides' S_q under one judge and template. */
    decidedWithJudgeScores: (campaignId: number, judgeModelId: number, templateHash: string | null) =>
      decided.all({ campaign: campaignId, judge: judgeModelId, hash: templateHash }),
  };
}
