CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'researcher', 'annotator')),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_used_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE instruction_sets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  is_demo INTEGER NOT NULL DEFAULT 0,
  length_ranges TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE instructions (
  id INTEGER PRIMARY KEY,
  set_id INTEGER NOT NULL REFERENCES instruction_sets(id) ON DELETE CASCADE,
  external_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  prompt TEXT NOT NULL,
  required_length INTEGER CHECK (required_length IS NULL OR required_length > 0),
  length_source TEXT NOT NULL CHECK (length_source IN ('field', 'parsed', 'none')),
  lang TEXT NOT NULL CHECK (lang IN ('zh', 'en', 'other')),
  length_range TEXT,
  category TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  UNIQUE (set_id, external_id)
);
CREATE INDEX instructions_set_position ON instructions(set_id, position);
CREATE INDEX instructions_set_range ON instructions(set_id, length_range);
