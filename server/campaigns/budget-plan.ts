import { maxComparisons, planBudget, UnreachableTarget, type Plan, type PlanInput } from "../../shared/stats/budget-planner";
import { DomainError, invalidInput } from "../errors/domain-error";

/**
 * The budget planner's answer for the CLI and the API (decision 040). A target past the cap is the
 * product's refusal `unreachable_target` (400, CLI exit code 1) with the approximate size it would need.
 */
export function runPlan(input: PlanInput): Plan {
  try {
    return planBudget(input);
  } catch (err) {
    if (err instanceof UnreachableTarget) {
      throw new DomainError("invalid", "unreachable_target", err.message, {
        target_ci: err.targetCi,
        max_comparisons: maxComparisons,
        normal_approximation: err.estimate,
      });
    }
    // The callers' schemas check every value first; a RangeError here is a design they let through.
    if (err instanceof RangeError) throw invalidInput(err.message);
    throw err;
  }
}
