import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { CreateModelBodySchema } from "../../shared/schemas/model";
import type { Context } from "../context";
import { describeZodError } from "../errors/zod-issues";
import { fieldsFromBody, mergeFields, policyProblems } from "./model-fields";

const ModelsFileSchema = z.object({ models: z.array(CreateModelBodySchema) });

/**
 * Reads the models config file (JSON `{"models": [CreateModelBody...]}`) at start and creates or updates
 * each model by name. A bad file stops the start with the failing field named.
 */
export function loadModelsFile(ctx: Context, path: string): string[] {
  if (!existsSync(path)) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`${path}: not JSON (${(err as Error).message})`);
  }
  const parsed = ModelsFileSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${path}: ${describeZodError(parsed.error).message}`);
  // The file is the admin's, but a key variable outside the allow-list is refused here too: the rule is
  // what keeps longpref's own settings from leaving as bearer tokens, whoever wrote the model.
  const problems = parsed.data.models.flatMap((body, i) => policyProblems(fieldsFromBody(body), ctx.policy).map((p) => `models.${i}.${p}`));
  if (problems.length > 0) throw new Error(`${path}: ${problems.join("; ")}`);
  return ctx.db.transaction(() =>
    parsed.data.models.map((body) => {
      const existing = ctx.models.findByName(body.name);
      if (existing) ctx.models.update(existing.id, mergeFields(existing, body));
      else ctx.models.create(fieldsFromBody(body), "config", ctx.now());
      return body.name;
    }),
  )();
}
