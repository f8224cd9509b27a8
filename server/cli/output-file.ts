import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { DomainError } from "../errors/domain-error";

/** `--out -`: standard output instead of a file. */
export const toStdout = (out: string) => out === "-";

/**
 * Checks, before anything is written, that FILE can be written as a command's output: its folder exists,
 * and FILE does not unless `force` (backup and export alike). A refusal is a DomainError (exit code 1):
 * "conflict" for an existing file, "not_found" for a missing folder.
 */
export function checkOutputFile(file: string, force: boolean | undefined, option = ""): void {
  const label = option ? `${option}: ` : "";
  const folder = dirname(resolve(file));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new DomainError("not_found", "not_found", `${label}cannot write ${file}: ${folder} is not an existing folder`, {
      file,
      folder,
    });
  }
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new DomainError("conflict", "conflict", `${label}cannot write ${file}: it is a folder`, { file });
  }
  if (existsSync(file) && !force) {
    throw new DomainError("conflict", "exists", `${label}${file} exists; choose another name or add --force to replace it`, { file });
  }
}
