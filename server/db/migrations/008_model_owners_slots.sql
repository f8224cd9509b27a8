-- Who created a model (null: config file, demo, CLI); only they or an admin may change it.
ALTER TABLE models ADD COLUMN created_by INTEGER REFERENCES users(id) ON DELETE SET NULL;

-- Requests in flight per model, across processes (the server's runner, a CLI `sample` on the same
-- file): one row per (model, runner) with how many of the model's max_in_flight it holds, leased like
-- the work itself. A runner that crashed stops renewing, and its row no longer counts after lease_until.
CREATE TABLE model_slots (
  model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  owner TEXT NOT NULL,
  held INTEGER NOT NULL CHECK (held > 0),
  lease_until TEXT NOT NULL,
  PRIMARY KEY (model_id, owner)
) WITHOUT ROWID;
