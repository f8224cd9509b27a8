import type { QualityScores } from "../../shared/scoring/judge-answer";
import type { Role } from "../../shared/schemas/user";
import type { CreateCampaignBody } from "../../shared/schemas/campaigns";
import { hashPassword } from "../../server/auth/password";
import { createCampaign } from "../../server/campaigns/create";
import type { Context } from "../../server/context";
import { importInstructionSet } from "../../server/instructions/import-set";
import { createPairRun } from "../../server/pairs/runs";
import { importOutputs } from "../../server/sampling/import-outputs";
import { fieldsFromBody } from "../../server/sampling/model-fields";
import { seedJudgeModel, seedJudgeScores } from "./judging";

/*
 * Rows for tests, made through the same domain functions the API calls, and the same every run: tests
 * build on these instead of the demo workspace, so changing the demo breaks only the test of the demo.
 */

export async function createUser(ctx: Context, username: string, role: Role, password: string) {
  return ctx.users.create(username, role, await hashPassword(password), new Date());
}

const types = ["Community Forum", "Functional Writing", "Creative Writing", "Report"] as const;
const lengths = [150, 400, 900, 2500] as const;

/** The i-th (0-based) instruction a factory set holds: its id in the file, prompt, type, required length; every fourth (i = 1, 5, …) in Chinese. */
export function instructionRecord(i: number) {
  const n = i + 1;
  const zh = i % 4 === 1;
  return {
    id: `item-${String(n).padStart(2, "0")}`,
    prompt: zh
      ? `请写第${n}篇短文，介绍第${n}个话题，读者对此一无所知。`
      : `Write piece ${n} about topic ${n}, for readers who know nothing about it.`,
    type: types[i % types.length]!,
    length: lengths[i % lengths.length]!,
    lang: zh ? ("zh" as const) : ("en" as const),
  };
}

/** An instruction set of `instructions` records (instructionRecord 0..n-1). */
export function createSet(ctx: Context, options: { name: string; instructions: number; createdBy?: number | null }) {
  const records = Array.from({ length: options.instructions }, (_, i) => instructionRecord(i));
  const content = records.map((r) => JSON.stringify(r)).join("\n");
  const outcome = importInstructionSet(ctx, { name: options.name, format: "jsonl", content }, options.createdBy ?? null);
  if (outcome.dryRun) throw new Error("unexpected dry run");
  return { id: outcome.setId, name: options.name, records };
}

const vocabulary = (
  "river stone lantern garden morning quiet harbor letter winter bread window market teacher village bridge " +
  "summer paper orchard candle meadow signal kitchen forest story compass engine season valley cotton mirror " +
  "anchor ladder basket thunder pepper violin canvas island marble feather"
).split(" ");

const chineseVocabulary = "河石灯园晨静港信冬饭窗市师村桥夏纸果烛草号厨林事针机季谷棉镜锚梯篮雷椒琴布岛玉羽".split("");

/** An output's text of exactly `words` words (as countWords counts them; a Han character is one), in two paragraphs, the same for the same seed. */
export function outputText(seed: string, words: number, lang: "en" | "zh" = "en", title?: string): string {
  // A small LCG over the seed's characters: varied words, so no offline signal flags the text as repetitive.
  let state = [...seed].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
  const pool = lang === "zh" ? chineseVocabulary : vocabulary;
  const list = Array.from({ length: words }, () => pool[next() % pool.length]!);
  const half = Math.ceil(words / 2);
  const join = (part: string[]) => part.join(lang === "zh" ? "" : " ");
  const body =
    lang === "zh"
      ? `${join(list.slice(0, half))}。\n\n${join(list.slice(half))}。`
      : `${join(list.slice(0, half))}.\n\n${join(list.slice(half))}.`;
  return title === undefined ? body : `# ${title}\n\n${body}`;
}

export interface ModelOutputs {
  name: string;
  /** Samples per instruction (sample_index 0..samples-1). */
  samples: number;
  /** Its outputs' length as a fraction of the required length, by instruction index and sample index. */
  lengthFactor?: (instruction: number, sample: number) => number;
  reference?: boolean;
  /** A Markdown title (`# …`) opening its outputs for this instruction index, if any. */
  title?: (instruction: number) => string | undefined;
  /** Its output's whole text for this instruction and sample index, instead of outputText's, if any. */
  text?: (instruction: number, sample: number) => string | undefined;
}

