-- Vigie store, PostgreSQL, version 1: the SQLite schema with PostgreSQL types, tsvector
-- columns (french/english/simple configuration by article language, over unaccented text)
-- and the same counter triggers.
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TABLE articles (
    id               BIGSERIAL PRIMARY KEY,
    doc_id           TEXT NOT NULL UNIQUE,
    url              TEXT,
    content_hash     TEXT NOT NULL,
    annotations_hash TEXT NOT NULL,
    title            TEXT,
    date             TEXT,
    lang             TEXT,
    text             TEXT NOT NULL,
    annotations      TEXT NOT NULL,
    ingested_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    tsv              TSVECTOR NOT NULL
);
CREATE INDEX articles_url ON articles (url) WHERE url IS NOT NULL;
CREATE INDEX articles_hash ON articles (content_hash);
CREATE INDEX articles_date ON articles (date);
CREATE INDEX articles_tsv ON articles USING GIN (tsv);

CREATE TABLE entities (
    id         BIGSERIAL PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    label      TEXT NOT NULL,
    actor_code TEXT,
    name_fold  TEXT NOT NULL,
    n_mentions BIGINT NOT NULL DEFAULT 0,
    n_quotes   BIGINT NOT NULL DEFAULT 0,
    n_events   BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX entities_mentions ON entities (n_mentions DESC);
CREATE INDEX entities_quotes ON entities (n_quotes DESC);
CREATE INDEX entities_events ON entities (n_events DESC);

CREATE TABLE mentions (
    article_id BIGINT NOT NULL REFERENCES articles (id),
    start      BIGINT NOT NULL,
    "end"      BIGINT NOT NULL,
    label      TEXT NOT NULL,
    entity_id  BIGINT REFERENCES entities (id),
    surface    TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions (article_id);
CREATE INDEX mentions_entity ON mentions (entity_id, surface);

CREATE TABLE quotes (
    id            BIGSERIAL PRIMARY KEY,
    article_id    BIGINT NOT NULL REFERENCES articles (id),
    date          TEXT,
    kind          TEXT NOT NULL,
    start         BIGINT NOT NULL,
    "end"         BIGINT NOT NULL,
    text          TEXT NOT NULL,
    speaker       TEXT,
    speaker_start BIGINT,
    speaker_end   BIGINT,
    entity_id     BIGINT REFERENCES entities (id),
    cue           TEXT,
    speaker_fold  TEXT NOT NULL,
    tsv           TSVECTOR NOT NULL
);
CREATE INDEX quotes_article ON quotes (article_id);
CREATE INDEX quotes_entity ON quotes (entity_id);
CREATE INDEX quotes_date ON quotes (date);
CREATE INDEX quotes_tsv ON quotes USING GIN (tsv);

CREATE TABLE events (
    id            BIGSERIAL PRIMARY KEY,
    article_id    BIGINT NOT NULL REFERENCES articles (id),
    date          TEXT,
    code          TEXT NOT NULL,
    root_code     TEXT NOT NULL,
    start         BIGINT NOT NULL,
    "end"         BIGINT NOT NULL,
    evidence      TEXT NOT NULL,
    source_entity BIGINT REFERENCES entities (id),
    target_entity BIGINT REFERENCES entities (id),
    source_code   TEXT,
    target_code   TEXT
);
CREATE INDEX events_article ON events (article_id);
CREATE INDEX events_source ON events (source_code, target_code);
CREATE INDEX events_source_entity ON events (source_entity);
CREATE INDEX events_target_entity ON events (target_entity);
CREATE INDEX events_date ON events (date);

CREATE FUNCTION vigie_count_mentions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE entities SET n_mentions = n_mentions + 1 WHERE id = NEW.entity_id;
    ELSE
        UPDATE entities SET n_mentions = n_mentions - 1 WHERE id = OLD.entity_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER mentions_count AFTER INSERT OR DELETE ON mentions
    FOR EACH ROW EXECUTE FUNCTION vigie_count_mentions();

CREATE FUNCTION vigie_count_quotes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE entities SET n_quotes = n_quotes + 1 WHERE id = NEW.entity_id;
    ELSE
        UPDATE entities SET n_quotes = n_quotes - 1 WHERE id = OLD.entity_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER quotes_count AFTER INSERT OR DELETE ON quotes
    FOR EACH ROW EXECUTE FUNCTION vigie_count_quotes();

CREATE FUNCTION vigie_count_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE entities SET n_events = n_events + 1
            WHERE id IN (NEW.source_entity, NEW.target_entity);
    ELSE
        UPDATE entities SET n_events = n_events - 1
            WHERE id IN (OLD.source_entity, OLD.target_entity);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER events_count AFTER INSERT OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION vigie_count_events();
