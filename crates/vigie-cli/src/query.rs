//! Queries over the store: `vigie search`, `quotes`, `events`, `entities`, `export`.

use crate::ingest::{db_location, shown_location};
use anyhow::{bail, Context, Result};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use vigie_events::export::{gdelt_row, plover_record, GDELT_COLUMNS};
use vigie_store::{
    EntityQuery, EntityRank, EventQuery, EventRow, Page, QuoteQuery, SearchQuery, Store,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// Readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Common {
    /// The store: a SQLite file or a `postgres://` URL. Default: `$VIGIE_DB`, else `./vigie.db`.
    #[arg(long, global = true)]
    pub db: Option<String>,
    #[arg(long, value_enum, default_value_t = Output::Text, global = true)]
    pub output: Output,
    /// Most results to show.
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
    /// Results to skip (pagination).
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
    /// Only on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
}

impl Common {
    fn page(&self) -> Page {
        Page {
            limit: self.limit,
            offset: self.offset,
        }
    }
    fn open(&self) -> Result<Box<dyn Store>> {
        let loc = db_location(self.db.as_deref());
        if !loc.contains("://") && !std::path::Path::new(&loc).exists() {
            bail!("no store at {loc}: run `vigie ingest …` first (or pass --db)");
        }
        vigie_store::open(&loc)
            .with_context(|| format!("opening the store {}", shown_location(&loc)))
    }
}

fn check_day(d: &Option<String>) -> Result<()> {
    if let Some(d) = d {
        if vigie_store::day_of(d).as_deref() != Some(d.as_str()) {
            bail!("`{d}` is not a day: write YYYY-MM-DD");
        }
    }
    Ok(())
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Words to find (accents, case and endings ignored: "déclaré" finds "declare").
    pub query: String,
    /// Only articles in this language (ISO 639-1).
    #[arg(long)]
    pub lang: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, clap::Args)]
pub struct QuotesArgs {
    /// Articles to read and list directly (files, directories, `-`), instead of the store.
    pub files: Vec<std::path::PathBuf>,
    /// Speaker's name or alias (part of it; accents and case ignored).
    #[arg(long)]
    pub speaker: Option<String>,
    /// Words the quote contains.
    #[arg(long, short)]
    pub query: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, clap::Args)]
pub struct EventsArgs {
    /// Articles to read and list directly (files, directories, `-`), instead of the store.
    pub files: Vec<std::path::PathBuf>,
    /// With files: a lexicon of event patterns tried before the shipped one (also
    /// VIGIE_EVENTS_LEXICON).
    #[arg(long, value_name = "FILE")]
    pub events_lexicon: Option<std::path::PathBuf>,
    /// Source actor: a code (`RUS`: prefix of the actor code `RUSGOV`, or the actor's
    /// country) or a name.
    #[arg(long)]
    pub source: Option<String>,
    /// Target actor: a code or a name.
    #[arg(long)]
    pub target: Option<String>,
    /// CAMEO code or prefix (`057`, `05`).
    #[arg(long)]
    pub code: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, clap::Args)]
