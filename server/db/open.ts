import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { isPostgresUrl } from "./dialect";
import { PgDb } from "./pg/pg-db";

export type Db = Database.Database;

/**
 * Opens a PostgreSQL database by its URL (pg/pg-db.ts: the same API, synchronous), or
 * opens (creating when missing) a SQLite file with the pragmas every connection needs.
 * synchronous is set explicitly on each open: better-sqlite3 reports a different default after reopening.
 * NORMAL in WAL mode keeps every committed transaction through a process crash (only an OS crash or
 * power loss can lose the last ones), which is the failure this server has to survive.
 */
export function openDatabase(path: string): Db {
  if (isPostgresUrl(path)) return new PgDb(path) as unknown as Db;
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return beginImmediately(db);
}

/** A read-only connection to an existing database file that waits on locks as the app's own connection does. */
export function openReader(path: string): Db {
  if (isPostgresUrl(path)) return new PgDb(path, { readOnly: true }) as unknown as Db;
  const reader = new Database(path, { readonly: true, fileMustExist: true });
  reader.pragma("busy_timeout = 5000");
  return reader;
}

/**
 * Makes `db.transaction(fn)()` begin IMMEDIATE instead of DEFERRED, for every transaction of the app at once.
 * A deferred transaction reads first and asks for the write lock at its first write; if another connection
 * (a CLI import, a second server) wrote meanwhile, SQLite answers SQLITE_BUSY at once, without waiting on
 * busy_timeout, since waiting could not make the stale snapshot current. BEGIN IMMEDIATE takes the write lock
 * before reading, so it waits its turn instead. The app's transactions all write; a read-only one that wants
 * a snapshot without the lock can still call `.deferred()`.
 */
function beginImmediately(db: Db): Db {
  const original = db.transaction.bind(db);
  const immediateTransaction = ((fn: (...args: never[]) => unknown) => {
    const t = original(fn);
    return Object.assign((...args: never[]) => t.immediate(...args), {
      default: t.immediate,
      deferred: t.deferred,
      immediate: t.immediate,
      exclusive: t.exclusive,
    });
  }) as Db["transaction"];
  db.transaction = immediateTransaction;
  return db;
}
