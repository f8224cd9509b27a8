/**
 * PostgreSQL's SQLSTATEs as the SQLite result codes the rest of the server already answers to
 * (server/http/errors.ts, server/db/busy.ts): one error handling for both backends.
 */
const codes: Record<string, string> = {
  "23505": "SQLITE_CONSTRAINT_UNIQUE",
  "23P01": "SQLITE_CONSTRAINT_UNIQUE",
  "23503": "SQLITE_CONSTRAINT_FOREIGNKEY",
  "23514": "SQLITE_CONSTRAINT_CHECK",
  "23502": "SQLITE_CONSTRAINT_NOTNULL",
  // Raised by the users_keep_work trigger, as SQLite's RAISE(ABORT) in a trigger.
  "23000": "SQLITE_CONSTRAINT_TRIGGER",
  "40001": "SQLITE_BUSY",
  "40P01": "SQLITE_BUSY",
  "55P03": "SQLITE_BUSY",
  "57014": "SQLITE_BUSY",
  "53100": "SQLITE_FULL",
  "25006": "SQLITE_READONLY",
};

export function pgErrorCode(sqlstate: string | undefined): string | undefined {
  if (sqlstate === undefined) return undefined;
  return codes[sqlstate] ?? `PG_${sqlstate}`;
}
