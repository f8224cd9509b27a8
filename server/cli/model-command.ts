import type { Command } from "commander";
import { CreateModelBodySchema } from "../../shared/schemas/model";
import { modelsRepo } from "../db/repos/models";
import { describeZodError } from "../errors/zod-issues";
import { endpointPolicy, keyPresence } from "../endpoint-policy";
import { fieldsFromBody, policyProblems } from "../sampling/model-fields";
import { openMigrated } from "./open-db";

interface ModelAddOptions {
  baseUrl: string[];
  model: string;
  apiKeyEnv?: string;
  concurrency?: string;
  reference?: boolean;
  resumePartial?: boolean;
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
    .requiredOption(
      "--base-url <url>",
      "base URL, e.g. http://localhost:8000/v1 (repeat to spread load)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .requiredOption("--model <id>", "model id the endpoint expects")
    .option(
      "--api-key-env <var>",
      "NAME of the environment variable holding the API key: LONGPREF_KEY_* or one listed in LONGPREF_KEY_ENVS (the key is never stored)",
    )
    .option("--concurrency <n>", "maximum requests in flight (default 8)")
    .option("--reference", "a baseline such as GPT-4o")
    .option("--resume-partial", "continue interrupted samples from their saved text (vLLM, SGLang, Ollama)")
    .option("--temperature <t>", "default 0.5")
    .option("--max-tokens <n>", "default 32768")
    .option("--timeout <seconds>", "per request (default 3600)")
    .option("--db <path>", "SQLite database (default: $LONGPREF_DB or data/longpref.db)")
    .action((name: string, opts: ModelAddOptions) => {
      const parsed = CreateModelBodySchema.safeParse({
        name,
        base_urls: opts.baseUrl,
        model: opts.model,
        api_key_env: opts.apiKeyEnv,
        max_in_flight: num(opts.concurrency),
        is_reference: opts.reference === true,
        resume_partial: opts.resumePartial === true,
        temperature: num(opts.temperature),
        max_tokens: num(opts.maxTokens),
        timeout_ms: opts.timeout === undefined ? undefined : Number(opts.timeout) * 1000,
      });
      if (!parsed.success) {
        console.error(describeZodError(parsed.error).message);
        process.exitCode = 1;
        return;
      }
      const fields = fieldsFromBody(parsed.data);
      const problems = policyProblems(fields, endpointPolicy(process.env));
      if (problems.length > 0) {
        problems.forEach((p) => console.error(p));
        process.exitCode = 1;
        return;
      }
      const db = openMigrated(opts.db);
      try {
        const models = modelsRepo(db, keyPresence(endpointPolicy(process.env), process.env));
        if (models.findByName(name)) {
          console.error(`a model named "${name}" already exists`);
          process.exitCode = 1;
          return;
        }
        const created = models.create(fields, "ui", new Date());
        console.log(
          `Added model "${created.name}" (${created.model} at ${created.base_urls.join(", ")}, ${created.max_in_flight} in flight)`,
        );
        if (created.api_key_env && !created.api_key_present) {
          console.log(`Note: ${created.api_key_env} is not set in this environment; set it where the server runs.`);
        }
      } finally {
        db.close();
      }
    });
}
