import { normalApproximation, planBudget } from "../../shared/stats/budget-planner";
import { candidate, reference, simulatedIndex, simulatedWins } from "../../shared/stats/budget-simulation";
import { winRatesVsReference } from "../../shared/stats/win-rates";

// The budget planner (decision 040): time to answer (goal < 1 s for typical designs, the campaign form asks
// as the researcher types), its answer against the normal approximation, and whether the answer holds: 200
// fresh simulated campaigns of the planned size (other streams than the planner's), measured by
// winRatesVsReference itself, give a mean interval width near the target and cover the true win rate.
const designs = [
  { models: 1, k: 3, winRate: 0.5, targetCi: 0.1 },
  { models: 1, k: 3, winRate: 0.7, targetCi: 0.05 },
  { models: 4, k: 3, winRate: 0.9, targetCi: 0.05 },
  { models: 1, k: 5, winRate: 0.5, targetCi: 0.08 },
  { models: 1, k: 1, winRate: 0.5, targetCi: 0.02 },
];
const kappa = 0.3;
const checks = 200;

console.log("\n## budget planner (longpref plan, POST /api/campaigns/plan)");
console.log("design | comparisons (normal approx.) | judgments | answer ms | check: mean width, 95% coverage");
for (const d of designs) {
  const started = performance.now();
  const plan = planBudget(d);
  const ms = performance.now() - started;
  const design = { winRate: d.winRate, k: d.k, kappa };
  let widths = 0;
  let covered = 0;
  for (let run = 0; run < checks; run++) {
    const wins = simulatedWins(design, plan.comparisons, 1000 + run, run);
    const ci = winRatesVsReference(simulatedIndex(design, wins), reference, { seed: 1000 + run, rounds: 1000 })[candidate]!
      .bootstrap_ci95_over_instructions!;
    widths += ci[1] - ci[0];
    if (ci[0] <= d.winRate && d.winRate <= ci[1]) covered++;
  }
  console.log(
    `N=${d.models} k=${d.k} P=${d.winRate} W=${d.targetCi} | ${plan.comparisons} (${normalApproximation(d.winRate, d.k, kappa, d.targetCi)}) | ${plan.judgments} | ${ms.toFixed(0)} | ${(widths / checks).toFixed(4)}, ${((100 * covered) / checks).toFixed(1)}%`,
  );
}
