import { z } from "zod";
import { ReportJudgeSchema } from "./report";

const AgreementCountSchema = z.object({ n: z.number().int(), agree: z.number().int(), rate: z.number().nullable() });

/** How the automatic scores fare against human verdicts on the same comparisons. */
export const AutoVsHumanSchema = z.object({
  campaign_id: z.number().int(),
  /** The judge whose S_q is compared (the pair run's for verify-pairs, else the one asked for or the set's newest). */
  judge: ReportJudgeSchema.nullable(),
  /** Human judgments with a winner (ties and both-bad left out) whose two samples both have S_q. */
  decided: z.number().int(),
  /** verify-pairs only: how often the proposal's chosen sample won with humans, overall and per length range. */
  proposals: z.object({ overall: AgreementCountSchema, by_range: z.record(z.string(), AgreementCountSchema) }).nullable(),
  /**
   * For w from 0 to 1 by 0.05: the share of decided judgments whose winner has the higher
   * S = w·S_l + (1 − w)·S_q (equal scores count half). `best_weight` agrees best (nearest 0.5 among equals).
   */
  weights: z.array(z.object({ weight: z.number(), agreement: z.number() })),
  best_weight: z.number().nullable(),
});
export type AutoVsHuman = z.infer<typeof AutoVsHumanSchema>;
