import { conflict, notFound } from "../errors/domain-error";
import { removeSetInChunks, type ChunkDeps } from "./chunked-write";

/**
 * Deletes a set: gone for everyone at once (hidden, its name free), its rows then removed in short chunks
 * so that neither the write lock nor the event loop is held while tens of thousands of rows go.
 */
export async function deleteInstructionSet(deps: Pick<ChunkDeps, "db" | "sets">, id: number): Promise<void> {
  deps.db.transaction(() => {
    if (!deps.sets.get(id)) throw notFound("instruction set");
    // Outputs (and later judgments) hang off its instructions: deleting them would lose work.
    const jobs = deps.sets.jobCount(id);
    if (jobs > 0) throw conflict(`the set has ${jobs} sampling or import job${jobs === 1 ? "" : "s"} with outputs; it cannot be deleted`);
    deps.sets.markDeleting(id);
  })();
  await removeSetInChunks(deps, id);
}
