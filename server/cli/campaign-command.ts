import type { Command } from "commander";
import {
  campaignKinds,
  CreateCampaignBodySchema,
  kRange,
  verifiableStatuses,
  type CreateCampaignBody,
} from "../../shared/schemas/campaigns";
import { createCampaign, mergedSettings } from "../campaigns/create";
import { createContext, type Context } from "../context";
import { DomainError } from "../errors/domain-error";
import { silentLogger } from "../logger";
import { usageError } from "./cli-error";
import { OptionProblems } from "./option-problems";
import { openMigrated } from "./open-db";
import { modelRef, runRef, setRef } from "./resolve-ref";

interface CreateOptions {
  name: string;
  set: string;
  kind: string;
  model?: string;
  reference?: string;
  modelA?: string;
  modelB?: string;
  run?: string;
  statuses?: string;
  k?: string;
  kMin?: string;
  kMax?: string;
  assignment?: string;
  goldRate?: string;
  title?: string;
  annotators?: string;
  json?: boolean;
  db?: string;
}

export function registerCampaignCommand(program: Command) {
  const campaign = program.command("campaign").description("annotation campaigns");
  campaign
    .command("create")
    .description("create an annotation campaign and print its id")
    .requiredOption("--name <name>", "the researchers' name for it (annotators never see it)")
    .requiredOption("--set <id|name>", "instruction set")
    .requiredOption("--kind <kind>", `where the comparisons come from: ${campaignKinds.join(" | ")}`)
    .option("--model <id|name>", "vs-reference: the model judged against the reference")
    .option("--reference <id|name>", "vs-reference: the reference model (default: the set's)")
    .option("--model-a <id|name>", "custom: model A")
    .option("--model-b <id|name>", "custom: model B")
    .option("--run <id>", "verify-pairs: the pair run whose proposals are verified")
    .option("--statuses <list>", `verify-pairs: proposal statuses to verify, comma-separated (${verifiableStatuses.join(", ")})`)
    .option("--k <n>", "judgments per comparison (fixed k, default 3)")
    .option("--k-min <n>", "adaptive k: judgments every comparison gets at least")
    .option("--k-max <n>", "adaptive k: judgments a comparison gets at most (it stops once its outcome is decided)")
    .option("--assignment <mode>", "uniform (least-judged first, default) | adaptive")
    .option("--gold-rate <r>", "share of served items that are gold pairs, 0 to 0.3 (default 0)")
    .option("--title <title>", "what annotators see (default: the neutral 'Campaign <id>')")
    .option("--annotators <list>", "all (default) or comma-separated usernames or user ids")
    .option("--json", 'print {"id", "name", "comparisons", "k_min", "k_max", "assignment", "gold_rate"}')
    .option("--db <path|url>", "database: a SQLite file or a postgres:// URL (default: $LONGPREF_DB or data/longpref.db)")
    .action((opts: CreateOptions) => {
      process.exitCode = run(opts);
    });
}

const numberOption = (check: OptionProblems, option: string, value: string | undefined) => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) {
    check.usage(`${option}: "${value}" is not a number`);
    return undefined;
  }
  return n;
};

