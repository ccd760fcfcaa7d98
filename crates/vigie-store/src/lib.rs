//! Vigie's knowledge store: articles with their annotations, entities (with aliases and
//! counts), mentions, quotes and events, all with byte offsets into the stored text, plus a
//! full-text index of articles and quotes.
//!
//! Two backends behind one [`Store`] trait, with the same schema and queries:
//! - [`SqliteStore`]: one SQLite file (bundled SQLite, WAL, FTS5), the default, nothing to set
//!   up. Search terms are stemmed and accent-folded in Rust (see [`terms`]).
//! - [`PgStore`]: PostgreSQL for teams and large archives; full-text search over `tsvector`s
//!   of the same terms, computed on the client (the server does no text analysis).
//!
//! [`open`] picks the backend from a location: `postgres://…`/`postgresql://…` or a file path.
//!
//! Contracts:
//! - **Idempotent writes.** [`Store::put`] stores a batch in one transaction. An article is
//!   identified by its document id, else its URL, else its content hash: one already stored
//!   with the same text and annotations is left alone, one whose text or annotations changed is
//!   replaced in place (its child rows are rewritten). Nothing is ever duplicated, and an
//!   interrupted batch leaves no trace.
//! - **Versioned schema.** Migrations are numbered; opening a store applies the missing ones
//!   in a transaction each and refuses a store newer than this code.
//! - **No panics on stored or user data**: bad spans are dropped at [`prepare`], query inputs
//!   are bound parameters, and full-text queries are quoted terms.

mod model;
mod pg;
mod sqlite;
pub mod terms;

pub use model::*;
pub use pg::PgStore;
pub use sqlite::SqliteStore;

