-- Vigie store, PostgreSQL, version 2: the event model's own fields. `source_code`/`target_code`
-- now hold the event's actor codes (else the linked entity's) and `date` the event's resolved
-- day (else the article's); rows stored by version 1 are filled from the stored annotations
-- when this migration runs.
ALTER TABLE events ADD COLUMN source_country TEXT;  -- ISO 3166 alpha-3 / CAMEO country
ALTER TABLE events ADD COLUMN target_country TEXT;
ALTER TABLE events ADD COLUMN source_text TEXT;     -- the actor's words in the text
ALTER TABLE events ADD COLUMN target_text TEXT;
ALTER TABLE events ADD COLUMN trigger_text TEXT;       -- the predicate's words
ALTER TABLE events ADD COLUMN trigger_start BIGINT;
ALTER TABLE events ADD COLUMN trigger_end BIGINT;
ALTER TABLE events ADD COLUMN trigger_lemma TEXT;
ALTER TABLE events ADD COLUMN theme TEXT;           -- what was given, signed, promised
ALTER TABLE events ADD COLUMN goldstein DOUBLE PRECISION;
ALTER TABLE events ADD COLUMN quad_class BIGINT;   -- 1..4
ALTER TABLE events ADD COLUMN plover_type TEXT;
ALTER TABLE events ADD COLUMN plover_mode TEXT;
ALTER TABLE events ADD COLUMN place TEXT;           -- place entity's name, else its words
ALTER TABLE events ADD COLUMN place_start BIGINT;
ALTER TABLE events ADD COLUMN place_end BIGINT;
ALTER TABLE events ADD COLUMN date_text TEXT;       -- the date expression ("mercredi")
ALTER TABLE events ADD COLUMN negated BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE events ADD COLUMN modality TEXT;        -- NULL = asserted
ALTER TABLE events ADD COLUMN reported_in BIGINT;  -- index of the quote it was read from
ALTER TABLE events ADD COLUMN confidence DOUBLE PRECISION;
ALTER TABLE events ADD COLUMN rule TEXT;
ALTER TABLE events ADD COLUMN flags TEXT;           -- space-separated
CREATE INDEX events_countries ON events (source_country, target_country);
CREATE INDEX events_target ON events (target_code);
CREATE INDEX events_code ON events (code);
