import type { Instruction } from "../../shared/schemas/instruction";
import type { ScoredSample } from "../../shared/schemas/pairs";
import { combinedScore } from "../../shared/scoring/combined-score";
import { lengthScore } from "../../shared/scoring/length-score";
import { offlineSignalNames } from "../../shared/scoring/offline-signals";
import type { Context } from "../context";
import { visibleSample } from "../db/repos/sampling-jobs";

/** How S is formed from S_l, S_q and the offline flags (a pair run's settings). */
export interface ScoreSettings {
  lengthWeight: number;
  excludeFlags: readonly string[];
  flagPenalty: number;
}

/** What the review shows when no run gives settings: the defaults of CreatePairRunBodySchema. */
export const defaultScoreSettings: ScoreSettings = { lengthWeight: 0.5, excludeFlags: ["empty"], flagPenalty: 0 };

export interface SampleScores {
  length_score: number | null;
  quality_score: number | null;
  score: number | null;
  excluded_by: string[];
}

const knownFlags: ReadonlySet<string> = new Set(offlineSignalNames);

/**
 * S_l, S and the excluding flags of one sample. The flag penalty is not clamped at 0: S only ranks samples
 * within a group, and clamping would tie every heavily penalised sample at 0, losing their order and
 * hiding real margins behind a floor.
 */
export function scoreSample(
  sample: { requiredLength: number | null; wordCount: number | null; qualityScore: number | null; flags: readonly string[] },
  settings: ScoreSettings,
): SampleScores {
  const length_score = sample.requiredLength !== null && sample.wordCount !== null ? lengthScore(sample.requiredLength, sample.wordCount) : null;
  const excluded_by = sample.flags.filter((f) => settings.excludeFlags.includes(f));
  const penalised = sample.flags.filter((f) => knownFlags.has(f) && !settings.excludeFlags.includes(f)).length;
  const combined = combinedScore({ lengthScore: length_score, qualityScore: sample.qualityScore, weight: settings.lengthWeight });
  const score = combined === null ? null : combined - settings.flagPenalty * penalised;
  return { length_score, quality_score: sample.qualityScore, score, excluded_by };
}

export interface SetSampleScores extends SampleScores {
  sample_id: number;
  instruction_id: number;
  model_id: number;
  /** What researchers (and another database holding the same data) know the group by. */
  external_id: string;
  model_name: string;
}

interface SetRow {
  sample_id: number;
  instruction_id: number;
  model_id: number;
  external_id: string;
  model_name: string;
  required_length: number | null;
  word_count: number | null;
  flags: string;
  quality_score: number | null;
}

/**
 * Every finished sample of a set (optionally of some models) with its scores under one judge and template,
 * in set order. One query for the whole set: the judgment is found through its unique
 * (sample, judge model, template hash) index, so 400,000 samples cost one pass.
 */
export function scoreSetSamples(
  ctx: Context,
  query: { setId: number; modelIds: number[] | null; judgeModelId: number; templateHash: string },
  settings: ScoreSettings,
): SetSampleScores[] {
  const rows = ctx.db
    .prepare<{ set_id: number; models: string | null; judge_model_id: number; template_hash: string }, SetRow>(
      `SELECT s.id AS sample_id, s.instruction_id, s.model_id, i.external_id, m.name AS model_name, i.required_length,
         s.word_count, s.flags, x.quality_score
       FROM instructions i JOIN samples s ON s.instruction_id = i.id JOIN models m ON m.id = s.model_id
         LEFT JOIN judge_scores x ON x.sample_id = s.id AND x.judge_model_id = @judge_model_id
           AND x.template_hash = @template_hash AND x.status = 'done'
       WHERE i.set_id = @set_id AND s.status = 'done' AND ${visibleSample("s")}
         AND (@models IS NULL OR s.model_id IN (SELECT value FROM json_each(@models)))
       ORDER BY i.position, s.id`,
    )
    .all({ set_id: query.setId, models: query.modelIds && JSON.stringify(query.modelIds), judge_model_id: query.judgeModelId, template_hash: query.templateHash });
  const noFlags: string[] = [];
  return rows.map((row) => ({
    sample_id: row.sample_id,
    instruction_id: row.instruction_id,
    model_id: row.model_id,
    external_id: row.external_id,
    model_name: row.model_name,
    // Most samples raise no flag: skip the parse for them.
    ...scoreSample(
      { requiredLength: row.required_length, wordCount: row.word_count, qualityScore: row.quality_score, flags: row.flags === "[]" ? noFlags : (JSON.parse(row.flags) as string[]) },
      settings,
    ),
  }));
}

/**
 * Every sample of one instruction (all models, any status) with the selected judge's judgment, if any,
 * and its scores; without a judge there is no S_q and so no S.
 */
export function scoreInstructionSamples(
  ctx: Context,
  instruction: Instruction,
  judge: { judgeModelId: number; templateHash: string } | null,
  settings: ScoreSettings,
): ScoredSample[] {
  const judgments = new Map(
    (judge ? ctx.judgeScores.forInstruction(instruction.id, judge.judgeModelId, judge.templateHash) : []).map((j) => [j.sample_id, j]),
  );
  return ctx.samples.forInstruction(instruction.id).map((sample) => {
    const judgment = judgments.get(sample.id) ?? null;
    const scores = scoreSample(
      {
        requiredLength: instruction.required_length,
        wordCount: sample.status === "done" ? sample.word_count : null,
        qualityScore: sample.status === "done" && judgment?.status === "done" ? judgment.quality_score : null,
        flags: sample.flags,
      },
      settings,
    );
    return { sample, length_score: scores.length_score, judgment, score: scores.score, excluded_by: scores.excluded_by };
  });
}

/** The judge of the set's newest judge job whose judgments (same judge model and template) cover this instruction. */
export function newestJudgeOf(ctx: Context, instruction: Instruction): { judge_model_id: number; template_id: number } | undefined {
  return ctx.db
    .prepare<{ set_id: number; instruction_id: number }, { judge_model_id: number; template_id: number }>(
      `SELECT j.judge_model_id, j.template_id FROM judge_jobs j JOIN judge_templates t ON t.id = j.template_id
       WHERE j.set_id = @set_id AND EXISTS (
         SELECT 1 FROM samples s JOIN judge_scores x ON x.sample_id = s.id
         WHERE s.instruction_id = @instruction_id AND x.judge_model_id = j.judge_model_id AND x.template_hash = t.hash)
       ORDER BY j.id DESC LIMIT 1`,
    )
    .get({ set_id: instruction.set_id, instruction_id: instruction.id });
}
