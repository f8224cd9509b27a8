import type { CampaignDashboard, HumanJudgment } from "../../shared/schemas/campaigns";
import type { Context } from "../context";
import { notFound } from "../http/errors";

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
  const inProgress = ctx.db
    .prepare<[number, string], { n: number }>("SELECT COUNT(*) AS n FROM assignments WHERE campaign_id = ? AND status = 'active' AND lease_until >= ?")
    .get(campaignId, now)!.n;
  const rows = ctx.db
    .prepare<[number], { username: string; verdict: string; winner_sample_id: number | null; left_sample_id: number; sample_a_id: number; time_ms: number; coverage: number }>(
      `SELECT u.username, x.verdict, x.winner_sample_id, x.left_sample_id, c.sample_a_id, x.time_ms, MIN(x.coverage_left, x.coverage_right) AS coverage
       FROM human_judgments x JOIN users u ON u.id = x.user_id JOIN comparisons c ON c.id = x.comparison_id WHERE x.campaign_id = ?`,
    )
    .all(campaignId);
  const skipped = new Map(
    ctx.db
      .prepare<[number], { username: string; n: number }>(
        "SELECT u.username, COUNT(*) AS n FROM assignments a JOIN users u ON u.id = a.user_id WHERE a.campaign_id = ? AND a.status = 'skipped' GROUP BY u.username",
      )
      .all(campaignId)
      .map((r) => [r.username, r.n]),
  );
  const byUser = new Map<string, typeof rows>();
  for (const r of rows) byUser.set(r.username, [...(byUser.get(r.username) ?? []), r]);
  for (const name of skipped.keys()) if (!byUser.has(name)) byUser.set(name, []);

  const tally = { a_wins: 0, ties: 0, b_wins: 0, both_bad: 0 };
  for (const r of rows) {
    if (r.verdict === "tie") tally.ties++;
    else if (r.verdict === "both-bad") tally.both_bad++;
    else if (r.winner_sample_id === r.sample_a_id) tally.a_wins++;
    else tally.b_wins++;
  }
  const names = (() => {
    const s = campaign.source;
    const name = (id: number | undefined) => (id === undefined ? "?" : (ctx.models.get(id)?.name ?? `model ${id}`));
    if (s.kind === "vs-reference") return { a: name(s.model_id), b: name(s.reference_model_id) };
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
        return {
          username,
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
  };
}

/** Every judgment of a campaign with what a researcher needs to audit or export it. */
export function campaignJudgments(ctx: Context, campaignId: number, page: number, pageSize: number) {
  if (!ctx.campaigns.get(campaignId)) throw notFound("campaign");
  const total = ctx.db.prepare<[number], { n: number }>("SELECT COUNT(*) AS n FROM human_judgments WHERE campaign_id = ?").get(campaignId)!.n;
  const items = ctx.db
    .prepare<[number, number, number], HumanJudgment>(
      `SELECT x.id, x.comparison_id, c.instruction_id, i.external_id, u.username AS annotator, c.sample_a_id, x.left_sample_id, x.right_sample_id,
         lm.name AS left_model, rm.name AS right_model, x.winner_sample_id, x.verdict AS outcome, x.margin, x.rationale, x.time_ms,
         x.coverage_left, x.coverage_right, x.created_at
       FROM human_judgments x JOIN comparisons c ON c.id = x.comparison_id JOIN instructions i ON i.id = c.instruction_id
         JOIN users u ON u.id = x.user_id JOIN samples ls ON ls.id = x.left_sample_id JOIN models lm ON lm.id = ls.model_id
         JOIN samples rs ON rs.id = x.right_sample_id JOIN models rm ON rm.id = rs.model_id
       WHERE x.campaign_id = ? ORDER BY x.id LIMIT ? OFFSET ?`,
    )
    .all(campaignId, pageSize, (page - 1) * pageSize);
  return { total, page, page_size: pageSize, items };
}
