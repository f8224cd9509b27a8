import { inspectDatabaseFile } from "./check-file";
import { isPostgresUrl } from "./dialect";
import { knownMigrationNames, migrate } from "./migrate";
import { openDatabase, type Db } from "./open";

/**
 * The database the server and the CLI work on: the file is inspected first (check-file.ts; a refused file
 * is left byte-identical), then opened in WAL mode and migrated, which stamps longpref's application_id.
 */
export function openLongprefDatabase(path: string): { db: Db; applied: string[] } {
  if (!isPostgresUrl(path)) inspectDatabaseFile(path, knownMigrationNames());
  const db = openDatabase(path);
  try {
    return { db, applied: migrate(db).applied };
  } catch (err) {
    db.close();
    throw err;
  }
}