/** Finished samples of these models (registered by the import) for the set's first `instructions` records. */
export function createOutputs(
  ctx: Context,
  set: ReturnType<typeof createSet>,
  models: ModelOutputs[],
  options: { instructions?: number; createdBy?: number | null } = {},
) {
  const covered = set.records.slice(0, options.instructions ?? set.records.length);
  // Instruction by instruction, as the demo's file is: the first rows of any list hold every model.
  const lines = covered.flatMap((record, i) =>
    models.flatMap((m) =>
      Array.from({ length: m.samples }, (_, s) => {
        const words = Math.max(2, Math.round(record.length * (m.lengthFactor?.(i, s) ?? 1)));
        return JSON.stringify({
          instruction_id: record.id,
          model: m.name,
          sample_index: s,
          text: m.text?.(i, s) ?? outputText(`${m.name}/${record.id}/${s}`, words, record.lang, m.title?.(i)),
        });
      }),
    ),
  );
  importOutputs(ctx, { set_id: set.id, format: "longpref", content: lines.join("\n") }, options.createdBy ?? null, {
    referenceModels: models.filter((m) => m.reference).map((m) => m.name),
  });
  const ids = Object.fromEntries(models.map((m) => [m.name, ctx.models.findByName(m.name)!.id]));
  return { ids, instructions: covered.length, samples: covered.length * models.reduce((sum, m) => sum + m.samples, 0) };
}

/** Six scores from 1 to 5, the same for the same sample. */
export function scoresFor(sample: { instruction_id: number; model_id: number; sample_index: number }): QualityScores {
  const base = (sample.instruction_id * 7 + sample.model_id * 3 + sample.sample_index * 2) % 5;
  const at = (k: number) => 1 + ((base + k) % 5);
  return {
    Relevance: at(0),
    Accuracy: at(1),
    Coherence: at(2),
    Clarity: at(0),
    "Breadth and Depth": at(3),
    "Reading Experience": at(4),
  };
}

export interface WorkspaceOptions {
  /** Instructions in the set (default 12). */
  instructions?: number;
  /** How many of them (the first ones) have outputs (default 6). */
  withOutputs?: number;
  /** Writer samples per instruction (default 3); the reference writes one. */
  writerSamples?: number;
  /** Judgments asked per comparison of the campaign (default 3). */
  judgmentsPerComparison?: number;
  adminPassword?: string;
}

/**
 * What a newly started workspace holds, built for tests (like the demo, but owned by the tests): an admin,
 * a set, a writer model with several samples and a reference model with one per covered instruction (none of
 * them with an endpoint), judge scores of every sample by a judge model, a pair run over them (seed 1), and a vs-reference campaign open
 * to all. The returned counts are what assertions compute their expectations from.
 */
export async function createWorkspace(ctx: Context, options: WorkspaceOptions = {}) {
  const instructions = options.instructions ?? 12;
  const withOutputs = Math.min(options.withOutputs ?? 6, instructions);
  const writerSamples = options.writerSamples ?? 3;
  const admin = await createUser(ctx, "admin", "admin", options.adminPassword ?? "correct horse battery");
  const set = createSet(ctx, { name: "Workspace: test set", instructions, createdBy: admin.id });
  const names = { writer: "test-writer", reference: "test-reference", judge: "test-judge" };
  // The third instruction's outputs open with a Markdown heading (screens must render it as one).
  const titled = (i: number) => (i === 2 ? "A title" : undefined);
  const outputs = createOutputs(
    ctx,
    set,
    [
      // Lengths from well short to well over the requirement, so length scores and flags differ between samples.
      { name: names.writer, samples: writerSamples, lengthFactor: (i, s) => [1, 0.6, 1.4, 0.2][(i + s) % 4]!, title: titled },
      { name: names.reference, samples: 1, reference: true, title: titled },
    ],
    { instructions: withOutputs, createdBy: admin.id },
  );
  const judge = seedJudgeModel(ctx, names.judge);
  const judgeJobId = seedJudgeScores(ctx, set.id, judge.id, scoresFor);
  // Like the demo's judge: its scores are recorded, but it has no endpoint, so only models a test registers
  // with a base URL can be sampled or asked to judge.
  ctx.models.update(judge.id, fieldsFromBody({ name: names.judge, base_urls: [], model: judge.model }));
  const pairRunId = createPairRun(ctx, { set_id: set.id, judge_model_id: judge.id, seed: 1 }, admin.id);
  const campaignBody: CreateCampaignBody = {
    name: "Which answer is better?",
    set_id: set.id,
    source: { kind: "vs-reference", model_id: outputs.ids[names.writer]! },
    annotators: "all",
    settings: { judgments_per_comparison: options.judgmentsPerComparison ?? 3, guidelines: "Read both answers to the end." },
  };
  const campaignId = createCampaign(ctx, campaignBody, admin.id);
  return {
    admin,
    set: { id: set.id, name: set.name, instructions, records: set.records },
    models: {
      writer: { id: outputs.ids[names.writer]!, name: names.writer },
      reference: { id: outputs.ids[names.reference]!, name: names.reference },
      judge: { id: judge.id, name: names.judge },
    },
    /** Instructions with outputs; each is one comparison of the campaign (the writer's first sample vs the reference). */
    withOutputs,
    writerSamples,
    samples: outputs.samples,
    judgeJobId,
    pairRunId,
    campaign: {
      id: campaignId,
      name: campaignBody.name,
      comparisons: withOutputs,
      judgmentsPerComparison: campaignBody.settings!.judgments_per_comparison!,
    },
  };
}
export type Workspace = Awaited<ReturnType<typeof createWorkspace>>;
