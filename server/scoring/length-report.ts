import { lengthScore } from "../../shared/scoring/length-score";
import type { QualityScores } from "../../shared/scoring/judge-answer";
import type { LengthReport, LengthReportQuery, ModelLengthReport } from "../../shared/schemas/report";
import { npMean } from "../../shared/stats/np-mean";
import type { Context } from "../context";
import { notFound } from "../errors/domain-error";
import { failedJudgeJob } from "../judging/jobs";
import { chooseJudge, combinedScore, qualitySummary } from "./quality-report";
import type { LengthReportRow } from "../db/repos/sample-scores";

type Row = LengthReportRow;

interface LengthRow extends Row {
  required: number;
  produced: number;
}

const pointsLimit = 20_000;

const hasLength = (r: Row): r is LengthRow => r.required !== null && r.produced !== null;

/** Every k-th item, so a large report keeps every model in a plot rather than the first ones only. */
const thin = <T>(items: T[]) => items.filter((_, i) => i % Math.ceil(items.length / pointsLimit) === 0);

/**
 * LongBench-Write's table per model over a set's finished samples, overall and per length range: S_l as it
 * reports it (np.mean over the samples; instructions without a length requirement have none), S_q from
 * one judge's done judgments (failed ones are counted, never scored) and S = (S_l + S_q) / 2.
 * Two queries whatever the set's size: the judges of the set, then every finished sample with its judgment.
 */
export function lengthReport(ctx: Context, setId: number, query: Omit<LengthReportQuery, "set"> = {}): LengthReport {
  const set = ctx.sets.get(setId);
  if (!set) throw notFound("instruction set");
  const { judge, templateHash, judges } = chooseJudge(ctx, setId, query);
  const rows = ctx.sampleScores.forLengthReport(setId, judge?.judge_model_id ?? null, templateHash);
  const ranges = set.length_ranges.map((r) => r.label);
  const byModel = new Map<number, Row[]>();
  for (const row of rows) {
    const group = byModel.get(row.model_id);
    if (group) group.push(row);
    else byModel.set(row.model_id, [row]);
  }
  const models = [...byModel.values()].map((modelRows) => modelReport(modelRows, ranges));
  const lengthRows = rows.filter(hasLength);
  const judgedRows = rows.filter((r) => r.judgment === "done" && r.quality_score !== null);
  return {
    set,
    ranges,
    models,
    points: thin(lengthRows).map(({ model_id, sample_id, required, produced }) => ({ model_id, sample_id, required, produced })),
    points_limit: pointsLimit,
    points_total: lengthRows.length,
    judge,
    judges,
    quality_points: thin(judgedRows).map(({ model_id, sample_id, quality_score }) => ({
      model_id,
      sample_id,
      quality_score: quality_score!,
    })),
    quality_points_total: judgedRows.length,
    failed_judge_job: failedJudgeJob(ctx, setId),
  };
}

function modelReport(modelRows: Row[], ranges: string[]): ModelLengthReport {
  const first = modelRows[0]!;
  const lengthRows = modelRows.filter(hasLength);
  const lengthScores = lengthRows.map((r) => lengthScore(r.required, r.produced));
  const judged = modelRows.flatMap((r) =>
    r.judgment === "done" && r.scores !== null ? [{ range: r.range, scores: JSON.parse(r.scores) as QualityScores }] : [],
  );
  const quality = qualitySummary(judged.map((j) => j.scores));
  const length_score = lengthScores.length > 0 ? npMean(lengthScores) : null;

  const by_range: ModelLengthReport["by_range"] = {};
  for (const range of ranges) {
    const inRange = lengthScores.filter((_, i) => lengthRows[i]!.range === range);
    const rangeLength = inRange.length > 0 ? npMean(inRange) : null;
    const rangeQuality = qualitySummary(judged.filter((j) => j.range === range).map((j) => j.scores));
    by_range[range] = {
      samples: inRange.length,
      length_score: rangeLength,
      judged: rangeQuality.judged,
      quality_score: rangeQuality.quality_score,
      score: combinedScore(rangeLength, rangeQuality.quality_score),
    };
  }
  // Flags stay counted over the length-scored samples, the ones the Samples column counts.
  const flags: Record<string, number> = {};
  for (const r of lengthRows) for (const f of JSON.parse(r.flags) as string[]) flags[f] = (flags[f] ?? 0) + 1;
  return {
    model_id: first.model_id,
    model_name: first.model_name,
    is_reference: first.is_reference === 1,
    samples: lengthRows.length,
    length_score,
    by_range,
    flags,
    judged: quality.judged,
    judge_failed: modelRows.filter((r) => r.judgment === "failed").length,
    quality_score: quality.quality_score,
    dimension_scores: quality.dimension_scores,
    score: combinedScore(length_score, quality.quality_score),
  };
}
