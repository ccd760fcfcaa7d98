//! What the store takes in ([`PreparedArticle`], made by [`prepare`]) and what its queries
//! take and return. Shared by both backends, so the CLI, the API and the tests see one shape.

use crate::terms;
use serde::{Deserialize, Serialize};
use vigie_core::{Document, Span};

/// Most rows one query returns; larger `limit`s are clamped to it.
pub const MAX_LIMIT: u32 = 1000;
/// `limit` when a query gives none.
pub const DEFAULT_LIMIT: u32 = 20;

/// Pagination shared by every list query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    #[serde(default = "default_limit")]
    pub limit: u32,
    #[serde(default)]
    pub offset: u32,
}

fn default_limit() -> u32 {
    DEFAULT_LIMIT
}

impl Default for Page {
    fn default() -> Page {
        Page {
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

impl Page {
    /// The limit clamped to `1..=MAX_LIMIT`.
    pub fn limit(&self) -> i64 {
        i64::from(self.limit.clamp(1, MAX_LIMIT))
    }
    pub fn offset(&self) -> i64 {
        i64::from(self.offset)
    }
}

/// Full-text search over articles (title and text).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchQuery {
    pub q: String,
    /// Only articles dated on or after this day (`YYYY-MM-DD`).
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
    /// Only articles in this language (ISO 639-1).
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(flatten, default)]
    pub page: Page,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleHit {
    /// The store's id of the article (for `/v1/articles/{id}`).
    pub id: i64,
    /// The document's own id (input id, URL or path).
    pub doc_id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub lang: Option<String>,
    /// Text around the first match.
    pub snippet: String,
    /// Relevance (higher is better; comparable only within one result list).
    pub score: f64,
}

/// Quotations, filtered by speaker (name, alias or the quoted surface, accents and case
/// ignored), words in the quote, entity, and dates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QuoteQuery {
    #[serde(default)]
    pub speaker: Option<String>,
    /// Only quotes attributed to this entity (store id).
    #[serde(default)]
    pub entity: Option<i64>,
    /// Words the quote must contain (full-text, stemmed).
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
    /// Only quotes of this article (store id).
    #[serde(default)]
    pub article: Option<i64>,
    #[serde(flatten, default)]
    pub page: Page,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteRow {
    pub id: i64,
    pub article: i64,
    pub doc_id: String,
    pub date: Option<String>,
    pub kind: String,
    pub text: String,
    pub start: u32,
    pub end: u32,
    /// Who is quoted: the linked entity's name, else the speaker's words in the text.
    pub speaker: Option<String>,
    pub speaker_start: Option<u32>,
    pub speaker_end: Option<u32>,
    pub entity: Option<i64>,
    /// The reporting cue ("a déclaré"), when found.
    pub cue: Option<String>,
}

/// Coded events, filtered by actors (an actor code such as `RUS` matches the event's actor
/// codes by prefix and its actors' countries; anything else matches the linked entity's name),
/// CAMEO code (prefix: `05` matches `057`), and dates (the event's resolved day, else the
/// article's).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventQuery {
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    /// Events where this entity (store id) is source or target.
    #[serde(default)]
    pub entity: Option<i64>,
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
    #[serde(default)]
    pub article: Option<i64>,
    #[serde(flatten, default)]
    pub page: Page,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRow {
    pub id: i64,
    pub article: i64,
    pub doc_id: String,
    pub url: Option<String>,
    pub date: Option<String>,
    pub code: String,
    pub root_code: String,
    pub start: u32,
    pub end: u32,
    /// The sentence or clause the event was coded from.
    pub evidence: String,
    pub source: Option<Actor>,
    pub target: Option<Actor>,
    #[serde(flatten)]
    pub detail: EventDetail,
}

/// What the event stage says about an event besides its code and actors (all optional: rows
/// stored before schema version 2, or events coded without them, leave them empty).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventDetail {
    /// The predicate's words ("signé") and offsets, and its lemma ("signer").
    #[serde(default)]
    pub trigger: Option<String>,
    #[serde(default)]
    pub trigger_start: Option<u32>,
    #[serde(default)]
    pub trigger_end: Option<u32>,
    #[serde(default)]
    pub trigger_lemma: Option<String>,
    /// What was given, signed, promised ("un accord de défense mutuelle").
    #[serde(default)]
    pub theme: Option<String>,
    /// Goldstein scale value of the CAMEO code (-10 … +10).
    #[serde(default)]
    pub goldstein: Option<f64>,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    #[serde(default)]
    pub quad_class: Option<i64>,
    #[serde(default)]
    pub plover_type: Option<String>,
    #[serde(default)]
    pub plover_mode: Option<String>,
    /// Where: the place entity's name, else the words naming it, and their offsets.
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub place_start: Option<u32>,
    #[serde(default)]
    pub place_end: Option<u32>,
    /// The date expression the event's `date` was resolved from ("mercredi").
    #[serde(default)]
    pub date_text: Option<String>,
    /// The article's day (`date` is the event's own when the text gives one).
    #[serde(default)]
    pub article_date: Option<String>,
    #[serde(default)]
    pub negated: bool,
    /// `conditional`, `intended`, `hypothetical`, `possible`, `demanded`; `None` = asserted.
    #[serde(default)]
    pub modality: Option<String>,
    /// Index of the article's quote the event was read from (reported, not asserted).
    #[serde(default)]
    pub reported_in: Option<i64>,
    #[serde(default)]
    pub confidence: Option<f64>,
    /// The lexicon entry or pattern that coded it.
    #[serde(default)]
    pub rule: Option<String>,
    #[serde(default)]
    pub flags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub entity: Option<i64>,
    pub name: String,
    pub code: Option<String>,
    /// ISO 3166 alpha-3 / CAMEO country of the actor, when known.
    #[serde(default)]
    pub country: Option<String>,
}

/// Which count ranks entities.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityRank {
    #[default]
    Mentions,
    Quotes,
    Events,
}

