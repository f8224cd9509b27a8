/**
 * SQLite's "another connection holds the lock" codes (extended ones included: SQLITE_BUSY_SNAPSHOT,
 * SQLITE_LOCKED_SHAREDCACHE...). They reach a caller only once busy_timeout has run out: a passing state of
 * the file, not a fault of the request or command, so both the server and the CLI tell the user to try again.
 */
export function isDatabaseBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}
