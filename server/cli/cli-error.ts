import { isDatabaseBusy } from "../db/busy";
import { DomainError } from "../errors/domain-error";

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
  const lines = (err.details as { lines?: { line: number; message: string }[] } | undefined)?.lines ?? [];
  return lines.map((l) => `  line ${l.line}: ${l.message}`);
}
