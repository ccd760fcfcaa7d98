//! The embedded default backend: one SQLite file, WAL journal, FTS5 indexes over stemmed,
//! accent-folded terms (see [`crate::terms`]).

use crate::model::*;
use crate::{terms, Result, Store, StoreError};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;
use vigie_core::Document;

/// Schema migrations, applied in order; each runs once, in its own transaction, and is
/// recorded in `schema_migrations`. Never edit a released one: add the next.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("sql/sqlite_001_init.sql")),
    (2, include_str!("sql/sqlite_002_event_fields.sql")),
];

/// A SQLite store. Writes go through one connection; open several stores on the same file for
/// concurrent readers (WAL lets them read while a batch is written).
pub struct SqliteStore {
    conn: Connection,
    path: String,
    /// Entity key → id, valid as long as no transaction that created them rolled back.
    entity_ids: HashMap<String, i64>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish()
    }
}

fn opt_u32(v: Option<i64>) -> Option<u32> {
    v.and_then(|v| u32::try_from(v).ok())
}

impl SqliteStore {
    /// Opens or creates the store at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let shown = path.display().to_string();
        let err = |source| StoreError::Sqlite {
            path: shown.clone(),
            source,
        };
        let conn = Connection::open(path).map_err(err)?;
        Self::init(conn, shown.clone())
    }

    /// A store in memory (tests).
    pub fn in_memory() -> Result<SqliteStore> {
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Sqlite {
            path: ":memory:".into(),
            source,
        })?;
        Self::init(conn, ":memory:".into())
    }

    fn init(conn: Connection, path: String) -> Result<SqliteStore> {
        let mut store = SqliteStore {
            conn,
            path,
            entity_ids: HashMap::new(),
        };
        // put_one alone uses ~20 statements: keep them all prepared.
        store.conn.set_prepared_statement_cache_capacity(128);
        store
            .conn
            .busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| store.err(e))?;
        store
            .conn
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                 PRAGMA foreign_keys = ON; PRAGMA cache_size = -32000; \
                 PRAGMA wal_autocheckpoint = 8192; PRAGMA temp_store = MEMORY;",
            )
            .map_err(|e| store.err(e))?;
        store.migrate()?;
        Ok(store)
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT coalesce(max(version), 0) FROM schema_migrations",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    fn migrate(&mut self) -> Result<()> {
        self.conn
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))",
            )
            .map_err(|e| self.err(e))?;
        let current = self.schema_version()?;
        let known = MIGRATIONS.last().map_or(0, |m| m.0);
        if current > known {
            return Err(StoreError::TooNew {
                found: current,
                known,
            });
        }
        for (version, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
            let path = self.path.clone();
            let err = |source| StoreError::Sqlite {
                path: path.clone(),
                source,
            };
            let tx = self.conn.transaction().map_err(err)?;
            tx.execute_batch(sql).map_err(err)?;
            if *version == 2 {
                backfill_event_fields(&tx)?;
            }
            tx.execute(
                "INSERT INTO schema_migrations (version) VALUES (?1)",
                [version],
            )
            .map_err(err)?;
            tx.commit().map_err(err)?;
        }
        Ok(())
    }

    /// Writes one article's rows. Full-text rows are only collected in `fts`: FTS5 flushes
    /// its pending terms to disk whenever a statement opens a savepoint, so interleaving them
    /// with the other inserts writes thousands of tiny segments; they go in together at the
    /// end of the batch instead.
    fn put_one<'a>(
        tx: &Transaction<'_>,
        cache: &mut HashMap<String, i64>,
        a: &'a PreparedArticle,
        report: &mut PutReport,
        fts: &mut PendingFts<'a>,
    ) -> rusqlite::Result<()> {
        // Identity: document id, else URL (then the row is updated), else same content stored
        // under another id (a duplicate: left alone).
        let find = |sql: &str, key: &str| -> rusqlite::Result<Option<(i64, String, String)>> {
            tx.prepare_cached(sql)?
                .query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()
        };
        let by_id = find(
            "SELECT id, content_hash, annotations_hash FROM articles WHERE doc_id = ?1",
            &a.doc_id,
        )?;
        let by_url = match (&by_id, &a.url) {
            (None, Some(url)) => find(
                "SELECT id, content_hash, annotations_hash FROM articles WHERE url = ?1 LIMIT 1",
                url,
            )?,
            _ => None,
        };
        let existing = by_id.or(by_url);
        let id = match existing {
            Some((_, ch, ah)) if ch == a.content_hash && ah == a.annotations_hash => {
                report.unchanged += 1;
                return Ok(());
            }
            Some((id, _, _)) => {
                // Stored earlier in this same batch: its pending full-text rows go too.
                fts.articles.retain(|(a, _)| *a != id);
                fts.quotes.retain(|(a, _, _)| *a != id);
                for (k, sql) in [
                    "SELECT entity_id, count(*) FROM mentions WHERE article_id = ?1
                     AND entity_id IS NOT NULL GROUP BY entity_id",
                    "SELECT entity_id, count(*) FROM quotes WHERE article_id = ?1
                     AND entity_id IS NOT NULL GROUP BY entity_id",
                    "SELECT e, count(*) FROM (SELECT source_entity AS e FROM events
                     WHERE article_id = ?1 UNION ALL SELECT target_entity FROM events
                     WHERE article_id = ?1 AND target_entity IS NOT source_entity)
                     WHERE e IS NOT NULL GROUP BY e",
                ]
                .into_iter()
                .enumerate()
                {
                    let mut stmt = tx.prepare_cached(sql)?;
                    let rows =
                        stmt.query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
                    for row in rows {
                        let (eid, n) = row?;
                        fts.counts.entry(eid).or_default()[k] -= n;
                    }
                }
                for sql in [
                    "DELETE FROM articles_fts WHERE rowid = ?1",
                    "DELETE FROM quotes_fts WHERE rowid IN (SELECT id FROM quotes WHERE article_id = ?1)",
                    "DELETE FROM mentions WHERE article_id = ?1",
                    "DELETE FROM quotes WHERE article_id = ?1",
                    "DELETE FROM events WHERE article_id = ?1",
                ] {
                    tx.prepare_cached(sql)?.execute([id])?;
                }
                tx.prepare_cached(
                    "UPDATE articles SET content_hash = ?2, annotations_hash = ?3, title = ?4,
                     date = ?5, lang = ?6, text = ?7, annotations = ?8, url = ?9,
                     ingested_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    a.content_hash,
                    a.annotations_hash,
                    a.title,
                    a.date,
                    a.lang,
                    a.text,
                    a.annotations,
                    a.url
                ])?;
                report.updated += 1;
                id
            }
            None => {
                let dup = tx
                    .prepare_cached("SELECT 1 FROM articles WHERE content_hash = ?1 LIMIT 1")?
                    .exists([&a.content_hash])?;
                if dup {
                    report.unchanged += 1;
                    return Ok(());
                }
                tx.prepare_cached(
                    "INSERT INTO articles (doc_id, url, content_hash, annotations_hash, title,
                     date, lang, text, annotations) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?
                .execute(params![
                    a.doc_id,
                    a.url,
                    a.content_hash,
                    a.annotations_hash,
                    a.title,
                    a.date,
                    a.lang,
                    a.text,
                    a.annotations
                ])?;
                report.inserted += 1;
                tx.last_insert_rowid()
            }
        };
        fts.articles.push((id, &a.terms));

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
                    let eid: i64 = tx
                        .prepare_cached(
                            "INSERT INTO entities (key, name, label, actor_code, name_fold)
                             VALUES (?1, ?2, ?3, ?4, ?5)
                             ON CONFLICT (key) DO UPDATE
                               SET actor_code = coalesce(entities.actor_code, excluded.actor_code)
                             RETURNING id",
                        )?
                        .query_row(
                            params![e.key, e.name, e.label, e.actor_code, terms::fold(&e.name)],
                            |r| r.get(0),
                        )?;
                    cache.insert(cache_key, eid);
                    eid
                }
            };
            entity_ids.push(eid);
        }
        report.entities += a.entities.len() as u64;
        let ent = |i: Option<usize>| i.and_then(|i| entity_ids.get(i).copied());
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO mentions (article_id, start, end, label, entity_id, surface)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for m in &a.mentions {
                let surface = a.text.get(m.start as usize..m.end as usize).unwrap_or("");
                let eid = ent(m.entity);
                stmt.execute(params![id, m.start, m.end, m.label, eid, surface])?;
                if let Some(eid) = eid {
                    fts.counts.entry(eid).or_default()[0] += 1;
                }
            }
        }
        for q in &a.quotes {
            tx.prepare_cached(
                "INSERT INTO quotes (article_id, date, kind, start, end, text, speaker,
                 speaker_start, speaker_end, entity_id, cue, speaker_fold)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                id,
                a.date,
                q.kind,
                q.start,
                q.end,
                q.text,
                q.speaker,
                q.speaker_span.map(|s| s.start),
                q.speaker_span.map(|s| s.end),
                ent(q.entity),
                q.cue,
                q.speaker_fold
            ])?;
            fts.quotes.push((id, tx.last_insert_rowid(), &q.terms));
            if let Some(eid) = ent(q.entity) {
                fts.counts.entry(eid).or_default()[1] += 1;
            }
        }
        report.quotes += a.quotes.len() as u64;
        {
            let mut stmt = tx.prepare_cached(&EVENT_INSERT)?;
            for e in &a.events {
                let (src, tgt) = (ent(e.source), ent(e.target));
                // An entity that is both source and target counts once.
                for eid in [src, tgt.filter(|t| Some(*t) != src)].into_iter().flatten() {
                    fts.counts.entry(eid).or_default()[2] += 1;
                }
                let head = params![
                    id,
                    e.code,
                    e.root_code,
                    e.start,
                    e.end,
                    e.evidence,
                    src,
                    tgt
                ];
                let fields = event_fields(e);
                let all: Vec<&dyn rusqlite::ToSql> = head
                    .iter()
                    .copied()
                    .chain(fields.iter().map(|v| v as &dyn rusqlite::ToSql))
                    .collect();
                stmt.execute(all.as_slice())?;
            }
        }
        report.events += a.events.len() as u64;
        Ok(())
    }

    fn hit_from_row(r: &Row<'_>, query: &str) -> rusqlite::Result<ArticleHit> {
        let text: String = r.get(6)?;
        let lang: Option<String> = r.get(5)?;
        Ok(ArticleHit {
            id: r.get(0)?,
            doc_id: r.get(1)?,
            title: r.get(2)?,
            url: r.get(3)?,
            date: r.get(4)?,
            snippet: terms::snippet(&text, query, lang.as_deref(), 200),
            lang,
            score: r.get(7)?,
        })
    }
}

