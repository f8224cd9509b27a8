import type { Command } from "commander";
import type { PairJudgeSummary } from "../../shared/schemas/pair-judging";
import { createContext } from "../context";
import { DomainError } from "../errors/domain-error";
import { createPairJudgeJob } from "../judging/pair-jobs";
import { builtinPairTemplate } from "../judging/pair-template";
import { silentLogger } from "../logger";
import { pairJudgeSummary } from "../stats/pair-judge-summary";
import { cliRunner } from "./cli-runner";
import { findTemplate } from "./judge-command";
import { OptionProblems } from "./option-problems";
import { openMigrated } from "./open-db";
import { campaignRef, modelRef } from "./resolve-ref";
import { runWithProgress } from "./run-job-progress";

interface JudgePairsOptions {
  campaign: string;
  judge: string;
  template?: string;
  json?: boolean;
  db?: string;
}

export function registerJudgePairsCommand(program: Command) {
  program
    .command("judge-pairs")
    .description(
      "ask an LLM judge to compare each of a campaign's comparisons in both orders and run until the job ends; answered orders are not asked again, an unfinished job is continued",
    )
    .requiredOption("--campaign <id|name>", "campaign whose comparisons are judged")
    .requiredOption("--judge <id|name>", "judge model (see `longpref model add`, `longpref ls models`)")
    .option(
      "--template <name|file>",
      "a stored pairwise template's name, or a text file with $INST$, $RESPONSE_A$ and $RESPONSE_B$ (default: the builtin)",
    )
    .option(
      "--json",
      'print {"job_id", "comparisons", "judged", "failed", "flip_rate", "left_rate", "longer_rate", "win_rate_vs_reference", "human_agreement"} at the end',
    )
    .option("--db <path|url>", "database: a SQLite file or a postgres:// URL (default: $LONGPREF_DB or data/longpref.db)")
    .action(async (opts: JudgePairsOptions) => {
      process.exitCode = await run(opts);
    });
}

const percent = (share: number | null) => (share === null ? "n/a" : `${(share * 100).toFixed(1)}%`);

function summaryLines(s: PairJudgeSummary, status: string): string[] {
  const lines = [
    `Pair judge job ${s.job_id} ${status}: ${s.judged} of ${s.comparisons} comparisons judged in both orders, ${s.failed} failed`,
    `flip on swap ${percent(s.flip_rate)}, picks the left ${percent(s.left_rate)}, picks the longer ${percent(s.longer_rate)}`,
  ];
  for (const [model, w] of Object.entries(s.win_rate_vs_reference ?? {})) {
    const ci = w.ci ? ` (95% CI ${percent(w.ci[0])} to ${percent(w.ci[1])})` : "";
    lines.push(`${model} vs the reference: win rate ${percent(w.win_rate)}${ci}`);
  }
  const h = s.human_agreement;
  if (h)
    lines.push(
      `agreement with the human majority on ${h.comparisons} comparisons: ${percent(h.agreement)}, kappa ${h.kappa?.toFixed(2) ?? "n/a"}`,
    );
  return lines;
}

async function run(opts: JudgePairsOptions): Promise<number> {
  const db = openMigrated(opts.db);
  const ctx = createContext(db, () => new Date(), silentLogger);
  try {
    const check = new OptionProblems(ctx, opts.json === true);
    const campaign = check.ref(campaignRef, "--campaign", opts.campaign);
    const judge = check.ref(modelRef, "--judge", opts.judge);
    // A template file is read (and stored) only once the rest is known to be right.
    check.throwIfAny();
    const template = opts.template === undefined ? builtinPairTemplate(ctx, new Date()) : findTemplate(ctx, opts.template, "pairwise");
    if (typeof template === "string") throw new DomainError("invalid", "bad_template", template);
    if (!campaign || !judge) throw new Error("unreachable: checked above");
    let jobId = ctx.pairJudgeJobs.findUnfinished(campaign.id, judge.id, template.id);
    if (jobId !== undefined) {
      ctx.pairJudgeJobs.setStatus(jobId, "running", new Date());
      if (!opts.json) console.error(`Continuing pair judge job ${jobId}`);
    } else {
      jobId = createPairJudgeJob(
        ctx,
        { source: { kind: "campaign", campaign_id: campaign.id }, judge_model_id: judge.id, template_id: template.id },
        null,
      );
      if (!opts.json) console.error(`Started pair judge job ${jobId} (template "${template.name}")`);
    }
    const id = jobId;
    const runner = cliRunner(ctx);
    const job = () => ctx.pairJudgeJobs.get(id)!;
    await runWithProgress(
      runner,
      { total: job().total, counts: () => job().counts, run: (p) => runner.runPairJudgeJob(id, p) },
      opts.json === true,
    );
    const summary = pairJudgeSummary(ctx, id);
    const { status } = job();
    if (opts.json) console.log(JSON.stringify(summary));
    else for (const line of summaryLines(summary, status)) console.log(line);
    return summary.failed > 0 || status !== "done" ? 1 : 0;
  } finally {
    db.close();
  }
}
