import type { Command } from "commander";
import { resolve } from "node:path";
import { mergeDatasetInfo, readDatasetInfoEntries, type MergeReport } from "../export/dataset-info";
import { prefixed } from "./cli-error";

interface MergeOptions {
  into: string;
  force?: boolean;
  json?: boolean;
}

/**
 * `longpref dataset-info merge FILE --into PATH`: adds the entry downloaded from the Exports page
 * (`<name>.dataset_info.json`) to LLaMA-Factory's dataset_info.json, keeping every other dataset listed there.
 */
export function registerDatasetInfoCommand(program: Command) {
  const group = program.command("dataset-info").description("LLaMA-Factory's dataset_info.json: add the entries of an export to it");
  group
    .command("merge")
    .description("add the entries of FILE (a downloaded <name>.dataset_info.json) to a dataset_info.json, keeping its other entries")
    .argument("<file>", "the downloaded <name>.dataset_info.json")
    .requiredOption("--into <path>", "the dataset_info.json of LLaMA-Factory's dataset_dir (created when missing)")
    .option("--force", "replace an entry of the same name that differs (refused otherwise)")
    .option("--json", "print the summary as JSON")
    .action((file: string, opts: MergeOptions) => {
      // Errors go to main.ts, which prints them (one JSON object under --json) with their exit code.
      try {
        const report = mergeDatasetInfo(resolve(opts.into), readDatasetInfoEntries(resolve(file)), { force: opts.force === true });
        console.log(opts.json ? JSON.stringify(report) : describe(report));
      } catch (err) {
        throw prefixed(err, "dataset-info merge");
      }
    });
}

function describe(r: MergeReport): string {
  const parts = [
    r.added.length ? `added ${r.added.join(", ")}` : "",
    r.replaced.length ? `replaced ${r.replaced.join(", ")}` : "",
    r.unchanged.length ? `already there: ${r.unchanged.join(", ")}` : "",
  ].filter(Boolean);
  return `${r.into}: ${parts.join("; ")}`;
}
