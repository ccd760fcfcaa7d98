//! `vigie`: Vigie's command line.
//!
//! Exit codes: 0 everything was processed; 1 some inputs could not be read or processed (the
//! others were, and each failure was reported on stderr); 2 usage error or nothing could run.

mod bench;
mod eval;
mod extract;
mod ingest;
mod parquet_out;
mod query;
mod serve;
mod storebench;
mod warc;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "vigie",
    version,
    about = "Vigie: news intelligence from French and English articles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read articles (text, HTML, JSON Lines; files, directories or `-` for stdin) and write them
    /// annotated.
    Extract(extract::ExtractArgs),
    /// Measure quality on held-out gold data, next to the anchors.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure throughput (MB/s) of the text layer and HTML extraction.
    Bench(bench::BenchArgs),
    /// Read articles (files, directories, JSON Lines, WARC, stdin), annotate them on all cores
    /// and store them (SQLite file or PostgreSQL). Re-running skips what is already stored.
    Ingest(ingest::IngestArgs),
    /// Full-text search of stored articles.
    Search(query::SearchArgs),
    /// Stored quotations, by speaker, words and dates.
    Quotes(query::QuotesArgs),
    /// Stored events, by source, target, CAMEO code and dates.
    Events(query::EventsArgs),
    /// Stored entities, most mentioned (or quoted, or involved in events) first.
    Entities(query::EntitiesArgs),
    /// Export a selection of the store as JSON Lines, CSV or GDELT-style events.
    Export(query::ExportArgs),
    /// Serve the HTTP API and the web interface over the store.
    Serve(serve::ServeArgs),
    /// Measure query latency (p50, p99) and size of a filled store.
    BenchStore(storebench::BenchStoreArgs),
}

#[derive(Debug, Subcommand)]
enum EvalCommand {
    /// Sentence and token F1 on Universal Dependencies test sets (French Sequoia, GSD; English EWT).
    Segment(eval::SegmentArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Eval(EvalCommand::Segment(args)) => {
            eval::segment(args).map(|()| ExitCode::SUCCESS)
        }
        Command::Bench(args) => bench::run(args).map(|()| ExitCode::SUCCESS),
        Command::Ingest(args) => ingest::run(args),
        Command::Search(args) => query::search(args).map(|()| ExitCode::SUCCESS),
        Command::Quotes(args) => query::quotes(args).map(|()| ExitCode::SUCCESS),
        Command::Events(args) => query::events(args).map(|()| ExitCode::SUCCESS),
        Command::Entities(args) => query::entities(args).map(|()| ExitCode::SUCCESS),
        Command::Export(args) => query::export(args).map(|()| ExitCode::SUCCESS),
        Command::Serve(args) => serve::run(args).map(|()| ExitCode::SUCCESS),
        Command::BenchStore(args) => storebench::run(args).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`vigie extract … | head`) is the reader's choice, not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
