import type { Db } from "../open";

export type ModelSlotsRepo = ReturnType<typeof modelSlotsRepo>;

/**
 * A model's max_in_flight shared by every runner on the database (docs/decisions/007-in-flight-slots.md).
 * Each runner writes how many slots it holds; a claim counts the others' unexpired holdings in the same
 * IMMEDIATE transaction, so two processes never both take the last slot.
 */
export function modelSlotsRepo(db: Db) {
  const othersHeld = db.prepare<[number, string, string], { n: number }>(
    "SELECT COALESCE(SUM(held), 0) AS n FROM model_slots WHERE model_id = ? AND owner <> ? AND lease_until > ?",
  );
  const upsert = db.prepare<[number, string, number, string]>(
    `INSERT INTO model_slots (model_id, owner, held, lease_until) VALUES (?, ?, ?, ?)
     ON CONFLICT (model_id, owner) DO UPDATE SET held = excluded.held, lease_until = excluded.lease_until`,
  );
  const remove = db.prepare<[number, string]>("DELETE FROM model_slots WHERE model_id = ? AND owner = ?");
  const removeExpired = db.prepare<[string]>("DELETE FROM model_slots WHERE lease_until <= ?");

  const write = (modelId: number, owner: string, held: number, until: Date) => {
    if (held > 0) upsert.run(modelId, owner, held, until.toISOString());
    else remove.run(modelId, owner);
  };

  const claim = db.transaction((modelId: number, owner: string, held: number, max: number, now: Date, until: Date) => {
    if (othersHeld.get(modelId, owner, now.toISOString())!.n + held + 1 > max) return false;
    upsert.run(modelId, owner, held + 1, until.toISOString());
    return true;
  });

  return {
    /** One more slot for `owner`, which holds `held` now; false when the model's limit is reached. */
    claim: (modelId: number, owner: string, held: number, max: number, now: Date, until: Date): boolean =>
      claim.immediate(modelId, owner, held, max, now, until),
    /** Records what `owner` holds after a release (0 removes its row). */
    set: write,
    /**
     * The heartbeat: rewrites every holding of `owner` from its own count (a row another process removed
     * as expired while this one was stalled comes back) and drops rows of runners that stopped renewing.
     */
    renew: db.transaction((owner: string, holdings: Map<number, number>, now: Date, until: Date) => {
      removeExpired.run(now.toISOString());
      for (const [modelId, held] of holdings) if (held > 0) upsert.run(modelId, owner, held, until.toISOString());
    }),
  };
}
