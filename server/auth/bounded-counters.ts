/**
 * Failure counters with fixed windows, at most `maxKeys` of them: when full, the least recently touched
 * key is forgotten (a Map iterates in insertion order, and a touched key is re-inserted at the end).
 * Memory stays flat whatever names an attacker sends; forgetting a key can only ever let its owner try
 * again early, and an attacker who wants that must first fill the store from many addresses.
 */
export function boundedCounters(maxKeys: number, windowMs: number, now: () => number) {
  const entries = new Map<string, { count: number; resetAt: number }>();

  const live = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.resetAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    // Most recently used goes last.
    entries.delete(key);
    entries.set(key, entry);
    return entry;
  };

  return {
    /** Milliseconds until `key` may be tried again when it has used `budget` failures, else 0. */
    wait(key: string, budget: number): number {
      const entry = live(key);
      return entry && entry.count >= budget ? Math.max(1, entry.resetAt - now()) : 0;
    },
    /** Counts one against `key`. */
    add(key: string): void {
      const entry = live(key);
      if (entry) {
        entry.count++;
        return;
      }
      if (entries.size >= maxKeys) entries.delete(entries.keys().next().value!);
      entries.set(key, { count: 1, resetAt: now() + windowMs });
    },
    /** Gives a key one attempt back (an attempt counted in advance turned out to succeed). */
    forget(key: string): void {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
