import { z } from "zod";
import { pageOf } from "./page";

// The key itself never enters the database or the API: only the name of the variable holding it.
export const EnvVarNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");

export const GenerationParamsSchema = z.strictObject({
  temperature: z.number().min(0).max(2),
  top_p: z.number().gt(0).max(1).nullable(),
  max_tokens: z.number().int().min(1).max(1_000_000),
});
export type GenerationParams = z.infer<typeof GenerationParamsSchema>;

// LongWriter's sampling settings: temperature 0.5, up to 32,768 new tokens.
export const defaultGenerationParams: GenerationParams = { temperature: 0.5, top_p: null, max_tokens: 32768 };

/** vLLM and SGLang take any n; 16 keeps one request's streams (and a cut's retry) within reason. */
export const maxNPerRequest = 16;

export const modelSources = ["ui", "config", "import", "demo"] as const;

export const ModelSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  base_urls: z.array(z.string()),
  model: z.string(),
  api_key_env: z.string().nullable(),
  /** Whether the named variable is set in the server's environment (its value is never sent). */
  api_key_present: z.boolean(),
  params: GenerationParamsSchema,
  max_in_flight: z.number().int(),
  timeout_ms: z.number().int(),
  is_reference: z.boolean(),
  /** Resume an interrupted sample from its saved text (servers that continue a final assistant message). */
  resume_partial: z.boolean(),
  /** Samples of one instruction asked for in one streamed request (OpenAI's `n`); 1: a request per sample. */
  n_per_request: z.number().int(),
  source: z.enum(modelSources),
  /** Name of the user who created it; null for models from the config file, the demo or the CLI. */
  created_by: z.string().nullable(),
  created_at: z.string(),
});
export type Model = z.infer<typeof ModelSchema>;

// The client appends /chat/completions to the text of a base URL: a "?" or "#" would swallow that path
// (and point the request anywhere on the host); credentials belong in the key variable, not the URL.
const UrlSchema = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).superRefine((url, ctx) => {
  if (url.includes("?")) ctx.addIssue({ code: "custom", message: "must not have a query string (?)" });
  if (url.includes("#")) ctx.addIssue({ code: "custom", message: "must not have a fragment (#)" });
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (parsed && (parsed.username !== "" || parsed.password !== "")) {
    ctx.addIssue({
      code: "custom",
      message: "must not hold a user name or password (user:password@); name the key's variable in api_key_env",
    });
  }
});

export const ModelFieldsSchema = z.strictObject({
  name: z.string().trim().min(1, "name is required").max(100),
  base_urls: z.array(UrlSchema).min(1, "at least one base URL is required").max(32),
  model: z.string().trim().min(1, "model is required").max(200),
  api_key_env: EnvVarNameSchema.nullable().optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().gt(0).max(1).nullable().optional(),
  max_tokens: z.number().int().min(1).max(1_000_000).optional(),
  max_in_flight: z.number().int().min(1).max(1024).optional(),
  timeout_ms: z
    .number()
    .int()
    .min(1000)
    .max(24 * 3600 * 1000)
    .optional(),
  is_reference: z.boolean().optional(),
  resume_partial: z.boolean().optional(),
  n_per_request: z.number().int().min(1).max(maxNPerRequest).optional(),
});
export const CreateModelBodySchema = ModelFieldsSchema;
export type CreateModelBody = z.infer<typeof CreateModelBodySchema>;
export const UpdateModelBodySchema = ModelFieldsSchema.partial();
export type UpdateModelBody = z.infer<typeof UpdateModelBodySchema>;

/** Answer of GET /api/models: a page of models (docs/decisions/032-one-pagination-convention.md) and what the form needs. */
export const ModelsResponseSchema = pageOf(ModelSchema).extend({
  /** Whether the caller may add models and change where they point (an admin, or researchers when delegated). */
  endpoints_editable: z.boolean(),
  /** Key variables the admin allows besides LONGPREF_KEY_* (LONGPREF_KEY_ENVS), for the form's help. */
  key_envs: z.array(z.string()),
});
export const ModelResponseSchema = z.object({ model: ModelSchema });
