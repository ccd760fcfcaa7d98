//! The PostgreSQL backend: the same schema and queries as SQLite. Full-text search runs over
//! `tsvector`s of Vigie's own index terms, computed on the client ([`terms::lexemes`], the
//! terms the SQLite backend indexes) and queried with the same forms ([`terms::pg_tsquery`]):
//! the server does no text analysis.
//!
//! Uses the synchronous `postgres` client (it runs its own small runtime): call it from plain
//! threads or `spawn_blocking`, never directly inside an async task.

use crate::model::*;
use crate::{terms, Result, Store, StoreError};
use postgres::{Client, NoTls, Row, Statement, Transaction};
use std::collections::HashMap;
use vigie_core::{Document, Span};

const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("sql/pg_001_init.sql")),
    (2, include_str!("sql/pg_002_event_fields.sql")),
    (3, include_str!("sql/pg_003_client_terms.sql")),
    (4, include_str!("sql/pg_004_lean_writes.sql")),
];

/// Rows re-indexed per statement by migration 3.
const REINDEX_CHUNK: i64 = 500;

/// Advisory lock key serialising migrations between processes opening the same database.
const MIGRATION_LOCK: i64 = 0x5649_4749_4500;

/// A PostgreSQL store.
pub struct PgStore {
    client: Client,
    entity_ids: HashMap<String, i64>,
    /// Prepared once per connection on the first write: the server then parses and plans
    /// them once, not once per article.
    write_statements: Option<WriteStatements>,
}

/// The per-article statements of [`Store::put`].
#[derive(Clone)]
struct WriteStatements {
    /// Identity in one round trip: document id first, then URL (both update the row), then
    /// the same content under another id (a duplicate, left alone).
    find: Statement,
    /// Ids for the batch's new articles, taken from the table's sequence in one round trip.
    new_ids: Statement,
    /// The batch's new articles in one statement ([`PendingArticles::write`]).
    insert: Statement,
    update: Statement,
    entity: Statement,
    /// A batch's child rows, one statement per table ([`PendingRows::write`]).
    mentions: Statement,
    quotes: Statement,
    events: Statement,
}

impl WriteStatements {
    fn prepare(client: &mut Client) -> Result<WriteStatements, postgres::Error> {
        Ok(WriteStatements {
            find: client.prepare(
                "SELECT id, content_hash, annotations_hash,
                        CASE WHEN doc_id = $1 THEN 0 WHEN url = $2::text THEN 1 ELSE 2 END AS how
                 FROM articles WHERE doc_id = $1 OR url = $2::text OR content_hash = $3
                 ORDER BY how LIMIT 1",
            )?,
            new_ids: client.prepare(
                "SELECT nextval(pg_get_serial_sequence('articles', 'id'))
                 FROM generate_series(1, $1::bigint)",
            )?,
            insert: client.prepare(ARTICLE_INSERT)?,
            update: client.prepare(
                "UPDATE articles SET content_hash = $2, annotations_hash = $3, title = $4,
                 date = $5, lang = $6, text = $7, annotations = $8, url = $9,
                 ingested_at = now(), tsv = array_to_tsvector($10::text[])
                 WHERE id = $1",
            )?,
            entity: client.prepare(
                "INSERT INTO entities (key, name, label, actor_code, name_fold)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (key) DO UPDATE
                   SET actor_code = coalesce(entities.actor_code, excluded.actor_code)
                 RETURNING id",
            )?,
            mentions: client.prepare(MENTION_INSERT)?,
            quotes: client.prepare(QUOTE_INSERT)?,
            events: client.prepare(EVENT_INSERT)?,
        })
    }
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").finish_non_exhaustive()
    }
}

/// Most matching articles a PostgreSQL search ranks (the newest ones).
pub const RANK_CANDIDATES: u32 = 200;

