import type { Command } from "commander";
import { existsSync, renameSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { writeCheckedCopy, type CopyReport } from "../db/backup";
import { inspectDatabaseFile } from "../db/check-file";
import { knownMigrationNames } from "../db/migrate";
import { describeLocation, isPostgresUrl } from "../db/dialect";
import { openDatabase } from "../db/open";
import { DomainError } from "../errors/domain-error";
import { usageError } from "./cli-error";
import { resolveDbPath } from "./open-db";
import { checkOutputFile } from "./output-file";

interface BackupOptions {
  db?: string;
  force?: boolean;
  json?: boolean;
}

export function registerBackupCommand(program: Command) {
  program
    .command("backup")
    .description("copy the database to FILE while the server keeps serving (SQLite online backup), then check the copy")
    .argument("<file>", "where to write the backup (refused when it exists, unless --force)")
    .option("--db <path>", "SQLite database (default: $LONGPREF_DB or data/longpref.db; PostgreSQL: use pg_dump)")
    .option("--force", "replace FILE when it exists")
    .option("--json", "print JSON")
    .action(async (file: string, opts: BackupOptions) => {
      // A refusal is thrown to main.ts, which prints it (as JSON under --json) with its exit code.
      const summary = await backup(file, opts);
      console.log(opts.json ? JSON.stringify(summary) : report(summary));
    });
}

/**
 * PostgreSQL has its own tools, which a team running it already uses (and a managed database offers
 * point-in-time recovery besides); this command copies SQLite files only and says what to run instead.
 */
export function refusePostgres(location: string) {
  if (!isPostgresUrl(location)) return;
  throw new DomainError(
    "invalid",
    "use_pg_dump",
    `${describeLocation(location)} is PostgreSQL: back it up with pg_dump --format=custom --file FILE "$LONGPREF_DB" ` +
      `and restore with pg_restore --clean --if-exists --no-owner --dbname "$LONGPREF_DB" FILE (README: PostgreSQL)`,
  );
}

function opened(path: string) {
  try {
    // Checked as every other command checks it: another application's file is not switched to WAL.
    inspectDatabaseFile(path, knownMigrationNames());
    return openDatabase(path);
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
}

export function describeCopy(r: CopyReport): string {
  const counts = Object.entries(r.counts)
    .map(([t, n]) => `${t} ${n}`)
    .join(", ");
  const state = r.up_to_date ? "up to date" : "older: the server migrates it at start";
  return `integrity_check: ${r.integrity}; last migration: ${r.migration} (${state})\n${counts}`;
}

function report(s: Awaited<ReturnType<typeof backup>>): string {
  const size = s.bytes >= 1024 * 1024 ? `${(s.bytes / 1024 / 1024).toFixed(1)} MB` : `${(s.bytes / 1024).toFixed(1)} kB`;
  return `Backed up ${s.source} to ${s.file}: ${size}, ${s.pages} pages, ${s.seconds.toFixed(2)} s\n${describeCopy(s)}`;
}

async function backup(file: string, opts: BackupOptions) {
  const source = resolveDbPath(opts.db);
  refusePostgres(source);
  if (!existsSync(source)) throw new DomainError("not_found", "not_found", `no database at ${source} (--db or $LONGPREF_DB)`);
  if (resolve(file) === resolve(source)) throw usageError(`${file} is the database itself`);
  checkOutputFile(file, opts.force);
  // Written beside FILE under another name and renamed when checked, so FILE is never half a backup.
  const partial = `${file}.partial-${process.pid}`;
  const started = performance.now();
  const db = opened(source);
  let copy: CopyReport;
  try {
    copy = await writeCheckedCopy(db, partial);
  } finally {
    db.close();
  }
  try {
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return { source, file, ...copy, seconds: (performance.now() - started) / 1000 };
}
