import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { createContext } from "../context";
import { silentLogger } from "../logger";
import { importOutputsOffThread, removeAbandonedOutputImports } from "../sampling/import-outputs";
import { prefixed, usageError } from "./cli-error";
import { openMigrated } from "./open-db";
import { modelRef, resolveRef, setRef } from "./resolve-ref";

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
    .requiredOption("--set <id|name>", "instruction set the outputs answer")
    .option("--model <id|name>", "model the outputs belong to (required for LongWriter prediction files; a new name adds it)")
    .option("--format <format>", "longpref | longwriter (default: detected)")
    .option("--json", "print JSON")
    .option("--db <path|url>", "database: a SQLite file or a postgres:// URL (default: $LONGPREF_DB or data/longpref.db)")
    .action(async (file: string, opts: Options) => {
      if (opts.format !== undefined && !["longpref", "longwriter"].includes(opts.format)) {
        throw usageError("--format: longpref or longwriter");
      }
      const db = openMigrated(opts.db);
      try {
        const ctx = createContext(db, () => new Date(), silentLogger);
        const note = (message: string) => void (opts.json ? undefined : console.error(message));
        const set = resolveRef(ctx, setRef, "--set", opts.set, note);
        // An id names an existing model; any other value is a name, new or not.
        const model =
          opts.model !== undefined && /^\d+$/.test(opts.model.trim()) && ctx.models.get(Number(opts.model))
            ? resolveRef(ctx, modelRef, "--model", opts.model, note).name
            : opts.model;
        // What a crashed import left goes first; a live one of another process stays.
        await removeAbandonedOutputImports(ctx);
        const result = await importOutputsOffThread(
          ctx,
          {
            value: {
              set_id: set.id,
              model_name: model,
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
        // Printed by main.ts with its exit code (as JSON under --json), naming the file.
        throw prefixed(err, file);
      } finally {
        db.close();
      }
    });
}
