import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Context } from "./context";
import { hashPassword, randomPassword } from "./auth/password";
import { createCampaign } from "./campaigns/create";
import { importInstructionSet } from "./instructions/import-set";
import { seedDemoJudgeScores } from "./judging/demo-judgments";
import { createPairRun } from "./pairs/runs";
import { importOutputs } from "./sampling/import-outputs";

export const demoInstructionsFile = fileURLToPath(new URL("../data/demo/instructions.jsonl", import.meta.url));
export const demoOutputsFile = fileURLToPath(new URL("../data/demo/outputs.jsonl", import.meta.url));
export const demoSetName = "Demo: long-form writing";
export const demoReferenceModel = "demo-reference";
// No model name: it is also the title annotators see.
export const demoCampaignName = "Demo: which answer is better?";
export const demoGuidelinesFile = fileURLToPath(new URL("../data/demo/guidelines.md", import.meta.url));

/**
 * First start on an empty database: an admin account (password from LONGPREF_ADMIN_PASSWORD or a
 * random one, printed once) and the demo workspace. Does nothing once any user exists.
 */
export async function bootstrapEmptyDatabase(
  ctx: Context,
  options: { adminPassword?: string; demo: boolean; print: (line: string) => void },
): Promise<void> {
  if (ctx.users.count() > 0) return;
  const password = options.adminPassword ?? randomPassword();
  const hash = await hashPassword(password);
  ctx.db.transaction(() => {
    // Checked again inside the transaction: another process may have bootstrapped meanwhile.
    if (ctx.users.count() > 0) return;
    const admin = ctx.users.create("admin", "admin", hash, ctx.now());
    if (options.demo) seedDemo(ctx, admin.id);
  })();
  if (options.adminPassword !== undefined) {
    options.print('Created user "admin" with the password from LONGPREF_ADMIN_PASSWORD.');
  } else {
    options.print(`Created user "admin" with password: ${password}`);
    options.print("This password is shown once. Set LONGPREF_ADMIN_PASSWORD on first start to choose it.");
  }
}

function seedDemo(ctx: Context, adminId: number) {
  const outcome = importInstructionSet(
    ctx,
    {
      name: demoSetName,
      description:
        "Illustrative writing instructions written for longpref: all 7 LongBench-Write types, " +
        "all 4 length ranges, English and Chinese. Not a benchmark.",
      file_name: "data/demo/instructions.jsonl",
      format: "jsonl",
      content: readFileSync(demoInstructionsFile, "utf8"),
    },
    adminId,
    { isDemo: true },
  );
  if (outcome.dryRun) return;
  // Illustrative outputs of two made-up models, so every later screen works with no endpoint.
  importOutputs(ctx, { set_id: outcome.setId, format: "longpref", content: readFileSync(demoOutputsFile, "utf8") }, adminId, {
    source: "demo",
    referenceModels: [demoReferenceModel],
  });
  // Illustrative judgments of those outputs and the pairs they give, so reports, pairs and the review
  // show S_q and proposals before any judge endpoint is registered.
  const { judgeModelId } = seedDemoJudgeScores(ctx, outcome.setId, adminId);
  createPairRun(ctx, { set_id: outcome.setId, judge_model_id: judgeModelId, seed: 1 }, adminId);
  // A ready win-rate study, so the judging screen can be tried at once: log in and judge.
  createCampaign(
    ctx,
    {
      name: demoCampaignName,
      title: demoCampaignName,
      set_id: outcome.setId,
      source: { kind: "vs-reference", model_id: ctx.models.findByName("demo-writer")!.id },
      annotators: "all",
      settings: { judgments_per_comparison: 3, guidelines: readFileSync(demoGuidelinesFile, "utf8") },
    },
    adminId,
  );
}