use vigie_core::Document;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("SQLite store {path}: {source}")]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("PostgreSQL store: {0}")]
    Postgres(#[from] postgres::Error),
    #[error("store schema version {found} is newer than this Vigie (knows up to {known}): upgrade Vigie")]
    TooNew { found: i64, known: i64 },
    #[error("stored annotations of article {id} are not readable: {source}")]
    Corrupt {
        id: i64,
        #[source]
        source: serde_json::Error,
    },
    #[error("invalid query: {0}")]
    Query(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The queries and writes every backend answers, with the same results.
pub trait Store: Send {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// Stores a batch in one transaction (see the crate's contract on idempotence).
    fn put(&mut self, batch: &[PreparedArticle]) -> Result<PutReport>;
    fn search(&mut self, q: &SearchQuery) -> Result<Vec<ArticleHit>>;
    fn quotes(&mut self, q: &QuoteQuery) -> Result<Vec<QuoteRow>>;
    fn events(&mut self, q: &EventQuery) -> Result<Vec<EventRow>>;
    fn entities(&mut self, q: &EntityQuery) -> Result<Vec<EntityRow>>;
    /// The entity page: the entity, its aliases and roles, and one page of its quotes, events
    /// and articles.
    fn entity_page(&mut self, id: i64, page: &EntityPage) -> Result<Option<EntityView>>;
    /// The first page of [`Store::entity_page`].
    fn entity(&mut self, id: i64) -> Result<Option<EntityView>> {
        self.entity_page(id, &EntityPage::default())
    }
    fn article(&mut self, id: i64) -> Result<Option<ArticleView>>;
    /// The store id of the article with this document id.
    fn article_id(&mut self, doc_id: &str) -> Result<Option<i64>>;
    /// Stored articles as documents (text and annotations; tokens are not stored), in id
    /// order, after `after` (a store id; 0 for the start).
    fn documents(&mut self, after: i64, limit: u32) -> Result<Vec<(i64, Document)>>;
    fn network(&mut self, q: &NetworkQuery) -> Result<Vec<NetworkEdge>>;
    fn timeline(&mut self, q: &TimelineQuery) -> Result<Vec<TimelinePoint>>;
    fn stats(&mut self) -> Result<Stats>;
    /// Bytes the store occupies (tables, indexes, full-text indexes).
    fn size_bytes(&mut self) -> Result<u64>;
}

/// Opens (creating if needed) the store at `location`: a `postgres://` or `postgresql://`
/// URL, else a SQLite file path.
pub fn open(location: &str) -> Result<Box<dyn Store>> {
    if location.starts_with("postgres://") || location.starts_with("postgresql://") {
        Ok(Box::new(PgStore::connect(location)?))
    } else {
        Ok(Box::new(SqliteStore::open(std::path::Path::new(location))?))
    }
}

/// Stores documents, preparing each first (convenience for tests and small inputs).
pub fn put_documents(store: &mut dyn Store, docs: &[Document]) -> Result<PutReport> {
    let prepared: Vec<PreparedArticle> = docs.iter().map(prepare).collect();
    store.put(&prepared)
}

/// Helpers for tests of this crate and its users; not part of the stable interface.
#[doc(hidden)]
pub mod testing {
    /// Records schema version `version` in the SQLite store at `path`, as a newer Vigie would.
    pub fn bump_schema(path: &std::path::Path, version: i64) -> rusqlite::Result<()> {
        let conn = rusqlite::Connection::open(path)?;
        conn.execute(
            "INSERT INTO schema_migrations (version) VALUES (?1)",
            [version],
        )?;
        Ok(())
    }

    /// Turns the SQLite store at `path` back into a schema-version-1 store holding the same
    /// rows (drops what migration 2 added), as a store written by an older Vigie.
    pub fn downgrade_to_v1(path: &std::path::Path) -> rusqlite::Result<()> {
        let conn = rusqlite::Connection::open(path)?;
        let added: Vec<String> = {
            let mut stmt = conn.prepare(
                "SELECT name FROM pragma_table_info('events') WHERE cid >= 12 ORDER BY cid",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut sql = String::from(
            "DROP INDEX events_countries; DROP INDEX events_target; DROP INDEX events_code;",
        );
        for c in added {
            sql.push_str(&format!("ALTER TABLE events DROP COLUMN {c};"));
        }
        sql.push_str("DELETE FROM schema_migrations WHERE version >= 2;");
        conn.execute_batch(&sql)
    }

    /// Turns the PostgreSQL store at `url` back into a schema-version-2 store holding the same
    /// rows: the row-level counter triggers of version 1, and search documents made by the
    /// server's `french`/`english`/`simple` configurations over `unaccent`ed text.
    pub fn pg_downgrade_to_v2(url: &str) -> Result<(), postgres::Error> {
        let v1 = include_str!("sql/pg_001_init.sql");
        let triggers = v1
            .find("CREATE FUNCTION vigie_count_mentions")
            .map_or("", |i| &v1[i..]);
        let config = "(CASE lang WHEN 'fr' THEN 'french' WHEN 'en' THEN 'english'
                       ELSE 'simple' END)::regconfig";
        let mut client = postgres::Client::connect(url, postgres::NoTls)?;
        client.batch_execute(&format!(
            "DROP TRIGGER IF EXISTS mentions_added ON mentions;
             DROP TRIGGER IF EXISTS mentions_removed ON mentions;
             DROP TRIGGER IF EXISTS quotes_added ON quotes;
             DROP TRIGGER IF EXISTS quotes_removed ON quotes;
             DROP TRIGGER IF EXISTS events_added ON events;
             DROP TRIGGER IF EXISTS events_removed ON events;
             DROP FUNCTION IF EXISTS vigie_count_mention_rows, vigie_count_quote_rows,
                 vigie_count_event_rows;
             {triggers}
             UPDATE articles SET tsv = strip(to_tsvector({config},
                 unaccent(coalesce(title || E'\\n', '') || text)));
             UPDATE quotes q SET tsv = strip(to_tsvector({config}, unaccent(q.text)))
                 FROM articles a WHERE a.id = q.article_id;
             DELETE FROM vigie_schema_migrations WHERE version >= 3;"
        ))
    }

    /// The same for the PostgreSQL store at `url`.
    pub fn pg_downgrade_to_v1(url: &str) -> Result<(), postgres::Error> {
        pg_downgrade_to_v2(url)?;
        let mut client = postgres::Client::connect(url, postgres::NoTls)?;
        let added: Vec<String> = client
            .query(
                "SELECT column_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = 'events'
                   AND ordinal_position > 12 ORDER BY ordinal_position",
                &[],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut sql = String::from("DROP INDEX IF EXISTS events_target, events_code;");
        for c in added {
            sql.push_str(&format!("ALTER TABLE events DROP COLUMN {c};"));
        }
        sql.push_str("DELETE FROM vigie_schema_migrations WHERE version >= 2;");
        client.batch_execute(&sql)
    }
}
