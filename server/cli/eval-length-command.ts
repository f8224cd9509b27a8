import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { DomainError } from "../errors/domain-error";
import { evalLength } from "../scoring/eval-length";

interface Options {
  json?: boolean;
  skipBad?: boolean;
}

export function registerEvalLengthCommand(program: Command) {
  program
    .command("eval-length")
    .description("LongBench-Write length scores of a LongWriter prediction file ({prompt, type, length, response} per line)")
    .argument("<preds>", "prediction JSONL")
    .option("--json", "print JSON")
    .option("--skip-bad", "score the good lines even when some are bad (bad ones are still listed)")
    .action((file: string, opts: Options) => {
      const { result, errors } = evalLength(readFileSync(file, "utf8"));
      if (errors.length > 0 && !opts.skipBad) {
        const message = `${file}: ${errors.length} bad line${errors.length === 1 ? "" : "s"}; nothing scored (--skip-bad scores the rest)`;
        throw new DomainError("invalid", "invalid_file", message, { lines: errors });
      }
      for (const e of errors) console.error(`${file}: line ${e.line}: ${e.message}`);
      for (const line of result.no_countable_words) console.error(`${file}: line ${line}: no countable word in the response; scored 0`);
      if (opts.json) {
        console.log(JSON.stringify(result));
        return;
      }
      result.records.forEach((r, i) => console.log(`${i + 1}\tresponse_length ${r.response_length}\tlength_score ${r.length_score}`));
      console.log(`mean length score (S_l): ${result.mean_length_score ?? "-"}`);
      for (const [range, mean] of Object.entries(result.by_length_range)) console.log(`  ${range}: ${mean}`);
    });
}
