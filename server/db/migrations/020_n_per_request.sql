-- n choices per request (docs/decisions/041-n-choices-per-request.md): how many samples of one instruction
-- a model's endpoint is asked for in one streamed request (OpenAI's `n`); 1 sends one request per sample.
ALTER TABLE models ADD COLUMN n_per_request INTEGER NOT NULL DEFAULT 1 CHECK (n_per_request BETWEEN 1 AND 16);