/// The values of an event row's columns from `date` to `flags`, in the order of
/// [`EVENT_FIELDS`].
fn event_fields(e: &PreparedEvent) -> [Value; 26] {
    let trigger = e.trigger.as_ref();
    [
        e.date.clone().into(),
        e.source_code.clone().into(),
        e.target_code.clone().into(),
        e.source_country.clone().into(),
        e.target_country.clone().into(),
        e.source_text.clone().into(),
        e.target_text.clone().into(),
        trigger.map(|t| t.0.clone()).into(),
        trigger.map(|t| t.1.start).into(),
        trigger.map(|t| t.1.end).into(),
        e.trigger_lemma.clone().into(),
        e.theme.clone().into(),
        e.goldstein.into(),
        e.quad_class.into(),
        e.plover_type.clone().into(),
        e.plover_mode.clone().into(),
        e.place.clone().into(),
        e.place_span.map(|s| s.start).into(),
        e.place_span.map(|s| s.end).into(),
        e.date_text.clone().into(),
        e.negated.into(),
        e.modality.clone().into(),
        e.reported_in.into(),
        e.confidence.into(),
        e.rule.clone().into(),
        e.flags.clone().into(),
    ]
}

/// The event columns [`event_fields`] gives values for, in order.
const EVENT_FIELDS: &str = "date, source_code, target_code, source_country, target_country,
    source_text, target_text, trigger_text, trigger_start, trigger_end, trigger_lemma, theme,
    goldstein, quad_class, plover_type, plover_mode, place, place_start, place_end, date_text,
    negated, modality, reported_in, confidence, rule, flags";

