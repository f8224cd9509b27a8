import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Db } from "../db/open";
import type { HiddenSet, InstructionSetsRepo, NewInstructionSet } from "../db/repos/instruction-sets";
import type { InstructionsRepo, NewInstruction } from "../db/repos/instructions";
import { conflict } from "../http/errors";

export interface ChunkDeps {
  db: Db;
  sets: InstructionSetsRepo;
  instructions: InstructionsRepo;
  now: () => Date;
}

// Each chunk is one short transaction: long enough to amortise its commit, short enough that the write lock
// (shared with other processes) and the event loop (shared with every other request) are never held long.
const chunkMs = 12;
// Between two chunks the lock is left free this long: SQLite's busy handler polls a waiting writer after
// 1, 3, 8, 18 ms..., so a writer that retakes the lock at once (a worker thread, another process) would
// starve the server's own writes, which then wait, blocking its event loop.
const pauseMs = 8;
const deleteChunkRows = 1000;
/** An importer that wrote nothing for this long is taken for dead even when its process cannot be checked. */
export const importerSilentMs = 60_000;

const thisWriter = `${hostname()} ${process.pid}`;
/** Sets this process is importing right now: a restarted process may reuse a dead one's pid (pid 1 in a container). */
const importing = new Set<number>();

/** Lets other requests run, and other writers take the lock, between two chunks. */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, pauseMs));

/** Creates the hidden set a chunked import writes into (under a placeholder name). */
export function createHiddenSet(deps: ChunkDeps, set: NewInstructionSet): number {
  const placeholder = ` importing ${randomBytes(8).toString("hex")}`;
  const id = deps.db.transaction(() => deps.sets.createImporting(set, placeholder, thisWriter, deps.now()))();
  importing.add(id);
  return id;
}

/**
 * Appends rows to a hidden set in chunks of short committed transactions that yield in between. Runs on the
 * server's connection or on a worker thread's own (parse-worker.ts).
 */
export async function writeRowsInChunks(deps: ChunkDeps, id: number, rows: readonly NewInstruction[]): Promise<void> {
  for (let next = 0; next < rows.length; ) {
    next = deps.db.transaction(() => {
      const started = performance.now();
      let at = next;
      while (at < rows.length && performance.now() - started < chunkMs) {
        const slice = rows.slice(at, at + 100);
        deps.instructions.insertMany(id, slice, at + 1);
        at += slice.length;
      }
      // Gone from 'importing': a sweep took this import for dead; rolling back this chunk, it stops here.
      if (!deps.sets.beat(id, deps.now())) throw new Error("the import was removed before it finished");
      return at;
    })();
    await pause();
  }
}

/** Makes a hidden set visible under its name in one tiny transaction: 409 if the name was taken meanwhile. */
export function publishSet(deps: ChunkDeps, id: number, name: string): void {
  const published = deps.db.transaction(() => {
    if (deps.sets.findByName(name)) throw conflict(`an instruction set named "${name}" already exists`);
    return deps.sets.publish(id, name);
  })();
  if (!published) throw new Error(`the import of "${name}" was removed before it finished`);
}

/**
 * Runs `write` into a new hidden set and publishes it; on any failure removes what was written (a crash's
 * rows go at the next start, see removeAbandonedSets). All or nothing as seen by anyone.
 */
export async function importIntoHiddenSet(
  deps: ChunkDeps,
  set: NewInstructionSet,
  write: (id: number) => Promise<void>,
): Promise<number> {
  const id = createHiddenSet(deps, set);
  try {
    await write(id);
    publishSet(deps, id, set.name);
    return id;
  } catch (err) {
    await removeSetInChunks(deps, id).catch(() => {
      // Left to the next start's sweep (removeAbandonedSets): the import's own error is the one to report.
    });
    throw err;
  } finally {
    importing.delete(id);
  }
}

/** A set and its rows written in chunks on this connection, invisible until published. */
export function writeSetInChunks(deps: ChunkDeps, set: NewInstructionSet, rows: readonly NewInstruction[]): Promise<number> {
  return importIntoHiddenSet(deps, set, (id) => writeRowsInChunks(deps, id, rows));
}

/** Removes a hidden set's instructions a chunk at a time, then the set's row. */
export async function removeSetInChunks(deps: Pick<ChunkDeps, "db" | "sets">, id: number): Promise<void> {
  while (deps.db.transaction(() => deps.sets.removeSomeInstructions(id, deleteChunkRows))() > 0) {
    await pause();
  }
  deps.db.transaction(() => deps.sets.removeHidden(id))();
}

function processGone(writer: string | null): boolean {
  if (writer === null) return true;
  const [host, pidText] = writer.split(" ");
  if (host !== hostname()) return false;
  try {
    process.kill(Number(pidText), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** Whether a hidden set was left behind by a deletion or an import that died (and so must go). */
export function isAbandoned(set: HiddenSet, now: Date): boolean {
  if (set.status === "deleting") return true;
  if (importing.has(set.id)) return false;
  if (set.writer === thisWriter) return true;
  const silentFor = set.heartbeat_at === null ? Infinity : now.getTime() - Date.parse(set.heartbeat_at);
  return silentFor > importerSilentMs || processGone(set.writer);
}

/**
 * Removes what crashed imports and interrupted deletions left: run at start, before serving. A live import
 * of another process on the same file (a CLI import, a second server) is left alone.
 */
export async function removeAbandonedSets(deps: Pick<ChunkDeps, "db" | "sets" | "now">): Promise<number> {
  const abandoned = deps.sets.hidden().filter((set) => isAbandoned(set, deps.now()));
  for (const set of abandoned) {
    deps.db.transaction(() => deps.sets.abandon(set.id))();
    await removeSetInChunks(deps, set.id);
  }
  return abandoned.length;
}
