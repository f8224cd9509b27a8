import type { Command } from "commander";
import { existsSync } from "node:fs";
import { CopyRefusedError, copySqliteToPostgres } from "../db/copy-to-postgres";
import { describeLocation, isPostgresUrl } from "../db/dialect";
import { openDatabase } from "../db/open";
import { openLongprefDatabase } from "../db/open-checked";
import { DomainError } from "../errors/domain-error";
import { usageError } from "./cli-error";

interface MigrateOptions {
  from?: string;
  to?: string;
  json?: boolean;
}

export function registerMigrateToPostgresCommand(program: Command) {
  program
    .command("migrate-to-postgres")
    .description(
      "copy a whole SQLite database into an empty PostgreSQL database in one transaction, each table checked by row count and checksum",
    )
    .requiredOption("--from <file>", "the SQLite database file (migrated to this longpref's schema first, as the server would)")
    .requiredOption("--to <url>", "an empty PostgreSQL database: postgres://user:password@host:port/name")
    .option("--json", 'print {"tables": {NAME: ROWS}, "ok": true}')
    .action((opts: MigrateOptions) => {
      const result = migrateToPostgres(opts.from!, opts.to!);
      if (opts.json) console.log(JSON.stringify({ tables: result.tables, ok: true }));
      else {
        const rows = Object.values(result.tables).reduce((a, b) => a + b, 0);
        console.log(`Copied ${opts.from} to ${describeLocation(opts.to!)}: ${Object.keys(result.tables).length} tables, ${rows} rows`);
        for (const [table, n] of Object.entries(result.tables)) console.log(`  ${table} ${n}`);
        console.log("Row counts and checksums match. Point LONGPREF_DB at the URL and start the servers.");
      }
    });
}

function migrateToPostgres(from: string, to: string) {
  const problems = [
    isPostgresUrl(from) && "--from: a SQLite database file, not a URL",
    !isPostgresUrl(to) && "--to: a postgres:// or postgresql:// URL",
  ].filter((p): p is string => typeof p === "string");
  if (problems.length > 0) throw usageError(...problems);
  if (!existsSync(from)) throw new DomainError("not_found", "not_found", `no database at ${from}`);
  const source = openLongprefDatabase(from).db;
  try {
    const target = openDatabase(to);
    try {
      return copySqliteToPostgres(source, target);
    } catch (err) {
      if (err instanceof CopyRefusedError) throw new DomainError("conflict", "refused", `${describeLocation(to)}: ${err.message}`);
      throw err;
    } finally {
      target.close();
    }
  } finally {
    source.close();
  }
}
