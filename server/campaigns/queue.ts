import type { AnnotationItem, CampaignSettings, SubmitJudgmentBody, Verdict } from "../../shared/schemas/campaigns";
import { SubmitJudgmentBodySchema } from "../../shared/schemas/campaigns";
import { lengthScore } from "../../shared/scoring/length-score";
import type { User } from "../../shared/schemas/user";
import type { Context } from "../context";
import { badRequest, conflict, notFound } from "../http/errors";

/** How long after submitting an annotator may take a judgment back. */
export const undoWindowMs = 5 * 60 * 1000;

interface AssignmentRow {
  id: number;
  campaign_id: number;
  comparison_id: number;
  user_id: number;
  left_sample_id: number;
  right_sample_id: number;
  status: "active" | "done" | "skipped" | "expired" | "released";
  lease_until: string;
}

interface CampaignRow {
  id: number;
  kind: string;
  status: string;
  all_annotators: number;
  settings: string;
  judgments_per_comparison: number;
}

/**
 * The annotation queue: who gets which comparison next, and what a judgment, a skip or an undo does to the
 * counts. Every operation is one transaction; SQLite's single writer makes "fewest judgments first" and
 * "never twice to one annotator" exact without locks of our own.
 */
export function annotationQueue(ctx: Context, random: () => number = Math.random) {
  const db = ctx.db;
  const campaignRow = db.prepare<[number], CampaignRow>(
    "SELECT id, kind, status, all_annotators, settings, judgments_per_comparison FROM campaigns WHERE id = ?",
  );
  const listed = db.prepare<[number, number], { n: number }>("SELECT COUNT(*) AS n FROM campaign_annotators WHERE campaign_id = ? AND user_id = ?");
  const expired = db.prepare<{ now: string }, { comparison_id: number }>(
    "UPDATE assignments SET status = 'expired' WHERE status = 'active' AND lease_until < @now RETURNING comparison_id",
  );
  const untake = db.prepare<[number]>("UPDATE comparisons SET taken = taken - 1 WHERE id = ?");
  const take = db.prepare<[number]>("UPDATE comparisons SET taken = taken + 1 WHERE id = ?");
  const current = db.prepare<[number, number], AssignmentRow>(
    // The most recently shown: an undone item (shown again now) comes before the one its annotator moved on to.
    `SELECT * FROM assignments WHERE user_id = ? AND campaign_id = ? AND status IN ('active', 'expired') ORDER BY shown_at DESC, id DESC LIMIT 1`,
  );
  const comparisonTaken = db.prepare<[number], { taken: number; judgments: number }>("SELECT taken, judgments FROM comparisons WHERE id = ?");
  const setAssignment = db.prepare<{ id: number; status: string; lease_until: string; shown_at: string | null }>(
    "UPDATE assignments SET status = @status, lease_until = @lease_until, shown_at = COALESCE(@shown_at, shown_at) WHERE id = @id",
  );
  const setStatus = db.prepare<[string, number]>("UPDATE assignments SET status = ? WHERE id = ?");
  const pick = db.prepare<{ campaign_id: number; user_id: number; k: number }, { id: number; sample_a_id: number; sample_b_id: number }>(
    `SELECT c.id, c.sample_a_id, c.sample_b_id FROM comparisons c
     WHERE c.campaign_id = @campaign_id AND c.taken < @k
       AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.comparison_id = c.id AND a.user_id = @user_id)
     ORDER BY c.taken, c.id LIMIT 1`,
  );
  const insertAssignment = db.prepare(
    `INSERT INTO assignments (campaign_id, comparison_id, user_id, left_sample_id, right_sample_id, status, lease_until, shown_at)
     VALUES (@campaign_id, @comparison_id, @user_id, @left, @right, 'active', @lease_until, @now) RETURNING id`,
  );
  const assignmentOf = db.prepare<[number, number], AssignmentRow>("SELECT * FROM assignments WHERE id = ? AND user_id = ?");
  const sideRow = db.prepare<[number], { text: string; word_count: number | null; required_length: number | null; prompt: string; lang: string }>(
    `SELECT s.text, s.word_count, i.required_length, i.prompt, i.lang FROM samples s JOIN instructions i ON i.id = s.instruction_id WHERE s.id = ?`,
  );
  const proposalQuality = db.prepare<{ comparison_id: number; sample_id: number }, { q: number | null }>(
    `SELECT CASE WHEN p.chosen_sample_id = @sample_id THEN p.chosen_quality_score ELSE p.rejected_quality_score END AS q
     FROM comparisons c JOIN pair_proposals p ON p.id = c.proposal_id WHERE c.id = @comparison_id`,
  );
  const judgedBy = db.prepare<[number, number], { n: number }>(
    "SELECT COALESCE((SELECT judged FROM annotator_progress WHERE user_id = ? AND campaign_id = ?), 0) AS n",
  );
  const countJudged = db.prepare<{ campaign_id: number; user_id: number; by: number }>(
    `INSERT INTO annotator_progress (campaign_id, user_id, judged) VALUES (@campaign_id, @user_id, @by)
     ON CONFLICT (campaign_id, user_id) DO UPDATE SET judged = judged + @by`,
  );
  const remainingFor = db.prepare<{ campaign_id: number; user_id: number; k: number }, { n: number }>(
    `SELECT COUNT(*) AS n FROM comparisons c WHERE c.campaign_id = @campaign_id AND c.judgments < @k
       AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.comparison_id = c.id AND a.user_id = @user_id AND a.status IN ('done', 'skipped', 'released'))`,
  );
  const byKey = db.prepare<[number, string], { id: number; assignment_id: number; campaign_id: number; verdict: string; winner_sample_id: number | null; left_sample_id: number; created_at: string }>(
    "SELECT id, assignment_id, campaign_id, verdict, winner_sample_id, left_sample_id, created_at FROM human_judgments WHERE user_id = ? AND idempotency_key = ?",
  );
  const insertHumanJudgment = db.prepare(
    `INSERT INTO human_judgments (campaign_id, comparison_id, assignment_id, user_id, left_sample_id, right_sample_id, winner_sample_id,
       verdict, margin, rationale, time_ms, coverage_left, coverage_right, idempotency_key, created_at)
     VALUES (@campaign_id, @comparison_id, @assignment_id, @user_id, @left_sample_id, @right_sample_id, @winner_sample_id,
       @verdict, @margin, @rationale, @time_ms, @coverage_left, @coverage_right, @idempotency_key, @now) RETURNING id`,
  );
  const countJudgment = db.prepare<[number, number]>("UPDATE comparisons SET judgments = judgments + ? WHERE id = ?");
  const humanJudgmentOf = db.prepare<[number, number], { id: number; campaign_id: number; comparison_id: number; assignment_id: number; created_at: string }>(
    "SELECT id, campaign_id, comparison_id, assignment_id, created_at FROM human_judgments WHERE id = ? AND user_id = ?",
  );
  const lastOf = db.prepare<[number, number], { id: number }>("SELECT MAX(id) AS id FROM human_judgments WHERE user_id = ? AND campaign_id = ?");
  const removeHumanJudgment = db.prepare<[number]>("DELETE FROM human_judgments WHERE id = ?");
  const verdictsOf = db.prepare<[number], { a_wins: number; b_wins: number; n: number; proposal_id: number | null; before: string | null; status: string | null }>(
    `SELECT SUM(x.winner_sample_id = c.sample_a_id) AS a_wins, SUM(x.winner_sample_id = c.sample_b_id) AS b_wins, COUNT(x.id) AS n,
       c.proposal_id, c.proposal_status_before AS before, p.status
     FROM comparisons c LEFT JOIN human_judgments x ON x.comparison_id = c.id LEFT JOIN pair_proposals p ON p.id = c.proposal_id
     WHERE c.id = ? GROUP BY c.id`,
  );
  const setProposal = db.prepare<{ id: number; status: string }>("UPDATE pair_proposals SET status = @status WHERE id = @id");
  const rememberBefore = db.prepare<[string | null, number]>("UPDATE comparisons SET proposal_status_before = ? WHERE id = ?");

  const campaignFor = (campaignId: number, user: User) => {
    const row = campaignRow.get(campaignId);
    const member = row && (row.all_annotators === 1 || listed.get(campaignId, user.id)!.n > 0);
    // One answer for "no such campaign" and "not yours": ids tell an annotator nothing.
    if (!row || !member || row.status !== "open") throw notFound("campaign");
    return { ...row, settings: JSON.parse(row.settings) as CampaignSettings };
  };

  const leaseUntil = (now: Date, settings: CampaignSettings) => new Date(now.getTime() + settings.lease_minutes * 60_000).toISOString();

  /** Leases that ran out give their comparison back to the queue (cheap: an index range, usually empty). */
  const expireLeases = (now: Date) => {
    for (const { comparison_id } of expired.all({ now: now.toISOString() })) untake.run(comparison_id);
  };

  function item(a: AssignmentRow, settings: CampaignSettings, judged: number): AnnotationItem {
    const side = (sampleId: number) => {
      const row = sideRow.get(sampleId)!;
      return {
        row,
        side: {
          text: row.text,
          word_count: settings.show_word_counts ? row.word_count : null,
          length_score: settings.show_scores && row.required_length !== null && row.word_count !== null ? lengthScore(row.required_length, row.word_count) : null,
          quality_score: settings.show_scores ? (proposalQuality.get({ comparison_id: a.comparison_id, sample_id: sampleId })?.q ?? null) : null,
        },
      };
    };
    const left = side(a.left_sample_id);
    const right = side(a.right_sample_id);
    return {
      assignment_id: a.id,
      campaign_id: a.campaign_id,
      instruction: { prompt: left.row.prompt, required_length: left.row.required_length, lang: left.row.lang },
      left: left.side,
      right: right.side,
      lease_until: a.lease_until,
      judged_by_you: judged,
    };
  }

  /** verify-pairs: once k judgments are in, the majority confirms or overturns the proposal; an undo restores it. */
  function settleProposal(comparisonId: number, k: number) {
    const v = verdictsOf.get(comparisonId);
    if (!v || v.proposal_id === null) return;
    const decided = v.n >= k && v.a_wins !== v.b_wins ? (v.a_wins > v.b_wins ? "confirmed" : "overturned") : null;
    if (decided !== null && v.status !== decided) {
      if (v.status !== "confirmed" && v.status !== "overturned") rememberBefore.run(v.status, comparisonId);
      setProposal.run({ id: v.proposal_id, status: decided });
    } else if (decided === null && (v.status === "confirmed" || v.status === "overturned") && v.before !== null) {
      setProposal.run({ id: v.proposal_id, status: v.before });
    }
  }

  return {
    /** Your current item, or the next comparison for you (null when none is left). */
    next: (campaignId: number, user: User): AnnotationItem | null =>
      db.transaction(() => {
        const campaign = campaignFor(campaignId, user);
        const now = ctx.now();
        expireLeases(now);
        const k = campaign.judgments_per_comparison;
        const judged = judgedBy.get(user.id, campaignId)!.n;
        const mine = current.get(user.id, campaignId);
        if (mine?.status === "active") {
          setAssignment.run({ id: mine.id, status: "active", lease_until: leaseUntil(now, campaign.settings), shown_at: null });
          return item({ ...mine, lease_until: leaseUntil(now, campaign.settings) }, campaign.settings, judged);
        }
        if (mine?.status === "expired") {
          // Back after the lease ran out: the same item if nobody took its place, else it is released.
          if (comparisonTaken.get(mine.comparison_id)!.taken < k) {
            take.run(mine.comparison_id);
            const lease = leaseUntil(now, campaign.settings);
            setAssignment.run({ id: mine.id, status: "active", lease_until: lease, shown_at: now.toISOString() });
            return item({ ...mine, status: "active", lease_until: lease }, campaign.settings, judged);
          }
          setStatus.run("released", mine.id);
        }
        const comparison = pick.get({ campaign_id: campaignId, user_id: user.id, k });
        if (!comparison) return null;
        // Sides at random per assignment: position bias averages out and nobody learns which is which.
        const [left, right] = random() < 0.5 ? [comparison.sample_a_id, comparison.sample_b_id] : [comparison.sample_b_id, comparison.sample_a_id];
        const lease = leaseUntil(now, campaign.settings);
        const { id } = insertAssignment.get({ campaign_id: campaignId, comparison_id: comparison.id, user_id: user.id, left, right, lease_until: lease, now: now.toISOString() }) as { id: number };
        take.run(comparison.id);
        return item({ id, campaign_id: campaignId, comparison_id: comparison.id, user_id: user.id, left_sample_id: left, right_sample_id: right, status: "active", lease_until: lease }, campaign.settings, judged);
      })(),

    skip: (assignmentId: number, user: User) =>
      db.transaction(() => {
        const a = assignmentOf.get(assignmentId, user.id);
        if (!a) throw notFound("assignment");
        campaignFor(a.campaign_id, user);
        if (a.status !== "active" && a.status !== "expired") throw conflict(`this item is ${a.status === "done" ? "judged" : a.status} already`);
        if (a.status === "active") untake.run(a.comparison_id);
        setStatus.run("skipped", a.id);
      })(),

    /** Records a judgment once per idempotency key; the winner is stored as a sample id. */
    submit(assignmentId: number, user: User, input: SubmitJudgmentBody) {
      const body = SubmitJudgmentBodySchema.parse(input);
      return db.transaction(() => {
        const replay = byKey.get(user.id, body.idempotency_key);
        if (replay) {
          if (replay.assignment_id !== assignmentId) throw conflict("idempotency_key: already used for another item");
          // What was recorded, not what this retry says: the first submission is the judgment.
          const verdict = (replay.verdict === "win" ? (replay.winner_sample_id === replay.left_sample_id ? "left" : "right") : replay.verdict) as Verdict;
          return { created: false, id: replay.id, campaign_id: replay.campaign_id, verdict, created_at: replay.created_at };
        }
        const a = assignmentOf.get(assignmentId, user.id);
        if (!a) throw notFound("assignment");
        const campaign = campaignFor(a.campaign_id, user);
        const s = campaign.settings;
        if (body.verdict === "tie" && !s.allow_tie) throw badRequest("verdict: this campaign does not allow ties");
        if (body.verdict === "both-bad" && !s.allow_both_bad) throw badRequest("verdict: this campaign does not allow 'both bad'");
        if (s.rationale === "required" && body.rationale === "") throw badRequest("rationale: this campaign asks for a rationale");
        if (s.rationale === "off" && body.rationale !== "") throw badRequest("rationale: this campaign takes no rationale");
        if (!s.ask_margin && body.margin !== null) throw badRequest("margin: this campaign does not ask for a margin");
        if (a.status === "done") throw conflict("this item is judged already");
        if (a.status === "skipped" || a.status === "released") throw conflict(`this item was ${a.status === "skipped" ? "skipped" : "given to someone else after its lease ran out"}`);
        const now = ctx.now();
        if (a.status === "expired") {
          if (comparisonTaken.get(a.comparison_id)!.taken >= campaign.judgments_per_comparison) {
            setStatus.run("released", a.id);
            throw conflict("this item's lease ran out and it was given to someone else");
          }
          take.run(a.comparison_id);
        }
        const winner = body.verdict === "left" ? a.left_sample_id : body.verdict === "right" ? a.right_sample_id : null;
        const { id } = insertHumanJudgment.get({
          campaign_id: a.campaign_id,
          comparison_id: a.comparison_id,
          assignment_id: a.id,
          user_id: user.id,
          left_sample_id: a.left_sample_id,
          right_sample_id: a.right_sample_id,
          winner_sample_id: winner,
          verdict: winner !== null ? "win" : body.verdict,
          margin: winner !== null ? body.margin : null,
          rationale: body.rationale,
          time_ms: body.time_ms,
          coverage_left: body.coverage_left,
          coverage_right: body.coverage_right,
          idempotency_key: body.idempotency_key,
          now: now.toISOString(),
        }) as { id: number };
        setStatus.run("done", a.id);
        countJudgment.run(1, a.comparison_id);
        countJudged.run({ campaign_id: a.campaign_id, user_id: user.id, by: 1 });
        if (campaign.kind === "verify-pairs") settleProposal(a.comparison_id, campaign.judgments_per_comparison);
        return { created: true, id, campaign_id: a.campaign_id, verdict: body.verdict, created_at: now.toISOString() };
      })();
    },

    /** Takes back the annotator's last judgment in its campaign within the undo window; the item is theirs again. */
    undo: (humanJudgmentId: number, user: User) =>
      db.transaction(() => {
        const x = humanJudgmentOf.get(humanJudgmentId, user.id);
        if (!x) throw notFound("judgment");
        const campaign = campaignFor(x.campaign_id, user);
        if (lastOf.get(user.id, x.campaign_id)!.id !== x.id) throw conflict("only your last judgment can be undone");
        const now = ctx.now();
        if (now.getTime() - new Date(x.created_at).getTime() > undoWindowMs) throw conflict("the time to undo this judgment has passed");
        removeHumanJudgment.run(x.id);
        countJudgment.run(-1, x.comparison_id);
        countJudged.run({ campaign_id: x.campaign_id, user_id: user.id, by: -1 });
        // The comparison stays taken: it goes back to this annotator, with a fresh lease.
        setAssignment.run({ id: x.assignment_id, status: "active", lease_until: leaseUntil(now, campaign.settings), shown_at: now.toISOString() });
        if (campaign.kind === "verify-pairs") settleProposal(x.comparison_id, campaign.judgments_per_comparison);
        return x.assignment_id;
      })(),

    progress(campaignId: number, user: User) {
      const campaign = campaignFor(campaignId, user);
      return {
        judged_by_you: judgedBy.get(user.id, campaignId)!.n,
        remaining: remainingFor.get({ campaign_id: campaignId, user_id: user.id, k: campaign.judgments_per_comparison })!.n,
        settings: campaign.settings,
      };
    },
    judgedBy: (campaignId: number, userId: number) => judgedBy.get(userId, campaignId)!.n,
  };
}
export type AnnotationQueue = ReturnType<typeof annotationQueue>;
