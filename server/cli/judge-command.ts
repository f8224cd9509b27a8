import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import type { JudgeTemplate, JudgeTemplateKind } from "../../shared/schemas/judging";
import type { Context } from "../context";
import { createContext } from "../context";
import { DomainError } from "../errors/domain-error";
import { createJudgeJob } from "../judging/jobs";
import { builtinTemplate, templateProblem } from "../judging/template";
import { silentLogger } from "../logger";
import { cliRunner } from "./cli-runner";
import { OptionProblems } from "./option-problems";
import { openMigrated } from "./open-db";
import { modelRef, setRef } from "./resolve-ref";
import { runWithProgress } from "./run-job-progress";

interface JudgeOptions {
  set: string;
  judge: string;
  template?: string;
  models?: string;
  maxAnswers: string;
  json?: boolean;
  db?: string;
}

export function registerJudgeCommand(program: Command) {
  program
    .command("judge")
    .description("score a set's finished samples with an LLM judge (S_q) and run until the job ends; judged samples are not asked again")
    .requiredOption("--set <id|name>", "instruction set")
    .requiredOption("--judge <id|name>", "judge model (see `longpref model add`, `longpref ls models`)")
    .option("--template <name|file>", "a stored judge template's name, or a text file with $INST$ and $RESPONSE$ (default: the builtin)")
    .option("--models <ids|names>", "only the samples of these models, comma-separated")
    .option("--max-answers <n>", "answers asked per sample before it is marked judge failed", "3")
    .option("--json", 'print {"job_id", "done", "failed", "cached", "judgments"} at the end')
    .option("--db <path|url>", "database: a SQLite file or a postgres:// URL (default: $LONGPREF_DB or data/longpref.db)")
    .action(async (opts: JudgeOptions) => {
      process.exitCode = await run(opts);
    });
}

/**
 * A stored template of the kind by name, or the text of a file stored as a template (reused when the same
 * text is stored); a message when neither.
 */
export function findTemplate(ctx: Context, ref: string, kind: JudgeTemplateKind = "single"): JudgeTemplate | string {
  const named = ctx.judgeTemplates.findByName(ref);
  if (named) return named.kind === kind ? named : `--template: "${ref}" is a ${named.kind} template, not a ${kind} one`;
  if (!existsSync(ref)) return `--template: no template named "${ref}" and no such file`;
  const text = readFileSync(ref, "utf8");
  const problem = templateProblem(text, kind);
  if (problem) return `--template: ${ref}: ${problem.replace(/^text: /, "")}`;
  const same = ctx.judgeTemplates.byHash(ctx.judgeTemplates.hashOf(text));
  if (same) return same;
  const base = basename(ref);
  let name = base;
  for (let i = 2; ctx.judgeTemplates.findByName(name); i++) name = `${base} (${i})`;
  return ctx.judgeTemplates.create(name, text, null, new Date(), kind);
}

async function run(opts: JudgeOptions): Promise<number> {
  const db = openMigrated(opts.db);
  const ctx = createContext(db, () => new Date(), silentLogger);
  try {
    const check = new OptionProblems(ctx, opts.json === true);
    const set = check.ref(setRef, "--set", opts.set);
    const judge = check.ref(modelRef, "--judge", opts.judge);
    const models = opts.models
      ?.split(",")
      .map((n) => n.trim())
      .filter(Boolean)
      .map((ref) => check.ref(modelRef, "--models", ref));
    const maxAnswers = Number(opts.maxAnswers);
    check.usage(!(Number.isInteger(maxAnswers) && maxAnswers >= 1 && maxAnswers <= 10) && "--max-answers: an integer from 1 to 10");
    // A template file is read (and stored) only once the rest is known to be right.
    check.throwIfAny();
    const template = opts.template === undefined ? builtinTemplate(ctx, new Date()) : findTemplate(ctx, opts.template);
    if (typeof template === "string") throw new DomainError("invalid", "bad_template", template);
    if (!set || !judge || models?.some((m) => !m)) throw new Error("unreachable: checked above");
    const filter = models ? { model_ids: models.map((m) => m!.id) } : {};
    let jobId = ctx.judgeJobs.findUnfinished(set.id, judge.id, template.id, filter);
    if (jobId !== undefined) {
      ctx.judgeJobs.setStatus(jobId, "running", new Date());
      if (!opts.json) console.error(`Continuing judge job ${jobId}`);
    } else {
      jobId = createJudgeJob(
        ctx,
        { set_id: set.id, judge_model_id: judge.id, template_id: template.id, filter, max_answers: maxAnswers },
        null,
      );
      if (!opts.json) console.error(`Started judge job ${jobId} (template "${template.name}")`);
    }
    const id = jobId;
    const runner = cliRunner(ctx);
    const job = () => ctx.judgeJobs.get(id)!;
    await runWithProgress(
      runner,
      { total: job().total, counts: () => job().counts, run: (p) => runner.runJudgeJob(id, p) },
      opts.json === true,
    );
    const { counts, cached, total, status } = job();
    if (opts.json) console.log(JSON.stringify({ job_id: id, done: counts.done, failed: counts.failed, cached, judgments: total }));
    else
      console.log(
        `Judge job ${id} ${status}: ${counts.done} judged, ${counts.failed} judge failed of ${total}; ${cached} already judged before`,
      );
    return counts.failed > 0 || status !== "done" ? 1 : 0;
  } finally {
    db.close();
  }
}