fn u32_of(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// The lexemes of an index-terms string as one space-separated string (for `unnest` batches,
/// where arrays of arrays are not available; lexemes hold no spaces).
fn lexeme_line(terms: &str) -> String {
    terms::lexemes(terms).join(" ")
}

impl PgStore {
    /// Connects to `url` (`postgres://user:pass@host/db`) and brings the schema up to date.
    pub fn connect(url: &str) -> Result<PgStore> {
        let client = Client::connect(url, NoTls)?;
        let mut store = PgStore {
            client,
            entity_ids: HashMap::new(),
            write_statements: None,
        };
        store.migrate()?;
        Ok(store)
    }

    pub fn schema_version(&mut self) -> Result<i64> {
        let row = self.client.query_one(
            "SELECT coalesce(max(version), 0)::bigint FROM vigie_schema_migrations",
            &[],
        )?;
        Ok(row.get(0))
    }

    fn migrate(&mut self) -> Result<()> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS vigie_schema_migrations (
                version BIGINT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
        )?;
        let current: i64 = tx
            .query_one(
                "SELECT coalesce(max(version), 0)::bigint FROM vigie_schema_migrations",
                &[],
            )?
            .get(0);
        let known = MIGRATIONS.last().map_or(0, |m| m.0);
        if current > known {
            return Err(StoreError::TooNew {
                found: current,
                known,
            });
        }
        for (version, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
            tx.batch_execute(sql)?;
            if *version == 2 {
                backfill_event_fields(&mut tx)?;
            }
            if *version == 3 {
                reindex_search_terms(&mut tx)?;
            }
            tx.execute(
                "INSERT INTO vigie_schema_migrations (version) VALUES ($1)",
                &[version],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Drops every Vigie table of this database (tests start from an empty schema).
    pub fn reset(url: &str) -> Result<()> {
        let mut client = Client::connect(url, NoTls)?;
        client.batch_execute(
            "DROP TABLE IF EXISTS mentions, quotes, events, entities, articles,
                 vigie_schema_migrations CASCADE;
             DROP FUNCTION IF EXISTS vigie_count_mentions, vigie_count_quotes,
                 vigie_count_events, vigie_count_mention_rows, vigie_count_quote_rows,
                 vigie_count_event_rows CASCADE;",
        )?;
        Ok(())
    }

    /// Writes one article's row and entities; its mentions, quotes and events are collected in
    /// `rows` and written for the whole batch in three statements (each statement is a round
    /// trip to the server, which bounds the ingest rate far more than the server's work).
    #[allow(clippy::too_many_arguments)]
    fn put_one<'a>(
        tx: &mut Transaction<'_>,
        st: &WriteStatements,
        cache: &mut HashMap<String, i64>,
        a: &'a PreparedArticle,
        left: usize,
        report: &mut PutReport,
        articles: &mut PendingArticles<'a>,
        rows: &mut PendingRows,
    ) -> Result<(), postgres::Error> {
        // A new article of this batch not yet written that this one could be found as: write
        // the pending ones first, so that this lookup sees what storing the articles one by
        // one would have seen.
        if articles.matches(a) {
            articles.write(tx, st)?;
        }
        // Identity in one round trip: document id first, then URL (both update the row),
        // then the same content under another id (a duplicate, left alone).
        let found = tx.query_opt(&st.find, &[&a.doc_id, &a.url, &a.content_hash])?;
        let duplicate = found.as_ref().is_some_and(|r| r.get::<_, i32>(3) == 2);
        let existing = found.filter(|r| r.get::<_, i32>(3) < 2).map(|r| {
            (
                r.get::<_, i64>(0),
                r.get::<_, String>(1),
                r.get::<_, String>(2),
            )
        });
        let id: i64 = match existing {
            Some((_, ch, ah)) if ch == a.content_hash && ah == a.annotations_hash => {
                report.unchanged += 1;
                return Ok(());
            }
            Some((id, _, _)) => {
                // Stored earlier in this same batch: drop its pending rows.
                rows.forget(id);
                for sql in [
                    "DELETE FROM mentions WHERE article_id = $1",
                    "DELETE FROM quotes WHERE article_id = $1",
                    "DELETE FROM events WHERE article_id = $1",
                ] {
                    tx.execute(sql, &[&id])?;
                }
                tx.execute(
                    &st.update,
                    &[
                        &id,
                        &a.content_hash,
                        &a.annotations_hash,
                        &a.title,
                        &a.date,
                        &a.lang,
                        &a.text,
                        &a.annotations,
                        &a.url,
                        &terms::lexemes(&a.terms),
                    ],
                )?;
                report.updated += 1;
                id
            }
            None => {
                if duplicate {
                    report.unchanged += 1;
                    return Ok(());
                }
                let id = articles.push(tx, st, a, left)?;
                report.inserted += 1;
                id
            }
        };

        let mut entity_ids = Vec::with_capacity(a.entities.len());
        for e in &a.entities {
            // Cached per key and per whether this mention brings an actor code: the first
            // one that does goes through the upsert, which records the code.
            let cache_key = match e.actor_code {
                Some(_) => format!("{}\u{1}", e.key),
                None => e.key.clone(),
            };
            let eid = match cache.get(&cache_key) {
                Some(eid) => *eid,
                None => {
                    let row = tx.query_one(
                        &st.entity,
                        &[
                            &e.key,
                            &e.name,
                            &e.label,
                            &e.actor_code,
                            &terms::fold(&e.name),
                        ],
                    )?;
                    let eid: i64 = row.get(0);
                    cache.insert(cache_key, eid);
                    eid
                }
            };
            entity_ids.push(eid);
        }
        report.entities += a.entities.len() as u64;
        let ent = |i: Option<usize>| i.and_then(|i| entity_ids.get(i).copied());
        for m in &a.mentions {
            let surface = a.text.get(m.start as usize..m.end as usize).unwrap_or("");
            rows.mentions
                .push(id, m.start, m.end, &m.label, ent(m.entity), surface);
        }
        for q in &a.quotes {
            rows.quotes.push(id, a, q, ent(q.entity));
        }
        report.quotes += a.quotes.len() as u64;
        for e in &a.events {
            rows.events.push(id, e, [ent(e.source), ent(e.target)]);
        }
        report.events += a.events.len() as u64;
        Ok(())
    }
}

/// New articles of a batch, as columns for one `unnest` insert ([`ARTICLE_INSERT`]), with the
/// ids taken for them from the table's sequence (their child rows refer to them before the
/// articles are written).
#[derive(Default)]
struct PendingArticles<'a> {
    /// Ids taken from the sequence and not yet given, last one first.
    free_ids: Vec<i64>,
    id: Vec<i64>,
    doc_id: Vec<&'a str>,
    url: Vec<Option<&'a str>>,
    content_hash: Vec<&'a str>,
    annotations_hash: Vec<&'a str>,
    title: Vec<Option<&'a str>>,
    date: Vec<Option<&'a str>>,
    lang: Vec<Option<&'a str>>,
    text: Vec<&'a str>,
    annotations: Vec<&'a str>,
    lexemes: Vec<String>,
}

/// Inserts the rows of a [`PendingArticles`] (parameters in its field order, from `id`).
const ARTICLE_INSERT: &str = "INSERT INTO articles (id, doc_id, url, content_hash,
     annotations_hash, title, date, lang, text, annotations, tsv)
 SELECT i, d, u, ch, ah, t, dt, l, tx, an, array_to_tsvector(string_to_array(lx, ' '))
 FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
     $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
     AS n(i, d, u, ch, ah, t, dt, l, tx, an, lx)";

impl<'a> PendingArticles<'a> {
    /// Whether the identity lookup of `a` (document id, URL, content hash) would find one of
    /// the pending articles.
    fn matches(&self, a: &PreparedArticle) -> bool {
        self.doc_id.contains(&a.doc_id.as_str())
            || (a.url.is_some() && self.url.contains(&a.url.as_deref()))
            || self.content_hash.contains(&a.content_hash.as_str())
    }

    /// Queues `a` and returns its id; `left` is how many articles of the batch remain,
    /// this one included (ids are taken for all of them at once).
    fn push(
        &mut self,
        tx: &mut Transaction<'_>,
        st: &WriteStatements,
        a: &'a PreparedArticle,
        left: usize,
    ) -> Result<i64, postgres::Error> {
        if self.free_ids.is_empty() {
            let n = i64::try_from(left.max(1)).unwrap_or(i64::MAX);
            self.free_ids = tx
                .query(&st.new_ids, &[&n])?
                .iter()
                .rev()
                .map(|r| r.get(0))
                .collect();
        }
        let Some(id) = self.free_ids.pop() else {
            // The sequence gave fewer ids than asked: the plain insert's own default.
            let r = tx.query_one(
                "SELECT nextval(pg_get_serial_sequence('articles', 'id'))",
                &[],
            )?;
            return self.queue(r.get(0), a);
        };
        self.queue(id, a)
    }

