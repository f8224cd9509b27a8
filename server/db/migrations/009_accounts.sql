-- Accounts an admin can manage (issue 12, part 8) and device cookies for the login limiter (part 2).

-- A disabled account keeps its rows and its work; it cannot sign in, and its sessions and tokens are refused.
ALTER TABLE users ADD COLUMN disabled_at TEXT;

-- Sessions also end after an idle time: last_seen_at is refreshed at most about once a minute per session.
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
UPDATE sessions SET last_seen_at = created_at;

-- A random cookie given to a browser at a successful login (OWASP "device cookies"): a login that presents
-- one for its own username is limited only by that cookie's failure budget, so failures from elsewhere
-- cannot lock its holder out. Only a hash is stored, as for sessions.
CREATE TABLE device_cookies (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL
);
CREATE INDEX device_cookies_user ON device_cookies(user_id, created_at);

-- Users are never deleted with their work. Deleting a user cascades through assignments onto their
-- judgments (annotations.assignment_id ... ON DELETE CASCADE), and SQLite cannot change a foreign key in
-- place. Rebuilding users, assignments, annotations, campaign_annotators and annotator_progress would
-- mean copying the largest tables inside migrate()'s one transaction, where foreign_keys cannot be turned
-- off; a trigger refuses the delete instead, whatever runs it (the app, the CLI or sqlite3 by hand).
-- Disabling an account is the way to remove a leaver.
CREATE TRIGGER users_keep_work BEFORE DELETE ON users
WHEN EXISTS (SELECT 1 FROM annotations WHERE user_id = OLD.id)
  OR EXISTS (SELECT 1 FROM assignments WHERE user_id = OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'this user has judgments or campaign work: disable the account instead of deleting it');
END;
