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
const chunkMs = 15;
const deleteChunkRows = 2000;
/** An importer that wrote nothing for this long is taken for dead even when its process cannot be checked. */
export const importerSilentMs = 60_000;

const thisWriter = `${hostname()} ${process.pid}`;
/** Sets this process is importing right now: a restarted process may reuse a dead one's pid (pid 1 in a container). */
const importing = new Set<number>();

/** Lets timers and I/O (other requests) run between chunks. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes a set and its instructions in chunks of short committed transactions, invisible until the last,
 * tiny one gives the set its name. All or nothing as seen by anyone: on failure the rows written so far are
 * removed (and a crash's rows at the next start, see removeAbandonedSets).
 */
export async function writeSetInChunks(
  deps: ChunkDeps,
  set: NewInstructionSet & { name: string },
  rows: readonly NewInstruction[],
): Promise<number> {
  const placeholder = ` importing ${randomBytes(8).toString("hex")}`;
  const id = deps.db.transaction(() => deps.sets.createImporting(set, placeholder, thisWriter, deps.now()))();
  importing.add(id);
  try {
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
        if (!deps.sets.beat(id, deps.now())) throw new Error(`the import of "${set.name}" was removed before it finished`);
        return at;
      })();
      await yieldToEventLoop();
    }
    const published = deps.db.transaction(() => {
      if (deps.sets.findByName(set.name)) throw conflict(`an instruction set named "${set.name}" already exists`);
      return deps.sets.publish(id, set.name);
    })();
    if (!published) throw new Error(`the import of "${set.name}" was removed before it finished`);
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

/** Removes a hidden set's instructions a chunk at a time, then the set's row. */
export async function removeSetInChunks(deps: Pick<ChunkDeps, "db" | "sets">, id: number): Promise<void> {
  while (deps.db.transaction(() => deps.sets.removeSomeInstructions(id, deleteChunkRows))() > 0) {
    await yieldToEventLoop();
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
