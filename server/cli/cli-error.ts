import { isDatabaseBusy } from "../http/errors";

/** What a CLI command prints for an error it did not expect; a busy database says so and what to do. */
export function cliErrorMessage(err: unknown): string {
  if (isDatabaseBusy(err)) {
    return "the database is busy: another process held its write lock longer than the 5 s wait; nothing of this step was written, run the command again";
  }
  return err instanceof Error ? err.message : String(err);
}
