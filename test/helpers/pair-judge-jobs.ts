import type { PairVerdictLabel } from "../../shared/scoring/pair-verdict";
import { createCampaign } from "../../server/campaigns/create";
import type { Context } from "../../server/context";
import { createOutputs, createSet, type ModelOutputs } from "./factories";
import type { Behaviour } from "./fake-openai";
import { seedModel, testRunner } from "./sampling";

// Pair judge jobs run for real against the fake endpoint: a campaign of two models' outputs, a judge model
// pointing at the fake, and readers of the prompts the judge was sent.

/** A set of `instructions` instructions with outputs of models "alpha" and "beta", and a custom campaign alpha vs beta. */
export function pairCampaign(
  ctx: Context,
  o: { instructions: number; alpha?: Partial<ModelOutputs>; beta?: Partial<ModelOutputs>; name?: string; judgeUrl?: string },
) {
  const set = createSet(ctx, { name: `${o.name ?? "pairs"} set`, instructions: o.instructions });
  const outputs = createOutputs(ctx, set, [
    { name: "alpha", samples: 1, ...o.alpha },
    { name: "beta", samples: 1, ...o.beta },
  ]);
  const campaignId = createCampaign(
    ctx,
    {
      name: o.name ?? "pairs",
      set_id: set.id,
      source: { kind: "custom", model_a_id: outputs.ids.alpha!, model_b_id: outputs.ids.beta! },
      annotators: "all",
    },
    null,
  );
  const judge = o.judgeUrl === undefined ? undefined : seedModel(ctx, [o.judgeUrl], { name: "judge", max_in_flight: 8 });
  return { set, campaignId, alphaId: outputs.ids.alpha!, betaId: outputs.ids.beta!, judgeId: judge?.id };
}

/** The two responses and the request in a prompt built from the builtin pairwise template. */
export function promptParts(prompt: string) {
  const between = (tag: string) => prompt.split(`<${tag}>\n`)[1]!.split(`\n</${tag}>`)[0]!;
  return { request: between("request"), a: between("response_a"), b: between("response_b") };
}

/** A well-formed answer with this verdict. */
export const verdictAnswer = (verdict: PairVerdictLabel, analysis = "Both are fine."): Behaviour => ({
  kind: "stream",
  text: JSON.stringify({ analysis, verdict }),
});

/**
 * Runs the pair judge job with a test runner until it leaves "running"; rejects after `timeoutMs`. The
 * fake always answers, so a loaded machine's slow stream must not count as a stall and be asked again:
 * tests here count requests exactly.
 */
export async function runPairJob(ctx: Context, jobId: number, timeoutMs = 30_000) {
  const { runner } = testRunner(ctx, { stallMs: 20_000 });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    runner.runPairJudgeJob(jobId),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`pair judge job ${jobId} did not end`)), timeoutMs))),
  ]).finally(() => clearTimeout(timer));
  return ctx.pairJudgeJobs.get(jobId)!;
}

/** Every answer of a job (both orders of each pair). */
export const answersOf = (ctx: Context, jobId: number) => ctx.pairJudgments.page(jobId, undefined, 1, 100_000).items;
