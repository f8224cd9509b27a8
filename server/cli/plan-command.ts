import type { Command } from "commander";
import { defaultKappa, planDefaults } from "../../shared/stats/budget-planner";
import { runPlan } from "../campaigns/budget-plan";
import { usageError } from "./cli-error";

interface Options {
  models: string;
  k: string;
  winRate: string;
  targetCi: string;
  kappa: string;
  seed: string;
  json?: boolean;
}

const number = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

/**
 * `longpref plan`: the judgments a campaign needs for a target 95% interval width, by simulation with the
 * statistics' own estimator (decision 040). Needs no database: nothing is opened or written.
 */
export function registerPlanCommand(program: Command) {
  program
    .command("plan")
    .description("judgments needed for a target 95% interval width of each model's win rate vs the reference (simulated)")
    .requiredOption("--models <n>", "candidate models, each compared with the reference on the same instructions")
    .requiredOption("--k <k>", "judgments per comparison")
    .requiredOption("--win-rate <p>", "expected win rate vs the reference, 0 < P < 1 (or one per model, comma-separated)")
    .requiredOption("--target-ci <w>", "target width of the 95% interval, 0 < W < 1 (0.1 = ±5 points)")
    .option("--kappa <κ>", "assumed annotator agreement beyond chance (Fleiss' κ), 0 to 1", String(defaultKappa))
    .option("--seed <n>", "simulation seed (integer)", String(planDefaults.seed))
    .option("--json", 'print {"judgments", "comparisons"}')
    .action((opts: Options) => {
      const models = number(opts.models);
      const k = number(opts.k);
      const rates = opts.winRate.split(",").map(number);
      const targetCi = number(opts.targetCi);
      const kappa = number(opts.kappa);
      const seed = number(opts.seed);
      const problems = [
        !(Number.isInteger(models) && models >= 1 && models <= 1000) && "--models: an integer from 1 to 1,000",
        !(Number.isInteger(k) && k >= 1 && k <= 20) && "--k: an integer from 1 to 20",
        !rates.every((p) => p > 0 && p < 1) && "--win-rate: a number between 0 and 1 (exclusive), or one per model, comma-separated",
        rates.length > 1 && rates.length !== models && `--win-rate: ${rates.length} rates given for ${opts.models} models`,
        !(targetCi > 0 && targetCi < 1) && "--target-ci: a number between 0 and 1 (exclusive)",
        !(kappa >= 0 && kappa <= 1) && "--kappa: a number from 0 to 1",
        !Number.isSafeInteger(seed) && "--seed: an integer",
      ].filter((p) => p !== false);
      if (problems.length > 0) throw usageError(...problems);
      const winRate = rates.length === 1 ? rates[0]! : rates;
      const plan = runPlan({ models, k, winRate, targetCi, kappa, seed });
      if (opts.json) {
        console.log(JSON.stringify({ judgments: plan.judgments, comparisons: plan.comparisons }));
        return;
      }
      const modelsText = `${models} model${models === 1 ? "" : "s"}`;
      console.log(
        `${plan.judgments.toLocaleString("en")} judgments: ${plan.comparisons.toLocaleString("en")} comparisons (instructions) per model × k = ${k} × ${modelsText}`,
      );
      console.log(
        `for a 95% interval of each win rate no wider than ${targetCi} on average, at win rate ${opts.winRate} and annotator κ = ${kappa} (mean over ${planDefaults.runs} simulated campaigns, seed ${seed})`,
      );
    });
}
