import type { Command } from "commander";
import { SamplingStrategySchema } from "../../shared/schemas/sampling";
import { createContext } from "../context";
import { silentLogger } from "../logger";
import { createSamplingJob } from "../sampling/jobs";
import { cliRunner } from "./cli-runner";
import { OptionProblems } from "./option-problems";
import { openMigrated } from "./open-db";
import { modelRef, setRef } from "./resolve-ref";
import { runWithProgress } from "./run-job-progress";

interface SampleOptions {
  set: string;
  model: string;
  n: string;
  strategy: string;
  json?: boolean;
  new?: boolean;
  db?: string;
}

export function registerSampleCommand(program: Command) {
  program
    .command("sample")
    .description("sample outputs for an instruction set and run until the job ends (continues an unfinished one)")
    .requiredOption("--set <id|name>", "instruction set")
    .requiredOption("--model <id|name>", "model (see `longpref model add`, `longpref ls models`)")
    .option("--n <n>", "samples per instruction", "4")
    .option("--strategy <strategy>", "direct | agentwrite", "direct")
    .option("--new", "start a new job even if an unfinished one exists")
    .option("--json", 'print {"job_id", "done", "failed", "samples"} at the end')
    .option("--db <path|url>", "database: a SQLite file or a postgres:// URL (default: $LONGPREF_DB or data/longpref.db)")
    .action(async (opts: SampleOptions) => {
      process.exitCode = await run(opts);
    });
}

async function run(opts: SampleOptions): Promise<number> {
  const db = openMigrated(opts.db);
  const ctx = createContext(db, () => new Date(), silentLogger);
  try {
    const check = new OptionProblems(ctx, opts.json === true);
    const set = check.ref(setRef, "--set", opts.set);
    const model = check.ref(modelRef, "--model", opts.model);
    const strategy = SamplingStrategySchema.safeParse(opts.strategy);
    const n = Number(opts.n);
    check.usage(!strategy.success && "--strategy: direct or agentwrite");
    check.usage(!(Number.isInteger(n) && n >= 1 && n <= 64) && "--n: an integer from 1 to 64");
    check.throwIfAny();
    if (!set || !model || !strategy.success) throw new Error("unreachable: checked above");
    let jobId = opts.new ? undefined : ctx.samplingJobs.findUnfinished(set.id, model.id, n, strategy.data);
    if (jobId !== undefined) {
      ctx.samplingJobs.setStatus(jobId, "running", new Date());
      if (!opts.json) console.error(`Continuing sampling job ${jobId}`);
    } else {
      jobId = createSamplingJob(ctx, { set_id: set.id, model_id: model.id, n, strategy: strategy.data }, null);
      if (!opts.json) console.error(`Started sampling job ${jobId}`);
    }
    const id = jobId;
    const runner = cliRunner(ctx);
    await runWithProgress(
      runner,
      { total: ctx.samplingJobs.get(id)!.total, counts: () => ctx.samplingJobs.get(id)!.counts, run: (p) => runner.runJob(id, p) },
      opts.json === true,
    );
    const job = ctx.samplingJobs.get(id)!;
    if (opts.json) console.log(JSON.stringify({ job_id: id, done: job.counts.done, failed: job.counts.failed, samples: job.total }));
    else console.log(`Job ${id} ${job.status}: ${job.counts.done} done, ${job.counts.failed} failed of ${job.total}`);
    return job.counts.failed > 0 || job.status !== "done" ? 1 : 0;
  } finally {
    db.close();
  }
}
