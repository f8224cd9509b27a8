import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { checkBattles, indexBattles } from "../../shared/stats/battle-index";
import { battleStats, type BattleStats } from "../../shared/stats/battle-stats";
import type { WinTally } from "../../shared/stats/win-rates";
import { DomainError } from "../errors/domain-error";
import { readBattleFile } from "./battle-file";
import { usageError } from "./cli-error";
import { fixed, interval, percent, table } from "./report-format";
import { controlledSections } from "./stats-report-controlled";

interface Options {
  reference: string;
  json?: boolean;
  seed: string;
  rounds: string;
  skipBad?: boolean;
}

// Defaults: 1,000 bootstrap rounds (REFERENCE S4; the anchors use 100) and seed 0. The fixture
// judgments-a was made with --seed 7 --rounds 5000.
export function registerStatsCommand(program: Command) {
  program
    .command("stats")
    .description("win rates vs a reference model, Bradley–Terry ratings, annotator agreement and position bias of battle records")
    .argument(
      "<judgments>",
      "JSONL of battle records {comparison_id, instruction_id, model_a, model_b, annotator, winner, left, ...}, or FastChat's battles (a JSON array or JSONL of {model_a, model_b, winner, judge, anony, tstamp, ...})",
    )
    .requiredOption("--reference <model>", "the reference model every candidate is compared with (Bradley–Terry anchor at 1000)")
    .option("--json", "print JSON")
    .option("--seed <n>", "bootstrap seed (integer)", "0")
    .option("--rounds <n>", "bootstrap resamples", "1000")
    .option("--skip-bad", "compute from the good lines even when some are bad (bad ones are still listed)")
    .action((file: string, opts: Options) => {
      process.exitCode = run(file, opts);
    });
}

function run(file: string, opts: Options): number {
  const seed = Number(opts.seed);
  const rounds = Number(opts.rounds);
  const problems = [
    !(opts.seed.trim() !== "" && Number.isSafeInteger(seed)) && "--seed: an integer",
    !(opts.rounds.trim() !== "" && Number.isInteger(rounds) && rounds >= 1 && rounds <= 1_000_000) &&
      "--rounds: an integer from 1 to 1,000,000",
  ].filter((p) => p !== false);
  if (problems.length > 0) throw usageError(...problems);
  const read = readBattleFile(readFileSync(file, "utf8"));
  const checked = checkBattles(read.records);
  const errors = [...read.errors, ...checked.errors].sort((a, b) => a.line - b.line);
  if (errors.length > 0 && !opts.skipBad) {
    const message = `${file}: ${errors.length} bad ${read.unit}${errors.length === 1 ? "" : "s"}; nothing computed (--skip-bad computes from the rest)`;
    throw new DomainError("invalid", "invalid_file", message, { lines: errors, unit: read.unit });
  }
  for (const e of errors) console.error(`${file}: ${read.unit} ${e.line}: ${e.message}`);
  for (const note of read.notes) console.error(`${file}: ${note}`);
  const index = indexBattles(checked.battles);
  if (!index.models.includes(opts.reference)) {
    const message = `--reference: ${opts.reference} is in no judgment (models: ${index.models.join(", ") || "none"})`;
    throw new DomainError("not_found", "not_found", message);
  }
  const stats = battleStats(index, { reference: opts.reference, seed, rounds });
  console.log(opts.json ? JSON.stringify(stats) : report(stats, rounds));
  return 0;
}

function breakdown(
  title: string,
  stats: BattleStats,
  pick: (m: BattleStats["vs_reference"][string]) => Record<string, WinTally> | undefined,
): string[] {
  const models = Object.keys(stats.vs_reference);
  const labels = [...new Set(models.flatMap((m) => Object.keys(pick(stats.vs_reference[m]!) ?? {})))];
  if (labels.length === 0) return [];
  const rows = [[title, ...models]];
  for (const label of labels) {
    rows.push([
      label,
      ...models.map((m) => {
        const t = pick(stats.vs_reference[m]!)?.[label];
        return t ? `${percent(t.win_rate)} (${t.n})` : "-";
      }),
    ]);
  }
  return ["", `Win rate by ${title} (n judgments)`, table(rows)];
}

