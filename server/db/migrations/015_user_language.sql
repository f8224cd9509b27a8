-- The interface language a user chose (issue 15, point 6): 'en' or 'zh'; NULL follows the browser's languages.
-- Stored with the account so the choice follows the user to another browser or computer.
ALTER TABLE users ADD COLUMN language TEXT CHECK (language IN ('en', 'zh'));
