//! `vigie bench-store`: query latency (p50, p99) of the store's queries and its size per
//! 1,000 articles, on an existing store (fill it with `vigie ingest` first; see
//! `scripts/bench_store.sh`). Latency is measured in process through the `Store` interface,
//! the same calls the CLI and the HTTP handlers make.

use crate::ingest::{db_location, shown_location};
use anyhow::{Context, Result};
use std::time::Instant;
use vigie_store::*;

#[derive(Debug, clap::Args)]
pub struct BenchStoreArgs {
    /// The store: a SQLite file or a `postgres://` URL. Default: `$VIGIE_DB`, else `./vigie.db`.
    #[arg(long)]
    pub db: Option<String>,
    /// Runs of each query (after 3 warm-up runs).
    #[arg(long, default_value_t = 200)]
    pub runs: usize,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub fn run(args: &BenchStoreArgs) -> Result<()> {
    let location = db_location(args.db.as_deref());
    let mut store = vigie_store::open(&location)
        .with_context(|| format!("opening the store {}", shown_location(&location)))?;
    let stats = store.stats()?;
    let size = store.size_bytes()?;
    println!(
        "store: {} ({}), {} articles, {} entities, {} mentions, {} quotes, {} events",
        shown_location(&location),
        stats.backend,
        stats.articles,
        stats.entities,
        stats.mentions,
        stats.quotes,
        stats.events
    );
    if stats.articles > 0 {
        println!(
            "size: {:.1} MB, {:.2} MB per 1,000 articles",
            size as f64 / 1e6,
            size as f64 / 1e6 * 1000.0 / stats.articles as f64
        );
    }
    let top = store.entities(&EntityQuery::default())?;
    let entity = top.first().map_or(1, |e| e.id);
    let article = store
        .search(&SearchQuery {
            q: "traité".into(),
            ..SearchQuery::default()
        })?
        .first()
        .map_or(1, |h| h.id);
    type Query<'a> = (
        &'a str,
        Box<dyn Fn(&mut dyn Store) -> Result<usize, StoreError>>,
    );
    let queries: Vec<Query> = vec![
        (
            "search \"traité\"",
            Box::new(|s| {
                s.search(&SearchQuery {
                    q: "traité".into(),
                    ..SearchQuery::default()
                })
                .map(|r| r.len())
            }),
        ),
        (
            "search \"déclaré Pyongyang\" --since 2024-06-01",
            Box::new(|s| {
                s.search(&SearchQuery {
                    q: "déclaré Pyongyang".into(),
                    since: Some("2024-06-01".into()),
                    ..SearchQuery::default()
                })
                .map(|r| r.len())
            }),
        ),
        (
            "quotes --speaker Poutine",
            Box::new(|s| {
                s.quotes(&QuoteQuery {
                    speaker: Some("Poutine".into()),
                    ..QuoteQuery::default()
                })
                .map(|r| r.len())
            }),
        ),
        (
            "events --source RUS --target PRK --code 057 --since 2024-06-01",
            Box::new(|s| {
                s.events(&EventQuery {
                    source: Some("RUS".into()),
                    target: Some("PRK".into()),
                    code: Some("057".into()),
                    since: Some("2024-06-01".into()),
                    ..EventQuery::default()
                })
                .map(|r| r.len())
            }),
        ),
        (
            "entities --top 20",
            Box::new(|s| s.entities(&EntityQuery::default()).map(|r| r.len())),
        ),
        (
            "article page (GET /v1/articles/{id})",
            Box::new(move |s| s.article(article).map(|r| usize::from(r.is_some()))),
        ),
        (
            "entity page (GET /v1/entities/{id}, most mentioned)",
            Box::new(move |s| s.entity(entity).map(|r| usize::from(r.is_some()))),
        ),
        (
            "network (top 20 edges)",
            Box::new(|s| s.network(&NetworkQuery::default()).map(|r| r.len())),
        ),
        (
            "timeline (all events by month and root code)",
            Box::new(|s| s.timeline(&TimelineQuery::default()).map(|r| r.len())),
        ),
    ];
    println!("\n| query | rows | p50 ms | p99 ms |\n|---|---:|---:|---:|");
    for (name, q) in &queries {
        let mut rows = 0;
        for _ in 0..3 {
            rows = q(store.as_mut())?;
        }
        let mut times = Vec::with_capacity(args.runs);
        for _ in 0..args.runs.max(1) {
            let t = Instant::now();
            q(store.as_mut())?;
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "| `{name}` | {rows} | {:.2} | {:.2} |",
            percentile(&times, 50.0),
            percentile(&times, 99.0)
        );
    }
    Ok(())
}