function report(stats: BattleStats, rounds: number): string {
  const ref = stats.reference_model;
  const lines = [
    `${stats.judgments} judgments, ${stats.comparisons} comparisons; reference ${ref}; bootstrap ${rounds} rounds over instructions, seed ${stats.seed}`,
    "",
    `Win rate vs ${ref}: (wins + ties/2) / n over judgments; every 95% CI by bootstrap over instructions (${rounds} rounds, seed ${stats.seed})`,
  ];
  const rows = [
    ["model", "n", "win", "tie", "loss", "win rate", "95% CI", "excl. ties", "majority vote", "BT rating", "BT 95% CI", "BT win rate"],
  ];
  rows.push([`${ref} (reference)`, "", "", "", "", "", "", "", "", fixed(stats.bradley_terry[ref], 1), "", ""]);
  for (const [model, v] of Object.entries(stats.vs_reference)) {
    rows.push([
      model,
      String(v.all.n),
      String(v.all.win),
      String(v.all.tie),
      String(v.all.loss),
      percent(v.all.win_rate),
      interval(v.bootstrap_ci95_over_instructions, (x) => (100 * x).toFixed(1)),
      percent(v.all.win_rate_excluding_ties),
      `${percent(v.majority_vote.win_rate)} (${v.majority_vote.n})`,
      fixed(stats.bradley_terry[model], 1),
      interval(stats.bradley_terry_ci95[model], (x) => fixed(x, 1)),
      percent(stats.bt_win_rate_vs_reference[model]),
    ]);
  }
  // Models met only through other candidates have a rating but no direct win rate.
  for (const model of Object.keys(stats.bradley_terry)) {
    if (model === ref || model in stats.vs_reference) continue;
    rows.push([
      model,
      "0",
      "",
      "",
      "",
      "-",
      "-",
      "-",
      "-",
      fixed(stats.bradley_terry[model], 1),
      interval(stats.bradley_terry_ci95[model], (x) => fixed(x, 1)),
      percent(stats.bt_win_rate_vs_reference[model]),
    ]);
  }
  lines.push(table(rows));
  lines.push(...breakdown("length bucket", stats, (m) => m.by_length_bucket));
  lines.push(...breakdown("category", stats, (m) => m.by_category));
  lines.push(...controlledSections(stats));

  const a = stats.agreement;
  lines.push("", "Agreement (verdicts model_a / tie / model_b)");
  lines.push(
    table([
      ["annotators", "n", "Cohen's κ", "agreement"],
      ...Object.entries(a.cohen_kappa).map(([pair, k]) => [pair, String(k.n), fixed(k.kappa), percent(k.agreement)]),
    ]),
  );
  lines.push(
    `Fleiss' κ ${fixed(a.fleiss_kappa)}; Krippendorff's α nominal ${fixed(a.krippendorff_alpha_nominal)}, interval ${fixed(a.krippendorff_alpha_interval)}; ` +
      `pairwise agreement ${percent(a.pairwise_agreement)}`,
  );
  lines.push(
    `Agreement with the majority of the others: ${
      Object.entries(a.with_majority_of_others)
        .map(([name, o]) => `${name} ${percent(o.agreement)} (${o.n})`)
        .join(", ") || "-"
    }`,
  );

  const p = stats.position_bias;
  lines.push(
    "",
    `Position bias: the left side won ${p.left_wins} of ${p.decided} decided judgments (${percent(p.left_win_rate)}); ` +
      `two-sided exact binomial p = ${p.p_value === null ? "-" : p.p_value < 0.001 ? p.p_value.toExponential(2) : p.p_value.toPrecision(3)}`,
  );
  return lines.join("\n");
}
