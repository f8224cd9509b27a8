import { defaultGenerationParams, type CreateModelBody, type Model, type UpdateModelBody } from "../../shared/schemas/model";
import type { ModelFields } from "../db/repos/models";
import { baseUrlProblem, keyEnvProblem, type EndpointPolicy } from "../endpoint-policy";

// Defaults for what a new model leaves out: LongWriter's sampling settings, a modest concurrency, and
// an hour per request (32k tokens at 10–30 tokens/s takes that long).
export const modelDefaults = { max_in_flight: 8, timeout_ms: 3_600_000 };

export function fieldsFromBody(body: CreateModelBody): ModelFields {
  return {
    name: body.name,
    base_urls: body.base_urls.map((u) => u.replace(/\/+$/, "")),
    model: body.model,
    api_key_env: body.api_key_env ?? null,
    params: {
      temperature: body.temperature ?? defaultGenerationParams.temperature,
      top_p: body.top_p ?? defaultGenerationParams.top_p,
      max_tokens: body.max_tokens ?? defaultGenerationParams.max_tokens,
    },
    max_in_flight: body.max_in_flight ?? modelDefaults.max_in_flight,
    timeout_ms: body.timeout_ms ?? modelDefaults.timeout_ms,
    is_reference: body.is_reference ?? false,
    resume_partial: body.resume_partial ?? false,
    n_per_request: body.n_per_request ?? 1,
  };
}

export function mergeFields(model: Model, patch: UpdateModelBody): ModelFields {
  return {
    name: patch.name ?? model.name,
    base_urls: patch.base_urls?.map((u) => u.replace(/\/+$/, "")) ?? model.base_urls,
    model: patch.model ?? model.model,
    api_key_env: patch.api_key_env === undefined ? model.api_key_env : patch.api_key_env,
    params: {
      temperature: patch.temperature ?? model.params.temperature,
      top_p: patch.top_p === undefined ? model.params.top_p : patch.top_p,
      max_tokens: patch.max_tokens ?? model.params.max_tokens,
    },
    max_in_flight: patch.max_in_flight ?? model.max_in_flight,
    timeout_ms: patch.timeout_ms ?? model.timeout_ms,
    is_reference: patch.is_reference ?? model.is_reference,
    resume_partial: patch.resume_partial ?? model.resume_partial,
    n_per_request: patch.n_per_request ?? model.n_per_request,
  };
}

/**
 * What the endpoint policy refuses in a model's fields (a key variable outside the allow-list, a base URL
 * outside LONGPREF_ENDPOINT_HOSTS), as `field: reason` lines; empty when the model may be saved.
 */
export function policyProblems(fields: ModelFields, policy: EndpointPolicy): string[] {
  const key = fields.api_key_env === null ? null : keyEnvProblem(fields.api_key_env, policy);
  return [
    ...(key ? [`api_key_env: ${key}`] : []),
    ...fields.base_urls.flatMap((url, i) => {
      const problem = baseUrlProblem(url, policy);
      return problem ? [`base_urls.${i}: ${problem}`] : [];
    }),
  ];
}

/** Whether a change sends the model's requests (and its key) somewhere else: an admin's decision by default. */
export function changesEndpoint(model: Model, fields: ModelFields): boolean {
  return JSON.stringify(fields.base_urls) !== JSON.stringify(model.base_urls) || fields.api_key_env !== model.api_key_env;
}