/// Inserts an event row: article, code, root code, offsets, evidence, entities, then
/// [`EVENT_FIELDS`].
static EVENT_INSERT: LazyLock<String> = LazyLock::new(|| {
    let marks: Vec<String> = (1..=34).map(|k| format!("?{k}")).collect();
    format!(
        "INSERT INTO events (article_id, code, root_code, start, end, evidence, source_entity,
         target_entity, {EVENT_FIELDS}) VALUES ({})",
        marks.join(", ")
    )
});

/// Sets [`EVENT_FIELDS`] of the event row `?1`.
static EVENT_UPDATE: LazyLock<String> = LazyLock::new(|| {
    let sets: Vec<String> = EVENT_FIELDS
        .split(',')
        .enumerate()
        .map(|(k, c)| format!("{} = ?{}", c.trim(), k + 2))
        .collect();
    format!("UPDATE events SET {} WHERE id = ?1", sets.join(", "))
});

/// Writes the schema-version-2 fields of event row `id`.
fn set_event_fields(tx: &Transaction<'_>, id: i64, e: &PreparedEvent) -> rusqlite::Result<()> {
    let sql: &str = &EVENT_UPDATE;
    let values = event_fields(e);
    let mut all: Vec<&dyn rusqlite::ToSql> = vec![&id];
    all.extend(values.iter().map(|v| v as &dyn rusqlite::ToSql));
    tx.prepare_cached(sql)?.execute(all.as_slice())?;
    Ok(())
}

