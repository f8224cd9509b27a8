import { lengthScore } from "../../shared/scoring/length-score";
import type { QualityScores } from "../../shared/scoring/judge-answer";
import type { LengthReport, LengthReportQuery, ModelLengthReport } from "../../shared/schemas/report";
import { npMean } from "../../shared/stats/np-mean";
import type { Context } from "../context";
import { notFound } from "../http/errors";
import { chooseJudge, combinedScore, qualitySummary } from "./quality-report";
import { visibleSample } from "../db/repos/sampling-jobs";

interface Row {
  sample_id: number;
  model_id: number;
  model_name: string;
  is_reference: number;
  required: number | null;
  produced: number | null;
  range: string | null;
  flags: string;
  /** The report judge's judgment of this sample, if any. */
  judgment: "queued" | "running" | "done" | "failed" | null;
  scores: string | null;
  quality_score: number | null;
}

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
 * CROSS JOIN keeps SQLite starting from the set's instructions; left to itself it may start from every
 * finished sample of every set.
 */
export function lengthReport(ctx: Context, setId: number, query: Omit<LengthReportQuery, "set"> = {}): LengthReport {
  const set = ctx.sets.get(setId);
  if (!set) throw notFound("instruction set");
  const { judge, templateHash, judges } = chooseJudge(ctx, setId, query);
  const rows = ctx.db
    .prepare<{ set: number; judge_model_id: number | null; template_hash: string | null }, Row>(
      `SELECT s.id AS sample_id, s.model_id, m.name AS model_name, m.is_reference, i.required_length AS required,
         s.word_count AS produced, i.length_range AS range, s.flags, x.status AS judgment, x.scores, x.quality_score
       FROM instructions i CROSS JOIN samples s ON s.instruction_id = i.id JOIN models m ON m.id = s.model_id
         LEFT JOIN judge_scores x
           ON x.sample_id = s.id AND x.judge_model_id = @judge_model_id AND x.template_hash = @template_hash
       WHERE i.set_id = @set AND s.status = 'done' AND ${visibleSample("s")}
       ORDER BY m.is_reference DESC, m.name, s.id`,
    )
    .all({ set: setId, judge_model_id: judge?.judge_model_id ?? null, template_hash: templateHash });
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
