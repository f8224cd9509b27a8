import type { DryRunResult, ImportBody, ImportFormat } from "../../shared/schemas/import";
import type { LengthRange } from "../../shared/schemas/instruction";
import { defaultLengthRanges, lengthRangeProblems } from "../../shared/instructions/length-range";
import type { Db } from "../db/open";
import type { InstructionSetsRepo, NewInstructionSet } from "../db/repos/instruction-sets";
import type { InstructionsRepo, NewInstruction } from "../db/repos/instructions";
import { conflict, invalidFile, invalidInput } from "../errors/domain-error";
import { importIntoHiddenSet, writeSetInChunks } from "./chunked-write";
import { detectFormat, parseImport, type ImportParseResult } from "./parse-import";
import { parseOffThread } from "./parse-off-thread";

export interface ImportDeps {
  db: Db;
  sets: InstructionSetsRepo;
  instructions: InstructionsRepo;
  now: () => Date;
}

export type ImportOutcome = { dryRun: true; result: DryRunResult } | { dryRun: false; setId: number };

function checkedRanges(deps: ImportDeps, body: ImportBody): LengthRange[] {
  const ranges = body.length_ranges ?? defaultLengthRanges;
  const rangeProblems = lengthRangeProblems(ranges);
  if (rangeProblems.length > 0) throw invalidInput(rangeProblems.join("; "));
  if (!body.dry_run && deps.sets.findByName(body.name)) {
    throw conflict(`an instruction set named "${body.name}" already exists`);
  }
  return ranges;
}

/** The parsed rows, or the 400 listing every bad line; a dry run's answer. */
function parsedRows(parsed: ImportParseResult): NewInstruction[] {
  if (!parsed.ok) throw invalidFile(parsed.errors);
  return parsed.instructions;
}

const dryRunResult = (rows: NewInstruction[]): ImportOutcome => {
  const instructions = rows.map(({ metadata: _m, ...row }) => row);
  return { dryRun: true, result: { count: instructions.length, instructions } };
};

function newSet(
  body: ImportBody,
  format: ImportFormat,
  ranges: LengthRange[],
  createdBy: number | null,
  isDemo: boolean,
): NewInstructionSet {
  return {
    name: body.name,
    description: body.description ?? "",
    source: body.file_name ?? `${format} import`,
    isDemo,
    lengthRanges: ranges,
    createdBy,
  };
}

/**
 * Parses a whole file and, unless it is a dry run, writes the set and all its instructions in one
 * transaction. Any bad line fails the whole import with every bad line listed (HTTP 400 / CLI exit 1).
 * For small imports inside the process (the demo set, tests): the routes and the CLI, which take files of
 * any size, use importInstructionSetInChunks.
 */
export function importInstructionSet(
  deps: ImportDeps,
  body: ImportBody,
  createdBy: number | null,
  options: { isDemo?: boolean } = {},
): ImportOutcome {
  const ranges = checkedRanges(deps, body);
  const format = body.format ?? detectFormat(body.content, body.file_name);
  const rows = parsedRows(parseImport(body.content, format, body.mapping ?? {}, ranges));
  if (body.dry_run) return dryRunResult(rows);
  const setId = deps.db.transaction(() => {
    const id = deps.sets.create(newSet(body, format, ranges, createdBy, options.isDemo ?? false), deps.now());
    deps.instructions.insertMany(id, rows);
    return id;
  })();
  return { dryRun: false, setId };
}

/**
 * The same import without blocking: the file is parsed in a worker thread, which also writes the rows (on a
 * connection of its own, in short chunks) into a hidden set published by one last tiny transaction. Still
 * all or nothing as seen by anyone, after a crash included (see chunked-write.ts). An in-memory database
 * (tests) cannot be opened by the worker: the rows come back and are written here, in chunks likewise.
 */
export async function importInstructionSetInChunks(deps: ImportDeps, body: ImportBody, createdBy: number | null): Promise<ImportOutcome> {
  const ranges = checkedRanges(deps, body);
  const request = { content: body.content, format: body.format, fileName: body.file_name, mapping: body.mapping ?? {}, ranges };
  if (body.dry_run || deps.db.memory) {
    const parsed = await parseOffThread(request);
    if (!parsed.ok) parsedRows(parsed);
    const rows = parsed.ok && "instructions" in parsed ? parsed.instructions : [];
    if (body.dry_run) return dryRunResult(rows);
    const format = parsed.ok ? parsed.format : "jsonl";
    return { dryRun: false, setId: await writeSetInChunks(deps, newSet(body, format, ranges, createdBy, false), rows) };
  }
  // The set's source names the format, known only once the worker has read the file: set when published.
  const setId = await importIntoHiddenSet(deps, newSet(body, body.format ?? "jsonl", ranges, createdBy, false), async (id) => {
    const outcome = await parseOffThread({ ...request, into: { dbPath: deps.db.name, setId: id } });
    if (!outcome.ok) parsedRows(outcome);
    else if (body.file_name === undefined) deps.sets.setSource(id, `${outcome.format} import`);
  });
  return { dryRun: false, setId };
}
