import { randomInt } from "node:crypto";
import { CreatePairRunBodySchema, type CreatePairRunBody } from "../../shared/schemas/pairs";
import { proposePairs, type PairGroup } from "../../shared/scoring/pair-proposals";
import type { Context } from "../context";
import type { NewProposal } from "../db/repos/pair-runs";
import { invalidInput } from "../errors/domain-error";
import { resolveJudge } from "../judging/jobs";
import { scoreSetSamples, type SetSampleScores } from "./scored-samples";

/**
 * Scores the set's finished samples under the body's settings, proposes pairs within each
 * (instruction, model) group and stores the run with its proposals in one transaction. Returns the run id.
 */
export function createPairRun(ctx: Context, input: CreatePairRunBody, createdBy: number | null): number {
  const body = CreatePairRunBodySchema.parse(input);
  const set = ctx.sets.get(body.set_id);
  if (!set) throw invalidInput(`set_id: instruction set ${body.set_id} not found`);
  const { judge, template } = resolveJudge(ctx, body.judge_model_id, body.template_id);
  for (const id of body.model_ids ?? []) if (!ctx.models.get(id)) throw invalidInput(`model_ids: model ${id} not found`);
  // Any uint32 is a valid seed; a random one is stored so the run can still be replayed.
  const seed = body.seed ?? randomInt(2 ** 32);
  const settings = { lengthWeight: body.length_weight, excludeFlags: body.exclude_flags, flagPenalty: body.flag_penalty };

  const samples = scoreSetSamples(
    ctx,
    { setId: set.id, modelIds: body.model_ids ?? null, judgeModelId: judge.id, templateHash: template.hash },
    settings,
  );
  if (samples.length === 0)
    throw invalidInput(`set_id: set "${set.name}" has no finished samples${body.model_ids ? " of these models" : ""}`);
  const scored = samples.filter((s) => s.score !== null);
  if (scored.length === 0) {
    throw invalidInput(
      `no judged samples: run a judge job on set "${set.name}" with judge "${judge.name}" and template "${template.name}" first`,
    );
  }
  if (scored.every((s) => s.excluded_by.length > 0)) {
    throw invalidInput(`exclude_flags: every judged sample raises one of ${body.exclude_flags.join(", ")}`);
  }

  const groups = new Map<string, PairGroup>();
  const byId = new Map<number, SetSampleScores>();
  for (const s of scored) {
    // The key seeds the group's draw: named by the instruction's id in its file and the model's name, not
    // by row ids, so the same seed on the same data gives the same pairs in another database too.
    const key = `${s.external_id}\u0000${s.model_name}`;
    const entry = { sampleId: s.sample_id, score: s.score!, excluded: s.excluded_by.length > 0 };
    const group = groups.get(key);
    if (group) group.samples.push(entry);
    else groups.set(key, { key, samples: [entry] });
    byId.set(s.sample_id, s);
  }
  const usable = [...groups.values()].filter((g) => g.samples.filter((s) => !s.excluded).length >= 2).length;
  const unscored = samples.length - scored.filter((s) => s.excluded_by.length === 0).length;

  const pairs = proposePairs(groups.values(), { strategy: body.strategy, seed, minMargin: body.min_margin });
  const proposals = pairs.map((p): NewProposal => {
    const chosen = byId.get(p.chosenId)!;
    const rejected = byId.get(p.rejectedId)!;
    return {
      instruction_id: chosen.instruction_id,
      model_id: chosen.model_id,
      chosen_sample_id: chosen.sample_id,
      rejected_sample_id: rejected.sample_id,
      chosen_score: p.chosenScore,
      rejected_score: p.rejectedScore,
      chosen_length_score: chosen.length_score,
      rejected_length_score: rejected.length_score,
      chosen_quality_score: chosen.quality_score!,
      rejected_quality_score: rejected.quality_score!,
      margin: p.margin,
    };
  });
  return ctx.pairRuns.create(
    {
      set_id: set.id,
      judge_model_id: judge.id,
      template_id: template.id,
      model_ids: body.model_ids ?? null,
      strategy: body.strategy,
      seed,
      min_margin: body.min_margin,
      length_weight: body.length_weight,
      exclude_flags: body.exclude_flags,
      flag_penalty: body.flag_penalty,
      groups: usable,
      unscored,
      created_by: createdBy,
    },
    proposals,
    ctx.now(),
  );
}
