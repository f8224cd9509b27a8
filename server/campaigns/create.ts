import { mentionWarning, modelMentions } from "../../shared/campaigns/blinding";
import {
  CampaignPreviewBodySchema,
  CreateCampaignBodySchema,
  kRange,
  type CampaignSettings,
  type CampaignSource,
  type CreateCampaignBody,
} from "../../shared/schemas/campaigns";
import type { CampaignPreview, SetModelsResponse } from "../../shared/schemas/preview";
import type { InstructionFilter } from "../../shared/schemas/sampling";
import type { Context } from "../context";
import type { NewComparison } from "../db/repos/campaigns";
import { conflict, invalidInput, notFound } from "../errors/domain-error";
import { judgmentsWanted } from "./k-target";
import { buildGoldPairs } from "./gold-pairs";

/** Per instruction, model a's first finished sample against model b's (instructions where both have one). */
export function modelPairs(ctx: Context, a: number, b: number, instructionIds: number[]): NewComparison[] {
  const as = ctx.samples.firstDone(a, instructionIds);
  const bs = ctx.samples.firstDone(b, instructionIds);
  return instructionIds.flatMap((id) => {
    const sa = as.get(id);
    const sb = bs.get(id);
    return sa !== undefined && sb !== undefined ? [{ instruction_id: id, sample_a_id: sa, sample_b_id: sb, proposal_id: null }] : [];
  });
}

/** What a campaign's choices amount to; the set and models checked. Writes nothing. */
interface CampaignPlan {
  set: { id: number; name: string };
  resolved: CampaignSource;
  instructionIds: number[];
  comparisons: NewComparison[];
}

/** The comparisons a campaign's source and filter form: used alike by creation and its preview. */
function planComparisons(ctx: Context, setId: number, source: CampaignSource, filter: InstructionFilter): CampaignPlan {
  const set = ctx.sets.get(setId);
  if (!set) throw invalidInput(`set_id: instruction set ${setId} not found`);
  const model = (field: string, id: number) => {
    const m = ctx.models.get(id);
    if (!m) throw invalidInput(`source.${field}: model ${id} not found`);
    return m;
  };
  const instructionIds = ctx.instructions.ids({ set: set.id, ...filter });
  let comparisons: NewComparison[];
  let resolved = source;
  if (source.kind === "vs-reference") {
    const m = model("model_id", source.model_id);
    const referenceId = source.reference_model_id ?? ctx.samples.referenceModelOf(set.id);
    if (referenceId === undefined)
      throw invalidInput(`source.reference_model_id: set "${set.name}" has no outputs of a reference model; name one`);
    const reference = model("reference_model_id", referenceId);
    if (reference.id === m.id) throw invalidInput("source.reference_model_id: the model and the reference must differ");
    resolved = { ...source, reference_model_id: reference.id };
    // #18: further candidates (model_ids), each against the same reference, in the order given.
    const candidates = [m.id, ...(source.model_ids ?? []).filter((id) => id !== m.id)];
    if (new Set(candidates).size !== candidates.length) throw invalidInput("source.model_ids: a model is listed twice");
    for (const id of candidates.slice(1)) {
      if (model("model_ids", id).id === reference.id) throw invalidInput("source.model_ids: the reference cannot be a candidate");
    }
    comparisons = candidates.flatMap((id) => modelPairs(ctx, id, reference.id, instructionIds));
  } else if (source.kind === "custom") {
    const a = model("model_a_id", source.model_a_id);
    const b = model("model_b_id", source.model_b_id);
    if (a.id === b.id) throw invalidInput("source.model_b_id: models A and B must differ");
    comparisons = modelPairs(ctx, a.id, b.id, instructionIds);
  } else {
    const run = ctx.pairRuns.get(source.pair_run_id);
    if (!run) throw invalidInput(`source.pair_run_id: pair run ${source.pair_run_id} not found`);
    if (run.set_id !== set.id) throw invalidInput(`source.pair_run_id: pair run ${run.id} belongs to another set`);
    const inFilter = new Set(instructionIds);
    comparisons = ctx.pairRuns.asComparisons(run.id, source.statuses).filter((c) => inFilter.has(c.instruction_id));
  }
  return { set, resolved, instructionIds, comparisons };
}

/** What creating a campaign with these choices would make, counted by the code that makes it. */
export function previewCampaign(ctx: Context, input: unknown): CampaignPreview {
  const body = CampaignPreviewBodySchema.parse(input);
  const plan = planComparisons(ctx, body.set_id, body.source, body.filter);
  const k = body.judgments_per_comparison;
  const resolved = plan.resolved;
  return {
    instructions: plan.instructionIds.length,
    comparisons: plan.comparisons.length,
    judgments: plan.comparisons.length * k,
    judgments_per_comparison: k,
    reference_model_id: resolved.kind === "vs-reference" ? (resolved.reference_model_id ?? null) : null,
  };
}

