// What the start-up check costs: `npx tsx test/bench/start-check.ts` builds a ~100 MB longpref database and
// times inspectDatabaseFile (header, read-only open, PRAGMA quick_check, schema), which every start and every
// CLI command runs before opening the file for writing.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspectDatabaseFile } from "../../server/db/check-file";
import { knownMigrationNames } from "../../server/db/migrate";
import { openLongprefDatabase } from "../../server/db/open-checked";

const dir = mkdtempSync(join(tmpdir(), "longpref-start-check-"));
try {
  const path = join(dir, "big.db");
  const { db } = openLongprefDatabase(path);
  const insert = db.prepare("INSERT INTO users (username, role, password_hash, created_at) VALUES (?, 'annotator', ?, 'x')");
  db.transaction(() => {
    for (let i = 0; i < 400_000; i++) insert.run(`user-${i}`, "h".repeat(200));
  })();
  db.close();
  const started = performance.now();
  inspectDatabaseFile(path, knownMigrationNames());
  const ms = performance.now() - started;
  console.log(
    `start-up check of a ${(statSync(path).size / 1024 / 1024).toFixed(0)} MB database: ${ms.toFixed(0)} ms (quick_check included)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
