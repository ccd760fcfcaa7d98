//! `vigie ingest`: read inputs, run the pipeline on all cores, store the results.
//!
//! Reading is sequential (one input at a time, streamed); extraction and preparation of rows
//! (hashes, search terms) run in parallel on rayon's pool; one writer thread owns the store
//! and writes batches, each in one transaction. A killed run leaves every committed batch and
//! nothing of the others; the next run skips what is stored and completes the rest.

use crate::warc;
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use vigie_core::Document;
use vigie_input::ReadOptions;
use vigie_pipeline::{Pipeline, PipelineOptions};
use vigie_store::{prepare, PreparedArticle, PutReport, Store};

#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// Files, directories, JSON Lines, WARC archives (`.warc`, `.warc.gz`), or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The store: a SQLite file or a `postgres://` URL. Default: `$VIGIE_DB`, else `./vigie.db`.
    #[arg(long)]
    pub db: Option<String>,
    /// Inputs are Vigie JSON documents (one per line, as `vigie extract --format jsonl` writes
    /// them) whose mentions, entities, quotes and events are kept; the text layer is re-run.
    #[arg(long)]
    pub annotated: bool,
    /// Force the language (ISO 639-1) instead of identifying it.
    #[arg(long)]
    pub lang: Option<String>,
    /// Worker threads for extraction (default: all cores).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// Articles per transaction (at most).
    #[arg(long, default_value_t = 256)]
    pub batch: usize,
    /// Never show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

/// How long the writer waits for more articles after the first of a batch (at most `--batch`
/// articles). A killed run loses its uncommitted batches, whole; re-running the ingest stores
/// them.
const BATCH_WAIT: Duration = Duration::from_millis(500);

/// The store location: `--db`, else `VIGIE_DB`, else `./vigie.db`.
pub fn db_location(arg: Option<&str>) -> String {
    arg.map(str::to_owned)
        .or_else(|| std::env::var("VIGIE_DB").ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "vigie.db".to_owned())
}

/// The store location as shown to users (no password).
pub fn shown_location(loc: &str) -> String {
    match (loc.find("://"), loc.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &loc[..scheme], &loc[at..]),
        _ => loc.to_owned(),
    }
}

type Item = Result<Document, String>;

/// Every input as a stream of documents or errors, in order.
fn read_all(args: &IngestArgs) -> Box<dyn Iterator<Item = Item> + Send> {
    let opts = ReadOptions::default();
    let mut streams: Vec<Box<dyn Iterator<Item = Item> + Send>> = Vec::new();
    for path in &args.inputs {
        if args.annotated {
            streams.push(read_annotated(path));
        } else if warc::is_warc(path) {
            streams.push(warc::read_warc(path, &opts));
        } else {
            let docs = vigie_input::read_path(path, &opts);
            streams.push(Box::new(docs.map(|r| r.map_err(|e| e.to_string()))));
        }
    }
    Box::new(streams.into_iter().flatten())
}

/// Vigie JSON documents, one per line (blank lines skipped). `meta.source` may be omitted.
fn read_annotated(path: &Path) -> Box<dyn Iterator<Item = Item> + Send> {
    let shown = path.display().to_string();
    let reader: Box<dyn BufRead + Send> = if path == Path::new("-") {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        match std::fs::File::open(path) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => return Box::new(std::iter::once(Err(format!("{shown}: cannot read: {e}")))),
        }
    };
    Box::new(
        reader
            .lines()
            .enumerate()
            .filter(|(_, l)| l.as_ref().map_or(true, |l| !l.trim().is_empty()))
            .map(move |(i, line)| {
                let at = format!("{shown}:{}", i + 1);
                let line = line.map_err(|e| format!("{at}: cannot read: {e}"))?;
                parse_annotated(&line).map_err(|e| format!("{at}: {e}"))
            }),
    )
}

