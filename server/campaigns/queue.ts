import { ReviseJudgmentBodySchema, type HistoryJudgment, type ReviseJudgmentBody } from "../../shared/schemas/annotator-history";
import type { AnnotationItem, CampaignSettings, SubmitJudgmentBody } from "../../shared/schemas/campaigns";
import { SubmitJudgmentBodySchema } from "../../shared/schemas/campaigns";
import { adaptiveNext } from "./adaptive-choice";
import { annotatorSidesAhead } from "./annotator-side";
import type { User } from "../../shared/schemas/user";
import type { Context } from "../context";
import { notShownYet, type Assignment } from "../db/repos/assignments";
import { conflict, invalidInput, notFound } from "../errors/domain-error";
import { checkGoldAnswer } from "./gold-accuracy";
import { goldInstead } from "./gold-pairs";
import { ownJudgment } from "./history";
import { judgmentsWanted } from "./k-target";
import { kRange } from "../../shared/schemas/campaigns";

/** How long after submitting an annotator may take a judgment back. */
export const undoWindowMs = 5 * 60 * 1000;

/** The campaign's rules for a verdict, the same for a first judgment and a changed one. */
function checkVerdictRules(s: CampaignSettings, body: { verdict: string; margin: string | null; rationale: string }) {
  if (body.verdict === "tie" && !s.allow_tie) throw invalidInput("verdict: this campaign does not allow ties");
  if (body.verdict === "both-bad" && !s.allow_both_bad) throw invalidInput("verdict: this campaign does not allow 'both bad'");
  if (s.rationale === "required" && body.rationale === "") throw invalidInput("rationale: this campaign asks for a rationale");
  if (s.rationale === "off" && body.rationale !== "") throw invalidInput("rationale: this campaign takes no rationale");
  if (!s.ask_margin && body.margin !== null) throw invalidInput("margin: this campaign does not ask for a margin");
}

/**
 * The annotation queue: who gets which comparison next, and what a judgment, a skip or an undo does to the
 * counts. Every operation is one transaction; SQLite's single writer makes "fewest judgments first" and
 * "never twice to one annotator" exact without locks of our own.
 */