/// Migration 2: fills the new event columns of rows stored by version 1 from each article's
/// stored annotations (its events were stored in order, one row per event with a valid span).
fn backfill_event_fields(tx: &Transaction<'_>) -> Result<()> {
    let err = |source| StoreError::Sqlite {
        path: "(migration 2)".into(),
        source,
    };
    let articles: Vec<(i64, String, String, Option<String>)> = {
        let mut stmt = tx
            .prepare(
                "SELECT id, text, annotations, date FROM articles
                 WHERE id IN (SELECT DISTINCT article_id FROM events) ORDER BY id",
            )
            .map_err(err)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(err)?;
        rows
    };
    for (id, text, annotations, day) in articles {
        let doc = document_from_stored(text, &annotations)
            .map_err(|source| StoreError::Corrupt { id, source })?;
        let prepared = crate::model::prepare_events(&doc, day.as_deref());
        let rows: Vec<i64> = tx
            .prepare_cached("SELECT id FROM events WHERE article_id = ?1 ORDER BY id")
            .and_then(|mut stmt| {
                stmt.query_map([id], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(err)?;
        for (row, e) in rows.into_iter().zip(&prepared) {
            set_event_fields(tx, row, e).map_err(err)?;
        }
    }
    Ok(())
}

/// Full-text rows of a batch, written together at its end.
#[derive(Default)]
struct PendingFts<'a> {
    articles: Vec<(i64, &'a str)>,
    /// (article id, quote id, terms).
    quotes: Vec<(i64, i64, &'a str)>,
    /// Entity id → changes of (mentions, quotes, events) in this batch.
    counts: HashMap<i64, [i64; 3]>,
}

impl PendingFts<'_> {
    fn write(&self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        let mut stmt =
            tx.prepare_cached("INSERT INTO articles_fts (rowid, terms) VALUES (?1, ?2)")?;
        for (id, terms) in &self.articles {
            stmt.execute(params![id, terms])?;
        }
        let mut stmt =
            tx.prepare_cached("INSERT INTO quotes_fts (rowid, terms) VALUES (?1, ?2)")?;
        for (_, id, terms) in &self.quotes {
            stmt.execute(params![id, terms])?;
        }
        let mut stmt = tx.prepare_cached(
            "UPDATE entities SET n_mentions = n_mentions + ?2, n_quotes = n_quotes + ?3,
             n_events = n_events + ?4 WHERE id = ?1",
        )?;
        for (id, [m, q, e]) in &self.counts {
            stmt.execute(params![id, m, q, e])?;
        }
        Ok(())
    }
}

/// `WHERE a AND b …` of the clauses whose filter is given (empty when none is).
fn where_clause(clauses: &[(bool, &str)]) -> String {
    let given: Vec<&str> = clauses.iter().filter(|c| c.0).map(|c| c.1).collect();
    if given.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", given.join(" AND "))
    }
}

const QUOTE_COLUMNS: &str = "q.id, q.article_id, a.doc_id, q.date, q.kind, q.text, q.start, q.end,
    q.speaker, q.speaker_start, q.speaker_end, q.entity_id, q.cue";

fn quote_from_row(r: &Row<'_>) -> rusqlite::Result<QuoteRow> {
    Ok(QuoteRow {
        id: r.get(0)?,
        article: r.get(1)?,
        doc_id: r.get(2)?,
        date: r.get(3)?,
        kind: r.get(4)?,
        text: r.get(5)?,
        start: r.get(6)?,
        end: r.get(7)?,
        speaker: r.get(8)?,
        speaker_start: opt_u32(r.get(9)?),
        speaker_end: opt_u32(r.get(10)?),
        entity: r.get(11)?,
        cue: r.get(12)?,
    })
}

const EVENT_COLUMNS: &str = "e.id, e.article_id, a.doc_id, a.url, e.date, e.code, e.root_code,
    e.start, e.end, e.evidence, e.source_entity, coalesce(se.name, e.source_text), e.source_code,
    e.source_country, e.target_entity, coalesce(te.name, e.target_text), e.target_code,
    e.target_country, e.trigger_text, e.trigger_start, e.trigger_end, e.trigger_lemma, e.theme,
    e.goldstein, e.quad_class, e.plover_type, e.plover_mode, e.place, e.place_start,
    e.place_end, e.date_text, a.date, e.negated, e.modality, e.reported_in, e.confidence,
    e.rule, e.flags";

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

fn event_from_row(r: &Row<'_>) -> rusqlite::Result<EventRow> {
    let flags: Option<String> = r.get(37)?;
    Ok(EventRow {
        id: r.get(0)?,
        article: r.get(1)?,
        doc_id: r.get(2)?,
        url: r.get(3)?,
        date: r.get(4)?,
        code: r.get(5)?,
        root_code: r.get(6)?,
        start: r.get(7)?,
        end: r.get(8)?,
        evidence: r.get(9)?,
        source: actor(r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?),
        target: actor(r.get(14)?, r.get(15)?, r.get(16)?, r.get(17)?),
        detail: EventDetail {
            trigger: r.get(18)?,
            trigger_start: opt_u32(r.get(19)?),
            trigger_end: opt_u32(r.get(20)?),
            trigger_lemma: r.get(21)?,
            theme: r.get(22)?,
            goldstein: r.get(23)?,
            quad_class: r.get(24)?,
            plover_type: r.get(25)?,
            plover_mode: r.get(26)?,
            place: r.get(27)?,
            place_start: opt_u32(r.get(28)?),
            place_end: opt_u32(r.get(29)?),
            date_text: r.get(30)?,
            article_date: r.get(31)?,
            negated: r.get(32)?,
            modality: r.get(33)?,
            reported_in: r.get(34)?,
            confidence: r.get(35)?,
            rule: r.get(36)?,
            flags: flags
                .map(|f| f.split_whitespace().map(str::to_owned).collect())
                .unwrap_or_default(),
        },
    })
}

fn entity_from_row(r: &Row<'_>) -> rusqlite::Result<EntityRow> {
    Ok(EntityRow {
        id: r.get(0)?,
        key: r.get(1)?,
        name: r.get(2)?,
        label: r.get(3)?,
        actor_code: r.get(4)?,
        mentions: r.get(5)?,
        quotes: r.get(6)?,
        events: r.get(7)?,
    })
}

const ENTITY_COLUMNS: &str = "id, key, name, label, actor_code, n_mentions, n_quotes, n_events";

impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn put(&mut self, batch: &[PreparedArticle]) -> Result<PutReport> {
        let mut report = PutReport::default();
        let path = self.path.clone();
        let err = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        let mut cache = std::mem::take(&mut self.entity_ids);
        let mut outcome = Ok(());
        let mut fts = PendingFts::default();
        for a in batch {
            if let Err(e) = Self::put_one(&tx, &mut cache, a, &mut report, &mut fts) {
                outcome = Err(e);
                break;
            }
        }
        if outcome.is_ok() {
            outcome = fts.write(&tx);
        }
        match outcome.and_then(|()| tx.commit()) {
            Ok(()) => {
                self.entity_ids = cache;
                Ok(report)
            }
            // The transaction rolled back: ids it created are gone, so is the cache.
            Err(e) => Err(err(e)),
        }
    }

    fn search(&mut self, q: &SearchQuery) -> Result<Vec<ArticleHit>> {
        let filters = "(?2 IS NULL OR a.date >= ?2) AND (?3 IS NULL OR a.date <= ?3)
                       AND (?4 IS NULL OR a.lang = ?4)";
        let out = match terms::fts5_match(&q.q) {
            Some(m) => {
                let sql = format!(
                    "SELECT a.id, a.doc_id, a.title, a.url, a.date, a.lang, a.text, -articles_fts.rank
                     FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
                     WHERE articles_fts MATCH ?1 AND {filters}
                     ORDER BY articles_fts.rank LIMIT ?5 OFFSET ?6"
                );
                let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
                let rows = stmt
                    .query_map(
                        params![m, q.since, q.until, q.lang, q.page.limit(), q.page.offset()],
                        |r| Self::hit_from_row(r, &q.q),
                    )
                    .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>());
                rows.map_err(|e| self.err(e))?
            }
            None => {
                // No words: the newest articles.
                let sql = format!(
                    "SELECT a.id, a.doc_id, a.title, a.url, a.date, a.lang, a.text, 0.0
                     FROM articles a WHERE ?1 IS NULL AND {filters}
                     ORDER BY a.date DESC, a.id DESC LIMIT ?5 OFFSET ?6"
                );
                let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
                let rows = stmt
                    .query_map(
                        params![
                            None::<String>,
                            q.since,
                            q.until,
                            q.lang,
                            q.page.limit(),
                            q.page.offset()
                        ],
                        |r| Self::hit_from_row(r, ""),
                    )
                    .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>());
                rows.map_err(|e| self.err(e))?
            }
        };
        Ok(out)
    }

    fn quotes(&mut self, q: &QuoteQuery) -> Result<Vec<QuoteRow>> {
        let fts = match q.q.as_deref().map(terms::fts5_match) {
            Some(None) => return Ok(Vec::new()),
            Some(Some(m)) => Some(m),
            None => None,
        };
        // Only the filters given are written into the SQL (a `?n IS NULL OR …` clause would
        // keep SQLite from using the index of the filter that is given).
        let filters = where_clause(&[
            (q.speaker.is_some(), "q.speaker_fold LIKE ?1 ESCAPE '\\'"),
            (q.entity.is_some(), "q.entity_id = ?2"),
            (
                fts.is_some(),
                "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?3)",
            ),
            (q.since.is_some(), "q.date >= ?4"),
            (q.until.is_some(), "q.date <= ?5"),
            (q.article.is_some(), "q.article_id = ?6"),
        ]);
        let sql = format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id
             {filters} ORDER BY q.date DESC, q.id LIMIT ?7 OFFSET ?8"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                params![
                    q.speaker.as_deref().map(like_pattern),
                    q.entity,
                    fts,
                    q.since,
                    q.until,
                    q.article,
                    q.page.limit(),
                    q.page.offset()
                ],
                quote_from_row,
            )
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>());
        rows.map_err(|e| self.err(e))
    }

    fn events(&mut self, q: &EventQuery) -> Result<Vec<EventRow>> {
        let source = actor_filter(q.source.as_deref());
        let target = actor_filter(q.target.as_deref());
        let code = q.code.as_deref().map(|c| c.trim().replace(['%', '_'], ""));
        let filters = where_clause(&[
            (
                source.0.is_some(),
                "(e.source_code LIKE ?1 OR e.source_country = ?10)",
            ),
            (source.1.is_some(), "se.name_fold LIKE ?2 ESCAPE '\\'"),
            (
                target.0.is_some(),
                "(e.target_code LIKE ?3 OR e.target_country = ?11)",
            ),
            (target.1.is_some(), "te.name_fold LIKE ?4 ESCAPE '\\'"),
            (code.is_some(), "e.code LIKE ?5 || '%'"),
            (
                q.entity.is_some(),
                "e.id IN (SELECT id FROM events WHERE source_entity = ?6
                          UNION SELECT id FROM events WHERE target_entity = ?6)",
            ),
            (q.since.is_some(), "e.date >= ?7"),
            (q.until.is_some(), "e.date <= ?8"),
            (q.article.is_some(), "e.article_id = ?9"),
        ]);
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id
             LEFT JOIN entities se ON se.id = e.source_entity
             LEFT JOIN entities te ON te.id = e.target_entity
             {filters} ORDER BY e.date DESC, e.id LIMIT ?12 OFFSET ?13"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                params![
                    source.0,
                    source.1,
                    target.0,
                    target.1,
                    code,
                    q.entity,
                    q.since,
                    q.until,
                    q.article,
                    country_of(&source.0),
                    country_of(&target.0),
                    q.page.limit(),
                    q.page.offset()
                ],
                event_from_row,
            )
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>());
        rows.map_err(|e| self.err(e))
    }

    fn entities(&mut self, q: &EntityQuery) -> Result<Vec<EntityRow>> {
        let sql = format!(
            "SELECT {ENTITY_COLUMNS} FROM entities
             WHERE (?1 IS NULL OR name_fold LIKE ?1 ESCAPE '\\' OR key = ?2)
               AND (?3 IS NULL OR label = ?3)
             ORDER BY {} DESC, id LIMIT ?4 OFFSET ?5",
            q.by.column()
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                params![
                    q.name.as_deref().map(like_pattern),
                    q.name,
                    q.label,
                    q.page.limit(),
                    q.page.offset()
                ],
                entity_from_row,
            )
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>());
        rows.map_err(|e| self.err(e))
    }

    fn entity_page(&mut self, id: i64, page: &EntityPage) -> Result<Option<EntityView>> {
        let row = self
            .conn
            .query_row(
                &format!("SELECT {ENTITY_COLUMNS} FROM entities WHERE id = ?1"),
                [id],
                entity_from_row,
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some(entity) = row else {
            return Ok(None);
        };
        let aliases = {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT surface, count(*) FROM mentions WHERE entity_id = ?1
                     GROUP BY surface ORDER BY 2 DESC, 1 LIMIT 50",
                )
                .map_err(|e| self.err(e))?;
            let rows = stmt
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>());
            rows.map_err(|e| self.err(e))?
        };
        let roles = self
            .conn
            .query_row(
                "SELECT (SELECT count(*) FROM quotes WHERE entity_id = ?1),
                        (SELECT count(*) FROM events WHERE source_entity = ?1),
                        (SELECT count(*) FROM events WHERE target_entity = ?1),
                        (SELECT count(DISTINCT article_id) FROM mentions WHERE entity_id = ?1)",
                [id],
                |r| {
                    Ok(Roles {
                        speaker: r.get(0)?,
                        source: r.get(1)?,
                        target: r.get(2)?,
                        mentioned: r.get(3)?,
                    })
                },
            )
            .map_err(|e| self.err(e))?;
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
        let mut articles = {
            let mut stmt = self
                .conn
                .prepare_cached(
                    // The page's ids come from the date index, newest first, kept when the
                    // entity is in the article: that reads index entries, never the rows of
                    // the thousands of articles a frequent entity is in (about 4 times faster
                    // for the most mentioned entity of 3,000 articles).
                    "SELECT a.id, a.doc_id, a.title, a.url, a.date, a.lang, a.text, 0.0
                     FROM articles a WHERE a.id IN
                       (SELECT d.id FROM articles d INDEXED BY articles_date WHERE d.id IN
                          (SELECT article_id FROM mentions WHERE entity_id = ?1
                           UNION SELECT article_id FROM quotes WHERE entity_id = ?1)
                        ORDER BY d.date DESC, d.id DESC LIMIT ?2 OFFSET ?3)
                     ORDER BY a.date DESC, a.id DESC",
                )
                .map_err(|e| self.err(e))?;
            let name = entity.name.clone();
            let rows = stmt
                .query_map(params![id, probe.limit(), probe.offset()], |r| {
                    Self::hit_from_row(r, &name)
                })
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>());
            rows.map_err(|e| self.err(e))?
        };
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
        type Head = (
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            String,
        );
        let head: Option<Head> = self
            .conn
            .query_row(
                "SELECT doc_id, title, url, date, lang, text, annotations FROM articles WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((doc_id, title, url, date, lang, text, annotations)) = head else {
            return Ok(None);
        };
        let doc = document_from_stored(text, &annotations)
            .map_err(|source| StoreError::Corrupt { id, source })?;
        let mentions = {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT m.start, m.end, m.label, m.entity_id, e.name FROM mentions m
                     LEFT JOIN entities e ON e.id = m.entity_id
                     WHERE m.article_id = ?1 ORDER BY m.start",
                )
                .map_err(|e| self.err(e))?;
            let rows = stmt
                .query_map([id], |r| {
                    Ok(MentionRow {
                        start: r.get(0)?,
                        end: r.get(1)?,
                        label: r.get(2)?,
                        entity: r.get(3)?,
                        name: r.get(4)?,
                    })
                })
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>());
            rows.map_err(|e| self.err(e))?
        };
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
            doc_id,
            title,
            url,
            date,
            lang,
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
        self.conn
            .query_row("SELECT id FROM articles WHERE doc_id = ?1", [doc_id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.err(e))
    }

    fn documents(&mut self, after: i64, limit: u32) -> Result<Vec<(i64, Document)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, text, annotations FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![after, limit.clamp(1, MAX_LIMIT)], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(|(id, text, ann)| {
                document_from_stored(text, &ann)
                    .map(|d| (id, d))
                    .map_err(|source| StoreError::Corrupt { id, source })
            })
            .collect()
    }

    fn network(&mut self, q: &NetworkQuery) -> Result<Vec<NetworkEdge>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT e.source_entity, se.name, se.actor_code, e.target_entity, te.name,
                        te.actor_code, e.root_code, count(*)
                 FROM events e JOIN entities se ON se.id = e.source_entity
                 JOIN entities te ON te.id = e.target_entity
                 WHERE (?1 IS NULL OR e.date >= ?1) AND (?2 IS NULL OR e.date <= ?2)
                   AND (?3 IS NULL OR e.source_entity = ?3 OR e.target_entity = ?3)
                 GROUP BY e.source_entity, e.target_entity, e.root_code",
            )
            .map_err(|e| self.err(e))?;
        type Raw = (
            i64,
            String,
            Option<String>,
            i64,
            String,
            Option<String>,
            String,
            i64,
        );
        let rows: Vec<Raw> = stmt
            .query_map(params![q.since, q.until, q.entity], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        Ok(crate::model::edges_from_counts(
            rows.into_iter()
                .map(|(s, sn, sc, t, tn, tc, root, n)| {
                    (
                        Actor {
                            entity: Some(s),
                            name: sn,
                            code: sc,
                            country: None,
                        },
                        Actor {
                            entity: Some(t),
                            name: tn,
                            code: tc,
                            country: None,
                        },
                        root,
                        n,
                    )
                })
                .collect(),
            q.page,
        ))
    }

    fn timeline(&mut self, q: &TimelineQuery) -> Result<Vec<TimelinePoint>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT coalesce(substr(date, 1, 7), 'unknown') AS month, root_code, count(*)
                 FROM events
                 WHERE (?1 IS NULL OR source_entity = ?1 OR target_entity = ?1)
                   AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3)
                 GROUP BY month, root_code ORDER BY month, root_code",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![q.entity, q.since, q.until], |r| {
                Ok(TimelinePoint {
                    month: r.get(0)?,
                    root_code: r.get(1)?,
                    events: r.get(2)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>());
        rows.map_err(|e| self.err(e))
    }

    fn size_bytes(&mut self) -> Result<u64> {
        let pages: i64 = self
            .conn
            .query_row(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        Ok(u64::try_from(pages).unwrap_or(0))
    }

    fn stats(&mut self) -> Result<Stats> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM entities),
                        (SELECT count(*) FROM mentions), (SELECT count(*) FROM quotes),
                        (SELECT count(*) FROM events)",
                [],
                |r| {
                    Ok(Stats {
                        backend: "sqlite".into(),
                        articles: r.get(0)?,
                        entities: r.get(1)?,
                        mentions: r.get(2)?,
                        quotes: r.get(3)?,
                        events: r.get(4)?,
                    })
                },
            )
            .map_err(|e| self.err(e))
    }
}
