import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

export type Db = Database.Database;

/**
 * Opens (creating when missing) a SQLite file with the pragmas every connection needs.
 * synchronous is set explicitly on each open: better-sqlite3 reports a different default after reopening.
 * NORMAL in WAL mode keeps every committed transaction through a process crash (only an OS crash or
 * power loss can lose the last ones), which is the failure this server has to survive.
 */
export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}
