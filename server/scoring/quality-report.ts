import { meanQualityScore, type QualityScores } from "../../shared/scoring/judge-answer";
import type { LengthReportQuery, ReportJudge, ReportJudgeOption } from "../../shared/schemas/report";
import type { Context } from "../context";
import { invalidInput } from "../errors/domain-error";

export interface ChosenJudge {
  judge: ReportJudge | null;
  /** Judgments are stored per template hash; null when there is no judge. */
  templateHash: string | null;
  judges: ReportJudgeOption[];
}

/**
 * The judge a report shows and the picker's choices: every (judge model, template) with done judgments of
 * the set's finished samples, most recently run first. Without a choice the first is shown; `judge_model`
 * and `template` narrow the choices, and a named pair without judgments is still shown (with no S_q).
 */
export function chooseJudge(ctx: Context, setId: number, query: Omit<LengthReportQuery, "set">): ChosenJudge {
  const model = query.judge_model === undefined ? undefined : ctx.models.get(query.judge_model);
  if (query.judge_model !== undefined && !model) throw invalidInput(`judge_model: model ${query.judge_model} not found`);
  const template = query.template === undefined ? undefined : ctx.judgeTemplates.get(query.template);
  if (query.template !== undefined && !template) throw invalidInput(`template: judge template ${query.template} not found`);

  const rows = ctx.sampleScores.judgesOfSet(setId);
  const judges = rows.map(({ judge_model_id, judge_model_name, template_id, template_name, judged, judge_failed }) => ({
    judge_model_id,
    judge_model_name,
    template_id,
    template_name,
    judged,
    judge_failed,
  }));

  const match = rows.find((r) => (!model || r.judge_model_id === model.id) && (!template || r.template_id === template.id));
  if (match) return { judge: presentJudge(match), templateHash: match.template_hash, judges };
  if (!model) return { judge: null, templateHash: null, judges };
  // A judge model that has not scored this set yet: with the named template, else the builtin one.
  const fallback = template ?? ctx.judgeTemplates.list().find((t) => t.builtin);
  if (!fallback) return { judge: null, templateHash: null, judges };
  return {
    judge: presentJudge({
      judge_model_id: model.id,
      judge_model_name: model.name,
      template_id: fallback.id,
      template_name: fallback.name,
    }),
    templateHash: fallback.hash,
    judges,
  };
}

const presentJudge = (r: ReportJudge): ReportJudge => ({
  judge_model_id: r.judge_model_id,
  judge_model_name: r.judge_model_name,
  template_id: r.template_id,
  template_name: r.template_name,
});

/** S_q and its six dimension scores over judged samples, as LongBench-Write aggregates them. */
export function qualitySummary(items: readonly QualityScores[]) {
  const quality = meanQualityScore(items);
  return {
    judged: items.length,
    quality_score: quality?.total ?? null,
    dimension_scores: quality?.dimensions ?? null,
  };
}

/** LongBench-Write's S: the plain mean of S_l and S_q, when both exist. */
export const combinedScore = (lengthScore: number | null, qualityScore: number | null) =>
  lengthScore === null || qualityScore === null ? null : (lengthScore + qualityScore) / 2;
