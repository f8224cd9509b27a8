-- Login failure counters (server/auth/login-limiter.ts), kept in the database so that every server process on
-- it meets the same budgets: an attacker spreading guesses over several servers behind a balancer gets no
-- more than from one (docs/decisions/044-concurrency-on-postgresql.md).
-- counter_key: "device:<hash>", "address:<ip>", "account:<name>" or "pair:<name>\n<ip>"; a counter whose
-- window has ended (reset_at <= now) counts as zero and is purged on the next failure.
CREATE TABLE login_counters (
  counter_key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL CHECK (failures > 0),
  reset_at TEXT NOT NULL
);
CREATE INDEX login_counters_reset ON login_counters(reset_at);
