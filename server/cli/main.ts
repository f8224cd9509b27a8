import { Command } from "commander";
import { cliErrorMessage } from "./cli-error";
import { registerBackupCommand } from "./backup-command";
import { registerDatasetInfoCommand } from "./dataset-info-command";
import { registerEvalLengthCommand } from "./eval-length-command";
import { registerExportCommand } from "./export-command";
import { registerImportCommand } from "./import-command";
import { registerImportOutputsCommand } from "./import-outputs-command";
import { registerJudgeCommand } from "./judge-command";
import { registerModelCommand } from "./model-command";
import { registerRestoreCommand } from "./restore-command";
import { registerSampleCommand } from "./sample-command";
import { registerStatsCommand } from "./stats-command";
import { registerUserCommand } from "./user-command";

const program = new Command()
  .name("longpref")
  .description("longpref: human-verified preference data for long-form writing")
  .showHelpAfterError();

registerImportCommand(program);
registerUserCommand(program);
registerModelCommand(program);
registerImportOutputsCommand(program);
registerEvalLengthCommand(program);
registerSampleCommand(program);
registerJudgeCommand(program);
registerExportCommand(program);
registerDatasetInfoCommand(program);
registerStatsCommand(program);
registerBackupCommand(program);
registerRestoreCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // A command that let an error through (a database file refused before anything touched it, a busy
  // database): one line naming it, no stack trace, exit non-zero.
  console.error(`longpref: ${cliErrorMessage(err)}`);
  process.exitCode = 1;
}
