import Database from "better-sqlite3";
import type { Command } from "commander";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { checkpointUnused, writeCheckedCopy, type CopyReport } from "../db/backup";
import { DomainError } from "../errors/domain-error";
import { describeCopy, refusePostgres } from "./backup-command";
import { resolveDbPath } from "./open-db";

interface RestoreOptions {
  db?: string;
  json?: boolean;
}

export function registerRestoreCommand(program: Command) {
  program
    .command("restore")
    .description("replace the database with a backup (stop the server first: refused while the database is open)")
    .argument("<backup>", "a file written by longpref backup")
    .option("--db <path>", "SQLite database to replace (default: $LONGPREF_DB or data/longpref.db; PostgreSQL: use pg_restore)")
    .option("--json", "print JSON")
    .action(async (backup: string, opts: RestoreOptions) => {
      // A refusal is thrown to main.ts, which prints it (as JSON under --json) with its exit code.
      const r = await restore(backup, opts);
      if (opts.json) console.log(JSON.stringify(r));
      else {
        console.log(`Restored ${r.backup} to ${r.database}\n${describeCopy(r)}`);
        console.log(r.previous ? `The database it replaced is now ${r.previous}` : "There was no database to replace.");
      }
    });
}

async function restore(backup: string, opts: RestoreOptions) {
  const database = resolveDbPath(opts.db);
  refusePostgres(database);
  if (!existsSync(backup)) throw new DomainError("not_found", "not_found", `no backup at ${backup}`);
  mkdirSync(dirname(database), { recursive: true });
  // Copied through SQLite rather than as a file, so a backup that was opened since (and so has a -wal of its
  // own) comes with all its data; the copy is checked before anything is replaced.
  const incoming = `${database}.restoring-${process.pid}`;
  const source = new Database(backup, { readonly: true, fileMustExist: true });
  let copy: CopyReport;
  try {
    copy = await writeCheckedCopy(source, incoming);
  } catch (err) {
    throw new Error(`${backup}: ${(err as Error).message}`);
  } finally {
    source.close();
  }
  try {
    const previous = existsSync(database) ? moveAside(database) : null;
    rmSync(`${database}-shm`, { force: true });
    renameSync(incoming, database);
    return { backup, database, previous, ...copy };
  } catch (err) {
    rmSync(incoming, { force: true });
    throw err;
  }
}

/**
 * Moves the current database aside after proving no other process has it open (checkpointUnused), its WAL
 * checkpointed into the file first, so the file set aside is complete on its own.
 */
function moveAside(database: string): string {
  try {
    checkpointUnused(database);
  } catch (err) {
    const busy = (err as { code?: string }).code === "SQLITE_BUSY";
    throw new Error(busy ? `${database} is in use by another process: stop the server, then restore again` : (err as Error).message);
  }
  const aside = `${database}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  renameSync(database, aside);
  // Closing the last connection removes the WAL; one still there (a checkpoint that could not finish) belongs
  // with the file it was written for.
  if (existsSync(`${database}-wal`)) renameSync(`${database}-wal`, `${aside}-wal`);
  return aside;
}
