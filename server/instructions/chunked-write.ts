import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Db } from "../db/open";
import type { HiddenSet, InstructionSetsRepo, NewInstructionSet } from "../db/repos/instruction-sets";
import type { InstructionsRepo, NewInstruction } from "../db/repos/instructions";
import { conflict } from "../errors/domain-error";

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

/** Who writes a hidden set or job: a sweep in another process checks whether this one still runs. */
export const thisWriter = `${hostname()} ${process.pid}`;
/** Sets this process is importing right now: a restarted process may reuse a dead one's pid (pid 1 in a container). */
const importing = new Set<number>();

/** Lets other requests run, and other writers take the lock, between two chunks. */
export const pause = () => new Promise<void>((resolve) => setTimeout(resolve, pauseMs));

/** Creates the hidden set a chunked import writes into (under a placeholder name). */
export function createHiddenSet(deps: ChunkDeps, set: NewInstructionSet): number {
  const placeholder = ` importing ${randomBytes(8).toString("hex")}`;
  const id = deps.db.transaction(() => deps.sets.createImporting(set, placeholder, thisWriter, deps.now()))();
  importing.add(id);
  return id;
}

/**
 * Runs a long write as short committed transactions that yield in between: `writeFrom(at)` writes from item
 * `at` on (one item or a small batch) and returns where it got to; each transaction ends with `stillWanted`,
 * false once a sweep took the import for dead (rolling back that chunk, it stops there). Shared by the
 * instruction and the outputs imports, on the server's connection or a worker thread's own.
 */
export async function writeInChunks(db: Db, total: number, writeFrom: (at: number) => number, stillWanted: () => boolean): Promise<void> {
  for (let next = 0; next < total; ) {
    next = db.transaction(() => {
      const started = performance.now();
      let at = next;
      while (at < total && performance.now() - started < chunkMs) at = writeFrom(at);
      if (!stillWanted()) throw new Error("the import was removed before it finished");
      return at;
    })();
    await pause();
  }
}

/** Appends rows to a hidden set in chunks (parse-worker.ts runs it on a worker thread's own connection). */
export function writeRowsInChunks(deps: ChunkDeps, id: number, rows: readonly NewInstruction[]): Promise<void> {
  return writeInChunks(
    deps.db,
    rows.length,
    (at) => {
      const slice = rows.slice(at, at + 100);
      deps.instructions.insertMany(id, slice, at + 1);
      return at + slice.length;
    },
    () => deps.sets.beat(id, deps.now()),
  );
}

/** Removes rows a chunk at a time (`removeSome` answers how many went), then `removeLast` the owning row. */
export async function removeInChunks(db: Db, removeSome: (limit: number) => number, removeLast: () => void): Promise<void> {
  while (db.transaction(() => removeSome(deleteChunkRows))() > 0) {
    await pause();
  }
  db.transaction(removeLast)();
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
export async function importIntoHiddenSet(deps: ChunkDeps, set: NewInstructionSet, write: (id: number) => Promise<void>): Promise<number> {
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
export function removeSetInChunks(deps: Pick<ChunkDeps, "db" | "sets">, id: number): Promise<void> {
  return removeInChunks(
    deps.db,
    (limit) => deps.sets.removeSomeInstructions(id, limit),
    () => void deps.sets.removeHidden(id),
  );
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

/**
 * Whether an import's hidden row (a set, or an outputs import's job) was left by an importer that died, so
 * must go: `live` holds the ids this process is importing right now.
 */
export function importerDied(
  row: { id: number; writer: string | null; heartbeat_at: string | null },
  live: ReadonlySet<number>,
  now: Date,
): boolean {
  if (live.has(row.id)) return false;
  if (row.writer === thisWriter) return true;
  const silentFor = row.heartbeat_at === null ? Infinity : now.getTime() - Date.parse(row.heartbeat_at);
  return silentFor > importerSilentMs || processGone(row.writer);
}

/** Whether a hidden set was left behind by a deletion or an import that died (and so must go). */
export function isAbandoned(set: HiddenSet, now: Date): boolean {
  return set.status === "deleting" || importerDied(set, importing, now);
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
