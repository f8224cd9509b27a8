import { BudgetPlanBodySchema, BudgetPlanSchema, type BudgetPlan } from "../../shared/schemas/budget-plan";
import { planDefaults } from "../../shared/stats/budget-planner";
import { runPlan } from "../campaigns/budget-plan";
import type { Access, declareRoutes } from "../http/route";

/**
 * POST /api/campaigns/plan for researchers: reads nothing stored, writes nothing. A typical design answers
 * in well under a second, the largest (near the 20,000-comparison cap) in about one (decision 040).
 */
export function declarePlanRoute(route: ReturnType<typeof declareRoutes>, roles: Access) {
  route(
    "post",
    "/plan",
    roles,
    (req, res) => {
      const body = BudgetPlanBodySchema.parse(req.body);
      const plan = runPlan({
        models: body.models,
        k: body.k,
        winRate: body.win_rates ?? body.win_rate,
        targetCi: body.target_ci,
        kappa: body.kappa,
      });
      const answer: BudgetPlan = {
        ...plan,
        assumptions: {
          kappa: body.kappa,
          simulated_campaigns: planDefaults.runs,
          bootstrap_rounds: planDefaults.rounds,
          seed: planDefaults.seed,
        },
      };
      res.json(answer);
    },
    {
      body: BudgetPlanBodySchema,
      response: BudgetPlanSchema,
      summary: "Judgments a campaign design needs for a target 95% interval width, by simulation; writes nothing",
    },
  );
}
