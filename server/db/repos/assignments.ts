import type { Db } from "../open";
import { getAhead, noWait, readAhead } from "./sql-dialect";

export type AssignmentStatus = "active" | "done" | "skipped" | "expired" | "released";

/** One comparison handed to one annotator, with the sides as shown and the lease holding it. */
export interface Assignment {
  id: number;
  campaign_id: number;
  comparison_id: number;
  user_id: number;
  left_sample_id: number;
  right_sample_id: number;
  status: AssignmentStatus;
  lease_until: string;
}

/** shown_at of an ahead (prefetch) lease: sorts before every real time, so it is never "current" first. */
export const notShownYet = "";

export interface NewAssignment {
  campaign_id: number;
  comparison_id: number;
  user_id: number;
  left_sample_id: number;
  right_sample_id: number;
  lease_until: string;
  /** When it is shown: also the start of the lease. */
  shown_at: string;
  /** The probability the adaptive rule chose it with (decision 038); null for any other choice. */
  probability: number | null;
}

/** The annotation queue's assignments and each annotator's running count of judgments (annotator_progress). */
export function assignmentsRepo(db: Db) {
  const columns = "id, campaign_id, comparison_id, user_id, left_sample_id, right_sample_id, status, lease_until";
  const expire = db.prepare<{ now: string }, { comparison_id: number }>(
    "UPDATE assignments SET status = 'expired' WHERE status = 'active' AND lease_until < @now RETURNING comparison_id",
  );
  const current = db.prepare<[number, number], Assignment>(
    // The most recently shown: an undone item (shown again now) comes before the one its annotator moved on to.
    `SELECT ${columns} FROM assignments WHERE user_id = ? AND campaign_id = ? AND status IN ('active', 'expired') ORDER BY shown_at DESC, id DESC LIMIT 1`,
  );
  const lease = db.prepare<{ id: number; lease_until: string; shown_at: string | null }>(
    `UPDATE assignments SET status = 'active', lease_until = @lease_until, shown_at = COALESCE(@shown_at, shown_at) WHERE id = @id ${noWait}`,
  );
  // Prefetch (ahead) leases are written with shown_at = notShownYet until their item is first on screen.
  const show = db.prepare<{ id: number; lease_until: string; now: string }>(
    `UPDATE assignments SET status = 'active', lease_until = @lease_until, shown_at = CASE WHEN shown_at = '' THEN @now ELSE shown_at END WHERE id = @id ${noWait}`,
  );
  const held = db.prepare<[number, number], Assignment>(
    `SELECT ${columns} FROM assignments WHERE user_id = ? AND campaign_id = ? AND status IN ('active', 'expired') ORDER BY shown_at DESC, id DESC LIMIT 2`,
  );
  const setStatus = db.prepare<[AssignmentStatus, number]>(`UPDATE assignments SET status = ? WHERE id = ? ${noWait}`);
  const insert = db.prepare<NewAssignment, { id: number }>(
    `INSERT INTO assignments (campaign_id, comparison_id, user_id, left_sample_id, right_sample_id, status, lease_until, shown_at, probability)
     VALUES (@campaign_id, @comparison_id, @user_id, @left_sample_id, @right_sample_id, 'active', @lease_until, @shown_at, @probability) RETURNING id`,
  );
  const ofUser = db.prepare<[number, number], Assignment>(`SELECT ${columns} FROM assignments WHERE id = ? AND user_id = ?`);
  const judgedBy = db.prepare<[number, number], { n: number }>(
    "SELECT COALESCE((SELECT judged FROM annotator_progress WHERE user_id = ? AND campaign_id = ?), 0) AS n",
  );
  const countJudged = db.prepare<{ campaign_id: number; user_id: number; by: number }>(
    `INSERT INTO annotator_progress (campaign_id, user_id, judged) VALUES (@campaign_id, @user_id, @by)
     ON CONFLICT (campaign_id, user_id) DO UPDATE SET judged = annotator_progress.judged + @by ${noWait}`,
  );
  const inProgress = db.prepare<[number, string], { n: number }>(
    "SELECT COUNT(*) AS n FROM assignments WHERE campaign_id = ? AND status = 'active' AND lease_until >= ? AND shown_at <> ''",
  );
  const skippedBy = db.prepare<[number], { username: string; n: number }>(
    "SELECT u.username, COUNT(*) AS n FROM assignments a JOIN users u ON u.id = a.user_id WHERE a.campaign_id = ? AND a.status = 'skipped' GROUP BY u.username",
  );

  const skippedOf = db.prepare<
    { user: number; campaign: number; limit: number; chars: number },
    { assignment_id: number; excerpt: string; shown_at: string }
  >(
    `SELECT a.id AS assignment_id, substr(i.prompt, 1, @chars) AS excerpt, a.shown_at
     FROM assignments a JOIN comparisons c ON c.id = a.comparison_id JOIN instructions i ON i.id = c.instruction_id
     WHERE a.user_id = @user AND a.campaign_id = @campaign AND a.status = 'skipped' ORDER BY a.shown_at DESC, a.id DESC LIMIT @limit`,
  );
  const skippedCount = db.prepare<[number, number], { n: number }>(
    "SELECT COUNT(*) AS n FROM assignments WHERE user_id = ? AND campaign_id = ? AND status = 'skipped'",
  );

  return {
    /** The user's skipped items in the campaign, newest first, with the start of their instruction (`chars` long). */
    skippedOf: (userId: number, campaignId: number, limit: number, chars: number) =>
      skippedOf.all({ user: userId, campaign: campaignId, limit, chars }),
    skippedCount: (userId: number, campaignId: number) => skippedCount.get(userId, campaignId)!.n,
    /** Statements sent ahead, answered when called (readAhead). */
    ahead: {
      /** Ends the leases that ran out (an index range, usually empty); answers their comparisons' ids. */
      expireLeases: (now: string) => {
        const rows = readAhead(expire, { now });
        return () => rows().map((r) => r.comparison_id);
      },
      /** The annotator's item in the campaign: active, or expired while they were away. */
      current: (userId: number, campaignId: number) => getAhead(current, userId, campaignId),
      ofUser: (id: number, userId: number) => getAhead(ofUser, id, userId),
      judgedBy: (userId: number, campaignId: number) => {
        const row = getAhead(judgedBy, userId, campaignId);
        return () => row()!.n;
      },
    },
    /** Makes the assignment active with a fresh lease; `shownAt` null keeps when it was first shown. */
    lease: (id: number, leaseUntil: string, shownAt: string | null) => void lease.run({ id, lease_until: leaseUntil, shown_at: shownAt }),
    /** As lease, and the first time an ahead item is shown, records when (other items keep theirs). */
    show: (id: number, leaseUntil: string, now: string) => void show.run({ id, lease_until: leaseUntil, now }),
    /** The annotator's two most recently shown held items (an ahead lease, never shown, comes last). */
    held: (userId: number, campaignId: number) => held.all(userId, campaignId),
    setStatus: (id: number, status: AssignmentStatus) => void setStatus.run(status, id),
    create: (a: NewAssignment) => insert.get(a)!.id,
    /** The assignment if it is this user's. */
    ofUser: (id: number, userId: number) => ofUser.get(id, userId),
    judgedBy: (userId: number, campaignId: number) => judgedBy.get(userId, campaignId)!.n,
    countJudged: (campaignId: number, userId: number, by: 1 | -1) => void countJudged.run({ campaign_id: campaignId, user_id: userId, by }),
    /** Items on screen now: active assignments whose lease has not run out (prefetched ones are not on screen). */
    inProgress: (campaignId: number, now: string) => inProgress.get(campaignId, now)!.n,
    /** Skips per annotator of the campaign. */
    skippedBy: (campaignId: number) => skippedBy.all(campaignId),
  };
}