    fn queue(&mut self, id: i64, a: &'a PreparedArticle) -> Result<i64, postgres::Error> {
        self.id.push(id);
        self.doc_id.push(&a.doc_id);
        self.url.push(a.url.as_deref());
        self.content_hash.push(&a.content_hash);
        self.annotations_hash.push(&a.annotations_hash);
        self.title.push(a.title.as_deref());
        self.date.push(a.date.as_deref());
        self.lang.push(a.lang.as_deref());
        self.text.push(&a.text);
        self.annotations.push(&a.annotations);
        self.lexemes.push(lexeme_line(&a.terms));
        Ok(id)
    }

    /// Inserts the pending articles in one statement and empties the queue (the ids not
    /// given yet are kept for the batch's next new articles).
    fn write(
        &mut self,
        tx: &mut Transaction<'_>,
        st: &WriteStatements,
    ) -> Result<(), postgres::Error> {
        if self.id.is_empty() {
            return Ok(());
        }
        tx.execute(
            &st.insert,
            &[
                &self.id,
                &self.doc_id,
                &self.url,
                &self.content_hash,
                &self.annotations_hash,
                &self.title,
                &self.date,
                &self.lang,
                &self.text,
                &self.annotations,
                &self.lexemes,
            ],
        )?;
        self.id.clear();
        self.doc_id.clear();
        self.url.clear();
        self.content_hash.clear();
        self.annotations_hash.clear();
        self.title.clear();
        self.date.clear();
        self.lang.clear();
        self.text.clear();
        self.annotations.clear();
        self.lexemes.clear();
        Ok(())
    }
}

/// Child rows of a batch, as columns for `unnest`.
#[derive(Default)]
struct PendingRows {
    mentions: MentionColumns,
    quotes: QuoteColumns,
    events: EventColumns,
}

#[derive(Default)]
struct MentionColumns {
    article: Vec<i64>,
    start: Vec<i64>,
    end: Vec<i64>,
    label: Vec<String>,
    entity: Vec<Option<i64>>,
    surface: Vec<String>,
}

impl MentionColumns {
    fn push(
        &mut self,
        article: i64,
        start: u32,
        end: u32,
        label: &str,
        entity: Option<i64>,
        surface: &str,
    ) {
        self.article.push(article);
        self.start.push(i64::from(start));
        self.end.push(i64::from(end));
        self.label.push(label.to_owned());
        self.entity.push(entity);
        self.surface.push(surface.to_owned());
    }
}

#[derive(Default)]
struct QuoteColumns {
    article: Vec<i64>,
    date: Vec<Option<String>>,
    kind: Vec<String>,
    start: Vec<i64>,
    end: Vec<i64>,
    text: Vec<String>,
    speaker: Vec<Option<String>>,
    speaker_start: Vec<Option<i64>>,
    speaker_end: Vec<Option<i64>>,
    entity: Vec<Option<i64>>,
    cue: Vec<Option<String>>,
    speaker_fold: Vec<String>,
    lexemes: Vec<String>,
}

impl QuoteColumns {
    fn push(&mut self, article: i64, a: &PreparedArticle, q: &PreparedQuote, entity: Option<i64>) {
        self.article.push(article);
        self.date.push(a.date.clone());
        self.kind.push(q.kind.clone());
        self.start.push(i64::from(q.start));
        self.end.push(i64::from(q.end));
        self.text.push(q.text.clone());
        self.speaker.push(q.speaker.clone());
        self.speaker_start
            .push(q.speaker_span.map(|s| i64::from(s.start)));
        self.speaker_end
            .push(q.speaker_span.map(|s| i64::from(s.end)));
        self.entity.push(entity);
        self.cue.push(q.cue.clone());
        self.speaker_fold.push(q.speaker_fold.clone());
        self.lexemes.push(lexeme_line(&q.terms));
    }
}

/// One array per column of `events`, in [`EVENT_INSERT`] order.
#[derive(Default)]
struct EventColumns {
    article: Vec<i64>,
    date: Vec<Option<String>>,
    code: Vec<String>,
    root_code: Vec<String>,
    start: Vec<i64>,
    end: Vec<i64>,
    evidence: Vec<String>,
    source: Vec<Option<i64>>,
    target: Vec<Option<i64>>,
    source_code: Vec<Option<String>>,
    target_code: Vec<Option<String>>,
    source_country: Vec<Option<String>>,
    target_country: Vec<Option<String>>,
    source_text: Vec<Option<String>>,
    target_text: Vec<Option<String>>,
    trigger_text: Vec<Option<String>>,
    trigger_start: Vec<Option<i64>>,
    trigger_end: Vec<Option<i64>>,
    trigger_lemma: Vec<Option<String>>,
    theme: Vec<Option<String>>,
    goldstein: Vec<Option<f64>>,
    quad_class: Vec<Option<i64>>,
    plover_type: Vec<Option<String>>,
    plover_mode: Vec<Option<String>>,
    place: Vec<Option<String>>,
    place_start: Vec<Option<i64>>,
    place_end: Vec<Option<i64>>,
    date_text: Vec<Option<String>>,
    negated: Vec<bool>,
    modality: Vec<Option<String>>,
    reported_in: Vec<Option<i64>>,
    confidence: Vec<Option<f64>>,
    rule: Vec<Option<String>>,
    flags: Vec<Option<String>>,
}

/// Inserts the rows of a [`MentionColumns`] (parameters in its field order).
const MENTION_INSERT: &str = "INSERT INTO mentions (article_id, start, \"end\", label, entity_id,
     surface)
 SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::bigint[],
     $6::text[])";

/// Inserts the rows of a [`QuoteColumns`] (parameters in its field order), each quote's search
/// document made from its lexemes.
const QUOTE_INSERT: &str = "INSERT INTO quotes (article_id, date, kind, start, \"end\", text,
     speaker, speaker_start, speaker_end, entity_id, cue, speaker_fold, tsv)
 SELECT a, d, k, s, e, t, sp, ss, se, ei, c, sf, array_to_tsvector(string_to_array(lx, ' '))
 FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[],
     $7::text[], $8::bigint[], $9::bigint[], $10::bigint[], $11::text[], $12::text[],
     $13::text[]) AS u(a, d, k, s, e, t, sp, ss, se, ei, c, sf, lx)";