export function annotationQueue(ctx: Context, random: () => number = Math.random) {
  const db = ctx.db;
  const { assignments, comparisons, humanJudgments } = ctx;

  const openCampaign = (campaign: ReturnType<Context["campaigns"]["forQueue"]>) => {
    // One answer for "no such campaign" and "not yours": ids tell an annotator nothing.
    if (!campaign?.member || campaign.status !== "open") throw notFound("campaign");
    return campaign;
  };
  const campaignFor = (campaignId: number, user: User) => openCampaign(ctx.campaigns.forQueue(campaignId, user.id));

  const leaseUntil = (now: Date, settings: CampaignSettings) => new Date(now.getTime() + settings.lease_minutes * 60_000).toISOString();

  /**
   * Leases that ran out give their comparison back to the queue (cheap: an index range, usually empty): the
   * expiry is sent ahead (readAhead), and the returned call gives the comparisons back.
   */
  const expireLeases = (now: Date) => {
    const expired = assignments.ahead.expireLeases(now.toISOString());
    return () => {
      for (const comparisonId of expired()) comparisons.untake(comparisonId);
    };
  };

  function item(
    a: Assignment,
    settings: CampaignSettings,
    judged: number,
    sides = annotatorSidesAhead(ctx, a.comparison_id, a.left_sample_id, a.right_sample_id, settings),
  ): AnnotationItem {
    const { left, right } = sides();
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

  /**
   * A new assignment of the least-judged comparison this annotator has not seen, leased from now; null when
   * none is left. `shown` is false for an item prefetched behind the one on screen.
   */
  function assignNew(campaignId: number, user: User, settings: CampaignSettings, now: Date, shown: boolean, judged: number) {
    // #18 adaptive choice (decision 038): the adaptive rule picks, and its probability is stored with the assignment.
    const adaptive = settings.assignment === "adaptive" ? adaptiveNext(ctx, campaignId, user.id, random) : null;
    const real = settings.assignment === "adaptive" ? adaptive?.comparison : comparisons.nextFor(campaignId, user.id);
    if (!real) return null;
    // Gold pairs hook (docs/decisions/039-gold-pairs.md): now and then a gold comparison instead, while real ones remain.
    const gold = goldInstead(ctx, campaignId, user.id, settings, random);
    const comparison = gold ?? real;
    // Sides at random per assignment: position bias averages out and nobody learns which is which.
    const [left, right] =
      random() < 0.5 ? [comparison.sample_a_id, comparison.sample_b_id] : [comparison.sample_b_id, comparison.sample_a_id];
    const lease = leaseUntil(now, settings);
    const fields = {
      campaign_id: campaignId,
      comparison_id: comparison.id,
      user_id: user.id,
      left_sample_id: left,
      right_sample_id: right,
    };
    // The texts are read ahead, answered with the insert below: one round trip on PostgreSQL (decision 050).
    const sides = annotatorSidesAhead(ctx, comparison.id, left, right, settings);
    const id = assignments.create({
      ...fields,
      lease_until: lease,
      shown_at: shown ? now.toISOString() : notShownYet,
      probability: adaptive && !gold ? adaptive.probability : null,
    });
    comparisons.take(comparison.id);
    return item({ id, ...fields, status: "active", lease_until: lease }, settings, judged, sides);
  }

  /**
   * Adaptive k (decision 037): after any change to a comparison's judgments (a new one, an undo, a revision) it
   * wants as many as its verdicts now call for; an undone or revised verdict can re-open a decided comparison.
   * judgmentsBy is the change to its count of judgments, written with the target. Returns whether it has all it
   * wants (complete).
   */
  function retarget(comparisonId: number, settings: CampaignSettings, judgmentsBy: 1 | 0 | -1) {
    const { k_min, k_max } = kRange(settings);
    const v = comparisons.verdictCounts(comparisonId);
    const target = judgmentsWanted(v, k_min, k_max);
    comparisons.recount(comparisonId, judgmentsBy, target);
    return v.a_wins + v.b_wins + v.ties + v.both_bad >= target;
  }

  /**
   * verify-pairs: once the comparison is complete (decided, or k_max judgments in), the majority confirms or
   * overturns the proposal; an undo restores it.
   * The stored status is remembered ('proposed' for a judge-confirmed proposal, whose judge columns stay), so an
   * undo brings "judge-confirmed" back without writing it (docs/decisions/036-judge-confirmed-proposals.md).
   */
  function settleProposal(comparisonId: number, complete: boolean) {
    const v = comparisons.verdicts(comparisonId);
    if (!v || v.proposal_id === null) return;
    const decided = complete && v.a_wins !== v.b_wins ? (v.a_wins > v.b_wins ? "confirmed" : "overturned") : null;
    if (decided !== null && v.status !== decided) {
      if (v.status !== "confirmed" && v.status !== "overturned") comparisons.rememberProposalStatus(comparisonId, v.status);
      ctx.pairRuns.settleProposal(v.proposal_id, decided);
    } else if (decided === null && (v.status === "confirmed" || v.status === "overturned") && v.before !== null) {
      ctx.pairRuns.settleProposal(v.proposal_id, v.before);
    }
  }

  return {
    /** Your current item, or the next comparison for you (null when none is left). */
    next: (campaignId: number, user: User): AnnotationItem | null =>
      db.transaction(() => {
        const now = ctx.now();
        // Sent together: one round trip on PostgreSQL (decision 050). Leases run out before the annotator's own
        // item is read, so an item of theirs whose lease ran out reads as expired.
        const campaignAhead = ctx.campaigns.forQueueAhead(campaignId, user.id);
        const untakeExpired = expireLeases(now);
        const judgedAhead = assignments.ahead.judgedBy(user.id, campaignId);
        const mineAhead = assignments.ahead.current(user.id, campaignId);
        const campaign = openCampaign(campaignAhead());
        untakeExpired();
        const judged = judgedAhead();
        const mine = mineAhead();
        if (mine?.status === "active") {
          assignments.show(mine.id, leaseUntil(now, campaign.settings), now.toISOString());
          return item({ ...mine, lease_until: leaseUntil(now, campaign.settings) }, campaign.settings, judged);
        }
        if (mine?.status === "expired") {
          // Back after the lease ran out: the same item if nobody took its place, else it is released.
          if (comparisons.wantsTaker(mine.comparison_id)) {
            comparisons.take(mine.comparison_id);
            const lease = leaseUntil(now, campaign.settings);
            assignments.lease(mine.id, lease, now.toISOString());
            return item({ ...mine, status: "active", lease_until: lease }, campaign.settings, judged);
          }
          assignments.setStatus(mine.id, "released");
        }
        return assignNew(campaignId, user, campaign.settings, now, true, judged);
      })(),

    skip: (assignmentId: number, user: User) =>
      db.transaction(() => {
        const a = assignments.ofUser(assignmentId, user.id);
        if (!a) throw notFound("assignment");
        campaignFor(a.campaign_id, user);
        if (a.status !== "active" && a.status !== "expired")
          throw conflict(`this item is ${a.status === "done" ? "judged" : a.status} already`);
        if (a.status === "active") comparisons.untake(a.comparison_id);
        assignments.setStatus(a.id, "skipped");
      })(),

    /** Records a judgment once per idempotency key; the winner is stored as a sample id. */
    submit(assignmentId: number, user: User, input: SubmitJudgmentBody) {
      const body = SubmitJudgmentBodySchema.parse(input);
      return db.transaction(() => {
        // Sent together: one round trip on PostgreSQL (decision 050).
        const replayAhead = humanJudgments.byKeyAhead(user.id, body.idempotency_key);
        const assignmentAhead = assignments.ahead.ofUser(assignmentId, user.id);
        const replay = replayAhead();
        if (replay) {
          if (replay.assignment_id !== assignmentId) throw conflict("idempotency_key: already used for another item");
          // What was recorded, not what this retry says: the first submission is the judgment.
          const { id, campaign_id, verdict, created_at } = replay;
          return { created: false, id, campaign_id, verdict, created_at, judged_by_you: assignments.judgedBy(user.id, campaign_id) };
        }
        const a = assignmentAhead();
        if (!a) throw notFound("assignment");
        const campaign = campaignFor(a.campaign_id, user);
        const s = campaign.settings;
        checkVerdictRules(s, body);
        if (a.status === "done") throw conflict("this item is judged already");
        if (a.status === "skipped" || a.status === "released")
          throw conflict(`this item was ${a.status === "skipped" ? "skipped" : "given to someone else after its lease ran out"}`);
        const now = ctx.now();
        if (a.status === "expired") {
          if (!comparisons.wantsTaker(a.comparison_id)) {
            assignments.setStatus(a.id, "released");
            throw conflict("this item's lease ran out and it was given to someone else");
          }
          comparisons.take(a.comparison_id);
        }
        const decided = body.verdict === "left" || body.verdict === "right";
        const id = humanJudgments.record({
          campaign_id: a.campaign_id,
          comparison_id: a.comparison_id,
          assignment_id: a.id,
          user_id: user.id,
          left_sample_id: a.left_sample_id,
          right_sample_id: a.right_sample_id,
          verdict: body.verdict,
          margin: decided ? body.margin : null,
          rationale: body.rationale,
          time_ms: body.time_ms,
          coverage_left: body.coverage_left,
          coverage_right: body.coverage_right,
          idempotency_key: body.idempotency_key,
          created_at: now.toISOString(),
        });
        assignments.setStatus(a.id, "done");
        assignments.countJudged(a.campaign_id, user.id, 1);
        // Answered with retarget's read of the verdicts, in one round trip on PostgreSQL (decision 050).
        const judgedAhead = assignments.ahead.judgedBy(user.id, a.campaign_id);
        const goldAhead = ctx.goldPairs.isGoldAhead(a.comparison_id);
        const complete = retarget(a.comparison_id, s, 1);
        if (campaign.kind === "verify-pairs") settleProposal(a.comparison_id, complete);
        checkGoldAnswer(ctx, a.campaign_id, user.id, a.comparison_id, goldAhead()); // gold pairs hook (decision 039)
        const created_at = now.toISOString();
        return { created: true, id, campaign_id: a.campaign_id, verdict: body.verdict, created_at, judged_by_you: judgedAhead() };
      })();
    },

    /** Takes back the annotator's last judgment in its campaign within the undo window; the item is theirs again. */
    undo: (humanJudgmentId: number, user: User) =>
      db.transaction(() => {
        const x = humanJudgments.ofUser(humanJudgmentId, user.id);
        if (!x) throw notFound("judgment");
        const campaign = campaignFor(x.campaign_id, user);
        if (humanJudgments.lastIdOf(user.id, x.campaign_id) !== x.id) throw conflict("only your last judgment can be undone");
        const now = ctx.now();
        if (now.getTime() - new Date(x.created_at).getTime() > undoWindowMs) throw conflict("the time to undo this judgment has passed");
        humanJudgments.remove(x.id);
        assignments.countJudged(x.campaign_id, user.id, -1);
        // The comparison stays taken: it goes back to this annotator, with a fresh lease.
        assignments.lease(x.assignment_id, leaseUntil(now, campaign.settings), now.toISOString());
        const complete = retarget(x.comparison_id, campaign.settings, -1);
        if (campaign.kind === "verify-pairs") settleProposal(x.comparison_id, complete);
        return x.assignment_id;
      })(),

    /**
     * Changes one of the annotator's judgments while the campaign is open; the version it replaces is kept as a
     * revision (docs/decisions/023-annotator-history.md). Sending the same version again changes nothing.
     */
    revise(humanJudgmentId: number, user: User, input: ReviseJudgmentBody): HistoryJudgment {
      const body = ReviseJudgmentBodySchema.parse(input);
      return db.transaction(() => {
        const x = humanJudgments.own(humanJudgmentId, user.id);
        const campaign = x && ctx.campaigns.forQueue(x.campaign_id, user.id);
        if (!x || !campaign?.member) throw notFound("judgment");
        if (campaign.status !== "open") throw conflict("this campaign is closed: its judgments can no longer be changed");
        checkVerdictRules(campaign.settings, body);
        const decided = body.verdict === "left" || body.verdict === "right";
        const next = { verdict: body.verdict, margin: decided ? body.margin : null, rationale: body.rationale };
        const before = ownJudgment(x);
        if (before.verdict === next.verdict && before.margin === next.margin && before.rationale === next.rationale) return before;
        humanJudgments.change(x.id, x, next, ctx.now().toISOString());
        const complete = retarget(x.comparison_id, campaign.settings, 0);
        if (campaign.kind === "verify-pairs") settleProposal(x.comparison_id, complete);
        checkGoldAnswer(ctx, x.campaign_id, user.id, x.comparison_id); // gold pairs hook (decision 039)
        return ownJudgment(humanJudgments.own(x.id, user.id)!);
      })();
    },

    /**
     * A skipped item becomes the annotator's current one again, with a fresh lease, if the comparison still
     * wants a judgment (fewer judged or held than it wants); their next item is then this one.
     */
    revisit: (assignmentId: number, user: User) =>
      db.transaction(() => {
        const a = assignments.ofUser(assignmentId, user.id);
        const campaign = a && ctx.campaigns.forQueue(a.campaign_id, user.id);
        if (!a || !campaign?.member) throw notFound("assignment");
        if (campaign.status !== "open") throw conflict("this campaign is closed");
        if (a.status !== "skipped") throw conflict("this item is not one you skipped");
        const now = ctx.now();
        expireLeases(now)();
        if (!comparisons.wantsTaker(a.comparison_id)) throw conflict("this item has all the judgments it needs now");
        comparisons.take(a.comparison_id);
        assignments.lease(a.id, leaseUntil(now, campaign.settings), now.toISOString());
        return a.id;
      })(),

    progress(campaignId: number, user: User) {
      const campaign = campaignFor(campaignId, user);
      return {
        judged_by_you: assignments.judgedBy(user.id, campaignId),
        remaining: comparisons.remainingFor(campaignId, user.id),
        settings: campaign.settings,
      };
    },

    /**
     * Prefetch: the item after `current`, leased now so the client can render it off-screen while the
     * annotator reads. At most one ahead per annotator: an existing active one is renewed and returned. It is
     * an ordinary assignment (so "never twice to one annotator", the judgments wanted, skip and expiry hold as for any), only
     * marked not shown yet, which keeps it behind the item on screen until that one is judged or skipped.
     */
    ahead: (campaignId: number, user: User, current: AnnotationItem): AnnotationItem | null =>
      db.transaction(() => {
        const campaign = campaignFor(campaignId, user);
        const now = ctx.now();
        const lease = leaseUntil(now, campaign.settings);
        const judged = current.judged_by_you;
        const other = assignments.held(user.id, campaignId).find((a) => a.id !== current.assignment_id);
        if (other) {
          // An expired one is settled by `next` when its turn comes (resumed or released), not prefetched.
          if (other.status !== "active") return null;
          assignments.lease(other.id, lease, null);
          return item({ ...other, lease_until: lease }, campaign.settings, judged);
        }
        return assignNew(campaignId, user, campaign.settings, now, false, judged);
      })(),
  };
}
export type AnnotationQueue = ReturnType<typeof annotationQueue>;
