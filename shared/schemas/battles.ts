import { z } from "zod";

// One judgment of a pairwise battle, the row format of `longpref stats` (FastChat's battle table: model_a,
// model_b, winner), plus who judged it and which side was shown on the left. Several annotators judging
// the same pair of outputs share one comparison_id.
//
// "both_bad" (also spelt "both-bad", as campaign verdicts are) is kept as its own verdict, and every
// statistic counts it as a tie, like FastChat's "tie (bothbad)".
export const battleWinners = ["model_a", "model_b", "tie", "both_bad"] as const;
export type BattleWinner = (typeof battleWinners)[number];

export const battleSides = ["model_a", "model_b"] as const;
export type BattleSide = (typeof battleSides)[number];

const name = z.string().trim().min(1, "must not be empty");
const count = z.number().int("must be a whole number").min(0, "must not be negative");

/** Markdown elements of one output, counted by shared/text/markdown-style.ts (the one counting rule). */
export const MarkdownStyleSchema = z.strictObject({ headers: count, list_items: count, bold: count });
export type MarkdownStyle = z.infer<typeof MarkdownStyleSchema>;
/** Optional fields; null (as pandas writes a missing value) counts as absent. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === null ? undefined : v), schema.optional());
const label = optional(z.string());

export const BattleRecordSchema = z
  .object({
    comparison_id: name,
    instruction_id: name,
    length_bucket: label,
    category: label,
    lang: label,
    model_a: name,
    model_b: name,
    annotator: name,
    winner: z
      .enum(["model_a", "model_b", "tie", "both_bad", "both-bad"], {
        error: 'must be "model_a", "model_b", "tie" or "both_bad"',
      })
      .transform((w): BattleWinner => (w === "both-bad" ? "both_bad" : w)),
    left: z.enum(battleSides, { error: 'must be "model_a" or "model_b"' }),
    /** Words of each side's output (LongBench-Write words), for the length-controlled win rate and style control. */
    words_a: optional(count),
    words_b: optional(count),
    /** Markdown elements of each side's output, for style control. */
    style_a: optional(MarkdownStyleSchema),
    style_b: optional(MarkdownStyleSchema),
    /**
     * Inverse-probability weight of a judgment whose comparison an adaptive campaign chose (decision 038),
     * normalised to mean 1 per campaign and candidate; absent = 1. Win rates and Bradley–Terry use it.
     */
    weight: optional(z.number().positive("must be positive").finite()),
  })
  .refine((r) => r.model_a !== r.model_b, { path: ["model_b"], message: "must differ from model_a" });
export type BattleRecord = z.output<typeof BattleRecordSchema>;