/// Inserts the rows of an [`EventColumns`] (parameters in its field order).
const EVENT_INSERT: &str = "INSERT INTO events (article_id, date, code, root_code, start, \"end\",
     evidence, source_entity, target_entity, source_code, target_code, source_country,
     target_country, source_text, target_text, trigger_text, trigger_start, trigger_end,
     trigger_lemma, theme, goldstein, quad_class, plover_type, plover_mode, place, place_start,
     place_end, date_text, negated, modality, reported_in, confidence, rule, flags)
 SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[],
     $6::bigint[], $7::text[], $8::bigint[], $9::bigint[], $10::text[], $11::text[],
     $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::bigint[],
     $18::bigint[], $19::text[], $20::text[], $21::float8[], $22::bigint[], $23::text[],
     $24::text[], $25::text[], $26::bigint[], $27::bigint[], $28::text[], $29::bool[],
     $30::text[], $31::bigint[], $32::float8[], $33::text[], $34::text[])";

impl EventColumns {
    fn push(&mut self, article: i64, e: &PreparedEvent, [source, target]: [Option<i64>; 2]) {
        let span_start = |s: Option<Span>| s.map(|s| i64::from(s.start));
        let span_end = |s: Option<Span>| s.map(|s| i64::from(s.end));
        let trigger = e.trigger.as_ref().map(|t| t.1);
        self.article.push(article);
        self.date.push(e.date.clone());
        self.code.push(e.code.clone());
        self.root_code.push(e.root_code.clone());
        self.start.push(i64::from(e.start));
        self.end.push(i64::from(e.end));
        self.evidence.push(e.evidence.clone());
        self.source.push(source);
        self.target.push(target);
        self.source_code.push(e.source_code.clone());
        self.target_code.push(e.target_code.clone());
        self.source_country.push(e.source_country.clone());
        self.target_country.push(e.target_country.clone());
        self.source_text.push(e.source_text.clone());
        self.target_text.push(e.target_text.clone());
        self.trigger_text
            .push(e.trigger.as_ref().map(|t| t.0.clone()));
        self.trigger_start.push(span_start(trigger));
        self.trigger_end.push(span_end(trigger));
        self.trigger_lemma.push(e.trigger_lemma.clone());
        self.theme.push(e.theme.clone());
        self.goldstein.push(e.goldstein);
        self.quad_class.push(e.quad_class);
        self.plover_type.push(e.plover_type.clone());
        self.plover_mode.push(e.plover_mode.clone());
        self.place.push(e.place.clone());
        self.place_start.push(span_start(e.place_span));
        self.place_end.push(span_end(e.place_span));
        self.date_text.push(e.date_text.clone());
        self.negated.push(e.negated);
        self.modality.push(e.modality.clone());
        self.reported_in.push(e.reported_in);
        self.confidence.push(e.confidence);
        self.rule.push(e.rule.clone());
        self.flags.push(e.flags.clone());
    }

    fn params(&self) -> [&(dyn postgres::types::ToSql + Sync); 34] {
        [
            &self.article,
            &self.date,
            &self.code,
            &self.root_code,
            &self.start,
            &self.end,
            &self.evidence,
            &self.source,
            &self.target,
            &self.source_code,
            &self.target_code,
            &self.source_country,
            &self.target_country,
            &self.source_text,
            &self.target_text,
            &self.trigger_text,
            &self.trigger_start,
            &self.trigger_end,
            &self.trigger_lemma,
            &self.theme,
            &self.goldstein,
            &self.quad_class,
            &self.plover_type,
            &self.plover_mode,
            &self.place,
            &self.place_start,
            &self.place_end,
            &self.date_text,
            &self.negated,
            &self.modality,
            &self.reported_in,
            &self.confidence,
            &self.rule,
            &self.flags,
        ]
    }
}

/// Migration 2: fills the new event columns of rows stored by version 1 from each article's
/// stored annotations (its events were stored in order, one row per event with a valid span).
fn backfill_event_fields(tx: &mut Transaction<'_>) -> Result<()> {
    let articles = tx.query(
        "SELECT id, text, annotations, date FROM articles
         WHERE id IN (SELECT DISTINCT article_id FROM events) ORDER BY id",
        &[],
    )?;
    for a in &articles {
        let id: i64 = a.get(0);
        let annotations: String = a.get(2);
        let day: Option<String> = a.get(3);
        let doc = document_from_stored(a.get(1), &annotations)
            .map_err(|source| StoreError::Corrupt { id, source })?;
        let prepared = prepare_events(&doc, day.as_deref());
        let rows = tx.query(
            "SELECT id FROM events WHERE article_id = $1 ORDER BY id",
            &[&id],
        )?;
        for (row, e) in rows.iter().zip(&prepared) {
            let event_id: i64 = row.get(0);
            let trigger = e.trigger.as_ref();
            tx.execute(
                "UPDATE events SET date = $2, source_code = $3, target_code = $4,
                 source_country = $5, target_country = $6, source_text = $7, target_text = $8,
                 trigger_text = $9, trigger_start = $10, trigger_end = $11, trigger_lemma = $12,
                 theme = $13, goldstein = $14, quad_class = $15, plover_type = $16,
                 plover_mode = $17, place = $18, place_start = $19, place_end = $20,
                 date_text = $21, negated = $22, modality = $23, reported_in = $24,
                 confidence = $25, rule = $26, flags = $27 WHERE id = $1",
                &[
                    &event_id,
                    &e.date,
                    &e.source_code,
                    &e.target_code,
                    &e.source_country,
                    &e.target_country,
                    &e.source_text,
                    &e.target_text,
                    &trigger.map(|t| t.0.clone()),
                    &trigger.map(|t| i64::from(t.1.start)),
                    &trigger.map(|t| i64::from(t.1.end)),
                    &e.trigger_lemma,
                    &e.theme,
                    &e.goldstein,
                    &e.quad_class,
                    &e.plover_type,
                    &e.plover_mode,
                    &e.place,
                    &e.place_span.map(|s| i64::from(s.start)),
                    &e.place_span.map(|s| i64::from(s.end)),
                    &e.date_text,
                    &e.negated,
                    &e.modality,
                    &e.reported_in,
                    &e.confidence,
                    &e.rule,
                    &e.flags,
                ],
            )?;
        }
    }
    Ok(())
}

