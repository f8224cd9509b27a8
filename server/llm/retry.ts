/** An error worth another attempt (rate limit, server error, network, stall, cut stream, empty answer). */
export class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** An error that another attempt cannot fix (bad request, context too long, auth, unknown model). */
export class PermanentError extends Error {}

/**
 * Nothing listens at the address, or the name does not resolve: waiting 30 s of backoff would only hide
 * it. The runner tries the model's other base URLs, if any, then fails the item at once.
 */
export class UnreachableError extends PermanentError {}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000 };

/**
 * Exponential backoff with full jitter (AWS's recommendation: spreads retries of many clients) after
 * attempt `attempt` (1-based). A server's Retry-After wins when it asks for longer.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(ceiling * random());
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, 10 * policy.maxDelayMs));
}

/** Retry-After as seconds or an HTTP date (RFC 9110), or retry-after-ms as OpenAI sends it. */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now: Date): number | undefined {
  const ms = headers?.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers?.get("retry-after");
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}
