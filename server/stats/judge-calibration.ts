import type { JudgeCalibration, JudgeIdentity } from "../../shared/schemas/pair-judging";
import type { PageWindow } from "../../shared/schemas/page";
import {
  byStrength,
  calibrationVerdict,
  combinedSide,
  humanLongerRate,
  humanMajority,
  humansWithEachOther,
  judgeFigures,
  sideAgreement,
  type Side,
} from "../../shared/stats/judge-calibration";
import type { PairVerdict } from "../../shared/scoring/pair-verdict";
import type { Context } from "../context";
import { invalidInput, notFound } from "../errors/domain-error";
import { judgeRefOf, type JudgeRef } from "./judge-battles";
import { humanSide, judgeVerdicts, wordsCache } from "./judge-rows";

// A judge model with one pairwise template against the people, on the comparisons both judged
// (docs/decisions/035-judge-beside-the-humans.md; the figures' definitions are in shared/stats/judge-calibration.ts).

const identityOfRef = (ctx: Context, judge: JudgeRef): JudgeIdentity => {
  const repo = judgeVerdicts(ctx);
  return {
    identity: judge.identity,
    judge_model_id: judge.judge_model_id,
    judge_model_name: judge.judge_model_name,
    template_id: judge.template_id,
    template_name: judge.template_name,
    jobs: judge.jobs,
    pairs_judged: repo.pairsJudged(judge.judge_model_id, judge.template_id, judge.template_hash),
    campaign_ids: repo.campaignsJudged(judge),
  };
};

/** A page of the judge identities: every judge model with each pairwise template some pair judge job used. */
export function judgeIdentitiesPage(ctx: Context, window: PageWindow): { total: number; items: JudgeIdentity[] } {
  const slice = judgeVerdicts(ctx).identitiesPage(window);
  return { total: slice.total, items: slice.items.map((row) => identityOfRef(ctx, judgeRefOf(row))) };
}

/** The judge of a model and template (default the builtin pairwise one); 404 when it never judged pairs. */
export function findJudge(ctx: Context, judgeModelId: number, templateId?: number): JudgeRef {
  const model = ctx.models.get(judgeModelId);
  if (!model) throw notFound(`judge model ${judgeModelId}`);
  const repo = judgeVerdicts(ctx);
  if (templateId === undefined) {
    // Read, never stored here: a GET does not create the builtin template (a judge with none has no job with it).
    const row = repo.allIdentities().find((r) => r.judge_model_id === model.id && r.builtin === 1);
    if (!row) throw notFound(`a pair judge job of "${model.name}" with the builtin pairwise template`);
    return judgeRefOf(row);
  }
  const template = ctx.judgeTemplates.get(templateId);
  if (!template) throw notFound(`judge template ${templateId}`);
  if (template.kind !== "pairwise") throw invalidInput(`template_id: template "${template.name}" is not a pairwise template`);
  const row = repo.identity(model.id, template.id);
  if (!row) throw notFound(`a pair judge job of "${model.name}" with template "${template.name}"`);
  return judgeRefOf(row);
}

/** Calibration of the judge over the campaigns (default: the campaigns of its jobs and any with a comparison it answered both ways). */
export function judgeCalibration(ctx: Context, judge: JudgeRef, campaignIds?: readonly number[]): JudgeCalibration {
  const repo = judgeVerdicts(ctx);
  for (const id of campaignIds ?? []) if (!ctx.campaigns.get(id)) throw invalidInput(`campaigns: campaign ${id} not found`);
  const campaigns = campaignIds ? [...new Set(campaignIds)] : repo.campaignsJudged(judge);
  const rows = campaigns.length > 0 ? repo.judgedComparisons(campaigns, judge.judge_model_id, judge.template_hash) : [];
  const humanRows = campaigns.length > 0 ? repo.campaignHumanVerdicts(campaigns) : [];
  const wordsOf = wordsCache(ctx);
  const judged = new Set(rows.map((r) => r.comparison_id));
  // The humans on the comparisons the judge judged, with each side's words.
  const votes = new Map<number, Side[]>();
  const humanChoices: { side: Side; wordsA: number | null; wordsB: number | null }[] = [];
  for (const h of humanRows) {
    if (!judged.has(h.comparison_id)) continue;
    const side = humanSide(h);
    let own = votes.get(h.comparison_id);
    if (!own) votes.set(h.comparison_id, (own = []));
    own.push(side);
    humanChoices.push({ side, wordsA: wordsOf(h.sample_a_id), wordsB: wordsOf(h.sample_b_id) });
  }
  const pairs = rows.map((r) => ({
    aFirst: r.a_verdict as PairVerdict,
    bFirst: r.b_verdict as PairVerdict,
    wordsA: wordsOf(r.sample_a_id),
    wordsB: wordsOf(r.sample_b_id),
    comparisonId: r.comparison_id,
  }));
  const figures = judgeFigures(pairs);
  const vsMajority: { rater: Side; truth: Side; strength: number }[] = [];
  for (const p of pairs) {
    const majority = humanMajority(votes.get(p.comparisonId) ?? []);
    if (majority === null) continue;
    const { side, strength } = combinedSide(p.aFirst, p.bFirst);
    vsMajority.push({ rater: side, truth: majority, strength });
  }
  const humanLonger = humanLongerRate(humanChoices);
  const humanAgreement = sideAgreement(vsMajority);
  const humans = humansWithEachOther([...votes.values()]);
  return {
    identity: judge.identity,
    judge_model_id: judge.judge_model_id,
    judge_model_name: judge.judge_model_name,
    template_id: judge.template_id,
    template_name: judge.template_name,
    campaign_ids: campaigns,
    pairs_judged: figures.judged,
    flip_rate: figures.flip_rate,
    left_rate: figures.left_rate,
    longer_rate: {
      judge: figures.longer_rate,
      judge_pairs: figures.longer_pairs,
      humans: humanLonger.rate,
      human_judgments: humanLonger.judgments,
    },
    human_agreement: humanAgreement,
    humans_with_each_other: humans,
    by_strength: byStrength(vsMajority.map((r) => ({ strength: r.strength, judge: r.rater, majority: r.truth }))),
    verdict: calibrationVerdict(humanAgreement, humans),
  };
}
