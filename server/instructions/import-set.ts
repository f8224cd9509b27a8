import type { DryRunResult, ImportBody } from "../../shared/schemas/import";
import { defaultLengthRanges, lengthRangeProblems } from "../../shared/instructions/length-range";
import type { Db } from "../db/open";
import type { InstructionSetsRepo } from "../db/repos/instruction-sets";
import type { InstructionsRepo } from "../db/repos/instructions";
import { HttpError, badRequest, conflict } from "../http/errors";
import { detectFormat, parseImport } from "./parse-import";

export interface ImportDeps {
  db: Db;
  sets: InstructionSetsRepo;
  instructions: InstructionsRepo;
  now: () => Date;
}

export type ImportOutcome = { dryRun: true; result: DryRunResult } | { dryRun: false; setId: number };

/**
 * Parses a whole file and, unless it is a dry run, writes the set and all its instructions in one
 * transaction. Any bad line fails the whole import with every bad line listed (HTTP 400 / CLI exit 1).
 */
export function importInstructionSet(
  deps: ImportDeps,
  body: ImportBody,
  createdBy: number | null,
  options: { isDemo?: boolean } = {},
): ImportOutcome {
  const ranges = body.length_ranges ?? defaultLengthRanges;
  const rangeProblems = lengthRangeProblems(ranges);
  if (rangeProblems.length > 0) throw badRequest(rangeProblems.join("; "));
  if (!body.dry_run && deps.sets.findByName(body.name)) {
    throw conflict(`an instruction set named "${body.name}" already exists`);
  }
  const format = body.format ?? detectFormat(body.content, body.file_name);
  const parsed = parseImport(body.content, format, body.mapping ?? {}, ranges);
  if (!parsed.ok) {
    const n = parsed.errors.length;
    throw new HttpError(400, "invalid_file", `the file has ${n} bad line${n === 1 ? "" : "s"}; nothing was imported`, {
      lines: parsed.errors,
    });
  }
  if (body.dry_run) {
    const instructions = parsed.instructions.map(({ metadata: _m, ...row }) => row);
    return { dryRun: true, result: { count: instructions.length, instructions } };
  }
  const setId = deps.db.transaction(() => {
    const id = deps.sets.create(
      {
        name: body.name,
        description: body.description ?? "",
        source: body.file_name ?? `${format} import`,
        isDemo: options.isDemo ?? false,
        lengthRanges: ranges,
        createdBy,
      },
      deps.now(),
    );
    deps.instructions.insertMany(id, parsed.instructions);
    return id;
  })();
  return { dryRun: false, setId };
}
