/**
 * What the product refuses, in its own words: domain code and the CLI throw and catch these, never an HTTP
 * type. Only server/http/errors.ts turns a kind into a status; the CLI prints the message (cli/cli-error.ts).
 */
export type ErrorKind = "invalid" | "unauthenticated" | "forbidden" | "not_found" | "conflict" | "nothing_to_do";

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** The stable word clients match on (`error` in an API answer): "bad_request", "invalid_file"... */
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Input the rules refuse; the message starts with the failing field (`set_id: ...`). */
export const invalidInput = (message: string, details?: unknown) => new DomainError("invalid", "bad_request", message, details);
export const unauthenticated = () => new DomainError("unauthenticated", "unauthenticated", "sign in or send an API token");
export const forbidden = (message = "your role does not allow this") => new DomainError("forbidden", "forbidden", message);
export const notFound = (what: string) => new DomainError("not_found", "not_found", `${what} not found`);
export const conflict = (message: string) => new DomainError("conflict", "conflict", message);

/** An uploaded file with bad lines, every one listed (`details.lines`); nothing of it was written. */
export const invalidFile = (lines: readonly { line: number; message: string }[]) =>
  new DomainError(
    "invalid",
    "invalid_file",
    `the file has ${lines.length} bad line${lines.length === 1 ? "" : "s"}; nothing was imported`,
    { lines },
  );
