-- Large imports and deletions of an instruction set run in short committed chunks (so no write lock is
-- held long and the server answers meanwhile). Until the last chunk a set is 'importing', from its deletion
-- on it is 'deleting': either way no one sees it. `writer` ("host pid") and `heartbeat_at` tell a live
-- importer from a crashed one, whose rows are removed at the next start.
ALTER TABLE instruction_sets ADD COLUMN status TEXT NOT NULL DEFAULT 'ready' CHECK (status IN ('importing', 'ready', 'deleting'));
ALTER TABLE instruction_sets ADD COLUMN writer TEXT;
ALTER TABLE instruction_sets ADD COLUMN heartbeat_at TEXT;
-- A set's counts table (range × category, and by language) read from indexes alone: over a 200,000-row set
-- the table scan took the event loop for most of a second.
CREATE INDEX instructions_set_category_range ON instructions(set_id, category, length_range);
CREATE INDEX instructions_set_lang ON instructions(set_id, lang);