impl EntityRank {
    pub fn column(self) -> &'static str {
        match self {
            EntityRank::Mentions => "n_mentions",
            EntityRank::Quotes => "n_quotes",
            EntityRank::Events => "n_events",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntityQuery {
    /// Name or alias contains this (accents and case ignored).
    #[serde(default)]
    pub name: Option<String>,
    /// PER, ORG, LOC, GPE, MISC.
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub by: EntityRank,
    #[serde(flatten, default)]
    pub page: Page,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRow {
    pub id: i64,
    pub key: String,
    pub name: String,
    pub label: String,
    pub actor_code: Option<String>,
    pub mentions: i64,
    pub quotes: i64,
    pub events: i64,
}

/// Rows per list of the entity page when none is asked for.
pub const ENTITY_PAGE_LIMIT: u32 = 20;
/// Most rows per list of one entity page.
pub const ENTITY_PAGE_MAX: u32 = 200;

/// Which slice of each list (quotes, events, articles) an entity page holds: entities quoted or
/// mentioned thousands of times are read a page at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityPage {
    /// Rows per list, clamped to `1..=ENTITY_PAGE_MAX`.
    pub limit: u32,
    pub quotes_offset: u32,
    pub events_offset: u32,
    pub articles_offset: u32,
}

impl Default for EntityPage {
    fn default() -> EntityPage {
        EntityPage {
            limit: ENTITY_PAGE_LIMIT,
            quotes_offset: 0,
            events_offset: 0,
            articles_offset: 0,
        }
    }
}

impl EntityPage {
    /// The limit clamped to `1..=ENTITY_PAGE_MAX`.
    pub fn limit(&self) -> u32 {
        self.limit.clamp(1, ENTITY_PAGE_MAX)
    }

    /// The page of one list at `offset`, one row longer than [`EntityPage::limit`] so that
    /// [`EntityPage::cut`] can tell whether another page follows.
    pub fn probe(&self, offset: u32) -> Page {
        Page {
            limit: self.limit() + 1,
            offset,
        }
    }

    /// Cuts `rows` read with [`EntityPage::probe`] to the page, and returns the offset of the
    /// next page when there is one.
    pub fn cut<T>(&self, rows: &mut Vec<T>, offset: u32) -> Option<u32> {
        let limit = self.limit();
        (rows.len() > limit as usize).then(|| {
            rows.truncate(limit as usize);
            offset.saturating_add(limit)
        })
    }
}

/// One entity with everything the store knows about it; its quotes, events and articles a
/// page at a time ([`EntityPage`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityView {
    #[serde(flatten)]
    pub entity: EntityRow,
    /// Surface forms it was mentioned by, most frequent first, with counts.
    pub aliases: Vec<(String, i64)>,
    /// How it takes part: speaker, event source, event target, mentioned.
    pub roles: Roles,
    /// Its quotes, newest first.
    pub quotes: Vec<QuoteRow>,
    /// Its events as source or target, newest first.
    pub events: Vec<EventRow>,
    /// Articles mentioning or quoting it, newest first.
    pub articles: Vec<ArticleHit>,
    /// The `quotes_offset` of the next page of quotes, absent on the last one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotes_next_offset: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events_next_offset: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub articles_next_offset: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Roles {
    pub speaker: i64,
    pub source: i64,
    pub target: i64,
    pub mentioned: i64,
}

/// One article as the article page shows it: text, layout and annotations, with entity
/// references resolved to store ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleView {
    pub id: i64,
    pub doc_id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub lang: Option<String>,
    pub text: String,
    pub paragraphs: Vec<vigie_core::Paragraph>,
    pub sentences: Vec<vigie_core::Sentence>,
    pub mentions: Vec<MentionRow>,
    pub quotes: Vec<QuoteRow>,
    pub events: Vec<EventRow>,
    pub warnings: Vec<vigie_core::Warning>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRow {
    pub start: u32,
    pub end: u32,
    pub label: String,
    pub entity: Option<i64>,
    pub name: Option<String>,
}

/// Who did what to whom: event counts between two entities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkEdge {
    pub source: Actor,
    pub target: Actor,
    pub events: i64,
    /// The most frequent CAMEO root code between them.
    pub top_root_code: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NetworkQuery {
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
    #[serde(default)]
    pub entity: Option<i64>,
    #[serde(flatten, default)]
    pub page: Page,
}

/// Event counts per month and CAMEO root code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelinePoint {
    /// `YYYY-MM`, or `unknown` for undated articles.
    pub month: String,
    pub root_code: String,
    pub events: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TimelineQuery {
    #[serde(default)]
    pub entity: Option<i64>,
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
}

/// Counts of what the store holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub backend: String,
    pub articles: i64,
    pub entities: i64,
    pub mentions: i64,
    pub quotes: i64,
    pub events: i64,
}

