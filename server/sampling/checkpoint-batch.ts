import type { Context } from "../context";

/** Streamed texts waiting for their checkpoint: the latest of each running sample. */
export interface CheckpointBatch {
  /** The sample's text so far (kept in memory; written with every other at the next interval). */
  note(sampleId: number, owner: string, text: string): void;
  /** The sample's call ended: a text noted but not written yet is not written at all. */
  drop(sampleId: number): void;
}

/**
 * Checkpoints of every running sample in one transaction per interval, instead of one write (and commit)
 * per sample: with a thousand streams that is one commit every `intervalMs` rather than hundreds a second.
 * A sample's text is noted at every read (a map entry), so what is written is its latest. The timer does
 * not hold the process open, and runs only while something waits.
 */
export function checkpointBatch(ctx: Pick<Context, "db" | "samples">, intervalMs: number, now: () => Date): CheckpointBatch {
  const pending = new Map<number, { owner: string; text: string }>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    if (pending.size === 0) return;
    const rows = [...pending];
    pending.clear();
    const at = now();
    // The update itself checks the lease: a sample handed back or finished meanwhile is left alone. A
    // checkpoint that cannot be written (database busy past its timeout) is only a later resume point lost:
    // the next interval writes the newer text, and the finished text is written with the sample.
    try {
      ctx.db.transaction(() => {
        for (const [id, { owner, text }] of rows) ctx.samples.checkpoint(id, owner, text, at);
      })();
    } catch {}
  };
  return {
    note(sampleId, owner, text) {
      pending.set(sampleId, { owner, text });
      if (timer === undefined) timer = setTimeout(flush, intervalMs).unref();
    },
    drop: (sampleId) => void pending.delete(sampleId),
  };
}
