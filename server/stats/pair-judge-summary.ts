import { PairJudgeSourceSchema, type PairJudgeSummary } from "../../shared/schemas/pair-judging";
import { indexBattles } from "../../shared/stats/battle-index";
import { combinedSide, humanMajority, judgeFigures, sideAgreement, type JudgedPair, type Side } from "../../shared/stats/judge-calibration";
import { winRatesVsReference } from "../../shared/stats/win-rates";
import type { PairVerdict } from "../../shared/scoring/pair-verdict";
import type { Context } from "../context";
import { notFound } from "../errors/domain-error";
import { judgeBattles, judgeRefOf } from "./judge-battles";
import { humanSidesByComparison, judgeVerdicts, wordsCache } from "./judge-rows";

// The fixed summary of a pair judge job (`longpref judge-pairs --json`, GET /api/pair-judge-jobs/:id/summary).
// Its win rate against the reference uses the seed and rounds the win-rates page defaults to, so the two agree.
const bootstrap = { seed: 7, rounds: 1000 };

export function pairJudgeSummary(ctx: Context, jobId: number): PairJudgeSummary {
  const repo = judgeVerdicts(ctx);
  const job = repo.job(jobId);
  if (!job) throw notFound(`pair judge job ${jobId}`);
  const rows = repo.jobPairs(job);
  const wordsOf = wordsCache(ctx);
  const judged: (JudgedPair & { comparisonId: number | null })[] = [];
  let failed = 0;
  for (const r of rows) {
    if (r.a_status === "failed" || r.b_status === "failed") failed++;
    if (r.a_status !== "done" || r.b_status !== "done") continue;
    judged.push({
      aFirst: r.a_verdict as PairVerdict,
      bFirst: r.b_verdict as PairVerdict,
      wordsA: wordsOf(r.sample_a_id),
      wordsB: wordsOf(r.sample_b_id),
      comparisonId: r.comparison_id,
    });
  }
  const figures = judgeFigures(judged);
  const humans = humanSidesByComparison(repo.jobHumanVerdicts(jobId));
  const vsMajority: { rater: Side; truth: Side }[] = [];
  for (const p of judged) {
    if (p.comparisonId === null) continue;
    const majority = humanMajority(humans.get(p.comparisonId) ?? []);
    if (majority !== null) vsMajority.push({ rater: combinedSide(p.aFirst, p.bFirst).side, truth: majority });
  }
  return {
    job_id: job.id,
    comparisons: rows.length,
    judged: judged.length,
    failed,
    flip_rate: figures.flip_rate,
    left_rate: figures.left_rate,
    longer_rate: figures.longer_rate,
    win_rate_vs_reference: winRateVsReference(ctx, job),
    human_agreement: sideAgreement(vsMajority),
  };
}

/** For a job over a vs-reference campaign: the candidate's win rate under the judge's combined verdicts. */
function winRateVsReference(ctx: Context, job: NonNullable<ReturnType<ReturnType<typeof judgeVerdicts>["job"]>>) {
  const source = PairJudgeSourceSchema.safeParse(JSON.parse(job.source));
  if (!source.success || source.data.kind !== "campaign" || job.campaign_id === null) return null;
  const campaign = ctx.campaigns.get(job.campaign_id);
  if (campaign?.source.kind !== "vs-reference" || campaign.source.reference_model_id === undefined) return null;
  const candidate = ctx.models.get(campaign.source.model_id)?.name;
  const reference = ctx.models.get(campaign.source.reference_model_id)?.name;
  if (candidate === undefined || reference === undefined) return null;
  const identity = judgeVerdicts(ctx).identity(job.judge_model_id, job.template_id);
  const records = identity ? judgeBattles(ctx, [job.campaign_id], judgeRefOf(identity), { features: false }) : [];
  const figure = records.length > 0 ? winRatesVsReference(indexBattles(records), reference, bootstrap)[candidate] : undefined;
  return { [candidate]: { win_rate: figure?.all.win_rate ?? null, ci: figure?.bootstrap_ci95_over_comparisons ?? null } };
}
