import type { BattleRecord } from "../../shared/schemas/battles";
import { combinedSide } from "../../shared/stats/judge-calibration";
import type { PairVerdict } from "../../shared/scoring/pair-verdict";
import type { Context } from "../context";
import { exportRowsRepo } from "../db/repos/export-rows";
import type { JudgeIdentityRow } from "../db/repos/judge-verdicts";
import { invalidInput } from "../errors/domain-error";
import { sampleFeatureCache } from "../export/sample-features";
import { identityOf } from "./judge-identity";
import { judgeVerdicts } from "./judge-rows";

// A judge identity's combined verdicts on campaign comparisons as battle records (docs/decisions/035):
// annotator = the identity, so every statistic over battle records takes the judge as one more annotator.

/** A judge model with one pairwise template, and the annotator name its verdicts carry. */
export interface JudgeRef extends JudgeIdentityRow {
  identity: string;
}

export const judgeRefOf = (row: JudgeIdentityRow): JudgeRef => ({
  ...row,
  identity: identityOf(row.judge_model_name, { name: row.template_name, builtin: row.builtin === 1 }),
});

/** Every judge identity that has a pair judge job. */
export const judgeRefs = (ctx: Pick<Context, "db">): JudgeRef[] => judgeVerdicts(ctx).allIdentities().map(judgeRefOf);

/** The judges of these identity names; an unknown name is refused (400) naming it under `field`. */
export function resolveJudges(ctx: Pick<Context, "db">, names: readonly string[], field: string): JudgeRef[] {
  const known = new Map(judgeRefs(ctx).map((j) => [j.identity, j]));
  return [...new Set(names)].map((name) => {
    const judge = known.get(name);
    if (!judge) throw invalidInput(`${field}: no judge "${name}" (identities look like "judge:MODEL" or "judge:MODEL [TEMPLATE]")`);
    return judge;
  });
}

/** A judge's battle record with the margin its stated strength carries and its campaign. */
export interface JudgeBattle extends BattleRecord {
  campaign_id: number;
  /** "much" when the mean strength of its two orders is 1.5 or more; null for a tie. */
  margin: "slightly" | "much" | null;
}

/**
 * The judge's combined verdict on every comparison of the campaigns whose two orders it answered (any of its
 * jobs: answers are cached per pair). A combined verdict has no shown side, so `left` alternates by comparison
 * id parity (even: model_a): position-bias figures over judges then read about one half, not a made-up bias.
 * Comparisons of one model with itself are left out, as for the humans.
 */
export function judgeBattles(
  ctx: Pick<Context, "db">,
  campaignIds: readonly number[],
  judge: JudgeRef,
  options: { features?: boolean } = {},
): JudgeBattle[] {
  const rows = judgeVerdicts(ctx).judgedComparisons(campaignIds, judge.judge_model_id, judge.template_hash);
  // Words and Markdown counts read every output's text: skipped when only win rates are wanted (features: false).
  const featuresOf = options.features === false ? () => undefined : sampleFeatureCache(exportRowsRepo(ctx.db).sampleOutput());
  const records: JudgeBattle[] = [];
  for (const r of rows) {
    if (r.model_a === r.model_b) continue;
    const { side, strength } = combinedSide(r.a_verdict as PairVerdict, r.b_verdict as PairVerdict);
    const a = featuresOf(r.sample_a_id);
    const b = featuresOf(r.sample_b_id);
    records.push({
      comparison_id: String(r.comparison_id),
      instruction_id: r.external_id,
      length_bucket: r.length_range ?? undefined,
      category: r.category ?? undefined,
      lang: r.lang,
      model_a: r.model_a,
      model_b: r.model_b,
      annotator: judge.identity,
      winner: side === "a" ? "model_a" : side === "b" ? "model_b" : "tie",
      left: r.comparison_id % 2 === 0 ? "model_a" : "model_b",
      words_a: a?.words,
      words_b: b?.words,
      style_a: a?.style,
      style_b: b?.style,
      campaign_id: r.campaign_id,
      margin: side === "tie" ? null : Math.abs(strength) >= 1.5 ? "much" : "slightly",
    });
  }
  return records;
}
