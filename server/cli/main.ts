import { Command, CommanderError } from "commander";
import { errorBody, errorText, exitCodeOf, isCommanderDone } from "./cli-error";
import { registerBackupCommand } from "./backup-command";
import { registerCampaignCommand } from "./campaign-command";
import { registerDatasetInfoCommand } from "./dataset-info-command";
import { registerEvalLengthCommand } from "./eval-length-command";
import { registerExportCommand } from "./export-command";
import { registerImportCommand } from "./import-command";
import { registerImportOutputsCommand } from "./import-outputs-command";
import { registerJudgeCommand } from "./judge-command";
import { registerJudgePairsCommand } from "./judge-pairs-command";
import { registerLsCommand } from "./ls-command";
import { registerMigrateToPostgresCommand } from "./migrate-to-postgres-command";
import { registerModelCommand } from "./model-command";
import { packageVersion } from "./package-version";
import { registerPlanCommand } from "./plan-command";
import { registerRestoreCommand } from "./restore-command";
import { registerSampleCommand } from "./sample-command";
import { registerStatsCommand } from "./stats-command";
import { registerUserCommand } from "./user-command";
import { registerWorkerCommand } from "./worker-command";

// Read before parsing, so even commander's own refusals (an unknown option) come as JSON when asked for.
const args = process.argv.slice(2);
const json = args.slice(0, args.includes("--") ? args.indexOf("--") : undefined).includes("--json");

const conventions = `
Exit codes: 0 done; 1 failed (not found, nothing to export, a refused file, an existing output without
--force...); 2 usage error (unknown command or option, missing or invalid option value, conflicting options).
With --json, an error is one JSON object on stderr, the HTTP API's error body:
  {"ok": false, "error": "usage" | "not_found" | ..., "message": "...", "details": ...}
--set, --model, --judge and --campaign take an id or a name (digits are an id first); --run takes an id.
\`longpref ls sets|models|runs|campaigns|users\` lists them.`;

const program = new Command()
  .name("longpref")
  .description("longpref: human-verified preference data for long-form writing")
  .version(packageVersion(), "-V, --version", "print the version")
  // Settings copied into every command registered below: refusals are thrown to the handler at the end
  // (exit code 2), and under --json commander prints nothing of its own, so stderr holds one JSON object.
  .exitOverride()
  .configureOutput(json ? { writeErr: () => {}, outputError: () => {} } : {})
  .showHelpAfterError()
  .addHelpText("after", conventions);

registerImportCommand(program);
registerUserCommand(program);
registerModelCommand(program);
registerImportOutputsCommand(program);
registerEvalLengthCommand(program);
registerSampleCommand(program);
registerJudgeCommand(program);
registerJudgePairsCommand(program);
registerExportCommand(program);
registerDatasetInfoCommand(program);
registerStatsCommand(program);
registerPlanCommand(program);
registerBackupCommand(program);
registerRestoreCommand(program);
registerLsCommand(program);
registerCampaignCommand(program);
registerMigrateToPostgresCommand(program);
registerWorkerCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (isCommanderDone(err)) process.exitCode = err.exitCode;
  else {
    if (json) console.error(JSON.stringify(errorBody(err)));
    // commander has printed its own refusal (and the command's help) already.
    else if (!(err instanceof CommanderError)) for (const line of errorText(err)) console.error(line);
    process.exitCode = exitCodeOf(err);
  }
}