/// Migration 3: recomputes the search documents of stored articles and quotes from their text
/// with Vigie's own index terms (they held PostgreSQL's `french`/`english` lexemes), in chunks.
fn reindex_search_terms(tx: &mut Transaction<'_>) -> Result<()> {
    let mut after = 0i64;
    loop {
        let rows = tx.query(
            "SELECT id, title, text, lang FROM articles WHERE id > $1 ORDER BY id LIMIT $2",
            &[&after, &REINDEX_CHUNK],
        )?;
        let Some(last) = rows.last() else { break };
        after = last.get(0);
        let (mut ids, mut lines) = (Vec::with_capacity(rows.len()), Vec::new());
        for r in &rows {
            let title: Option<String> = r.get(1);
            let text: String = r.get(2);
            let lang: Option<String> = r.get(3);
            let searchable = searchable_text(title.as_deref(), &text);
            ids.push(r.get::<_, i64>(0));
            lines.push(lexeme_line(&terms::index_terms(
                &searchable,
                lang.as_deref(),
            )));
        }
        tx.execute(
            "UPDATE articles a SET tsv = array_to_tsvector(string_to_array(u.lx, ' '))
             FROM unnest($1::bigint[], $2::text[]) AS u(id, lx) WHERE a.id = u.id",
            &[&ids, &lines],
        )?;
    }
    let mut after = 0i64;
    loop {
        let rows = tx.query(
            "SELECT q.id, q.text, a.lang FROM quotes q JOIN articles a ON a.id = q.article_id
             WHERE q.id > $1 ORDER BY q.id LIMIT $2",
            &[&after, &REINDEX_CHUNK],
        )?;
        let Some(last) = rows.last() else { break };
        after = last.get(0);
        let (mut ids, mut lines) = (Vec::with_capacity(rows.len()), Vec::new());
        for r in &rows {
            let text: String = r.get(1);
            let lang: Option<String> = r.get(2);
            ids.push(r.get::<_, i64>(0));
            lines.push(lexeme_line(&terms::index_terms(&text, lang.as_deref())));
        }
        tx.execute(
            "UPDATE quotes q SET tsv = array_to_tsvector(string_to_array(u.lx, ' '))
             FROM unnest($1::bigint[], $2::text[]) AS u(id, lx) WHERE q.id = u.id",
            &[&ids, &lines],
        )?;
    }
    Ok(())
}

/// Removes the entries at positions where `article[i] == id` from every column.
macro_rules! forget_rows {
    ($cols:expr, $id:expr, [$($field:ident),*]) => {{
        let keep: Vec<bool> = $cols.article.iter().map(|a| *a != $id).collect();
        $(
            let mut k = keep.iter();
            $cols.$field.retain(|_| *k.next().unwrap_or(&true));
        )*
        let mut k = keep.iter();
        $cols.article.retain(|_| *k.next().unwrap_or(&true));
    }};
}

impl PendingRows {
    fn forget(&mut self, id: i64) {
        forget_rows!(self.mentions, id, [start, end, label, entity, surface]);
        forget_rows!(
            self.quotes,
            id,
            [
                date,
                kind,
                start,
                end,
                text,
                speaker,
                speaker_start,
                speaker_end,
                entity,
                cue,
                speaker_fold,
                lexemes
            ]
        );
        forget_rows!(
            self.events,
            id,
            [
                date,
                code,
                root_code,
                start,
                end,
                evidence,
                source,
                target,
                source_code,
                target_code,
                source_country,
                target_country,
                source_text,
                target_text,
                trigger_text,
                trigger_start,
                trigger_end,
                trigger_lemma,
                theme,
                goldstein,
                quad_class,
                plover_type,
                plover_mode,
                place,
                place_start,
                place_end,
                date_text,
                negated,
                modality,
                reported_in,
                confidence,
                rule,
                flags
            ]
        );
    }

    fn write(&self, tx: &mut Transaction<'_>, st: &WriteStatements) -> Result<(), postgres::Error> {
        let m = &self.mentions;
        if !m.article.is_empty() {
            tx.execute(
                &st.mentions,
                &[
                    &m.article, &m.start, &m.end, &m.label, &m.entity, &m.surface,
                ],
            )?;
        }
        let q = &self.quotes;
        if !q.article.is_empty() {
            tx.execute(
                &st.quotes,
                &[
                    &q.article,
                    &q.date,
                    &q.kind,
                    &q.start,
                    &q.end,
                    &q.text,
                    &q.speaker,
                    &q.speaker_start,
                    &q.speaker_end,
                    &q.entity,
                    &q.cue,
                    &q.speaker_fold,
                    &q.lexemes,
                ],
            )?;
        }
        let e = &self.events;
        if !e.article.is_empty() {
            tx.execute(&st.events, &e.params())?;
        }
        Ok(())
    }
}

fn hit_from_row(r: &Row, query: &str) -> ArticleHit {
    let text: String = r.get(6);
    let lang: Option<String> = r.get(5);
    ArticleHit {
        id: r.get(0),
        doc_id: r.get(1),
        title: r.get(2),
        url: r.get(3),
        date: r.get(4),
        snippet: terms::snippet(&text, query, lang.as_deref(), 200),
        lang,
        score: r.get::<_, f64>(7),
    }
}

const QUOTE_COLUMNS: &str = "q.id, q.article_id, a.doc_id, q.date, q.kind, q.text, q.start,
    q.\"end\", q.speaker, q.speaker_start, q.speaker_end, q.entity_id, q.cue";

fn quote_from_row(r: &Row) -> QuoteRow {
    QuoteRow {
        id: r.get(0),
        article: r.get(1),
        doc_id: r.get(2),
        date: r.get(3),
        kind: r.get(4),
        text: r.get(5),
        start: u32_of(r.get(6)),
        end: u32_of(r.get(7)),
        speaker: r.get(8),
        speaker_start: r.get::<_, Option<i64>>(9).map(u32_of),
        speaker_end: r.get::<_, Option<i64>>(10).map(u32_of),
        entity: r.get(11),
        cue: r.get(12),
    }
}

const EVENT_COLUMNS: &str = "e.id, e.article_id, a.doc_id, a.url, e.date, e.code, e.root_code,
    e.start, e.\"end\", e.evidence, e.source_entity, coalesce(se.name, e.source_text),
    e.source_code, e.source_country, e.target_entity, coalesce(te.name, e.target_text),
    e.target_code, e.target_country, e.trigger_text, e.trigger_start, e.trigger_end,
    e.trigger_lemma, e.theme, e.goldstein, e.quad_class, e.plover_type, e.plover_mode, e.place,
    e.place_start, e.place_end, e.date_text, a.date, e.negated, e.modality, e.reported_in,
    e.confidence, e.rule, e.flags";

