import type { CreateCampaignBody } from "../../shared/schemas/campaigns";
import { createCampaign } from "../../server/campaigns/create";
import type { Context } from "../../server/context";
import { importInstructionSet } from "../../server/instructions/import-set";
import { fieldsFromBody } from "../../server/sampling/model-fields";
import { createOutputs, createUser, instructionRecord } from "./factories";
import { seedJudgeModel, seedJudgeScores } from "./judging";
import { scoresFor } from "./factories";

/**
 * Names planted in every field only researchers see (issue 15: a campaign called "fake-writer vs gpt4o-ref"
 * un-blinded its annotators). Nothing an annotator receives, in the API or on a page, may contain any of them.
 */
export const planted = {
  writer: "fake-writer-7b",
  reference: "gpt4o-ref-2024",
  writerEndpointId: "acme/fw7b-endpoint-id",
  referenceEndpointId: "openai/gpt-4o-planted",
  judge: "claude-judge-xl",
  campaignName: "fake-writer-7b vs gpt4o-ref-2024 (round 3)",
  setName: "LongBench secret set 42",
  setDescription: "outputs of fake-writer-7b, kept from annotators",
  metadata: "metadata-origin-gpt4o-planted",
} as const;
export const plantedValues = Object.values(planted);

/** What `planted` names, in lower case, found in `text` (case-insensitive). */
export const plantedIn = (text: string) => plantedValues.filter((p) => text.toLowerCase().includes(p.toLowerCase()));

/** An admin, an annotator, a set and two models with the planted names, and an open vs-reference campaign (k = 2). */
export async function createBlindingWorld(ctx: Context, password: string, instructions = 6) {
  const admin = await createUser(ctx, "admin", "admin", password);
  const annotator = await createUser(ctx, "ann", "annotator", password);
  const records = Array.from({ length: instructions }, (_, i) => ({ ...instructionRecord(i), origin: planted.metadata }));
  const outcome = importInstructionSet(
    ctx,
    {
      name: planted.setName,
      description: planted.setDescription,
      format: "jsonl",
      content: records.map((r) => JSON.stringify(r)).join("\n"),
    },
    admin.id,
  );
  if (outcome.dryRun) throw new Error("unexpected dry run");
  const set = { id: outcome.setId, name: planted.setName, records };
  const outputs = createOutputs(
    ctx,
    set,
    [
      { name: planted.writer, samples: 1 },
      { name: planted.reference, samples: 1, reference: true },
    ],
    { createdBy: admin.id },
  );
  const writerId = outputs.ids[planted.writer]!;
  const referenceId = outputs.ids[planted.reference]!;
  ctx.models.update(writerId, fieldsFromBody({ name: planted.writer, base_urls: [], model: planted.writerEndpointId }));
  ctx.models.update(referenceId, fieldsFromBody({ name: planted.reference, base_urls: [], model: planted.referenceEndpointId }));
  const judge = seedJudgeModel(ctx, planted.judge);
  seedJudgeScores(ctx, set.id, judge.id, scoresFor);
  const body: CreateCampaignBody = {
    name: planted.campaignName,
    set_id: set.id,
    source: { kind: "vs-reference", model_id: writerId, reference_model_id: referenceId },
    settings: { judgments_per_comparison: 2, guidelines: "Read both answers to the end, then choose.", show_scores: true },
  };
  const campaignId = createCampaign(ctx, body, admin.id);
  return { admin, annotator, set, writerId, referenceId, campaignId, instructions };
}
