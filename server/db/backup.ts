import Database from "better-sqlite3";
import { closeSync, fsyncSync, openSync, rmSync, statSync } from "node:fs";
import { migrate } from "./migrate";
import type { Db } from "./open";

export class BackupError extends Error {}

export interface CopyReport {
  bytes: number;
  pages: number;
  integrity: string;
  /** The last migration the copy records; null when it has none (so it is no longpref database). */
  migration: string | null;
  /** False when the copy is older than this longpref: the server migrates it at its next start. */
  up_to_date: boolean;
  counts: Record<string, number>;
}

// [key printed by `longpref backup`, table]: the keys are the CLI's output and kept when migration 012 renamed
// judgments to judge_scores and annotations to human_judgments.
const countedTables = [
  ["users", "users"],
  ["instruction_sets", "instruction_sets"],
  ["instructions", "instructions"],
  ["samples", "samples"],
  ["judgments", "judge_scores"],
  ["annotations", "human_judgments"],
] as const;

/**
 * Copies `source` to `file` with SQLite's online backup and checks the copy; throws BackupError, leaving no
 * file behind, when the copy is damaged or is not a longpref database this version knows.
 *
 * The copy is made in one backup step. A step holds a read transaction, which in WAL mode blocks no writer,
 * so the copy is the snapshot of one moment. Copying in small steps instead restarts the backup whenever
 * another process writes between two steps, and under steady writes it may never finish.
 */
export async function writeCheckedCopy(source: Db, file: string): Promise<CopyReport> {
  try {
    const { totalPages } = await source.backup(file, { progress: () => 0x7fffffff });
    const fd = openSync(file, "r+");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const report = { bytes: statSync(file).size, pages: totalPages, ...checkDatabase(file) };
    if (report.integrity !== "ok") throw new BackupError(`the copy fails PRAGMA integrity_check: ${report.integrity}`);
    return report;
  } catch (err) {
    rmSync(file, { force: true });
    throw err instanceof BackupError ? err : new BackupError((err as Error).message);
  }
}

function checkDatabase(file: string): Omit<CopyReport, "bytes" | "pages"> {
  const db = new Database(file, { fileMustExist: true });
  try {
    // A backup is one self-contained file: in rollback-journal mode, opening it (even read-only, as restore
    // does) leaves no -wal or -shm beside it. The server turns WAL back on when it opens a restored copy.
    db.pragma("journal_mode = DELETE");
    const integrity = (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ");
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name),
    );
    if (!tables.has("schema_migrations")) throw new BackupError("not a longpref database (it has no schema_migrations table)");
    const done = (db.prepare("SELECT name FROM schema_migrations ORDER BY version").all() as { name: string }[]).map((r) => r.name);
    const known = knownMigrations();
    const unknown = done.filter((name) => !known.includes(name));
    if (unknown.length > 0) throw new BackupError(`written by a newer longpref (migrations ${unknown.join(", ")} are unknown here)`);
    const counts = Object.fromEntries(
      countedTables
        .filter(([, t]) => tables.has(t))
        .map(([key, t]) => [key, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]),
    );
    return { integrity, migration: done.at(-1) ?? null, up_to_date: done.length === known.length, counts };
  } finally {
    db.close();
  }
}

// The migration runner is the one place that reads the migration files; what it applies to an empty
// database is the list this version knows.
function knownMigrations(): string[] {
  const empty = new Database(":memory:");
  try {
    return migrate(empty).applied;
  } finally {
    empty.close();
  }
}

/**
 * Proves no other process has the database open, then checkpoints its WAL into the file so the file is
 * complete on its own: every connection to a WAL database holds a shared lock on its file for as long as it
 * is open, so an exclusive lock is granted only when the server (or any other reader) is stopped. Throws
 * SQLite's error (code SQLITE_BUSY when the database is in use); the connection is closed either way.
 */
export function checkpointUnused(database: string): void {
  const db = new Database(database, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    // The first read takes the lock; in exclusive mode it is kept until the connection closes.
    db.prepare("SELECT COUNT(*) FROM sqlite_master").get();
    db.exec("BEGIN EXCLUSIVE; COMMIT");
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
}
