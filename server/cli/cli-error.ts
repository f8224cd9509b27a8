import { CommanderError } from "commander";
import type { ApiError } from "../../shared/schemas/error";
import { isDatabaseBusy } from "../db/busy";
import { DomainError } from "../errors/domain-error";

/**
 * A command line that cannot run as given (a bad option value, options that exclude each other): exit code
 * 2, like commander's own refusals. Each problem names its option and is printed on a line of its own.
 */
export class UsageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
  }
}

export const usageError = (...problems: string[]) => new UsageError(problems);

/** Exit codes: 0 done, 1 failed (refused by the data, the files or an endpoint), 2 a usage error. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

/** Commander's own outcomes that are not errors: help or the version printed on request. */
const commanderDone = new Set(["commander.helpDisplayed", "commander.version"]);

export function isCommanderDone(err: unknown): err is CommanderError {
  // "commander.help" with exit code 1 is help shown for a missing command: a usage error.
  return err instanceof CommanderError && (commanderDone.has(err.code) || (err.code === "commander.help" && err.exitCode === 0));
}

export function exitCodeOf(err: unknown): number {
  if (isCommanderDone(err)) return err.exitCode;
  if (err instanceof UsageError || err instanceof CommanderError) return exitCodes.usage;
  return exitCodes.failed;
}

/** What a CLI command prints for an error it did not expect; a busy database says so and what to do. */
export function cliErrorMessage(err: unknown): string {
  if (isDatabaseBusy(err)) {
    return "the database is busy: another process held its write lock longer than the 5 s wait; nothing of this step was written, run the command again";
  }
  return err instanceof Error ? err.message : String(err);
}

/** The bad lines a refused file lists (`details.lines` of a DomainError), one indented line each. */
export function cliErrorLines(err: unknown): string[] {
  if (!(err instanceof DomainError)) return [];
  const details = err.details as { lines?: { line: number; message: string }[]; unit?: string } | undefined;
  // A JSON array's items are records, not lines (FastChat's battle files).
  return (details?.lines ?? []).map((l) => `  ${details?.unit ?? "line"} ${l.line}: ${l.message}`);
}

/** The same error with `prefix: ` before its message (the file it is about), its code and details kept. */
export function prefixed(err: unknown, prefix: string): Error {
  // A refused option names itself already.
  if (err instanceof UsageError || (err instanceof Error && err.message.startsWith("--"))) return err;
  if (err instanceof DomainError) return new DomainError(err.kind, err.code, `${prefix}: ${err.message}`, err.details);
  const copy = new Error(`${prefix}: ${cliErrorMessage(err)}`);
  return Object.assign(copy, { code: (err as { code?: unknown } | null)?.code });
}

// Node's errors of the file system, as the codes the HTTP API answers with.
const systemCodes: Record<string, string> = { ENOENT: "not_found", EEXIST: "conflict", EACCES: "forbidden", EPERM: "forbidden" };

/**
 * The error as the HTTP API's error body (shared/schemas/error.ts): `{ok: false, error, message, details?}`,
 * so one parser reads both. `error` is "usage" for exit code 2, else the domain's code ("not_found"...).
 */
export function errorBody(err: unknown): ApiError {
  if (err instanceof UsageError) {
    return { ok: false, error: "usage", message: err.message, details: { problems: err.problems } };
  }
  if (err instanceof CommanderError) {
    // commander's messages start with "error: "; its code says which refusal it was.
    const message = err.code === "commander.help" ? "a command is required (--help lists them)" : err.message.replace(/^error: /, "");
    return { ok: false, error: "usage", message, details: { reason: err.code } };
  }
  if (err instanceof DomainError) {
    const body: ApiError = { ok: false, error: err.code, message: err.message };
    return err.details === undefined ? body : { ...body, details: err.details };
  }
  const code = (err as { code?: unknown } | null)?.code;
  const error = isDatabaseBusy(err) ? "busy" : typeof code === "string" && code in systemCodes ? systemCodes[code]! : "failed";
  return { ok: false, error, message: cliErrorMessage(err) };
}

/** The lines a refusal prints on stderr without --json: the message (a line per problem) and any bad lines. */
export function errorText(err: unknown): string[] {
  if (err instanceof UsageError) return err.problems;
  if (err instanceof DomainError) {
    const problems = (err.details as { problems?: string[] } | undefined)?.problems;
    return [...(problems ?? [err.message]), ...cliErrorLines(err)];
  }
  // A command that let an error through (a database file refused before anything touched it, a busy
  // database): one line naming it, no stack trace.
  return [`longpref: ${cliErrorMessage(err)}`];
}
