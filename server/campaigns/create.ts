import { CreateCampaignBodySchema, type CreateCampaignBody } from "../../shared/schemas/campaigns";
import type { Context } from "../context";
import type { NewComparison } from "../db/repos/campaigns";
import { conflict, invalidInput } from "../errors/domain-error";
import { visibleSample } from "../db/repos/sampling-jobs";

/** Each instruction's first finished sample of a model (lowest sample index). */
function firstSamples(ctx: Context, modelId: number, instructionIds: number[]): Map<number, number> {
  const rows = ctx.db
    .prepare<{ model_id: number; ids: string }, { instruction_id: number; id: number }>(
      `SELECT instruction_id, id FROM samples WHERE model_id = @model_id AND status = 'done' AND ${visibleSample("samples")}
         AND instruction_id IN (SELECT value FROM json_each(@ids)) ORDER BY instruction_id, sample_index, id`,
    )
    .all({ model_id: modelId, ids: JSON.stringify(instructionIds) });
  const first = new Map<number, number>();
  for (const r of rows) if (!first.has(r.instruction_id)) first.set(r.instruction_id, r.id);
  return first;
}

function modelPairs(ctx: Context, a: number, b: number, instructionIds: number[]): NewComparison[] {
  const as = firstSamples(ctx, a, instructionIds);
  const bs = firstSamples(ctx, b, instructionIds);
  return instructionIds.flatMap((id) => {
    const sa = as.get(id);
    const sb = bs.get(id);
    return sa !== undefined && sb !== undefined ? [{ instruction_id: id, sample_a_id: sa, sample_b_id: sb, proposal_id: null }] : [];
  });
}

/** The set's reference model: registered as reference, with finished outputs in the set. */
function referenceOf(ctx: Context, setId: number): number | undefined {
  return (
    ctx.db
      .prepare<[number], { id: number }>(
        `SELECT m.id FROM models m WHERE m.is_reference = 1 AND EXISTS (
           SELECT 1 FROM samples s JOIN instructions i ON i.id = s.instruction_id WHERE s.model_id = m.id AND i.set_id = ? AND s.status = 'done' AND ${visibleSample("s")})
         ORDER BY m.id LIMIT 1`,
      )
      .get(setId)?.id
  );
}

/** Creates a campaign and all its comparisons in one transaction. */
export function createCampaign(ctx: Context, input: CreateCampaignBody, createdBy: number | null): number {
  const body = CreateCampaignBodySchema.parse(input);
  const set = ctx.sets.get(body.set_id);
  if (!set) throw invalidInput(`set_id: instruction set ${body.set_id} not found`);
  if (ctx.db.prepare("SELECT 1 FROM campaigns WHERE name = ?").get(body.name)) throw conflict(`name: a campaign named "${body.name}" exists`);
  const model = (field: string, id: number) => {
    const m = ctx.models.get(id);
    if (!m) throw invalidInput(`source.${field}: model ${id} not found`);
    return m;
  };
  if (body.annotators !== "all") {
    for (const id of body.annotators) if (!ctx.users.get(id)) throw invalidInput(`annotators: user ${id} not found`);
  }
  const instructionIds = ctx.instructions.ids({ set: set.id, ...body.filter });
  const source = body.source;
  let comparisons: NewComparison[];
  let resolved = source;
  if (source.kind === "vs-reference") {
    const m = model("model_id", source.model_id);
    const referenceId = source.reference_model_id ?? referenceOf(ctx, set.id);
    if (referenceId === undefined) throw invalidInput(`source.reference_model_id: set "${set.name}" has no outputs of a reference model; name one`);
    const reference = model("reference_model_id", referenceId);
    if (reference.id === m.id) throw invalidInput("source.reference_model_id: the model and the reference must differ");
    resolved = { ...source, reference_model_id: reference.id };
    comparisons = modelPairs(ctx, m.id, reference.id, instructionIds);
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
    comparisons = ctx.db
      .prepare<{ run_id: number; statuses: string }, NewComparison>(
        `SELECT instruction_id, chosen_sample_id AS sample_a_id, rejected_sample_id AS sample_b_id, id AS proposal_id
         FROM pair_proposals WHERE run_id = @run_id AND status IN (SELECT value FROM json_each(@statuses)) ORDER BY id`,
      )
      .all({ run_id: run.id, statuses: JSON.stringify(source.statuses) })
      .filter((c) => inFilter.has(c.instruction_id));
  }
  if (comparisons.length === 0) throw invalidInput("source: no comparison can be formed: no instruction of the filter has finished samples of both sides");
  return ctx.db.transaction(() =>
    ctx.campaigns.create(
      { name: body.name, kind: source.kind, set_id: set.id, source: resolved, filter: body.filter, annotators: body.annotators, settings: body.settings, created_by: createdBy },
      comparisons,
      ctx.now(),
    ),
  )();
}
