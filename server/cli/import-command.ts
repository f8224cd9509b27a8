import type { Command } from "commander";
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { ColumnMappingSchema, ImportFormatSchema, type ImportBody } from "../../shared/schemas/import";
import { rangesFromBounds } from "../../shared/instructions/length-range";
import { createContext } from "../context";
import { removeAbandonedSets } from "../instructions/chunked-write";
import { importInstructionSetInChunks } from "../instructions/import-set";
import { prefixed, usageError } from "./cli-error";
import { DomainError } from "../errors/domain-error";
import { silentLogger } from "../logger";
import { openMigrated } from "./open-db";

interface ImportOptions {
  name: string;
  db?: string;
  dryRun?: boolean;
  json?: boolean;
  format?: string;
  map: string[];
  ranges?: string;
  description?: string;
  maxMb: string;
}

function cliRanges(text: string) {
  const ranges = rangesFromBounds(text);
  if (typeof ranges === "string") throw usageError(`--ranges: ${ranges}`);
  return ranges;
}

function mappingFrom(pairs: string[]) {
  const entries = pairs.map((pair) => {
    const [field, column] = pair.split("=", 2);
    if (!field || !column) throw usageError(`--map ${pair}: expected FIELD=COLUMN`);
    return [field, column];
  });
  const parsed = ColumnMappingSchema.safeParse(Object.fromEntries(entries));
  if (!parsed.success) throw usageError(`--map: fields are id, prompt, required_length, lang, category`);
  return parsed.data;
}

async function run(file: string, opts: ImportOptions): Promise<number> {
  const maxMb = Number(opts.maxMb);
  const format = opts.format === undefined ? undefined : ImportFormatSchema.safeParse(opts.format);
  const problems = [
    !(opts.maxMb.trim() !== "" && maxMb > 0) && "--max-mb: a number of MiB above 0",
    format?.success === false && "--format: longbench, jsonl or csv",
  ].filter((p) => p !== false);
  if (problems.length > 0) throw usageError(...problems);
  const limit = maxMb * 1024 * 1024;
  const size = statSync(file).size;
  if (size > limit) {
    throw new DomainError(
      "invalid",
      "too_large",
      `${file}: ${size} bytes is over the import limit of ${limit} bytes (--max-mb); nothing was imported`,
    );
  }
  const body: ImportBody = {
    name: opts.name,
    description: opts.description,
    file_name: basename(file),
    format: format?.data,
    mapping: mappingFrom(opts.map),
    length_ranges: opts.ranges === undefined ? undefined : cliRanges(opts.ranges),
    content: readFileSync(file, "utf8"),
    dry_run: opts.dryRun === true,
  };
  // A dry run writes nothing, so it needs no database (not even a migration).
  const db = openMigrated(opts.dryRun ? ":memory:" : opts.db);
  try {
    const ctx = createContext(db, () => new Date(), silentLogger);
    // The same chunked path as the server's: never holds the write lock long, so a server on the same file
    // keeps answering; a crashed earlier CLI import's hidden rows are removed first.
    if (!opts.dryRun) await removeAbandonedSets(ctx);
    const outcome = await importInstructionSetInChunks(ctx, body, null);
    if (outcome.dryRun) {
      if (opts.json) console.log(JSON.stringify(outcome.result));
      else {
        for (const i of outcome.result.instructions) {
          console.log(
            `${i.external_id}\t${i.required_length ?? "-"} (${i.length_source})\t${i.lang}\t${i.length_range ?? "-"}\t${i.category ?? "-"}`,
          );
        }
        console.log(`${outcome.result.count} instructions would be imported (dry run: nothing written)`);
      }
    } else {
      const set = ctx.sets.get(outcome.setId)!;
      if (opts.json) console.log(JSON.stringify({ set_id: set.id, name: set.name, count: set.instruction_count }));
      else console.log(`Imported ${set.instruction_count} instructions into set "${set.name}" (id ${set.id})`);
    }
    return 0;
  } finally {
    db.close();
  }
}

export function registerImportCommand(program: Command) {
  program
    .command("import")
    .description("import an instruction set (LongBench-Write JSONL, generic JSONL or CSV); all or nothing")
    .argument("<file>", "the file to import")
    .requiredOption("--name <name>", "name of the new instruction set")
    .option("--db <path|url>", "database: a SQLite file or a postgres:// URL (default: $LONGPREF_DB or data/longpref.db)")
    .option("--dry-run", "parse and report, write nothing")
    .option("--json", "print JSON")
    .option("--format <format>", "longbench | jsonl | csv (default: detected)")
    .option(
      "--map <field=column>",
      "column mapping, repeatable: id, prompt, required_length, lang, category",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("--ranges <bounds>", "length range bounds, e.g. 0,500,2000,4000 (the default)")
    .option("--description <text>", "description of the set")
    .option("--max-mb <n>", "largest file accepted, in MiB", "50")
    .action(async (file: string, opts: ImportOptions) => {
      try {
        process.exitCode = await run(file, opts);
      } catch (err) {
        // Printed by main.ts with its exit code (as JSON under --json), naming the file.
        throw err instanceof DomainError && err.message.startsWith(file) ? err : prefixed(err, file);
      }
    });
}
