import { migrate } from "../db/migrate";
import { openDatabase, type Db } from "../db/open";

/** The database the CLI works on: --db, else LONGPREF_DB, else the server's default. */
export function resolveDbPath(option: string | undefined): string {
  return option ?? process.env.LONGPREF_DB ?? "data/longpref.db";
}

export function openMigrated(option: string | undefined): Db {
  const db = openDatabase(resolveDbPath(option));
  migrate(db);
  return db;
}
