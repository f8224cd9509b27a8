import { formatUploadLimit, uploadLimitSetting } from "../../shared/schemas/limits";
import type { ErrorRequestHandler } from "express";
import { ZodError } from "zod";
import { isDatabaseBusy } from "../db/busy";
import { DomainError, type ErrorKind } from "../errors/domain-error";
import { describeZodError } from "../errors/zod-issues";
import type { Logger } from "../logger";

/**
 * An error of the HTTP exchange itself (a cross-site request, a body that is not JSON, an unknown route, too
 * many logins): thrown only by routes and middleware. What the product refuses is a DomainError.
 */
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

/** The one place a domain refusal gets its HTTP status. */
export const statusOfKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  nothing_to_do: 422,
};

/** Seconds a client is told to wait before sending again when the database is busy. */
export const busyRetryAfterSeconds = 2;

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (err instanceof DomainError) {
      res.status(statusOfKind[err.kind]).json({ ok: false, error: err.code, message: err.message, details: err.details });
      return;
    }
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
        message: `the request body is larger than the limit of ${parserError.limit} bytes (${formatUploadLimit(Number(parserError.limit))}); the server's ${uploadLimitSetting} setting raises it`,
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
    if (code === "PG_22021") {
      // PostgreSQL text holds no NUL byte: a value carrying one is refused, never stored or matched.
      res.status(400).json({ ok: false, error: "invalid_input", message: "a value holds a byte the database cannot store (NUL)" });
      return;
    }
    if (code === "PG_22003") {
      // A number past its column's range (SQLite compares it and finds nothing; PostgreSQL refuses to compare).
      res.status(400).json({ ok: false, error: "invalid_input", message: "a number is out of the range the database stores" });
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
      res
        .status(507)
        .json({ ok: false, error: "disk_full", message: "the database is full (no space left on its disk); nothing was saved" });
      return;
    }
    log.error("unhandled error", err);
    res.status(500).json({ ok: false, error: "internal", message: "internal server error" });
  };
}