/// One Vigie JSON document; its spans are checked, a document with a bad span is refused.
pub fn parse_annotated(line: &str) -> Result<Document, String> {
    let mut value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let obj = value
        .as_object_mut()
        .ok_or("not a JSON object (a Vigie document)")?;
    let meta = obj.entry("meta").or_insert_with(|| serde_json::json!({}));
    if let Some(meta) = meta.as_object_mut() {
        meta.entry("source").or_insert_with(
            || serde_json::json!({"format": "jsonl", "encoding": "UTF-8", "bytes": 0}),
        );
    }
    let doc: Document =
        serde_json::from_value(value).map_err(|e| format!("not a Vigie document: {e}"))?;
    if doc.text.trim().is_empty() {
        return Err("empty `text`".into());
    }
    doc.check_spans()
        .map_err(|e| format!("bad annotation: {e}"))?;
    Ok(doc)
}

/// What the run did, for the summary.
#[derive(Debug, Default)]
pub struct Summary {
    pub stored: PutReport,
    pub errors: u64,
    pub elapsed: Duration,
    /// Time the writer spent inside the store.
    pub storage: Duration,
    /// CPU seconds used by the writer thread and by the whole process (Linux).
    pub writer_cpu: Option<f64>,
    pub process_cpu: Option<f64>,
}

