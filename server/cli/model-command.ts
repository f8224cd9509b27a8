import type { Command } from "commander";
import { CreateModelBodySchema } from "../../shared/schemas/model";
import { modelsRepo } from "../db/repos/models";
import { describeZodError } from "../errors/zod-issues";
import { endpointPolicy, keyPresence } from "../endpoint-policy";
import { fieldsFromBody, policyProblems } from "../sampling/model-fields";
import { DomainError } from "../errors/domain-error";
import { usageError } from "./cli-error";
import { openMigrated } from "./open-db";

interface ModelAddOptions {
  baseUrl: string[];
  model?: string;
  apiKeyEnv?: string;
  concurrency?: string;
  reference?: boolean;
  resumePartial?: boolean;
  nPerRequest?: string;
  temperature?: string;
  maxTokens?: string;
  timeout?: string;
  db?: string;
}

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

export function registerModelCommand(program: Command) {
  const model = program.command("model").description("manage generation endpoints");
  model
    .command("add")
    .description("register an OpenAI-compatible endpoint (vLLM, SGLang, Ollama, llama.cpp, OpenAI, GLM)")
    .argument("<name>", "name of the model in longpref")
    .option(
      "--base-url <url>",
      "base URL, e.g. http://localhost:8000/v1 (repeat to spread load); leave out with --reference for a model whose outputs are imported",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("--model <id>", "model id the endpoint expects (required with --base-url)")
    .option(
      "--api-key-env <var>",
      "NAME of the environment variable holding the API key: LONGPREF_KEY_* or one listed in LONGPREF_KEY_ENVS (the key is never stored)",
    )
    .option("--concurrency <n>", "maximum requests in flight (default 8)")
    .option("--reference", "a baseline such as GPT-4o")
    .option("--resume-partial", "continue interrupted samples from their saved text (vLLM, SGLang, Ollama)")
    .option(
      "--n-per-request <n>",
      "samples of one instruction asked for in one request with OpenAI's n (vLLM, SGLang, OpenAI; 1-16, default 1): one prefill instead of n",
    )
    .option("--temperature <t>", "default 0.5")
    .option("--max-tokens <n>", "default 32768")
    .option("--timeout <seconds>", "per request (default 3600)")
    .option("--db <path|url>", "database: a SQLite file or a postgres:// URL (default: $LONGPREF_DB or data/longpref.db)")
    .action((name: string, opts: ModelAddOptions) => {
      if (opts.baseUrl.length === 0) {
        process.exitCode = addReferenceWithoutEndpoint(name, opts);
        return;
      }
      if (opts.model === undefined) throw usageError("--model: the model id the endpoint expects is required with --base-url");
      const parsed = CreateModelBodySchema.safeParse({
        name,
        base_urls: opts.baseUrl,
        model: opts.model,
        api_key_env: opts.apiKeyEnv,
        max_in_flight: num(opts.concurrency),
        is_reference: opts.reference === true,
        resume_partial: opts.resumePartial === true,
        n_per_request: num(opts.nPerRequest),
        temperature: num(opts.temperature),
        max_tokens: num(opts.maxTokens),
        timeout_ms: opts.timeout === undefined ? undefined : Number(opts.timeout) * 1000,
      });
      if (!parsed.success) throw usageError(...describeZodError(parsed.error).issues.map((i) => `${i.path}: ${i.message}`));
      const fields = fieldsFromBody(parsed.data);
      // What this environment's endpoint policy refuses (a host, a key variable): not a malformed command.
      const problems = policyProblems(fields, endpointPolicy(process.env));
      if (problems.length > 0) throw new DomainError("forbidden", "forbidden", problems.join("; "), { problems });
      const db = openMigrated(opts.db);
      try {
        const models = modelsRepo(db, keyPresence(endpointPolicy(process.env), process.env));
        if (models.findByName(name)) throw new DomainError("conflict", "conflict", `a model named "${name}" already exists`);
        const created = models.create(fields, "ui", new Date());
        console.log(
          `Added model "${created.name}" (${created.model} at ${created.base_urls.join(", ")}, ${created.max_in_flight} in flight` +
            `${created.n_per_request > 1 ? `, ${created.n_per_request} samples per request` : ""})`,
        );
        if (created.api_key_env && !created.api_key_present) {
          console.log(`Note: ${created.api_key_env} is not set in this environment; set it where the server runs.`);
        }
      } finally {
        db.close();
      }
    });
}

/**
 * `model add NAME --reference` without a base URL: a reference whose outputs are imported (GPT-4o's, say)
 * is never asked for anything. An existing model (made by an outputs import) becomes the reference; a new
 * name is registered without an endpoint, for `import-outputs --model NAME` to fill. Sampling from it
 * later is refused, naming the missing base URL.
 */
function addReferenceWithoutEndpoint(name: string, opts: ModelAddOptions): number {
  if (!opts.reference) {
    throw usageError(
      "--base-url: required to register an endpoint (without one, `model add NAME --reference` marks a model whose outputs are imported as the reference)",
    );
  }
  const endpointOnly = (["apiKeyEnv", "concurrency", "resumePartial", "nPerRequest", "timeout"] as const).filter(
    (o) => opts[o] !== undefined,
  );
  if (endpointOnly.length > 0) {
    throw usageError(
      `${endpointOnly.map((o) => `--${o.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(", ")}: only with --base-url`,
    );
  }
  const parsed = CreateModelBodySchema.pick({ name: true, model: true }).safeParse({ name, model: opts.model ?? name });
  if (!parsed.success) throw usageError(...describeZodError(parsed.error).issues.map((i) => `${i.path}: ${i.message}`));
  const db = openMigrated(opts.db);
  try {
    const models = modelsRepo(db, keyPresence(endpointPolicy(process.env), process.env));
    const existing = models.findByName(parsed.data.name);
    if (existing) {
      if (!existing.is_reference) models.update(existing.id, { ...existing, is_reference: true });
      const outputs = models.sampleCount(existing.id);
      console.log(`Model "${existing.name}" is now a reference model (${outputs} output${outputs === 1 ? "" : "s"})`);
      return 0;
    }
    const created = models.create(
      {
        ...fieldsFromBody({ name: parsed.data.name, model: parsed.data.model, base_urls: [] }),
        is_reference: true,
      },
      "ui",
      new Date(),
    );
    console.log(
      `Added reference model "${created.name}" without an endpoint: import its outputs with \`import-outputs --model ${created.name}\``,
    );
    return 0;
  } finally {
    db.close();
  }
}
