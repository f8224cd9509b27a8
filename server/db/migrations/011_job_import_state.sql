-- An outputs import writes its samples in short committed chunks under jobs no one sees until one last tiny
-- transaction publishes them (as migration 010 does for instruction sets): 'importing' while written,
-- 'removing' once given up. `writer` ("host pid") and `heartbeat_at` tell a live importer from a crashed
-- one, whose rows are removed at the next start.
ALTER TABLE sampling_jobs ADD COLUMN import_state TEXT CHECK (import_state IN ('importing', 'removing'));
ALTER TABLE sampling_jobs ADD COLUMN writer TEXT;
ALTER TABLE sampling_jobs ADD COLUMN heartbeat_at TEXT;
CREATE INDEX sampling_jobs_hidden ON sampling_jobs(id) WHERE import_state IS NOT NULL;
