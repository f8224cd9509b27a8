import { lengthScore } from "../../shared/scoring/length-score";
import type { LengthReport, ModelLengthReport } from "../../shared/schemas/report";
import { npMean } from "../../shared/stats/np-mean";
import type { Context } from "../context";
import { notFound } from "../http/errors";

interface Row {
  sample_id: number;
  model_id: number;
  model_name: string;
  is_reference: number;
  required: number;
  produced: number;
  range: string | null;
  flags: string;
}

const pointsLimit = 20_000;

/**
 * S_l per model over a set's finished samples, overall and per length range, as LongBench-Write reports
 * it (np.mean over the samples); instructions without a length requirement have no S_l and are left out.
 */
export function lengthReport(ctx: Context, setId: number): LengthReport {
  const set = ctx.sets.get(setId);
  if (!set) throw notFound("instruction set");
  const rows = ctx.db
    .prepare(
      `SELECT s.id AS sample_id, s.model_id, m.name AS model_name, m.is_reference, i.required_length AS required,
         s.word_count AS produced, i.length_range AS range, s.flags
       FROM samples s JOIN instructions i ON i.id = s.instruction_id JOIN models m ON m.id = s.model_id
       WHERE i.set_id = ? AND s.status = 'done' AND i.required_length IS NOT NULL AND s.word_count IS NOT NULL
       ORDER BY m.is_reference DESC, m.name, s.id`,
    )
    .all(setId) as Row[];
  const ranges = set.length_ranges.map((r) => r.label);
  const byModel = new Map<number, Row[]>();
  for (const row of rows) {
    const group = byModel.get(row.model_id);
    if (group) group.push(row);
    else byModel.set(row.model_id, [row]);
  }
  const models: ModelLengthReport[] = [...byModel.values()].map((modelRows) => {
    const first = modelRows[0]!;
    const scores = modelRows.map((r) => lengthScore(r.required, r.produced));
    const by_range: ModelLengthReport["by_range"] = {};
    for (const range of ranges) {
      const inRange = scores.filter((_, i) => modelRows[i]!.range === range);
      by_range[range] = { samples: inRange.length, length_score: inRange.length > 0 ? npMean(inRange) : null };
    }
    const flags: Record<string, number> = {};
    for (const r of modelRows) for (const f of JSON.parse(r.flags) as string[]) flags[f] = (flags[f] ?? 0) + 1;
    return {
      model_id: first.model_id,
      model_name: first.model_name,
      is_reference: first.is_reference === 1,
      samples: modelRows.length,
      length_score: npMean(scores),
      by_range,
      flags,
    };
  });
  return {
    set,
    ranges,
    models,
    // Every k-th row, so a large report keeps every model in the plot rather than the first ones only.
    points: rows
      .filter((_, i) => i % Math.ceil(rows.length / pointsLimit) === 0)
      .map(({ model_id, sample_id, required, produced }) => ({ model_id, sample_id, required, produced })),
    points_limit: pointsLimit,
    points_total: rows.length,
  };
}
