import type { BattleRecord } from "../../shared/schemas/battles";
import type { Context } from "../context";
import { battleRows } from "../export/sources";
import { adaptiveWeights } from "./adaptive-weights";
import { judgeBattles, type JudgeRef } from "./judge-battles";

/** Whose verdicts become battle records: the humans (default) and/or judge identities. */
export interface BattleSources {
  /** The human judgments (default true). */
  humans?: boolean;
  /** Judge identities whose combined verdicts join as annotators of their own (docs/decisions/035). */
  judges?: readonly JudgeRef[];
}

/**
 * The human judgments of campaigns as battle records, the rows `longpref stats` reads: the same rows the
 * battle export writes (model_a is the comparison's sample a: the candidate in a vs-reference campaign).
 * Comparisons of one model with itself (verify-pairs) say nothing about models and are left out. Each
 * side's words and Markdown counts come along for the length- and style-controlled figures. Judges named in
 * `sources` add one record per comparison whose two orders they answered, after the humans'.
 */
export function battlesOfCampaigns(ctx: Context, campaignIds: number[], sources: BattleSources = {}): BattleRecord[] {
  const records: BattleRecord[] = [];
  if (sources.humans !== false) {
    const weights = adaptiveWeights(ctx, campaignIds);
    for (const r of battleRows(ctx.db, { campaignIds })) {
      if (r.model_a === r.model_b) continue;
      const weight = weights.get(r.judgment_id);
      records.push({
        ...(weight !== undefined && { weight }),
        comparison_id: r.comparison_id,
        instruction_id: r.instruction_id,
        length_bucket: r.length_bucket ?? undefined,
        category: r.category ?? undefined,
        lang: r.lang,
        model_a: r.model_a,
        model_b: r.model_b,
        annotator: r.annotator,
        winner: r.winner,
        left: r.left,
        words_a: r.words_a,
        words_b: r.words_b,
        style_a: r.style_a,
        style_b: r.style_b,
      });
    }
  }
  for (const judge of sources.judges ?? []) {
    for (const record of judgeBattles(ctx, campaignIds, judge)) records.push(record);
  }
  return records;
}
