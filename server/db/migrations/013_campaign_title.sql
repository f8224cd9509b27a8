-- What annotators see of a campaign is its title, never its name: researchers name campaigns after what they
-- compare ("fake-writer vs gpt4o-ref"), which would tell annotators which answer is which model
-- (docs/decisions/021-blind-campaign-titles.md). Existing campaigns get a neutral title that owes nothing to
-- their name.
ALTER TABLE campaigns ADD COLUMN title TEXT NOT NULL DEFAULT '';
UPDATE campaigns SET title = 'Campaign ' || id;