/// What one [`crate::Store::put`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PutReport {
    pub inserted: u64,
    pub updated: u64,
    /// Already stored with the same text and annotations.
    pub unchanged: u64,
    pub entities: u64,
    pub quotes: u64,
    pub events: u64,
}

impl std::ops::AddAssign for PutReport {
    fn add_assign(&mut self, o: PutReport) {
        self.inserted += o.inserted;
        self.updated += o.updated;
        self.unchanged += o.unchanged;
        self.entities += o.entities;
        self.quotes += o.quotes;
        self.events += o.events;
    }
}

/// A document turned into rows, ready for either backend. Computing it (hashes, search terms,
/// entity keys) is the costly part of storing, so ingest does it on the worker threads, and
/// the single writer only runs SQL.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedArticle {
    pub doc_id: String,
    pub url: Option<String>,
    /// XXH3-64 of the text, hex: the identity of the content.
    pub content_hash: String,
    /// XXH3-64 of the stored annotations: a changed value updates the stored article.
    pub annotations_hash: String,
    pub title: Option<String>,
    /// `YYYY-MM-DD` when the document's date starts with one.
    pub date: Option<String>,
    pub lang: Option<String>,
    pub text: String,
    /// The document without `text` and `tokens` (tokens are re-derived by `vigie extract`),
    /// as JSON.
    pub annotations: String,
    /// Index terms of title and text ([`terms::index_terms`]).
    pub terms: String,
    pub entities: Vec<PreparedEntity>,
    pub mentions: Vec<PreparedMention>,
    pub quotes: Vec<PreparedQuote>,
    pub events: Vec<PreparedEvent>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PreparedEntity {
    /// Identity across articles: a knowledge-base id (`Q7747`, `wd:Q7747`) when the document
    /// gives one, else `LABEL:folded name`.
    pub key: String,
    pub name: String,
    pub label: String,
    pub actor_code: Option<String>,
    /// Surface forms in this article with their counts.
    pub aliases: Vec<(String, i64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PreparedMention {
    pub start: u32,
    pub end: u32,
    pub label: String,
    /// Index into [`PreparedArticle::entities`].
    pub entity: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PreparedQuote {
    pub kind: String,
    pub start: u32,
    pub end: u32,
    pub text: String,
    pub speaker: Option<String>,
    pub speaker_span: Option<Span>,
    pub entity: Option<usize>,
    pub cue: Option<String>,
    /// Folded speaker surface and entity name and aliases, for speaker matching.
    pub speaker_fold: String,
    pub terms: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PreparedEvent {
    pub code: String,
    pub root_code: String,
    pub start: u32,
    pub end: u32,
    pub evidence: String,
    pub source: Option<usize>,
    pub target: Option<usize>,
    /// The event's resolved day, else the article's (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Actor codes: the event's own, else the linked entity's.
    pub source_code: Option<String>,
    pub target_code: Option<String>,
    /// Actor countries: the event's own, else the linked entity's.
    pub source_country: Option<String>,
    pub target_country: Option<String>,
    /// The actors' words in the text.
    pub source_text: Option<String>,
    pub target_text: Option<String>,
    pub trigger: Option<(String, Span)>,
    pub trigger_lemma: Option<String>,
    pub theme: Option<String>,
    pub goldstein: Option<f64>,
    pub quad_class: Option<i64>,
    pub plover_type: Option<String>,
    pub plover_mode: Option<String>,
    /// The place entity's name, else the words naming the place, and those words' span.
    pub place: Option<String>,
    pub place_span: Option<Span>,
    pub date_text: Option<String>,
    pub negated: bool,
    pub modality: Option<String>,
    pub reported_in: Option<i64>,
    pub confidence: Option<f64>,
    pub rule: Option<String>,
    /// Space-separated flags, `None` when there are none.
    pub flags: Option<String>,
}

/// The stored form of a document's annotations (everything but `text` and `tokens`).
#[derive(Serialize)]
struct AnnotationsOut<'a> {
    id: &'a str,
    meta: &'a vigie_core::Metadata,
    language: &'a Option<vigie_core::LanguageGuess>,
    paragraphs: &'a [vigie_core::Paragraph],
    sentences: &'a [vigie_core::Sentence],
    mentions: &'a [vigie_core::Mention],
    entities: &'a [vigie_core::Entity],
    quotes: &'a [vigie_core::Quote],
    events: &'a [vigie_core::Event],
    warnings: &'a [vigie_core::Warning],
}

/// Reads stored annotations back into a document holding `text` (tokens left empty).
pub fn document_from_stored(
    text: String,
    annotations: &str,
) -> Result<Document, serde_json::Error> {
    let mut value: serde_json::Value = serde_json::from_str(annotations)?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert("text".into(), serde_json::Value::String(text));
    }
    serde_json::from_value(value)
}

fn hash_hex(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// `YYYY-MM-DD` when `date` starts with a plausible one.
pub fn day_of(date: &str) -> Option<String> {
    let d = date.get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-',
        _ => c.is_ascii_digit(),
    });
    ok.then(|| d.to_owned())
}

fn is_global_id(id: &str) -> bool {
    let bare = id.rsplit(':').next().unwrap_or(id);
    (bare.len() > 1 && bare.starts_with('Q') && bare[1..].bytes().all(|b| b.is_ascii_digit()))
        || id.contains(':')
}

/// Turns a document into rows. Spans that do not slice the text are dropped (never
/// stored half-way), and indices that point nowhere become `None`.
pub fn prepare(doc: &Document) -> PreparedArticle {
    let text = &doc.text;
    let lang = doc.language.as_ref().map(|l| l.code.clone());
    let slice = |s: Span| s.slice(text).map(str::to_owned);
    let annotations = serde_json::to_string(&AnnotationsOut {
        id: &doc.id,
        meta: &doc.meta,
        language: &doc.language,
        paragraphs: &doc.paragraphs,
        sentences: &doc.sentences,
        mentions: &doc.mentions,
        entities: &doc.entities,
        quotes: &doc.quotes,
        events: &doc.events,
        warnings: &doc.warnings,
    })
    .unwrap_or_else(|_| "{}".to_owned());

    let mut entities: Vec<PreparedEntity> = doc
        .entities
        .iter()
        .map(|e| {
            let key = if is_global_id(&e.id) {
                e.id.clone()
            } else {
                format!("{}:{}", e.label, terms::fold(e.name.trim()))
            };
            PreparedEntity {
                key,
                name: e.name.clone(),
                label: e.label.clone(),
                actor_code: e.actor_code.clone(),
                aliases: Vec::new(),
            }
        })
        .collect();
    let n_entities = entities.len();
    let valid_entity = |i: Option<u32>| i.map(|i| i as usize).filter(|i| *i < n_entities);

    let mut mentions = Vec::new();
    for m in &doc.mentions {
        let Some(surface) = slice(m.span) else {
            continue;
        };
        let entity = valid_entity(m.entity);
        if let Some(e) = entity.and_then(|i| entities.get_mut(i)) {
            match e.aliases.iter_mut().find(|(a, _)| *a == surface) {
                Some((_, n)) => *n += 1,
                None => e.aliases.push((surface, 1)),
            }
        }
        mentions.push(PreparedMention {
            start: m.span.start,
            end: m.span.end,
            label: m.label.clone(),
            entity,
        });
    }

    let quotes = doc
        .quotes
        .iter()
        .filter_map(|q| {
            let qtext = slice(q.span)?;
            // A pronoun or role-noun speaker ("il", "l'assistant") may come with the span of
            // the name it refers to; read generically, as the quote stage adds that field.
            let antecedent = serde_json::to_value(q)
                .ok()
                .and_then(|v| {
                    serde_json::from_value::<Span>(v.get("speaker_antecedent")?.clone()).ok()
                })
                .and_then(slice);
            let speaker_surface = q.speaker.and_then(slice);
            let entity = valid_entity(q.entity);
            let ent = entity.and_then(|i| entities.get(i));
            let speaker = ent
                .map(|e| e.name.clone())
                .or_else(|| antecedent.clone())
                .or_else(|| speaker_surface.clone());
            let mut fold_src = String::new();
            for s in speaker_surface
                .iter()
                .chain(antecedent.iter())
                .chain(ent.map(|e| &e.name))
            {
                fold_src.push_str(s);
                fold_src.push(' ');
            }
            if let Some(e) = ent {
                for (a, _) in &e.aliases {
                    fold_src.push_str(a);
                    fold_src.push(' ');
                }
            }
            Some(PreparedQuote {
                kind: q.kind.clone(),
                start: q.span.start,
                end: q.span.end,
                terms: terms::index_terms(&qtext, lang.as_deref()),
                text: qtext,
                speaker,
                speaker_span: q.speaker.filter(|s| s.slice(text).is_some()),
                entity,
                cue: q.cue.and_then(slice),
                speaker_fold: terms::fold(fold_src.trim()),
            })
        })
        .collect();

    let day = doc.meta.date.as_deref().and_then(day_of);
    let events = prepare_events(doc, day.as_deref());

    let title = doc.meta.title.clone();
    let searchable = searchable_text(title.as_deref(), text);
    PreparedArticle {
        doc_id: doc.id.clone(),
        url: doc.meta.url.clone(),
        content_hash: hash_hex(text.as_bytes()),
        annotations_hash: hash_hex(annotations.as_bytes()),
        title,
        date: day,
        terms: terms::index_terms(&searchable, lang.as_deref()),
        lang,
        text: text.clone(),
        annotations,
        entities,
        mentions,
        quotes,
        events,
    }
}

/// An `f32` score as the `f64` of its shortest decimal form (0.8, not 0.800000011920929), or
/// `None` when it is not finite.
fn decimal_f64(v: f32) -> Option<f64> {
    v.is_finite().then(|| v.to_string().parse().ok()).flatten()
}

/// The rows of a document's events (those whose evidence span slices the text), in order.
/// `article_day` is the article's `YYYY-MM-DD`, used when an event has no date of its own.
/// What the search index of an article covers: its title, then its text.
pub(crate) fn searchable_text(title: Option<&str>, text: &str) -> String {
    let mut searchable = String::with_capacity(text.len() + title.map_or(0, |t| t.len() + 1));
    if let Some(t) = title {
        searchable.push_str(t);
        searchable.push('\n');
    }
    searchable.push_str(text);
    searchable
}

pub fn prepare_events(doc: &Document, article_day: Option<&str>) -> Vec<PreparedEvent> {
    let text = &doc.text;
    let slice = |s: Span| s.slice(text).map(str::to_owned);
    let entity = |i: Option<u32>| {
        i.map(|i| i as usize)
            .filter(|i| *i < doc.entities.len())
            .map(|i| (i, &doc.entities[i]))
    };
    let nonempty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    doc.events
        .iter()
        .filter_map(|e| {
            let evidence = slice(e.span)?;
            let code = e.code.trim().to_owned();
            let (src, tgt) = (entity(e.source), entity(e.target));
            let place_entity = entity(e.location).map(|(_, p)| p.name.clone());
            let place_span = e.location_span.filter(|s| s.slice(text).is_some());
            Some(PreparedEvent {
                root_code: code.get(..2).unwrap_or(&code).to_owned(),
                code,
                start: e.span.start,
                end: e.span.end,
                evidence,
                source: src.map(|(i, _)| i),
                target: tgt.map(|(i, _)| i),
                date: e
                    .date
                    .as_deref()
                    .and_then(day_of)
                    .or_else(|| article_day.map(str::to_owned)),
                source_code: nonempty(&e.source_actor)
                    .or_else(|| src.and_then(|(_, x)| x.actor_code.clone())),
                target_code: nonempty(&e.target_actor)
                    .or_else(|| tgt.and_then(|(_, x)| x.actor_code.clone())),
                source_country: nonempty(&e.source_country)
                    .or_else(|| src.and_then(|(_, x)| x.country.clone())),
                target_country: nonempty(&e.target_country)
                    .or_else(|| tgt.and_then(|(_, x)| x.country.clone())),
                source_text: e.source_span.and_then(slice),
                target_text: e.target_span.and_then(slice),
                trigger: e.trigger.and_then(|s| Some((slice(s)?, s))),
                trigger_lemma: e.trigger_lemma.clone(),
                theme: e.theme.and_then(slice),
                goldstein: e.goldstein.and_then(decimal_f64),
                quad_class: e.quad_class.map(i64::from),
                plover_type: nonempty(&e.plover_type),
                plover_mode: nonempty(&e.plover_mode),
                place: place_entity.or_else(|| place_span.and_then(slice)),
                place_span,
                date_text: e.date_span.and_then(slice),
                negated: e.negated,
                modality: nonempty(&e.modality),
                reported_in: e.reported_in.map(i64::from),
                confidence: decimal_f64(e.confidence).filter(|c| *c > 0.0),
                rule: e.rule.clone(),
                flags: (!e.flags.is_empty()).then(|| e.flags.join(" ")),
            })
        })
        .collect()
}

/// Network edges from per-root-code counts `(source, target, root_code, count)`: one edge per
/// pair with the total and the most frequent root code, largest first, paginated.
pub(crate) fn edges_from_counts(
    rows: Vec<(Actor, Actor, String, i64)>,
    page: Page,
) -> Vec<NetworkEdge> {
    let mut edges: Vec<(NetworkEdge, i64)> = Vec::new();
    let mut index: std::collections::HashMap<(Option<i64>, Option<i64>), usize> =
        std::collections::HashMap::new();
    for (s, t, root, n) in rows {
        let key = (s.entity, t.entity);
        match index.get(&key) {
            Some(&i) => {
                let (edge, best) = &mut edges[i];
                edge.events += n;
                if n > *best || (n == *best && root < edge.top_root_code) {
                    *best = n;
                    edge.top_root_code = root;
                }
            }
            None => {
                index.insert(key, edges.len());
                edges.push((
                    NetworkEdge {
                        source: s,
                        target: t,
                        events: n,
                        top_root_code: root,
                    },
                    n,
                ));
            }
        }
    }
    edges.sort_by(|a, b| {
        b.0.events
            .cmp(&a.0.events)
            .then_with(|| a.0.source.name.cmp(&b.0.source.name))
            .then_with(|| a.0.target.name.cmp(&b.0.target.name))
    });
    edges
        .into_iter()
        .map(|(e, _)| e)
        .skip(page.offset() as usize)
        .take(page.limit() as usize)
        .collect()
}

/// A `LIKE` pattern matching values that contain `s` folded (see [`terms::fold`]), with `%`,
/// `_` and `\` escaped (escape character `\`).
pub(crate) fn like_pattern(s: &str) -> String {
    let mut out = String::from("%");
    for c in terms::fold(s.trim()).chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The country a code-prefix filter (`RUS%`) also matches: the code itself when it has
/// exactly three letters (`RUS`, not `RUSGOV`).
pub(crate) fn country_of(code_prefix: &Option<String>) -> Option<String> {
    code_prefix
        .as_deref()
        .and_then(|p| p.strip_suffix('%'))
        .filter(|c| c.len() == 3)
        .map(str::to_owned)
}

/// An actor filter as typed by a user: an actor code (`RUS`, `PRKGOV`: upper-case letters,
/// matched as a code prefix) or else a name (matched inside the entity's folded name).
/// Returns `(code prefix, name pattern)`, at most one of them set.
pub(crate) fn actor_filter(s: Option<&str>) -> (Option<String>, Option<String>) {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => (None, None),
        Some(s)
            if s.len() >= 3
                && s.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) =>
        {
            (Some(format!("{s}%")), None)
        }
        Some(s) => (None, Some(like_pattern(s))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_only_from_iso_dates() {
        assert_eq!(
            day_of("2024-06-19T10:00:00Z").as_deref(),
            Some("2024-06-19")
        );
        assert_eq!(day_of("19/06/2024"), None);
        assert_eq!(day_of("2024"), None);
        assert_eq!(day_of("2024-06-1é"), None);
    }

    #[test]
    fn global_ids_are_kept_and_local_ids_become_name_keys() {
        assert!(is_global_id("Q7747"));
        assert!(is_global_id("wd:Q7747"));
        assert!(!is_global_id("e1"));
        assert!(!is_global_id("Q"));
    }
}
