-- Offline signals of a finished sample (repetition, truncation, languageMismatch, empty), computed when it
-- is saved so lists of long outputs never recompute them.
ALTER TABLE samples ADD COLUMN flags TEXT NOT NULL DEFAULT '[]';
