-- Login failure counters (server/auth/login-limiter.ts), kept in the database so that every server process on
-- it meets the same budgets: an attacker spreading guesses over several servers behind a balancer gets no
-- more than from one (docs/decisions/044-concurrency-on-postgresql.md). Same table as SQLite's 021.
CREATE TABLE login_counters (
  counter_key TEXT COLLATE "C" PRIMARY KEY,
  failures BIGINT NOT NULL CHECK (failures > 0),
  reset_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX login_counters_reset ON login_counters(reset_at);
