-- Vigie store, PostgreSQL, version 3: less work for the server on every write.
-- 1. `articles.tsv` and `quotes.tsv` hold Vigie's own index terms (those of the SQLite backend:
--    words stemmed by the text's language and accent-folded, `vigie_store::terms`), computed on
--    the client and sent as lexeme arrays (`array_to_tsvector`): the server no longer runs
--    `to_tsvector` over `unaccent`ed text, and queries are built from the same terms. Rows
--    stored by version 2 are re-indexed from their text when this migration runs (in Rust).
-- 2. The entity counters are kept by statement-level triggers over transition tables: one
--    UPDATE per entity and statement instead of one per inserted or deleted row.
-- 3. Article text and annotations are compressed with lz4 when the server has it (pglz, the
--    default, costs several times more CPU).
DROP TRIGGER mentions_count ON mentions;
DROP TRIGGER quotes_count ON quotes;
DROP TRIGGER events_count ON events;
DROP FUNCTION vigie_count_mentions();
DROP FUNCTION vigie_count_quotes();
DROP FUNCTION vigie_count_events();

-- `changed` is the transition table: the inserted rows (AFTER INSERT) or the deleted ones.
CREATE FUNCTION vigie_count_mention_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entities e SET n_mentions = e.n_mentions
        + d.n * CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END
    FROM (SELECT entity_id AS id, count(*) AS n FROM changed
          WHERE entity_id IS NOT NULL GROUP BY entity_id) d
    WHERE e.id = d.id;
    RETURN NULL;
END $$;
CREATE TRIGGER mentions_added AFTER INSERT ON mentions REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION vigie_count_mention_rows();
CREATE TRIGGER mentions_removed AFTER DELETE ON mentions REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION vigie_count_mention_rows();

CREATE FUNCTION vigie_count_quote_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entities e SET n_quotes = e.n_quotes
        + d.n * CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END
    FROM (SELECT entity_id AS id, count(*) AS n FROM changed
          WHERE entity_id IS NOT NULL GROUP BY entity_id) d
    WHERE e.id = d.id;
    RETURN NULL;
END $$;
CREATE TRIGGER quotes_added AFTER INSERT ON quotes REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION vigie_count_quote_rows();
CREATE TRIGGER quotes_removed AFTER DELETE ON quotes REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION vigie_count_quote_rows();

-- An event counts once for an entity that is both its source and its target.
CREATE FUNCTION vigie_count_event_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE entities e SET n_events = e.n_events
        + d.n * CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END
    FROM (SELECT id, count(*) AS n
          FROM (SELECT source_entity AS id FROM changed
                UNION ALL
                SELECT target_entity FROM changed
                WHERE target_entity IS DISTINCT FROM source_entity) s
          WHERE id IS NOT NULL GROUP BY id) d
    WHERE e.id = d.id;
    RETURN NULL;
END $$;
CREATE TRIGGER events_added AFTER INSERT ON events REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION vigie_count_event_rows();
CREATE TRIGGER events_removed AFTER DELETE ON events REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION vigie_count_event_rows();

DO $$
BEGIN
    ALTER TABLE articles ALTER COLUMN text SET COMPRESSION lz4,
                         ALTER COLUMN annotations SET COMPRESSION lz4;
    ALTER TABLE quotes ALTER COLUMN text SET COMPRESSION lz4;
    ALTER TABLE events ALTER COLUMN evidence SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    NULL;  -- a server built without lz4 keeps pglz
END $$;
