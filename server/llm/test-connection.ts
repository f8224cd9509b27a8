import type { ConnectionTest } from "../../shared/schemas/connection-test";
import type { Model } from "../../shared/schemas/model";
import { hostAllowed, keyEnvProblem, type EndpointPolicy } from "../endpoint-policy";
import type { ChatFn } from "./chat-client";
import { NIgnoredError } from "./choices";
import { endpointLabel } from "./endpoint-errors";

// Long enough for a cold endpoint to answer one token, short enough for someone waiting on a button.
const testTimeoutMs = 30_000;

/**
 * One tiny request (one token) to each of the model's base URLs through the same client, key and outbound
 * policy as its jobs. A base URL outside LONGPREF_ENDPOINT_HOSTS is not contacted at all (the rule a model
 * is saved under), so a test says nothing about a host the policy forbids beyond that it is forbidden.
 */
export async function testConnection(model: Model, policy: EndpointPolicy, env: NodeJS.ProcessEnv, chat: ChatFn): Promise<ConnectionTest> {
  const fail = (error: string, endpoints: ConnectionTest["endpoints"] = []): ConnectionTest => ({
    ok: false,
    latency_ms: null,
    model: model.model,
    error,
    endpoints,
  });
  if (model.base_urls.length === 0)
    return fail(`model "${model.name}" has no base URL (its outputs were imported): there is nothing to connect to`);
  const keyProblem = model.api_key_env === null ? null : keyEnvProblem(model.api_key_env, policy);
  if (keyProblem) return fail(`api_key_env: ${keyProblem}`);
  const endpoints = await Promise.all(
    model.base_urls.map(async (baseUrl): Promise<ConnectionTest["endpoints"][number]> => {
      const base_url = endpointLabel(baseUrl);
      const host = URL.canParse(baseUrl) ? new URL(baseUrl).hostname : "";
      if (policy.hosts && !hostAllowed(host, policy.hosts))
        return {
          base_url,
          ok: false,
          latency_ms: null,
          error: `refused by LONGPREF_ENDPOINT_HOSTS: ${base_url} is outside ${policy.hosts.text}`,
        };
      const started = performance.now();
      // A model set to ask several samples per request is asked for two choices: an endpoint that answers one
      // ignores n (its samples then go one per request, which works but saves nothing).
      const probeN = model.n_per_request > 1;
      try {
        await chat({
          ...(probeN ? { n: 2 } : {}),
          baseUrl,
          apiKey: model.api_key_env ? env[model.api_key_env] : undefined,
          model: model.model,
          messages: [{ role: "user", content: "Say OK." }],
          temperature: 0,
          topP: null,
          maxTokens: 1,
          allowEmpty: true,
          timeoutMs: Math.min(model.timeout_ms, testTimeoutMs),
          stallMs: testTimeoutMs,
          signal: AbortSignal.timeout(testTimeoutMs + 1000),
        });
        return { base_url, ok: true, latency_ms: Math.round(performance.now() - started), ...(probeN ? { n_supported: true } : {}) };
      } catch (err) {
        if (err instanceof NIgnoredError)
          return { base_url, ok: true, latency_ms: Math.round(performance.now() - started), n_supported: false };
        return { base_url, ok: false, latency_ms: null, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
  const failed = endpoints.find((e) => !e.ok);
  if (failed) return fail(failed.error ?? "failed", endpoints);
  const n_supported = model.n_per_request > 1 ? endpoints.every((e) => e.n_supported === true) : undefined;
  return {
    ok: true,
    latency_ms: Math.max(...endpoints.map((e) => e.latency_ms ?? 0)),
    model: model.model,
    endpoints,
    ...(n_supported === undefined ? {} : { n_supported }),
  };
}
