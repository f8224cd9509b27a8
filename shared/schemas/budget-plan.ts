import { z } from "zod";

// POST /api/campaigns/plan: the judgments a campaign design needs for a target 95% interval width
// (shared/stats/budget-planner.ts, decision 040).

const share = z.number().gt(0).lt(1);

export const BudgetPlanBodySchema = z
  .strictObject({
    /** Candidate models, each compared with the reference on the same instructions. */
    models: z.number().int().min(1).max(1000),
    /** Judgments per comparison. */
    k: z.number().int().min(1).max(20),
    /** Expected win rate of every model against the reference. */
    win_rate: share,
    /** One expected win rate per model, used instead of win_rate. */
    win_rates: z.array(share).min(1).max(1000).optional(),
    /** Target width of each model's 95% interval (0.1 = ±5 points). */
    target_ci: share,
    /** Assumed annotator agreement beyond chance (Fleiss' κ). */
    kappa: z.number().min(0).max(1).default(0.3),
  })
  .refine((b) => b.win_rates === undefined || b.win_rates.length === b.models, {
    path: ["win_rates"],
    message: "one per model",
  });
export type BudgetPlanBody = z.input<typeof BudgetPlanBodySchema>;

export const BudgetPlanSchema = z.object({
  /** comparisons × k × models. */
  judgments: z.number().int(),
  /** Per model: one per instruction. */
  comparisons: z.number().int(),
  /** What the simulation assumed and how it measured. */
  assumptions: z.object({
    kappa: z.number(),
    simulated_campaigns: z.number().int(),
    bootstrap_rounds: z.number().int(),
    seed: z.number().int(),
  }),
});
export type BudgetPlan = z.infer<typeof BudgetPlanSchema>;
