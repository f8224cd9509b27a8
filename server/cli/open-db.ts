import type { Db } from "../db/open";
import { openLongprefDatabase } from "../db/open-checked";

/** The database the CLI works on: --db, else LONGPREF_DB, else the server's default. */
export function resolveDbPath(option: string | undefined): string {
  return option ?? process.env.LONGPREF_DB ?? "data/longpref.db";
}

/** The database checked as the server checks it at start (a refused file is left untouched), migrated. */
export function openMigrated(option: string | undefined): Db {
  return openLongprefDatabase(resolveDbPath(option)).db;
}
