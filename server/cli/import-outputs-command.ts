import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { createContext } from "../context";
import { silentLogger } from "../logger";
import { importOutputsOffThread, removeAbandonedOutputImports } from "../sampling/import-outputs";
import { cliErrorLines, cliErrorMessage } from "./cli-error";
import { openMigrated } from "./open-db";

interface Options {
  set: string;
  model?: string;
  format?: "longpref" | "longwriter";
  json?: boolean;
  db?: string;
}

export function registerImportOutputsCommand(program: Command) {
  program
    .command("import-outputs")
    .description("import outputs made elsewhere (all or nothing): JSONL {instruction_id|prompt, model, text} or LongWriter predictions")
    .argument("<file>", "JSONL file")
    .requiredOption("--set <name>", "instruction set the outputs answer")
    .option("--model <name>", "model the outputs belong to (required for LongWriter prediction files)")
    .option("--format <format>", "longpref | longwriter (default: detected)")
    .option("--json", "print JSON")
    .option("--db <path>", "SQLite database (default: $LONGPREF_DB or data/longpref.db)")
    .action(async (file: string, opts: Options) => {
      const db = openMigrated(opts.db);
      try {
        const ctx = createContext(db, () => new Date(), silentLogger);
        const set = ctx.sets.findByName(opts.set);
        if (!set) throw new Error(`--set: no instruction set named "${opts.set}"`);
        // What a crashed import left goes first; a live one of another process stays.
        await removeAbandonedOutputImports(ctx);
        const result = await importOutputsOffThread(
          ctx,
          {
            value: {
              set_id: set.id,
              model_name: opts.model,
              format: opts.format,
              file_name: basename(file),
              content: readFileSync(file, "utf8"),
            },
          },
          null,
        );
        console.log(
          opts.json ? JSON.stringify(result) : `Imported ${result.count} outputs of ${result.models.join(", ")} into "${set.name}"`,
        );
      } catch (err) {
        process.exitCode = 1;
        console.error(`${file}: ${cliErrorMessage(err)}`);
        for (const line of cliErrorLines(err)) console.error(line);
      } finally {
        db.close();
      }
    });
}
