import type { Db } from "./open";

export type Dialect = "sqlite" | "postgres";

/** LONGPREF_DB (or --db) names PostgreSQL with a postgres:// or postgresql:// URL; anything else is a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Which SQL a connection speaks: repositories write each dialect's SQL where the two differ. */
export function dialectOf(db: Db): Dialect {
  return (db as unknown as { dialect?: string }).dialect === "postgres" ? "postgres" : "sqlite";
}

/** A database location fit for logs and answers: a URL's password is never shown. */
export function describeLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "postgres://(unreadable URL)";
  }
}
