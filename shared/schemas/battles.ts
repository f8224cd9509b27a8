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
/** Optional labels; null (as pandas writes a missing value) counts as absent. */
const label = z.preprocess((v) => (v === null ? undefined : v), z.string().optional());

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
  })
  .refine((r) => r.model_a !== r.model_b, { path: ["model_b"], message: "must differ from model_a" });
export type BattleRecord = z.output<typeof BattleRecordSchema>;
