import type { ErrorRequestHandler } from "express";
import { ZodError } from "zod";
import type { Logger } from "../logger";

/** The one error type routes throw; the handler below turns it into `{ ok: false, error, message, details }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, "bad_request", message, details);
export const unauthenticated = () => new HttpError(401, "unauthenticated", "sign in or send an API token");
export const forbidden = () => new HttpError(403, "forbidden", "your role does not allow this");
export const notFound = (what: string) => new HttpError(404, "not_found", `${what} not found`);
export const conflict = (message: string) => new HttpError(409, "conflict", message);

/**
 * SQLite's "another connection holds the lock" codes (extended ones included: SQLITE_BUSY_SNAPSHOT,
 * SQLITE_LOCKED_SHAREDCACHE...). They reach a request only once busy_timeout has run out: a passing state of
 * the file, not a fault of the request, so it answers 503 with Retry-After rather than 500.
 */
export function isDatabaseBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}

/** Seconds a client is told to wait before sending again when the database is busy. */
export const busyRetryAfterSeconds = 2;

/** Zod issues as `path: message` lines, so a 400 names the failing field. */
export function describeZodError(error: ZodError): { message: string; issues: { path: string; message: string }[] } {
  const issues = error.issues.flatMap((i) => {
    const path = i.path.map(String);
    // An unknown field is named by its own path, not its parent's, so the answer names what to remove.
    if (i.code === "unrecognized_keys") {
      return i.keys.map((key) => ({ path: [...path, key].join("."), message: "unknown field" }));
    }
    return [{ path: path.join(".") || "(body)", message: i.message }];
  });
  return { message: issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues };
}

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (err instanceof HttpError) {
      res.status(err.status).json({ ok: false, error: err.code, message: err.message, details: err.details });
      return;
    }
    if (err instanceof ZodError) {
      const { message, issues } = describeZodError(err);
      res.status(400).json({ ok: false, error: "invalid_input", message, details: { issues } });
      return;
    }
    const parserError = err as BodyParserError;
    if (parserError.type === "entity.parse.failed") {
      res.status(400).json({ ok: false, error: "invalid_json", message: "the request body is not valid JSON" });
      return;
    }
    if (parserError.type === "entity.too.large") {
      res.status(413).json({
        ok: false,
        error: "too_large",
        message: `the request body is larger than the limit of ${parserError.limit} bytes`,
      });
      return;
    }
    if (typeof parserError.status === "number" && parserError.status >= 400 && parserError.status < 500) {
      res.status(parserError.status).json({ ok: false, error: "bad_request", message: String((err as Error).message) });
      return;
    }
    const code = (err as { code?: string }).code;
    if (code === "SQLITE_CONSTRAINT_UNIQUE") {
      res.status(409).json({ ok: false, error: "conflict", message: "a record with the same unique value exists" });
      return;
    }
    if (code === "SQLITE_CONSTRAINT_FOREIGNKEY") {
      res.status(409).json({ ok: false, error: "conflict", message: "other records depend on this one" });
      return;
    }
    if (isDatabaseBusy(err)) {
      log.warn(`database busy: ${String((err as Error).message)}`);
      res.set("Retry-After", String(busyRetryAfterSeconds));
      res.status(503).json({ ok: false, error: "busy", message: "the database is busy with another writer; try again in a moment" });
      return;
    }
    if (code === "SQLITE_FULL") {
      res.status(507).json({ ok: false, error: "disk_full", message: "the database is full (no space left on its disk); nothing was saved" });
      return;
    }
    log.error("unhandled error", err);
    res.status(500).json({ ok: false, error: "internal", message: "internal server error" });
  };
}
