import type { BattleRecord } from "../../shared/schemas/battles";
import type { Context } from "../context";

interface Row {
  comparison_id: number;
  external_id: string;
  length_range: string | null;
  category: string | null;
  lang: string;
  model_a: string;
  model_b: string;
  annotator: string;
  outcome: "win" | "tie" | "both-bad";
  winner_is_a: number;
  left_is_a: number;
}

/**
 * The human judgments of campaigns as battle records, the rows `longpref stats` reads: model_a is the
 * comparison's sample a (the candidate in a vs-reference campaign), model_b its sample b (the reference).
 * Comparisons of one model with itself (verify-pairs) say nothing about models and are left out.
 */
export function battlesOfCampaigns(ctx: Context, campaignIds: number[]): BattleRecord[] {
  const rows = ctx.db
    .prepare<{ ids: string }, Row>(
      `SELECT c.id AS comparison_id, i.external_id, i.length_range, i.category, i.lang, ma.name AS model_a, mb.name AS model_b,
         u.username AS annotator, x.outcome, x.winner_sample_id = c.sample_a_id AS winner_is_a, x.left_sample_id = c.sample_a_id AS left_is_a
       FROM annotations x JOIN comparisons c ON c.id = x.comparison_id JOIN instructions i ON i.id = c.instruction_id
         JOIN samples sa ON sa.id = c.sample_a_id JOIN models ma ON ma.id = sa.model_id
         JOIN samples sb ON sb.id = c.sample_b_id JOIN models mb ON mb.id = sb.model_id
         JOIN users u ON u.id = x.user_id
       WHERE x.campaign_id IN (SELECT value FROM json_each(@ids)) AND ma.id <> mb.id ORDER BY x.id`,
    )
    .all({ ids: JSON.stringify(campaignIds) });
  return rows.map((r) => ({
    // Campaign comparisons of one instruction and the same two samples are one comparison for clustering.
    comparison_id: String(r.comparison_id),
    instruction_id: r.external_id,
    length_bucket: r.length_range ?? undefined,
    category: r.category ?? undefined,
    lang: r.lang,
    model_a: r.model_a,
    model_b: r.model_b,
    annotator: r.annotator,
    winner: r.outcome === "tie" ? "tie" : r.outcome === "both-bad" ? "both_bad" : r.winner_is_a === 1 ? "model_a" : "model_b",
    left: r.left_is_a === 1 ? "model_a" : "model_b",
  }));
}
