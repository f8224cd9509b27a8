import { seededRandom } from "../../shared/scoring/seeded-random";
import { countWords } from "../../shared/scoring/word-count";
import type { CampaignSettings } from "../../shared/schemas/campaigns";
import type { Context } from "../context";
import type { GoldKind, GoldSource } from "../db/repos/gold-pairs";
import { degrade, type Degradation } from "./gold-degrade";

// Gold pairs built from a campaign's own data (docs/decisions/039-gold-pairs.md).

const degradations: Degradation[] = ["cut-off", "looped", "dropped"];
/** The offline signals that make a sample a known-worse side; "empty" is left to the others' checks. */
const badFlags = ["truncation", "repetition", "languageMismatch"] as const;

/**
 * How many gold pairs a campaign of `real` comparisons gets: enough for an annotator who judges every real one,
 * and at least what the first block of items deals (goldTarget).
 */
export const goldCount = (real: number, rate: number) =>
  rate <= 0 ? 0 : Math.max(Math.ceil((real * rate) / (1 - rate)), goldTarget(goldBlock, rate));

/**
 * Builds the campaign's gold comparisons: first a sound sample against a flagged one of the same instruction
 * (truncated, repetitive, wrong language), then sound samples against a degraded copy of themselves, kinds in
 * turn. Deterministic for a campaign id. Call inside the campaign's creation transaction; returns how many.
 */
export function buildGoldPairs(ctx: Context, campaignId: number, setId: number, settings: CampaignSettings): number {
  const rate = settings.gold_rate ?? 0;
  const sources = ctx.goldPairs.sources(campaignId);
  const sound = sources.filter((s) => s.flags === "[]");
  const want = goldCount(countReal(ctx, campaignId), rate);
  if (want === 0 || sound.length === 0) return 0;
  const random = seededRandom(campaignId, "gold-pairs");
  const shuffled = shuffle(sound, random);
  let made = 0;
  const add = (sample: GoldSource, other: number, kind: GoldKind) => {
    // Which of a and b is right is drawn too: a and b mean nothing to a gold pair, and nothing should follow them.
    const soundFirst = random() < 0.5;
    const ok = ctx.goldPairs.insertComparison({
      campaign_id: campaignId,
      instruction_id: sample.instruction_id,
      sample_a_id: soundFirst ? sample.id : other,
      sample_b_id: soundFirst ? other : sample.id,
      gold_answer: soundFirst ? "a" : "b",
      gold_kind: kind,
    });
    if (ok) made++;
  };

  const soundOf = new Map<number, GoldSource>();
  for (const s of shuffled) if (!soundOf.has(s.instruction_id)) soundOf.set(s.instruction_id, s);
  for (const f of ctx.goldPairs.flagged(campaignId)) {
    if (made >= want) break;
    const flags = JSON.parse(f.flags) as string[];
    const kind = badFlags.find((b) => flags.includes(b));
    const good = soundOf.get(f.instruction_id);
    if (kind && good) add(good, f.id, kind);
  }

  let jobId: number | null = null;
  let index = 0;
  const now = ctx.now();
  for (let i = 0; made < want && i < shuffled.length * degradations.length; i++) {
    const sample = shuffled[i % shuffled.length]!;
    const kind = degradations[(made + Math.floor(i / shuffled.length)) % degradations.length]!;
    const text = degrade(kind, sample.text, random);
    if (text === null) continue;
    jobId ??= ctx.goldPairs.createJob(setId, sample.model_id, now);
    const copy = ctx.goldPairs.insertCopy({
      job_id: jobId,
      instruction_id: sample.instruction_id,
      model_id: sample.model_id,
      sample_index: index++,
      text,
      word_count: countWords(text),
      flags: [],
      now,
    });
    add(sample, copy, kind);
  }
  return made;
}

const countReal = (ctx: Context, campaignId: number) => ctx.campaigns.get(campaignId)?.comparisons ?? 0;

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Gold items are dealt in blocks of an annotator's items, so many per block, at random places in it. */
export const goldBlock = 20;

/**
 * How many gold items an annotator should have had by the end of their block ending at item `end`: the rate's
 * share, except that the first block carries twice the rate (at most half its items), so a careless annotator
 * meets enough gold pairs to be caught within 20 items; the second block then holds fewer, and from the 40th
 * item on the count is the plain rate's again (decision 039).
 */
export const goldTarget = (end: number, rate: number) => Math.max(Math.round(end * rate), Math.round(Math.min(0.5, 2 * rate) * goldBlock));

/**
 * The queue's hook: whether this annotator's next item is a gold comparison they were never given (chosen at
 * random among those), else null and the queue serves its own pick. The gold still owed by the end of the
 * current block is placed at random in its remaining places (chance: owed over places left), so the count
 * per block is exact rather than binomial. Draws nothing when the rate is 0.
 */
export function goldInstead(ctx: Context, campaignId: number, userId: number, settings: CampaignSettings, random: () => number) {
  const rate = settings.gold_rate ?? 0;
  if (rate <= 0) return null;
  const given = ctx.goldPairs.assigned(campaignId, userId);
  const blockEnd = given - (given % goldBlock) + goldBlock;
  const owed = goldTarget(blockEnd, rate) - ctx.goldPairs.goldFrom(campaignId, userId, 0);
  if (owed <= 0 || random() >= owed / (blockEnd - given)) return null;
  const n = ctx.goldPairs.unseenCount(campaignId, userId);
  if (n === 0) return null;
  return ctx.goldPairs.unseenAt(campaignId, userId, Math.floor(random() * n)) ?? null;
}