fn actor(
    entity: Option<i64>,
    name: Option<String>,
    code: Option<String>,
    country: Option<String>,
) -> Option<Actor> {
    match (entity, name, code, country) {
        (None, None, None, None) => None,
        (entity, name, code, country) => Some(Actor {
            entity,
            name: name
                .or_else(|| code.clone())
                .or_else(|| country.clone())
                .unwrap_or_default(),
            code,
            country,
        }),
    }
}

fn event_from_row(r: &Row) -> EventRow {
    let flags: Option<String> = r.get(37);
    EventRow {
        id: r.get(0),
        article: r.get(1),
        doc_id: r.get(2),
        url: r.get(3),
        date: r.get(4),
        code: r.get(5),
        root_code: r.get(6),
        start: u32_of(r.get(7)),
        end: u32_of(r.get(8)),
        evidence: r.get(9),
        source: actor(r.get(10), r.get(11), r.get(12), r.get(13)),
        target: actor(r.get(14), r.get(15), r.get(16), r.get(17)),
        detail: EventDetail {
            trigger: r.get(18),
            trigger_start: r.get::<_, Option<i64>>(19).map(u32_of),
            trigger_end: r.get::<_, Option<i64>>(20).map(u32_of),
            trigger_lemma: r.get(21),
            theme: r.get(22),
            goldstein: r.get(23),
            quad_class: r.get(24),
            plover_type: r.get(25),
            plover_mode: r.get(26),
            place: r.get(27),
            place_start: r.get::<_, Option<i64>>(28).map(u32_of),
            place_end: r.get::<_, Option<i64>>(29).map(u32_of),
            date_text: r.get(30),
            article_date: r.get(31),
            negated: r.get(32),
            modality: r.get(33),
            reported_in: r.get(34),
            confidence: r.get(35),
            rule: r.get(36),
            flags: flags
                .map(|f| f.split_whitespace().map(str::to_owned).collect())
                .unwrap_or_default(),
        },
    }
}

const ENTITY_COLUMNS: &str = "id, key, name, label, actor_code, n_mentions, n_quotes, n_events";

fn entity_from_row(r: &Row) -> EntityRow {
    EntityRow {
        id: r.get(0),
        key: r.get(1),
        name: r.get(2),
        label: r.get(3),
        actor_code: r.get(4),
        mentions: r.get(5),
        quotes: r.get(6),
        events: r.get(7),
    }
}

impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn put(&mut self, batch: &[PreparedArticle]) -> Result<PutReport> {
        let mut report = PutReport::default();
        let st = match &self.write_statements {
            Some(st) => st.clone(),
            None => {
                let st = WriteStatements::prepare(&mut self.client)?;
                self.write_statements = Some(st.clone());
                st
            }
        };
        let mut cache = std::mem::take(&mut self.entity_ids);
        let mut tx = self.client.transaction()?;
        // The batch commits without waiting for its WAL to reach the disk: a crash loses at
        // most the last batches, whole (never half of one), and re-running the ingest, which
        // is idempotent, stores them again. Queries and other sessions keep the server's
        // setting.
        // Generic plans: the write statements are planned once per connection, not at every
        // execution (their plans do not depend on the values).
        tx.batch_execute(
            "SET LOCAL synchronous_commit = off; SET LOCAL plan_cache_mode = force_generic_plan",
        )?;
        let mut articles = PendingArticles::default();
        let mut rows = PendingRows::default();
        for (i, a) in batch.iter().enumerate() {
            let left = batch.len() - i;
            Self::put_one(
                &mut tx,
                &st,
                &mut cache,
                a,
                left,
                &mut report,
                &mut articles,
                &mut rows,
            )?;
        }
        articles.write(&mut tx, &st)?;
        rows.write(&mut tx, &st)?;
        tx.commit()?;
        self.entity_ids = cache;
        Ok(report)
    }

    fn search(&mut self, q: &SearchQuery) -> Result<Vec<ArticleHit>> {
        let filters = "($2::text IS NULL OR a.date >= $2) AND ($3::text IS NULL OR a.date <= $3)
                       AND ($4::text IS NULL OR a.lang = $4)";
        let rows = if let Some(tsquery) = terms::pg_tsquery(&q.q) {
            self.client.query(
                // Ranking reads each candidate's tsvector: for words found in most articles
                // that would be the whole table, so only the newest RANK_CANDIDATES matches
                // are ranked (SQLite's FTS5 ranks from its index and has no such cap). The
                // matches come from the GIN index alone: the tsquery is computed once in a
                // materialised CTE, which keeps the planner from preferring a sequential scan
                // that would read (and decompress) every article's tsvector to test it, and
                // the candidates carry only ids, dates and filtered columns.
                &format!(
                    "WITH query AS MATERIALIZED (SELECT $1::text::tsquery AS q),
                     candidates AS (
                         SELECT a.id FROM articles a, query
                         WHERE a.tsv @@ query.q AND {filters}
                         ORDER BY a.date DESC NULLS LAST, a.id DESC LIMIT {RANK_CANDIDATES})
                     SELECT a.id, a.doc_id, a.title, a.url, a.date, a.lang, a.text,
                            ts_rank(a.tsv, query.q)::float8 AS score
                     FROM candidates c JOIN articles a ON a.id = c.id, query
                     ORDER BY score DESC, a.id LIMIT $5 OFFSET $6"
                ),
                &[
                    &tsquery,
                    &q.since,
                    &q.until,
                    &q.lang,
                    &q.page.limit(),
                    &q.page.offset(),
                ],
            )?
        } else {
            self.client.query(
                &format!(
                    "SELECT a.id, a.doc_id, a.title, a.url, a.date, a.lang, a.text, 0.0::float8
                     FROM articles a WHERE $1::text IS NOT NULL AND {filters}
                     ORDER BY a.date DESC NULLS LAST, a.id DESC LIMIT $5 OFFSET $6"
                ),
                &[
                    &q.q,
                    &q.since,
                    &q.until,
                    &q.lang,
                    &q.page.limit(),
                    &q.page.offset(),
                ],
            )?
        };
        Ok(rows.iter().map(|r| hit_from_row(r, &q.q)).collect())
    }

    fn quotes(&mut self, q: &QuoteQuery) -> Result<Vec<QuoteRow>> {
        let words = match q.q.as_deref().map(terms::pg_tsquery) {
            Some(None) => return Ok(Vec::new()),
            Some(Some(tsquery)) => Some(tsquery),
            None => None,
        };
        let rows = self.client.query(
            // The page is taken from `quotes` alone, then only its rows are joined to their
            // articles (joining every match first made a speaker's page cost a hash join
            // over all the articles).
            &format!(
                "WITH page AS (
                     SELECT q.id FROM quotes q
                     WHERE ($2::text IS NULL OR q.speaker_fold LIKE $2)
                       AND ($3::bigint IS NULL OR q.entity_id = $3)
                       AND ($1::text IS NULL OR q.tsv @@ $1::text::tsquery)
                       AND ($4::text IS NULL OR q.date >= $4)
                       AND ($5::text IS NULL OR q.date <= $5)
                       AND ($6::bigint IS NULL OR q.article_id = $6)
                     ORDER BY q.date DESC NULLS LAST, q.id LIMIT $7 OFFSET $8)
                 SELECT {QUOTE_COLUMNS} FROM page JOIN quotes q ON q.id = page.id
                 JOIN articles a ON a.id = q.article_id
                 ORDER BY q.date DESC NULLS LAST, q.id"
            ),
            &[
                &words,
                &q.speaker.as_deref().map(like_pattern),
                &q.entity,
                &q.since,
                &q.until,
                &q.article,
                &q.page.limit(),
                &q.page.offset(),
            ],
        )?;
        Ok(rows.iter().map(quote_from_row).collect())
    }

    fn events(&mut self, q: &EventQuery) -> Result<Vec<EventRow>> {
        let source = actor_filter(q.source.as_deref());
        let target = actor_filter(q.target.as_deref());
        let code = q
            .code
            .as_deref()
            .map(|c| c.trim().replace(['%', '_', '\\'], ""));
        let rows = self.client.query(
            // The page is taken from `events` (and the actors' names it filters on) first,
            // then only its rows are joined to their articles and actors.
            &format!(
                "WITH page AS (
                     SELECT e.id FROM events e
                     LEFT JOIN entities se ON se.id = e.source_entity
                     LEFT JOIN entities te ON te.id = e.target_entity
                     WHERE (($1::text IS NULL AND $2::text IS NULL) OR e.source_code LIKE $1
                            OR e.source_country = $12::text OR se.name_fold LIKE $2)
                       AND (($3::text IS NULL AND $4::text IS NULL) OR e.target_code LIKE $3
                            OR e.target_country = $13::text OR te.name_fold LIKE $4)
                       AND ($5::text IS NULL OR e.code LIKE $5 || '%')
                       AND ($6::bigint IS NULL OR e.source_entity = $6 OR e.target_entity = $6)
                       AND ($7::text IS NULL OR e.date >= $7)
                       AND ($8::text IS NULL OR e.date <= $8)
                       AND ($9::bigint IS NULL OR e.article_id = $9)
                     ORDER BY e.date DESC NULLS LAST, e.id LIMIT $10 OFFSET $11)
                 SELECT {EVENT_COLUMNS} FROM page JOIN events e ON e.id = page.id
                 JOIN articles a ON a.id = e.article_id
                 LEFT JOIN entities se ON se.id = e.source_entity
                 LEFT JOIN entities te ON te.id = e.target_entity
                 ORDER BY e.date DESC NULLS LAST, e.id"
            ),
            &[
                &source.0,
                &source.1,
                &target.0,
                &target.1,
                &code,
                &q.entity,
                &q.since,
                &q.until,
                &q.article,
                &q.page.limit(),
                &q.page.offset(),
                &country_of(&source.0),
                &country_of(&target.0),
            ],
        )?;
        Ok(rows.iter().map(event_from_row).collect())
    }

    fn entities(&mut self, q: &EntityQuery) -> Result<Vec<EntityRow>> {
        let rows = self.client.query(
            &format!(
                "SELECT {ENTITY_COLUMNS} FROM entities
                 WHERE ($1::text IS NULL OR name_fold LIKE $1 OR key = $2)
                   AND ($3::text IS NULL OR label = $3)
                 ORDER BY {} DESC, id LIMIT $4 OFFSET $5",
                q.by.column()
            ),
            &[
                &q.name.as_deref().map(like_pattern),
                &q.name,
                &q.label,
                &q.page.limit(),
                &q.page.offset(),
            ],
        )?;
        Ok(rows.iter().map(entity_from_row).collect())
    }

    fn entity_page(&mut self, id: i64, page: &EntityPage) -> Result<Option<EntityView>> {
        let Some(row) = self.client.query_opt(
            &format!("SELECT {ENTITY_COLUMNS} FROM entities WHERE id = $1"),
            &[&id],
        )?
        else {
            return Ok(None);
        };
        let entity = entity_from_row(&row);
        let aliases = self
            .client
            .query(
                "SELECT surface, count(*)::bigint FROM mentions WHERE entity_id = $1
                 GROUP BY surface ORDER BY 2 DESC, 1 LIMIT 50",
                &[&id],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let r = self.client.query_one(
            "SELECT (SELECT count(*) FROM quotes WHERE entity_id = $1)::bigint,
                    (SELECT count(*) FROM events WHERE source_entity = $1)::bigint,
                    (SELECT count(*) FROM events WHERE target_entity = $1)::bigint,
                    (SELECT count(DISTINCT article_id) FROM mentions WHERE entity_id = $1)::bigint",
            &[&id],
        )?;
        let roles = Roles {
            speaker: r.get(0),
            source: r.get(1),
            target: r.get(2),
            mentioned: r.get(3),
        };
        let mut quotes = self.quotes(&QuoteQuery {
            entity: Some(id),
            page: page.probe(page.quotes_offset),
            ..QuoteQuery::default()
        })?;
        let quotes_next_offset = page.cut(&mut quotes, page.quotes_offset);
        let mut events = self.events(&EventQuery {
            entity: Some(id),
            page: page.probe(page.events_offset),
            ..EventQuery::default()
        })?;
        let events_next_offset = page.cut(&mut events, page.events_offset);
        let probe = page.probe(page.articles_offset);
        let mut articles: Vec<ArticleHit> = self
            .client
            .query(
                // The page's ids first (sorting narrow rows), then their text.
                "SELECT a.id, a.doc_id, a.title, a.url, a.date, a.lang, a.text, 0.0::float8
                 FROM articles a WHERE a.id IN
                   (SELECT d.id FROM articles d WHERE d.id IN
                      (SELECT article_id FROM mentions WHERE entity_id = $1
                       UNION SELECT article_id FROM quotes WHERE entity_id = $1)
                    ORDER BY d.date DESC NULLS LAST, d.id DESC LIMIT $2 OFFSET $3)
                 ORDER BY a.date DESC NULLS LAST, a.id DESC",
                &[&id, &probe.limit(), &probe.offset()],
            )?
            .iter()
            .map(|r| hit_from_row(r, &entity.name))
            .collect();
        let articles_next_offset = page.cut(&mut articles, page.articles_offset);
        Ok(Some(EntityView {
            entity,
            aliases,
            roles,
            quotes,
            events,
            articles,
            quotes_next_offset,
            events_next_offset,
            articles_next_offset,
        }))
    }

    fn article(&mut self, id: i64) -> Result<Option<ArticleView>> {
        let Some(row) = self.client.query_opt(
            "SELECT doc_id, title, url, date, lang, text, annotations FROM articles WHERE id = $1",
            &[&id],
        )?
        else {
            return Ok(None);
        };
        let annotations: String = row.get(6);
        let doc = document_from_stored(row.get(5), &annotations)
            .map_err(|source| StoreError::Corrupt { id, source })?;
        let mentions = self
            .client
            .query(
                "SELECT m.start, m.\"end\", m.label, m.entity_id, e.name FROM mentions m
                 LEFT JOIN entities e ON e.id = m.entity_id
                 WHERE m.article_id = $1 ORDER BY m.start",
                &[&id],
            )?
            .iter()
            .map(|r| MentionRow {
                start: u32_of(r.get(0)),
                end: u32_of(r.get(1)),
                label: r.get(2),
                entity: r.get(3),
                name: r.get(4),
            })
            .collect();
        let all = Page {
            limit: MAX_LIMIT,
            offset: 0,
        };
        let mut quotes = self.quotes(&QuoteQuery {
            article: Some(id),
            page: all,
            ..QuoteQuery::default()
        })?;
        quotes.sort_by_key(|q| q.start);
        let mut events = self.events(&EventQuery {
            article: Some(id),
            page: all,
            ..EventQuery::default()
        })?;
        events.sort_by_key(|e| e.start);
        Ok(Some(ArticleView {
            id,
            doc_id: row.get(0),
            title: row.get(1),
            url: row.get(2),
            date: row.get(3),
            lang: row.get(4),
            text: doc.text,
            paragraphs: doc.paragraphs,
            sentences: doc.sentences,
            mentions,
            quotes,
            events,
            warnings: doc.warnings,
        }))
    }

    fn article_id(&mut self, doc_id: &str) -> Result<Option<i64>> {
        Ok(self
            .client
            .query_opt("SELECT id FROM articles WHERE doc_id = $1", &[&doc_id])?
            .map(|r| r.get(0)))
    }

    fn documents(&mut self, after: i64, limit: u32) -> Result<Vec<(i64, Document)>> {
        let limit = i64::from(limit.clamp(1, MAX_LIMIT));
        let rows = self.client.query(
            "SELECT id, text, annotations FROM articles WHERE id > $1 ORDER BY id LIMIT $2",
            &[&after, &limit],
        )?;
        rows.iter()
            .map(|r| {
                let id: i64 = r.get(0);
                let ann: String = r.get(2);
                document_from_stored(r.get(1), &ann)
                    .map(|d| (id, d))
                    .map_err(|source| StoreError::Corrupt { id, source })
            })
            .collect()
    }

    fn network(&mut self, q: &NetworkQuery) -> Result<Vec<NetworkEdge>> {
        let rows = self.client.query(
            "SELECT e.source_entity, se.name, se.actor_code, e.target_entity, te.name,
                    te.actor_code, e.root_code, count(*)::bigint
             FROM events e JOIN entities se ON se.id = e.source_entity
             JOIN entities te ON te.id = e.target_entity
             WHERE ($1::text IS NULL OR e.date >= $1) AND ($2::text IS NULL OR e.date <= $2)
               AND ($3::bigint IS NULL OR e.source_entity = $3 OR e.target_entity = $3)
             GROUP BY e.source_entity, se.name, se.actor_code, e.target_entity, te.name,
                      te.actor_code, e.root_code",
            &[&q.since, &q.until, &q.entity],
        )?;
        Ok(edges_from_counts(
            rows.iter()
                .map(|r| {
                    (
                        Actor {
                            entity: Some(r.get(0)),
                            name: r.get(1),
                            code: r.get(2),
                            country: None,
                        },
                        Actor {
                            entity: Some(r.get(3)),
                            name: r.get(4),
                            code: r.get(5),
                            country: None,
                        },
                        r.get(6),
                        r.get(7),
                    )
                })
                .collect(),
            q.page,
        ))
    }

    fn timeline(&mut self, q: &TimelineQuery) -> Result<Vec<TimelinePoint>> {
        let rows = self.client.query(
            "SELECT coalesce(substr(date, 1, 7), 'unknown') AS month, root_code, count(*)::bigint
             FROM events
             WHERE ($1::bigint IS NULL OR source_entity = $1 OR target_entity = $1)
               AND ($2::text IS NULL OR date >= $2) AND ($3::text IS NULL OR date <= $3)
             GROUP BY month, root_code ORDER BY month, root_code",
            &[&q.entity, &q.since, &q.until],
        )?;
        Ok(rows
            .iter()
            .map(|r| TimelinePoint {
                month: r.get(0),
                root_code: r.get(1),
                events: r.get(2),
            })
            .collect())
    }

    fn size_bytes(&mut self) -> Result<u64> {
        let r = self.client.query_one(
            "SELECT (pg_total_relation_size('articles') + pg_total_relation_size('entities')
                    + pg_total_relation_size('mentions') + pg_total_relation_size('quotes')
                    + pg_total_relation_size('events'))::bigint",
            &[],
        )?;
        Ok(u64::try_from(r.get::<_, i64>(0)).unwrap_or(0))
    }

    fn stats(&mut self) -> Result<Stats> {
        let r = self.client.query_one(
            "SELECT (SELECT count(*) FROM articles)::bigint, (SELECT count(*) FROM entities)::bigint,
                    (SELECT count(*) FROM mentions)::bigint, (SELECT count(*) FROM quotes)::bigint,
                    (SELECT count(*) FROM events)::bigint",
            &[],
        )?;
        Ok(Stats {
            backend: "postgres".into(),
            articles: r.get(0),
            entities: r.get(1),
            mentions: r.get(2),
            quotes: r.get(3),
            events: r.get(4),
        })
    }
}