pub struct EntitiesArgs {
    /// Articles to read and list directly (files, directories, `-`), instead of the store.
    pub files: Vec<std::path::PathBuf>,
    /// Show the N most frequent (same as --limit N).
    #[arg(long)]
    pub top: Option<u32>,
    /// Rank by mentions, quotes or events.
    #[arg(long, value_enum, default_value_t = Rank::Mentions)]
    pub by: Rank,
    /// Name contains (accents and case ignored).
    #[arg(long)]
    pub name: Option<String>,
    /// PER, ORG, LOC, GPE, MISC.
    #[arg(long)]
    pub label: Option<String>,
    /// With articles given: your own actors besides the built-in knowledge base (Vigie TSV
    /// or PETRARCH dictionary files, as `vigie kb --dict`; repeatable).
    #[arg(long = "dict")]
    pub dicts: Vec<std::path::PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Rank {
    Mentions,
    Quotes,
    Events,
}

fn print_json<T: serde::Serialize>(rows: &[T]) -> Result<()> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    for r in rows {
        serde_json::to_writer(&mut out, r)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

pub fn search(args: &SearchArgs) -> Result<()> {
    let c = &args.common;
    check_day(&c.since)?;
    check_day(&c.until)?;
    let hits = c.open()?.search(&SearchQuery {
        q: args.query.clone(),
        since: c.since.clone(),
        until: c.until.clone(),
        lang: args.lang.clone(),
        page: c.page(),
    })?;
    if c.output == Output::Json {
        return print_json(&hits);
    }
    let mut out = std::io::stdout().lock();
    for h in &hits {
        writeln!(
            out,
            "#{} {} [{}] {}\n    {}",
            h.id,
            h.date.as_deref().unwrap_or("----------"),
            h.lang.as_deref().unwrap_or("?"),
            h.title.as_deref().unwrap_or(&h.doc_id),
            h.snippet
        )?;
    }
    if hits.is_empty() {
        writeln!(out, "no article matches")?;
    }
    Ok(())
}

pub fn quotes(args: &QuotesArgs) -> Result<()> {
    let c = &args.common;
    check_day(&c.since)?;
    check_day(&c.until)?;
    let rows = c.open()?.quotes(&QuoteQuery {
        speaker: args.speaker.clone(),
        q: args.query.clone(),
        since: c.since.clone(),
        until: c.until.clone(),
        page: c.page(),
        ..QuoteQuery::default()
    })?;
    if c.output == Output::Json {
        return print_json(&rows);
    }
    let mut out = std::io::stdout().lock();
    for q in &rows {
        writeln!(
            out,
            "{} {} ({}): {}  [article #{}]",
            q.date.as_deref().unwrap_or("----------"),
            q.speaker.as_deref().unwrap_or("?"),
            q.kind,
            q.text.replace('\n', " "),
            q.article
        )?;
    }
    if rows.is_empty() {
        writeln!(out, "no quote matches")?;
    }
    Ok(())
}

fn event_query(args: &EventsArgs, page: Page) -> EventQuery {
    EventQuery {
        source: args.source.clone(),
        target: args.target.clone(),
        code: args.code.clone(),
        since: args.common.since.clone(),
        until: args.common.until.clone(),
        page,
        ..EventQuery::default()
    }
}

fn actor_text(a: &Option<vigie_store::Actor>) -> String {
    match a {
        Some(a) => match &a.code {
            Some(c) if *c != a.name => format!("{} ({c})", a.name),
            _ => a.name.clone(),
        },
        None => "?".into(),
    }
}

pub fn events(args: &EventsArgs) -> Result<()> {
    let c = &args.common;
    check_day(&c.since)?;
    check_day(&c.until)?;
    let rows = c.open()?.events(&event_query(args, c.page()))?;
    if c.output == Output::Json {
        return print_json(&rows);
    }
    let mut out = std::io::stdout().lock();
    for e in &rows {
        let d = &e.detail;
        let mut notes = Vec::new();
        if let Some(t) = &d.plover_type {
            notes.push(match &d.plover_mode {
                Some(m) => format!("{t}/{m}"),
                None => t.clone(),
            });
        }
        if let Some(g) = d.goldstein {
            notes.push(format!("Goldstein {g:+.1}"));
        }
        if let Some(p) = &d.place {
            notes.push(format!("@ {p}"));
        }
        if d.negated {
            notes.push("negated".into());
        }
        if let Some(m) = &d.modality {
            notes.push(m.clone());
        }
        if d.reported_in.is_some() {
            notes.push("reported".into());
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" [{}]", notes.join(", "))
        };
        writeln!(
            out,
            "{} {} {} → {}{notes}: {}  [article #{}]",
            e.date.as_deref().unwrap_or("----------"),
            e.code,
            actor_text(&e.source),
            actor_text(&e.target),
            e.evidence.replace('\n', " "),
            e.article
        )?;
    }
    if rows.is_empty() {
        writeln!(out, "no event matches")?;
    }
    Ok(())
}

pub fn entities(args: &EntitiesArgs) -> Result<()> {
    let c = &args.common;
    let mut page = c.page();
    if let Some(top) = args.top {
        page.limit = top;
    }
    let rows = c.open()?.entities(&EntityQuery {
        name: args.name.clone(),
        label: args.label.clone(),
        by: match args.by {
            Rank::Mentions => EntityRank::Mentions,
            Rank::Quotes => EntityRank::Quotes,
            Rank::Events => EntityRank::Events,
        },
        page,
    })?;
    if c.output == Output::Json {
        return print_json(&rows);
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:>8} {:>7} {:>7}  entity",
        "mentions", "quotes", "events"
    )?;
    for e in &rows {
        writeln!(
            out,
            "{:>8} {:>7} {:>7}  {} [{}{}] #{}",
            e.mentions,
            e.quotes,
            e.events,
            e.name,
            e.label,
            e.actor_code
                .as_deref()
                .map(|c| format!(" {c}"))
                .unwrap_or_default(),
            e.id
        )?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Articles: one Vigie JSON document per line (text and annotations; tokens are not
    /// stored). Quotes, events, entities: one JSON row per line.
    Jsonl,
    /// One CSV row per quote, event, entity or article.
    Csv,
    /// Events as GDELT 2.0 event-table rows: the 61 columns, tab-separated, after a header
    /// line of column names; fields Vigie has no value for are empty.
    Gdelt,
    /// Events as PLOVER JSON records, one per line (events without a PLOVER type are
    /// skipped).
    Plover,
    /// Apache Parquet: one table (Snappy), nullable INT64 and UTF-8 columns.
    Parquet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportWhat {
    Articles,
    Quotes,
    Events,
    Entities,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[arg(long, short, value_enum)]
    pub format: ExportFormat,
    /// What to export (default: articles; events for `gdelt` and `plover`).
    #[arg(long, value_enum)]
    pub what: Option<ExportWhat>,
    /// Articles: only those matching these words. Quotes: words in the quote.
    #[arg(long, short)]
    pub query: Option<String>,
    /// Quotes: speaker.
    #[arg(long)]
    pub speaker: Option<String>,
    /// Events: source actor (code or name).
    #[arg(long)]
    pub source: Option<String>,
    /// Events: target actor.
    #[arg(long)]
    pub target: Option<String>,
    /// Events: CAMEO code or prefix.
    #[arg(long)]
    pub code: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    #[arg(long)]
    pub db: Option<String>,
    #[arg(long)]
    pub since: Option<String>,
    #[arg(long)]
    pub until: Option<String>,
}

/// Every page of a paginated query.
fn all_pages<T>(mut page_fn: impl FnMut(Page) -> Result<Vec<T>>) -> Result<Vec<T>> {
    let mut out = Vec::new();
    let mut offset = 0u32;
    loop {
        let page = page_fn(Page {
            limit: vigie_store::MAX_LIMIT,
            offset,
        })?;
        let n = page.len() as u32;
        out.extend(page);
        if n < vigie_store::MAX_LIMIT {
            return Ok(out);
        }
        offset = offset.saturating_add(n);
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn write_csv_row(out: &mut impl Write, fields: &[String]) -> std::io::Result<()> {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    writeln!(out, "{}", line.join(","))
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

pub fn export(args: &ExportArgs) -> Result<()> {
    check_day(&args.since)?;
    check_day(&args.until)?;
    let common = Common {
        db: args.db.clone(),
        output: Output::Text,
        limit: 0,
        offset: 0,
        since: None,
        until: None,
    };
    let mut store = common.open()?;
    let coded = matches!(args.format, ExportFormat::Gdelt | ExportFormat::Plover);
    let what = args.what.unwrap_or(if coded {
        ExportWhat::Events
    } else {
        ExportWhat::Articles
    });
    if coded && what != ExportWhat::Events {
        bail!("--format gdelt and --format plover export events");
    }
    let sink: Box<dyn Write> = match &args.out {
        Some(p) => {
            Box::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    match what {
        ExportWhat::Articles => export_articles(&mut *store, args, &mut out)?,
        ExportWhat::Quotes => {
            let rows = all_pages(|page| {
                Ok(store.quotes(&QuoteQuery {
                    speaker: args.speaker.clone(),
                    q: args.query.clone(),
                    since: args.since.clone(),
                    until: args.until.clone(),
                    page,
                    ..QuoteQuery::default()
                })?)
            })?;
            if args.format == ExportFormat::Parquet {
                out.write_all(&crate::parquet_out::quotes(&rows).to_parquet()?)?;
            } else if args.format == ExportFormat::Csv {
                writeln!(
                    out,
                    "id,article,doc_id,date,speaker,entity,kind,start,end,text,cue"
                )?;
                for q in &rows {
                    write_csv_row(
                        &mut out,
                        &[
                            q.id.to_string(),
                            q.article.to_string(),
                            q.doc_id.clone(),
                            opt(&q.date),
                            opt(&q.speaker),
                            q.entity.map(|e| e.to_string()).unwrap_or_default(),
                            q.kind.clone(),
                            q.start.to_string(),
                            q.end.to_string(),
                            q.text.clone(),
                            opt(&q.cue),
                        ],
                    )?;
                }
            } else {
                for q in &rows {
                    serde_json::to_writer(&mut out, q)?;
                    out.write_all(b"\n")?;
                }
            }
        }
        ExportWhat::Events => {
            let rows: Vec<EventRow> = all_pages(|page| {
                Ok(store.events(&EventQuery {
                    source: args.source.clone(),
                    target: args.target.clone(),
                    code: args.code.clone(),
                    since: args.since.clone(),
                    until: args.until.clone(),
                    page,
                    ..EventQuery::default()
                })?)
            })?;
            if coded {
                write_coded_events(&mut *store, &rows, args.format, &mut out)?;
            } else {
                write_events(&rows, args.format, &mut out)?;
            }
        }
        ExportWhat::Entities => {
            let rows = all_pages(|page| {
                Ok(store.entities(&EntityQuery {
                    page,
                    ..EntityQuery::default()
                })?)
            })?;
            if args.format == ExportFormat::Parquet {
                out.write_all(&crate::parquet_out::entities(&rows).to_parquet()?)?;
            } else if args.format == ExportFormat::Csv {
                writeln!(out, "id,key,name,label,actor_code,mentions,quotes,events")?;
                for e in &rows {
                    write_csv_row(
                        &mut out,
                        &[
                            e.id.to_string(),
                            e.key.clone(),
                            e.name.clone(),
                            e.label.clone(),
                            opt(&e.actor_code),
                            e.mentions.to_string(),
                            e.quotes.to_string(),
                            e.events.to_string(),
                        ],
                    )?;
                }
            } else {
                for e in &rows {
                    serde_json::to_writer(&mut out, e)?;
                    out.write_all(b"\n")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn export_articles(store: &mut dyn Store, args: &ExportArgs, out: &mut impl Write) -> Result<()> {
    let selected: Option<std::collections::HashSet<i64>> = match &args.query {
        Some(q) => Some(
            all_pages(|page| {
                Ok(store.search(&SearchQuery {
                    q: q.clone(),
                    since: args.since.clone(),
                    until: args.until.clone(),
                    lang: None,
                    page,
                })?)
            })?
            .into_iter()
            .map(|h| h.id)
            .collect(),
        ),
        None => None,
    };
    if args.format == ExportFormat::Csv {
        writeln!(out, "id,doc_id,url,date,lang,title,quotes,events,text")?;
    }
    let mut for_parquet = Vec::new();
    let mut after = 0;
    loop {
        let docs = store.documents(after, 500)?;
        let Some(last) = docs.last().map(|d| d.0) else {
            break;
        };
        after = last;
        for (id, doc) in &docs {
            if selected.as_ref().is_some_and(|s| !s.contains(id)) {
                continue;
            }
            let day = doc.meta.date.as_deref().and_then(vigie_store::day_of);
            if args.query.is_none()
                && (args
                    .since
                    .as_ref()
                    .is_some_and(|s| day.as_ref().is_none_or(|d| d < s))
                    || args
                        .until
                        .as_ref()
                        .is_some_and(|u| day.as_ref().is_none_or(|d| d > u)))
            {
                continue;
            }
            if args.format == ExportFormat::Parquet {
                for_parquet.push((*id, doc.clone()));
            } else if args.format == ExportFormat::Csv {
                write_csv_row(
                    out,
                    &[
                        id.to_string(),
                        doc.id.clone(),
                        opt(&doc.meta.url),
                        opt(&day),
                        doc.language
                            .as_ref()
                            .map(|l| l.code.clone())
                            .unwrap_or_default(),
                        opt(&doc.meta.title),
                        doc.quotes.len().to_string(),
                        doc.events.len().to_string(),
                        doc.text.clone(),
                    ],
                )?;
            } else {
                serde_json::to_writer(&mut *out, doc)?;
                out.write_all(b"\n")?;
            }
        }
    }
    if args.format == ExportFormat::Parquet {
        out.write_all(&crate::parquet_out::articles(&for_parquet)?.to_parquet()?)?;
    }
    Ok(())
}

/// GDELT rows or PLOVER records of stored events: each is exported from its article's
/// stored document (the event with the row's offsets and code), with the store's event id as
/// GLOBALEVENTID.
fn write_coded_events(
    store: &mut dyn Store,
    rows: &[EventRow],
    format: ExportFormat,
    out: &mut impl Write,
) -> Result<()> {
    let date_added = crate::extract::date_added_now();
    if format == ExportFormat::Gdelt {
        writeln!(out, "{}", GDELT_COLUMNS.join("\t"))?;
    }
    let mut doc: Option<(i64, vigie_core::Document)> = None;
    let (mut missing, mut untyped) = (0u64, 0u64);
    for r in rows {
        if doc.as_ref().is_none_or(|(id, _)| *id != r.article) {
            doc = store
                .documents(r.article.saturating_sub(1), 1)?
                .into_iter()
                .find(|(id, _)| *id == r.article);
        }
        let found = doc.as_ref().and_then(|(_, d)| {
            // Reciprocal events share their evidence and code ("Poutine et Kim ont signé":
            // RUS→PRK and PRK→RUS); the actors' codes tell them apart.
            let same_place = |e: &vigie_core::Event| {
                e.span.start == r.start && e.span.end == r.end && e.code.trim() == r.code
            };
            let row_code = |a: &Option<vigie_store::Actor>| a.as_ref().and_then(|a| a.code.clone());
            let same_actors = |e: &vigie_core::Event| {
                actor_code(d, e.source, &e.source_actor) == row_code(&r.source)
                    && actor_code(d, e.target, &e.target_actor) == row_code(&r.target)
            };
            d.events
                .iter()
                .position(|e| same_place(e) && same_actors(e))
                .or_else(|| d.events.iter().position(same_place))
                .map(|i| (d, i))
        });
        let Some((d, i)) = found else {
            missing += 1;
            continue;
        };
        let e = &d.events[i];
        if format == ExportFormat::Gdelt {
            let id = u64::try_from(r.id).unwrap_or_default();
            writeln!(out, "{}", gdelt_row(d, e, id, &date_added))?;
        } else if let Some(rec) = plover_record(d, e, i) {
            serde_json::to_writer(&mut *out, &rec)?;
            out.write_all(b"\n")?;
        } else {
            untyped += 1;
        }
    }
    if missing > 0 {
        eprintln!("{missing} event rows had no matching event in their stored article: skipped");
    }
    if untyped > 0 {
        eprintln!("{untyped} events have no PLOVER type (CAMEO 01, 02 or not mapped): skipped");
    }
    Ok(())
}

/// An event actor's CAMEO code as the store records it: the event's own code for the actor,
/// else its entity's.
fn actor_code(
    d: &vigie_core::Document,
    entity: Option<u32>,
    explicit: &Option<String>,
) -> Option<String> {
    explicit
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .or_else(|| {
            entity
                .and_then(|i| d.entities.get(i as usize))
                .and_then(|x| x.actor_code.clone())
        })
}

fn write_events(rows: &[EventRow], format: ExportFormat, out: &mut impl Write) -> Result<()> {
    match format {
        ExportFormat::Parquet => {
            out.write_all(&crate::parquet_out::events(rows).to_parquet()?)?;
        }
        ExportFormat::Csv => {
            writeln!(out, "id,article,doc_id,date,code,root_code,source,source_code,target,target_code,evidence,goldstein,quad_class,plover_type,plover_mode,place,negated,modality")?;
            for e in rows {
                let f = |a: &Option<vigie_store::Actor>| {
                    (
                        a.as_ref().map(|a| a.name.clone()).unwrap_or_default(),
                        a.as_ref().and_then(|a| a.code.clone()).unwrap_or_default(),
                    )
                };
                let (sn, sc) = f(&e.source);
                let (tn, tc) = f(&e.target);
                write_csv_row(
                    out,
                    &[
                        e.id.to_string(),
                        e.article.to_string(),
                        e.doc_id.clone(),
                        opt(&e.date),
                        e.code.clone(),
                        e.root_code.clone(),
                        sn,
                        sc,
                        tn,
                        tc,
                        e.evidence.clone(),
                        e.detail
                            .goldstein
                            .map(|g| g.to_string())
                            .unwrap_or_default(),
                        e.detail
                            .quad_class
                            .map(|q| q.to_string())
                            .unwrap_or_default(),
                        opt(&e.detail.plover_type),
                        opt(&e.detail.plover_mode),
                        opt(&e.detail.place),
                        e.detail.negated.to_string(),
                        opt(&e.detail.modality),
                    ],
                )?;
            }
        }
        _ => {
            for e in rows {
                serde_json::to_writer(&mut *out, e)?;
                out.write_all(b"\n")?;
            }
        }
    }
    Ok(())
}
