-- Vigie store, SQLite, version 1. Offsets are byte offsets into articles.text.
CREATE TABLE articles (
    id               INTEGER PRIMARY KEY,
    doc_id           TEXT NOT NULL UNIQUE,
    url              TEXT,
    content_hash     TEXT NOT NULL,
    annotations_hash TEXT NOT NULL,
    title            TEXT,
    date             TEXT,            -- YYYY-MM-DD when known
    lang             TEXT,
    text             TEXT NOT NULL,
    annotations      TEXT NOT NULL,   -- the document's JSON without text and tokens
    ingested_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX articles_url ON articles (url) WHERE url IS NOT NULL;
CREATE INDEX articles_hash ON articles (content_hash);
CREATE INDEX articles_date ON articles (date);

CREATE TABLE entities (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,  -- KB id, else LABEL:folded name
    name       TEXT NOT NULL,
    label      TEXT NOT NULL,
    actor_code TEXT,
    name_fold  TEXT NOT NULL,
    n_mentions INTEGER NOT NULL DEFAULT 0,
    n_quotes   INTEGER NOT NULL DEFAULT 0,
    n_events   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_mentions ON entities (n_mentions DESC);
CREATE INDEX entities_quotes ON entities (n_quotes DESC);
CREATE INDEX entities_events ON entities (n_events DESC);

CREATE TABLE mentions (
    article_id INTEGER NOT NULL REFERENCES articles (id),
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    label      TEXT NOT NULL,
    entity_id  INTEGER REFERENCES entities (id),
    surface    TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions (article_id);
CREATE INDEX mentions_entity ON mentions (entity_id, surface);

CREATE TABLE quotes (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles (id),
    date          TEXT,
    kind          TEXT NOT NULL,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    text          TEXT NOT NULL,
    speaker       TEXT,
    speaker_start INTEGER,
    speaker_end   INTEGER,
    entity_id     INTEGER REFERENCES entities (id),
    cue           TEXT,
    speaker_fold  TEXT NOT NULL
);
CREATE INDEX quotes_article ON quotes (article_id);
CREATE INDEX quotes_entity ON quotes (entity_id);
CREATE INDEX quotes_date ON quotes (date);

CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles (id),
    date          TEXT,
    code          TEXT NOT NULL,      -- CAMEO code, e.g. 057
    root_code     TEXT NOT NULL,      -- its first two digits
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    evidence      TEXT NOT NULL,
    source_entity INTEGER REFERENCES entities (id),
    target_entity INTEGER REFERENCES entities (id),
    source_code   TEXT,
    target_code   TEXT
);
CREATE INDEX events_article ON events (article_id);
CREATE INDEX events_source ON events (source_code, target_code);
CREATE INDEX events_source_entity ON events (source_entity);
CREATE INDEX events_target_entity ON events (target_entity);
CREATE INDEX events_date ON events (date);

-- Entity counters (n_mentions, n_quotes, n_events) are kept by the writer: it adds each
-- batch's changes per entity in one UPDATE (per-row triggers cost a statement per row).

-- Full-text indexes over stemmed, accent-folded terms (computed by vigie-store's terms
-- module); rowid = articles.id / quotes.id. Contentless: the text lives in the tables above.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    terms, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE quotes_fts USING fts5 (
    terms, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
