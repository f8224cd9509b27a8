import type { Instruction } from "../../shared/schemas/instruction";
import type { ScoredSample } from "../../shared/schemas/pairs";
import { combinedScore } from "../../shared/scoring/combined-score";
import { lengthScore } from "../../shared/scoring/length-score";
import { offlineSignalNames } from "../../shared/scoring/offline-signals";
import type { Context } from "../context";

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
  const length_score =
    sample.requiredLength !== null && sample.wordCount !== null ? lengthScore(sample.requiredLength, sample.wordCount) : null;
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
  const rows = ctx.sampleScores.setSamples(query);
  const noFlags: string[] = [];
  return rows.map((row) => ({
    sample_id: row.sample_id,
    instruction_id: row.instruction_id,
    model_id: row.model_id,
    external_id: row.external_id,
    model_name: row.model_name,
    // Most samples raise no flag: skip the parse for them.
    ...scoreSample(
      {
        requiredLength: row.required_length,
        wordCount: row.word_count,
        qualityScore: row.quality_score,
        flags: row.flags === "[]" ? noFlags : (JSON.parse(row.flags) as string[]),
      },
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
  return ctx.sampleScores.newestJudgeOf(instruction.set_id, instruction.id);
}
