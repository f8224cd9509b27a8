-- n choices per request (docs/decisions/041-n-choices-per-request.md); the SQLite twin is migrations/020.
ALTER TABLE models ADD COLUMN n_per_request BIGINT NOT NULL DEFAULT 1 CHECK (n_per_request BETWEEN 1 AND 16);