const topLevelSettings = ["k_min", "k_max", "assignment", "gold_rate"] as const;

/**
 * The campaign's settings with k_min, k_max, assignment and gold_rate given at the top level (issue #18's
 * interface) merged in: the same value in both places is fine, different ones are refused, never guessed.
 */
export function mergedSettings(input: unknown, body: ReturnType<typeof CreateCampaignBodySchema.parse>): CampaignSettings {
  const raw = (input as { settings?: Record<string, unknown> }).settings ?? {};
  const settings: CampaignSettings = { ...body.settings };
  for (const key of topLevelSettings) {
    const top = body[key];
    if (top === undefined) continue;
    if (raw[key] !== undefined && raw[key] !== top)
      throw invalidInput(`${key}: ${String(top)} differs from settings.${key} (${String(raw[key])})`);
    Object.assign(settings, { [key]: top });
  }
  if (settings.k_min !== undefined && settings.k_max !== undefined && settings.k_min > settings.k_max)
    throw invalidInput(`k_min: ${settings.k_min} is more than k_max (${settings.k_max})`);
  return settings;
}

/** Creates a campaign and all its comparisons in one transaction. */
export function createCampaign(ctx: Context, input: CreateCampaignBody, createdBy: number | null): number {
  const body = CreateCampaignBodySchema.parse(input);
  const settings = mergedSettings(input, body);
  if (!ctx.sets.get(body.set_id)) throw invalidInput(`set_id: instruction set ${body.set_id} not found`);
  if (ctx.campaigns.nameTaken(body.name)) throw conflict(`name: a campaign named "${body.name}" exists`);
  if (body.annotators !== "all") {
    for (const id of body.annotators) if (!ctx.users.get(id)) throw invalidInput(`annotators: user ${id} not found`);
  }
  const source = body.source;
  if ((settings.gold_rate ?? 0) > 0 && settings.show_scores && source.kind === "verify-pairs")
    // A gold pair has no proposal, so no quality score: shown scores would tell it apart.
    throw invalidInput("gold_rate: gold pairs cannot be mixed into a verify-pairs campaign that shows scores");
  const { set, resolved, comparisons } = planComparisons(ctx, body.set_id, source, body.filter);
  if (comparisons.length === 0)
    throw invalidInput("source: no comparison can be formed: no instruction of the filter has finished samples of both sides");
  return ctx.db.transaction(() => {
    const id = ctx.campaigns.create(
      {
        name: body.name,
        title: body.title ?? null,
        kind: source.kind,
        set_id: set.id,
        source: resolved,
        filter: body.filter,
        annotators: body.annotators,
        settings,
        created_by: createdBy,
      },
      comparisons,
      ctx.now(),
    );
    buildGoldPairs(ctx, id, set.id, settings); // gold pairs (docs/decisions/039-gold-pairs.md)
    // Adaptive k: every comparison first wants the fewest judgments that could decide it (k when k is fixed).
    // Gold comparisons get one too, though the queue serves them by its own rule and never fills them.
    const { k_min, k_max } = kRange(settings);
    ctx.comparisons.initTargets(id, judgmentsWanted({ a_wins: 0, b_wins: 0, ties: 0, both_bad: 0 }, k_min, k_max));
    return id;
  })();
}

/**
 * Where the campaign's annotator-facing text (title, guidelines) names one of its models: said back to the
 * researcher on create and update, since annotators who read a model's name are no longer blind.
 */
export function blindingWarnings(ctx: Context, campaignId: number): string[] {
  const campaign = ctx.campaigns.get(campaignId);
  if (!campaign) return [];
  const fields = { title: campaign.title, guidelines: campaign.settings.guidelines };
  return modelMentions(fields, ctx.campaigns.modelsOf(campaignId)).map(mentionWarning);
}

/** The models a campaign of the set can compare (those with finished outputs there) and its default reference. */
export function campaignModels(ctx: Context, setId: number): SetModelsResponse {
  if (!ctx.sets.get(setId)) throw notFound("instruction set");
  const models = ctx.samples.modelsWithOutputs(setId).flatMap(({ model_id, instructions }) => {
    const m = ctx.models.get(model_id);
    return m ? [{ id: m.id, name: m.name, is_reference: m.is_reference, instructions }] : [];
  });
  return { models, default_reference_id: ctx.samples.referenceModelOf(setId) ?? null };
}
