import { openReader, type Db } from "../db/open";

/**
 * A read-only connection of its own for one export. An open `.iterate()` keeps its connection busy (no
 * write, transaction or exec may run on it until the iteration ends), and an export waits on a slow client
 * between rows: on the app's shared connection every write of every other request would fail meanwhile. WAL lets this reader see one consistent
 * snapshot while writers go on. An in-memory database (tests only) cannot be opened twice: it is shared.
 */
export function exportConnection(db: Db): { db: Db; close: () => void } {
  if (db.memory) return { db, close: () => {} };
  const reader = openReader(db.name);
  return { db: reader, close: () => reader.close() };
}
