import type { Db } from "../open";

export type LoginCountersRepo = ReturnType<typeof loginCountersRepo>;

/** A counter the attempt must find under its budget. */
export interface CounterBudget {
  key: string;
  budget: number;
}

/**
 * Login failure counters with fixed windows, shared by every server process on the database. At most
 * `maxKeys` rows are kept: past that the counters whose windows end first are dropped (forgetting a counter
 * can only let its owner try again early), so the table stays bounded whatever names an attacker sends.
 */
export function loginCountersRepo(db: Db) {
  const read = db.prepare<[string, string], { failures: number; reset_at: string }>(
    "SELECT failures, reset_at FROM login_counters WHERE counter_key = ? AND reset_at > ?",
  );
  // A counter whose window ended starts again at one.
  const bump = db.prepare<{ key: string; now: string; resetAt: string }>(
    `INSERT INTO login_counters (counter_key, failures, reset_at) VALUES (@key, 1, @resetAt)
     ON CONFLICT (counter_key) DO UPDATE SET
       failures = CASE WHEN login_counters.reset_at <= @now THEN 1 ELSE login_counters.failures + 1 END,
       reset_at = CASE WHEN login_counters.reset_at <= @now THEN @resetAt ELSE login_counters.reset_at END`,
  );
  const remove = db.prepare<[string]>("DELETE FROM login_counters WHERE counter_key = ?");
  const purge = db.prepare<[string]>("DELETE FROM login_counters WHERE reset_at <= ?");
  const count = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM login_counters");
  const trim = db.prepare<[number]>(
    "DELETE FROM login_counters WHERE counter_key IN (SELECT counter_key FROM login_counters ORDER BY reset_at, counter_key LIMIT ?)",
  );

  function waitOf(key: string, budget: number, now: Date): number {
    const row = read.get(key, now.toISOString());
    return row && row.failures >= budget ? Math.max(1, Date.parse(row.reset_at) - now.getTime()) : 0;
  }

  function add(keys: readonly string[], now: Date, windowMs: number, maxKeys: number) {
    const resetAt = new Date(now.getTime() + windowMs).toISOString();
    purge.run(now.toISOString());
    for (const key of keys) bump.run({ key, now: now.toISOString(), resetAt });
    const over = count.get()!.n - maxKeys;
    if (over > 0) trim.run(over);
  }

  return {
    /**
     * Milliseconds until every budget has room again, 0 when all have room now; in that case also counts one
     * failure against each key of `charge`. One transaction: attempts arriving at several servers at once
     * cannot all pass the check before any of them is counted.
     */
    chargeUnlessSpent: db.transaction(
      (budgets: readonly CounterBudget[], charge: readonly string[], now: Date, windowMs: number, maxKeys: number): number => {
        const wait = Math.max(0, ...budgets.map((b) => waitOf(b.key, b.budget, now)));
        if (wait === 0 && charge.length > 0) add(charge, now, windowMs, maxKeys);
        return wait;
      },
    ),
    /** Counts one failure against each key. */
    add: db.transaction((keys: readonly string[], now: Date, windowMs: number, maxKeys: number) => add(keys, now, windowMs, maxKeys)),
    /** Gives keys their attempts back (attempts counted in advance turned out to succeed). */
    forget: (keys: readonly string[]) => keys.forEach((key) => remove.run(key)),
    /** How many counters are held. */
    size: () => count.get()!.n,
  };
}
