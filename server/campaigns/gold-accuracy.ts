import type { GoldAccuracy, Standing, StandingBody } from "../../shared/schemas/gold";
import type { Context } from "../context";
import type { GoldJudgmentRow } from "../db/repos/gold-pairs";
import { conflict, invalidInput, notFound } from "../errors/domain-error";

// Annotator quality from gold pairs (docs/decisions/039-gold-pairs.md).

/**
 * The automatic flag: at least `minGold` gold answers and the Wilson 95% interval's upper bound below
 * `flagBelow` (at 4 answers: 1 right or fewer; 6: 2; 10: 5). Checked after every gold answer, a careful
 * annotator (95% right) is ever flagged with probability 0.0014; one answering any verdict at random (25%
 * right) is flagged by their 10th gold answer (their 20th item at rate 0.3) with probability 0.99, one
 * tossing a coin between left and right with 0.72 (exact figures in docs/decisions/039-gold-pairs.md).
 */
export const goldRule = { minGold: 4, flagBelow: 0.8 } as const;

/** Wilson score interval at 95% for k successes of n; null bounds for n = 0. */
export function wilson(k: number, n: number, z = 1.959964): { low: number | null; high: number | null } {
  if (n === 0) return { low: null, high: null };
  const p = k / n;
  const z2 = z * z;
  const d = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / d;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Right only when the sound side won: a tie or "both bad" on a gold pair is wrong (one side is known worse). */
export const rightAnswer = (r: GoldJudgmentRow) => r.verdict === "win" && r.winner_sample_id === r.right_sample_id;

export function accuracyOf(rows: readonly GoldJudgmentRow[]): GoldAccuracy {
  const correct = rows.filter(rightAnswer).length;
  const ci = wilson(correct, rows.length);
  return { judgments: rows.length, correct, accuracy: rows.length === 0 ? null : correct / rows.length, ci_low: ci.low, ci_high: ci.high };
}

export const breaksRule = (a: GoldAccuracy) => a.judgments >= goldRule.minGold && a.ci_high !== null && a.ci_high < goldRule.flagBelow;

/** Each annotator's gold accuracy in the campaign, by user id. */
export function goldAccuracies(ctx: Context, campaignId: number): Map<number, GoldAccuracy> {
  const byUser = new Map<number, GoldJudgmentRow[]>();
  for (const r of ctx.goldPairs.judgments(campaignId)) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]);
  return new Map([...byUser].map(([user, rows]) => [user, accuracyOf(rows)]));
}

/**
 * After a judgment of a gold comparison (the queue's hook; call inside its transaction): flags the annotator
 * when their accuracy breaks the rule, unless they already have a standing or a researcher cleared them in this
 * campaign (a person's decision outranks the rule). Logged with the figures, by nobody. `gold`: whether the
 * comparison is a gold pair, when the caller read it already.
 */
export function checkGoldAnswer(
  ctx: Context,
  campaignId: number,
  userId: number,
  comparisonId: number,
  gold = ctx.goldPairs.isGold(comparisonId),
) {
  if (!gold) return;
  if (ctx.goldPairs.standings(campaignId).has(userId) || ctx.goldPairs.clearedByPerson(campaignId, userId)) return;
  const a = accuracyOf(ctx.goldPairs.judgments(campaignId).filter((r) => r.user_id === userId));
  if (!breaksRule(a)) return;
  const reason = `gold accuracy ${a.correct}/${a.judgments}, 95% interval upper bound ${a.ci_high!.toFixed(3)} < ${goldRule.flagBelow}`;
  ctx.goldPairs.setStanding(campaignId, userId, "flagged", null, reason, ctx.now());
}

/** A researcher flags, excludes or clears an annotator in a campaign; logged with who and why. */
export function changeStanding(ctx: Context, campaignId: number, userId: number, body: StandingBody, by: number): Standing {
  if (!ctx.campaigns.get(campaignId)) throw notFound("campaign");
  if (!ctx.users.get(userId)) throw invalidInput(`user_id: user ${userId} not found`);
  return ctx.db.transaction(() => {
    const now = ctx.goldPairs.standings(campaignId).get(userId) ?? null;
    const next = body.action === "clear" ? null : body.action === "flag" ? "flagged" : "excluded";
    if (now === next) throw conflict(`action: the annotator is ${now ?? "in good standing"} already`);
    ctx.goldPairs.setStanding(campaignId, userId, next, by, body.reason, ctx.now());
    return next;
  })();
}

/** The dashboard's gold figures: counted apart from the campaign's progress. */
export function campaignGold(ctx: Context, campaignId: number, rate: number) {
  const counts = ctx.goldPairs.counts(campaignId);
  const kinds = Object.fromEntries(ctx.goldPairs.kinds(campaignId).map((k) => [k.kind, k.n]));
  return { rate, ...counts, kinds, min_judgments: goldRule.minGold, flag_below: goldRule.flagBelow };
}