/// User + system CPU seconds from a `/proc/…/stat` file (Linux; `None` elsewhere).
fn cpu_seconds(stat: &str) -> Option<f64> {
    let text = std::fs::read_to_string(stat).ok()?;
    // Fields after the command name (which may hold spaces) closed by ')'.
    let rest = &text[text.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // Linux reports clock ticks of 1/100 s (USER_HZ) on every architecture Vigie targets.
    Some((utime + stime) / 100.0)
}

enum Msg {
    Article(Box<PreparedArticle>),
    Error(String),
}

/// Ingests everything `args` names into `store`; errors of single inputs are reported on
/// stderr and counted, the rest is stored.
pub fn ingest(
    args: &IngestArgs,
    mut store: Box<dyn Store>,
    progress: ProgressBar,
) -> Result<Summary> {
    // Other options keep their defaults as PipelineOptions grows.
    #[allow(clippy::needless_update)]
    let pipeline = Pipeline::with_options(PipelineOptions {
        language: args.lang.clone(),
        ..PipelineOptions::default()
    });
    let started = Instant::now();
    let (tx, rx) = mpsc::sync_channel::<Msg>(args.batch.max(1) * 4);
    let batch_size = args.batch.max(1);
    let bar = progress.clone();
    let writer = std::thread::Builder::new()
        .name("vigie-writer".into())
        .spawn(move || -> Result<(PutReport, u64, Duration, Option<f64>)> {
            let mut total = PutReport::default();
            let mut errors = 0u64;
            let mut busy = Duration::ZERO;
            let mut batch: Vec<PreparedArticle> = Vec::with_capacity(batch_size);
            let mut flush =
                |batch: &mut Vec<PreparedArticle>, total: &mut PutReport| -> Result<()> {
                    if batch.is_empty() {
                        return Ok(());
                    }
                    let t = Instant::now();
                    let r = store.put(batch).context("writing a batch to the store")?;
                    busy += t.elapsed();
                    *total += r;
                    bar.inc(batch.len() as u64);
                    batch.clear();
                    Ok(())
                };
            while let Ok(first) = rx.recv() {
                // Wait a little for more articles: every transaction has a fixed cost (its
                // statements, commit and counter triggers), so a batch of a few articles
                // costs the store almost as much as a full one.
                let deadline = Instant::now() + BATCH_WAIT;
                let mut next = Some(first);
                while let Some(msg) = next.take() {
                    match msg {
                        Msg::Article(a) => batch.push(*a),
                        Msg::Error(e) => {
                            errors += 1;
                            bar.suspend(|| eprintln!("{e}"));
                        }
                    }
                    if batch.len() >= batch_size {
                        break;
                    }
                    next = match deadline.checked_duration_since(Instant::now()) {
                        Some(left) => rx.recv_timeout(left).ok(),
                        None => rx.try_recv().ok(),
                    };
                }
                flush(&mut batch, &mut total)?;
            }
            flush(&mut batch, &mut total)?;
            Ok((total, errors, busy, cpu_seconds("/proc/thread-self/stat")))
        })
        .context("starting the store writer thread")?;

    let keep_annotations = args.annotated;
    let work = || {
        read_all(args)
            .par_bridge()
            .for_each_with(tx.clone(), |tx, item| {
                let msg = match item {
                    Ok(mut doc) if keep_annotations => {
                        // The given mentions, entities, quotes and events win over what the
                        // pipeline's own stages would put in their place (same text, so the
                        // spans stay valid).
                        let given = (
                            std::mem::take(&mut doc.mentions),
                            std::mem::take(&mut doc.entities),
                            std::mem::take(&mut doc.quotes),
                            std::mem::take(&mut doc.events),
                        );
                        pipeline.process(&mut doc);
                        (doc.mentions, doc.entities, doc.quotes, doc.events) = given;
                        Msg::Article(Box::new(prepare(&doc)))
                    }
                    Ok(mut doc) => {
                        pipeline.process(&mut doc);
                        Msg::Article(Box::new(prepare(&doc)))
                    }
                    Err(e) => Msg::Error(e),
                };
                // A closed channel means the writer failed; its error is reported below.
                let _ = tx.send(msg);
            });
    };
    match args.jobs {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .context("starting worker threads")?
            .install(work),
        None => work(),
    }
    drop(tx);
    let (stored, errors, storage, writer_cpu) = writer
        .join()
        .map_err(|_| anyhow::anyhow!("the store writer thread panicked"))??;
    progress.finish_and_clear();
    Ok(Summary {
        stored,
        errors,
        elapsed: started.elapsed(),
        storage,
        writer_cpu,
        process_cpu: cpu_seconds("/proc/self/stat"),
    })
}

pub fn run(args: &IngestArgs) -> Result<ExitCode> {
    let location = db_location(args.db.as_deref());
    let store = vigie_store::open(&location)
        .with_context(|| format!("opening the store {}", shown_location(&location)))?;
    let progress = if !args.no_progress && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos} articles stored  {per_sec}  {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    } else {
        ProgressBar::hidden()
    };
    let s = ingest(args, store, progress)?;
    let articles = s.stored.inserted + s.stored.updated + s.stored.unchanged;
    let secs = s.elapsed.as_secs_f64().max(1e-9);
    let storage_share = match (s.writer_cpu, s.process_cpu) {
        (Some(w), Some(p)) if p > 0.0 => format!(
            "storage {w:.2} s CPU of {p:.2} s = {:.0} % of the CPU time",
            100.0 * w / p
        ),
        _ => format!(
            "storage {:.2} s ({:.0} % of the time)",
            s.storage.as_secs_f64(),
            100.0 * s.storage.as_secs_f64() / s.elapsed.as_secs_f64().max(1e-9)
        ),
    };
    eprintln!(
        "{articles} articles ({} new, {} updated, {} already stored), {} entities, {} quotes, \
         {} events, {} errors in {:.2} s: {:.0} articles/s; {storage_share} → {}",
        s.stored.inserted,
        s.stored.updated,
        s.stored.unchanged,
        s.stored.entities,
        s.stored.quotes,
        s.stored.events,
        s.errors,
        secs,
        articles as f64 / secs,
        shown_location(&location)
    );
    if articles > 0 {
        let db = if args.db.is_some() {
            format!(" --db {}", shown_location(&location))
        } else {
            String::new()
        };
        eprintln!("browse it: vigie serve{db}  → http://127.0.0.1:8080/");
    }
    Ok(if s.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
