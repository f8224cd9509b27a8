import { type PermanentError, RetryableError, UnreachableError } from "./retry";

/**
 * A base URL as an error may show it: scheme, host, port and path, never user:password@, a query string or
 * a fragment (the model schema refuses those, but a row written by hand or from a config file may hold one).
 */
export function endpointLabel(baseUrl: string): string {
  if (!URL.canParse(baseUrl)) return "(invalid base URL)";
  const url = new URL(baseUrl);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}

// Connection errors that say nothing listens there (or cannot), as opposed to one that broke on the way.
const unreachableCodes = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

/** The system error code somewhere in the causes (fetch wraps the socket's error; happy eyeballs aggregates). */
function causeCode(err: unknown): { code: string | null; message: string } {
  let message = err instanceof Error ? err.message : String(err);
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 6; depth++) {
    message = e.message;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return { code, message };
    const inner = e instanceof AggregateError && e.errors.length > 0 ? e.errors[0] : e.cause;
    e = inner;
  }
  return { code: null, message };
}

/**
 * A failed connection in words that name the endpoint and the cause: "could not connect to
 * http://127.0.0.1:8000/v1: ECONNREFUSED", "DNS lookup failed for http://gpu1/v1: ENOTFOUND". Refused or
 * unresolvable fails at once; anything else (reset, connect timeout, a DNS hiccup) may be retried.
 */
export function connectionError(err: unknown, baseUrl: string): PermanentError | RetryableError {
  const url = endpointLabel(baseUrl);
  const { code, message } = causeCode(err);
  if (code === "ENOTFOUND") return new UnreachableError(`DNS lookup failed for ${url}: ENOTFOUND (no such host)`);
  if (code === "EAI_AGAIN") return new RetryableError(`DNS lookup failed for ${url}: EAI_AGAIN (temporary failure)`);
  if (code !== null && unreachableCodes.has(code)) return new UnreachableError(`could not connect to ${url}: ${code}`);
  // fetch refuses ports it considers unsafe (9, 25, 6000...) before connecting.
  if (message === "bad port") return new UnreachableError(`could not connect to ${url}: the port is one fetch refuses to use (bad port)`);
  return new RetryableError(`connection failed (${url}): ${code ?? message.slice(0, 200)}`);
}
