import { z } from "zod";
import { ApiErrorSchema } from "../../../shared/schemas/error";
import { apiErrorText } from "./api-error-text";
import { t } from "./i18n";

/** An error answer of the API (or a failure to reach it: status 0). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** From the Retry-After header of 429 answers, when the server sends one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

// The auth provider registers this so a 401 from any request signs the user out of the UI.
let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

// Several routes answer `{ ok: true }` and nothing else; the shared schemas have no name for it.
export const OkSchema = z.object({ ok: z.literal(true) });

const JSON_ACCEPT = { Accept: "application/json" };

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface ApiOptions<S extends z.ZodType> {
  method?: Method;
  body?: unknown;
  schema: S;
  signal?: AbortSignal;
}

/** The one way the client talks to the server: JSON in, JSON out, answers checked with shared schemas. */
export async function api<S extends z.ZodType>(path: string, options: ApiOptions<S>): Promise<z.output<S>> {
  const { method = "GET", schema } = options;
  const response = await apiResponse(path, options);
  const json: unknown = await response.json().catch(() => undefined);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    console.error(`Unexpected answer from ${method} ${path}`, parsed.error.issues);
    const message = t("The server sent an answer this page does not understand.");
    throw new ApiRequestError(response.status, "invalid_response", message, parsed.error.issues);
  }
  return parsed.data;
}

/**
 * A request whose successful answer the caller reads itself (a file download); a failure (no connection, an
 * error answer) is thrown as an ApiRequestError, exactly as api() throws it.
 */
export async function apiResponse(path: string, options: Omit<ApiOptions<z.ZodType>, "schema"> = {}): Promise<Response> {
  const { method = "GET", body, signal } = options;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? JSON_ACCEPT : { ...JSON_ACCEPT, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiRequestError(0, "network_error", t("Cannot reach the server. Check your connection and try again."));
  }

  if (!response.ok) {
    const status = response.status;
    const parsed = ApiErrorSchema.safeParse(await response.json().catch(() => undefined));
    const error = parsed.success
      ? new ApiRequestError(
          status,
          parsed.data.error,
          apiErrorText(parsed.data.error, parsed.data.message),
          parsed.data.details,
          retryAfter(response),
        )
      : new ApiRequestError(status, "bad_response", t("The server answered with HTTP {{status}}.", { status }));
    // A failed login is also a 401, but it must stay on the form and show its message.
    if (response.status === 401 && path !== "/api/auth/login") onUnauthenticated();
    throw error;
  }
  return response;
}

function retryAfter(response: Response): number | undefined {
  const seconds = Number(response.headers.get("Retry-After"));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/** `path?k=v&...`, leaving out empty values. */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** Any thrown value as an ApiRequestError, so pages have one thing to show. */
export function asApiError(error: unknown): ApiRequestError {
  if (error instanceof ApiRequestError) return error;
  return new ApiRequestError(0, "client_error", error instanceof Error ? error.message : String(error));
}
