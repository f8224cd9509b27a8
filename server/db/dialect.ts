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

/** An open database as the server's start line shows it: never a URL's password; for PostgreSQL, how statements reach it. */
export function describeDatabase(db: Db, location: string): string {
  const transport = (db as unknown as { transport?: string }).transport;
  if (transport === undefined) return describeLocation(location);
  if (transport === "libpq") return `${describeLocation(location)} through libpq`;
  return (
    `${describeLocation(location)} through node-pg in a worker thread: build the libpq binding for about three times ` +
    "the speed (apt-get install libpq-dev build-essential; npm rebuild libpq)"
  );
}