/** The source the options describe; the options a kind does not take are refused, not ignored. */
function sourceOf(check: OptionProblems, opts: CreateOptions): unknown {
  const given = (names: (keyof CreateOptions)[]) => names.filter((n) => opts[n] !== undefined);
  const flag = (n: string) => `--${n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const only = (kind: string, allowed: (keyof CreateOptions)[]) => {
    const others = (["model", "reference", "modelA", "modelB", "run", "statuses"] as const).filter((n) => !allowed.includes(n));
    for (const n of given(others)) check.usage(`${flag(n)}: not an option of --kind ${kind}`);
  };
  const need = (n: keyof CreateOptions, kind: string) => {
    if (opts[n] === undefined) check.usage(`${flag(n)}: required with --kind ${kind}`);
  };
  if (opts.kind === "vs-reference") {
    only("vs-reference", ["model", "reference"]);
    need("model", "vs-reference");
    const model = opts.model === undefined ? undefined : check.ref(modelRef, "--model", opts.model);
    const reference = opts.reference === undefined ? undefined : check.ref(modelRef, "--reference", opts.reference);
    return { kind: "vs-reference", model_id: model?.id ?? 0, ...(reference ? { reference_model_id: reference.id } : {}) };
  }
  if (opts.kind === "custom") {
    only("custom", ["modelA", "modelB"]);
    need("modelA", "custom");
    need("modelB", "custom");
    const a = opts.modelA === undefined ? undefined : check.ref(modelRef, "--model-a", opts.modelA);
    const b = opts.modelB === undefined ? undefined : check.ref(modelRef, "--model-b", opts.modelB);
    return { kind: "custom", model_a_id: a?.id ?? 0, model_b_id: b?.id ?? 0 };
  }
  if (opts.kind === "verify-pairs") {
    only("verify-pairs", ["run", "statuses"]);
    need("run", "verify-pairs");
    const r = opts.run === undefined ? undefined : check.ref(runRef, "--run", opts.run);
    const statuses = opts.statuses?.split(",").map((s) => s.trim());
    for (const s of statuses ?? [])
      if (!(verifiableStatuses as readonly string[]).includes(s))
        check.usage(`--statuses: "${s}" is not one of ${verifiableStatuses.join(", ")}`);
    return { kind: "verify-pairs", pair_run_id: r?.id ?? 0, ...(statuses ? { statuses } : {}) };
  }
  check.usage(`--kind: "${opts.kind}" is not one of ${campaignKinds.join(", ")}`);
  return undefined;
}

function annotatorsOf(ctx: Context, check: OptionProblems, value: string | undefined): "all" | number[] {
  if (value === undefined || value.trim() === "all") return "all";
  return value.split(",").flatMap((ref) => {
    const name = ref.trim();
    const user = (/^\d+$/.test(name) ? ctx.users.get(Number(name)) : undefined) ?? ctx.users.findByName(name);
    if (!user) check.usage(`--annotators: no user "${name}"`);
    return user ? [user.id] : [];
  });
}

function run(opts: CreateOptions): number {
  const db = openMigrated(opts.db);
  const ctx = createContext(db, () => new Date(), silentLogger);
  try {
    const check = new OptionProblems(ctx, opts.json === true);
    const set = check.ref(setRef, "--set", opts.set);
    const source = sourceOf(check, opts);
    const k = numberOption(check, "--k", opts.k);
    const body = {
      name: opts.name,
      ...(opts.title !== undefined ? { title: opts.title } : {}),
      set_id: set?.id ?? 0,
      source,
      annotators: annotatorsOf(ctx, check, opts.annotators),
      settings: k === undefined ? {} : { judgments_per_comparison: k },
      k_min: numberOption(check, "--k-min", opts.kMin),
      k_max: numberOption(check, "--k-max", opts.kMax),
      assignment: opts.assignment,
      gold_rate: numberOption(check, "--gold-rate", opts.goldRate),
    };
    check.throwIfAny();
    // Values out of range (k above 20, a gold rate above 0.3, k_min > k_max) are usage errors, told per option.
    const parsed = CreateCampaignBodySchema.safeParse(body);
    if (!parsed.success) throw usageError(...parsed.error.issues.map((i) => `${optionOf(i.path)}: ${i.message}`));
    let settings: ReturnType<typeof mergedSettings>;
    try {
      settings = mergedSettings(body, parsed.data);
    } catch (err) {
      if (err instanceof DomainError) throw usageError(err.message.replace(/^k_min/, "--k-min"));
      throw err;
    }
    // The body as given, not as parsed: the merge tells a value set in settings from a default.
    const id = createCampaign(ctx, body as CreateCampaignBody, null);
    const created = ctx.campaigns.get(id)!;
    const { k_min, k_max } = kRange(settings);
    const out = {
      id,
      name: created.name,
      comparisons: created.comparisons,
      k_min,
      k_max,
      assignment: settings.assignment,
      gold_rate: settings.gold_rate,
    };
    if (opts.json) console.log(JSON.stringify(out));
    else
      console.log(
        `Created campaign ${id} "${created.name}": ${created.comparisons} comparisons, k ${k_min === k_max ? k_max : `${k_min}–${k_max}`}, ` +
          `assignment ${settings.assignment}, gold rate ${settings.gold_rate}`,
      );
    return 0;
  } finally {
    db.close();
  }
}

const options: Record<string, string> = {
  k_min: "--k-min",
  k_max: "--k-max",
  gold_rate: "--gold-rate",
  assignment: "--assignment",
  judgments_per_comparison: "--k",
  name: "--name",
  title: "--title",
  statuses: "--statuses",
};

/** The option a schema problem is about, by the last field of its path that an option sets. */
function optionOf(path: PropertyKey[]): string {
  for (const key of [...path].reverse()) if (typeof key === "string" && options[key]) return options[key]!;
  return path.join(".");
}
