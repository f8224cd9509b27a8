import { combinedScore } from "../../shared/scoring/combined-score";
import { lengthScore } from "../../shared/scoring/length-score";
import type { AutoVsHuman } from "../../shared/schemas/analytics";
import type { ReportJudge } from "../../shared/schemas/report";
import type { Context } from "../context";
import { notFound } from "../errors/domain-error";
import { chooseJudge } from "../scoring/quality-report";

const weights = Array.from({ length: 21 }, (_, i) => i / 20);

/**
 * Human verdicts against the automatic scores: for verify-pairs, how often the proposed chosen sample won;
 * for any campaign, which length weight w makes S agree best with the humans' winners — a suggestion for the
 * next pair run, measured on decided judgments only.
 */
export function autoVsHuman(ctx: Context, campaignId: number, query: { judge_model?: number; template?: number }): AutoVsHuman {
  const campaign = ctx.campaigns.get(campaignId);
  if (!campaign) throw notFound("campaign");
  let judge: ReportJudge | null;
  let templateHash: string | null;
  const run = campaign.source.kind === "verify-pairs" ? ctx.pairRuns.get(campaign.source.pair_run_id) : undefined;
  if (run) {
    judge = {
      judge_model_id: run.judge_model_id,
      judge_model_name: run.judge_model_name,
      template_id: run.template_id,
      template_name: run.template_name,
    };
    templateHash = run.template_hash;
  } else {
    ({ judge, templateHash } = chooseJudge(ctx, campaign.set_id, query));
  }
  const rows = judge ? ctx.humanJudgments.decidedWithJudgeScores(campaignId, judge.judge_model_id, templateHash) : [];

  let proposals: AutoVsHuman["proposals"] = null;
  if (campaign.kind === "verify-pairs") {
    const overall = { n: 0, agree: 0, rate: null as number | null };
    const byRange: Record<string, typeof overall> = {};
    for (const r of rows) {
      const range = (byRange[r.length_range ?? "none"] ??= { n: 0, agree: 0, rate: null });
      for (const bucket of [overall, range]) {
        bucket.n++;
        if (r.winner_sample_id === r.sample_a_id) bucket.agree++;
      }
    }
    for (const bucket of [overall, ...Object.values(byRange)]) bucket.rate = bucket.n === 0 ? null : bucket.agree / bucket.n;
    proposals = { overall, by_range: byRange };
  }

  const scored = rows.filter((r) => r.winner_q !== null && r.loser_q !== null);
  const length = (words: number | null, required: number | null) =>
    required !== null && words !== null ? lengthScore(required, words) : null;
  const curve = weights.map((weight) => {
    let agreement = 0;
    for (const r of scored) {
      const sw = combinedScore({ lengthScore: length(r.winner_words, r.required_length), qualityScore: r.winner_q, weight })!;
      const sl = combinedScore({ lengthScore: length(r.loser_words, r.required_length), qualityScore: r.loser_q, weight })!;
      agreement += sw > sl ? 1 : sw === sl ? 0.5 : 0;
    }
    return { weight, agreement: scored.length === 0 ? 0 : agreement / scored.length };
  });
  const best =
    scored.length === 0
      ? null
      : curve.reduce((a, b) =>
          b.agreement > a.agreement || (b.agreement === a.agreement && Math.abs(b.weight - 0.5) < Math.abs(a.weight - 0.5)) ? b : a,
        );
  return { campaign_id: campaignId, judge, decided: scored.length, proposals, weights: curve, best_weight: best?.weight ?? null };
}
