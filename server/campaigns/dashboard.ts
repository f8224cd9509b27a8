import { kRange, type CampaignDashboard } from "../../shared/schemas/campaigns";
import type { Context } from "../context";
import { notFound } from "../errors/domain-error";
import { accuracyOf, campaignGold, goldAccuracies } from "./gold-accuracy";

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What the researcher watches while a campaign runs: progress, each annotator's pace and habits, the tally. */
export function campaignDashboard(ctx: Context, campaignId: number): CampaignDashboard {
  const campaign = ctx.campaigns.get(campaignId);
  if (!campaign) throw notFound("campaign");
  const now = ctx.now().toISOString();
  const inProgress = ctx.assignments.inProgress(campaignId, now);
  const rows = ctx.humanJudgments.forDashboard(campaignId);
  const skipped = new Map(ctx.assignments.skippedBy(campaignId).map((r) => [r.username, r.n]));
  const byUser = new Map<string, typeof rows>();
  for (const r of rows) byUser.set(r.username, [...(byUser.get(r.username) ?? []), r]);
  for (const name of skipped.keys()) if (!byUser.has(name)) byUser.set(name, []);

  const accuracy = goldAccuracies(ctx, campaignId);
  const standings = ctx.goldPairs.standings(campaignId);
  const tally = { a_wins: 0, ties: 0, b_wins: 0, both_bad: 0 };
  // Gold pairs and excluded annotators are left out of the tally, as of every statistic (decision 039).
  for (const r of rows.filter((x) => x.gold === 0 && standings.get(x.user_id) !== "excluded")) {
    if (r.verdict === "tie") tally.ties++;
    else if (r.verdict === "both-bad") tally.both_bad++;
    else if (r.winner_sample_id === r.sample_a_id) tally.a_wins++;
    else tally.b_wins++;
  }
  const names = (() => {
    const s = campaign.source;
    const name = (id: number | undefined) => (id === undefined ? "?" : (ctx.models.get(id)?.name ?? `model ${id}`));
    if (s.kind === "vs-reference") return { a: [s.model_id, ...(s.model_ids ?? [])].map(name).join(", "), b: name(s.reference_model_id) };
    if (s.kind === "custom") return { a: name(s.model_a_id), b: name(s.model_b_id) };
    return { a: "chosen", b: "rejected" };
  })();

  return {
    campaign,
    in_progress: inProgress,
    annotators: [...byUser.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([username, judged]) => {
        const wins = judged.filter((r) => r.verdict === "win");
        const userId = judged[0]?.user_id ?? ctx.users.findByName(username)?.id ?? 0;
        return {
          username,
          user_id: userId,
          gold: accuracy.get(userId) ?? accuracyOf([]),
          standing: standings.get(userId) ?? null,
          judgments: judged.length,
          decided: wins.length,
          skipped: skipped.get(username) ?? 0,
          median_time_ms: median(judged.map((r) => r.time_ms)),
          median_coverage: median(judged.map((r) => r.coverage)),
          tie_rate: judged.length === 0 ? null : judged.filter((r) => r.verdict === "tie").length / judged.length,
          left_rate: wins.length === 0 ? null : wins.filter((r) => r.winner_sample_id === r.left_sample_id).length / wins.length,
        };
      }),
    tally: { ...names, ...tally },
    adaptive_k: adaptiveK(ctx, campaignId, kRange(campaign.settings)),
    gold: campaignGold(ctx, campaignId, campaign.settings.gold_rate ?? 0),
  };
}

/** What adaptive k saved so far (all zero with a fixed k, where no comparison is complete before k_max). */
function adaptiveK(ctx: Context, campaignId: number, k: { k_min: number; k_max: number }) {
  const s = ctx.comparisons.savings(campaignId, k.k_min, k.k_max);
  return {
    ...k,
    decided_early: s.early,
    decided_at_k_min: s.at_k_min,
    judgments_saved: s.early * k.k_max - s.early_judgments,
  };
}

/** Every judgment of a campaign with what a researcher needs to audit or export it. */
export function campaignJudgments(ctx: Context, campaignId: number, page: number, pageSize: number) {
  if (!ctx.campaigns.get(campaignId)) throw notFound("campaign");
  const total = ctx.humanJudgments.count(campaignId);
  const items = ctx.humanJudgments.page(campaignId, pageSize, (page - 1) * pageSize);
  return { total, page, page_size: pageSize, items };
}
