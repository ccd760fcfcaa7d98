//! `vigie`: Vigie's command line.
//!
//! Exit codes: 0 everything was processed; 1 some inputs could not be read or processed (the
//! others were, and each failure was reported on stderr); 2 usage error or nothing could run.

mod bench;
mod eval;
mod eval_events;
mod eval_linking;
mod eval_petrarch;
mod extract;
mod ingest;
mod kb;
mod parquet_out;
mod query;
mod serve;
mod storebench;
mod train;
mod train_ner;
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
    /// Train a tagger or parser from Universal Dependencies treebanks (the shipped models).
    Train(train::TrainArgs),
    /// Query the knowledge base of actors: lookup, show, find, stats.
    Kb(kb::KbArgs),
    /// Read articles (files, directories, JSON Lines, WARC, stdin), annotate them on all cores
    /// and store them (SQLite file or PostgreSQL). Re-running skips what is already stored.
    Ingest(ingest::IngestArgs),
    /// Full-text search of stored articles.
    Search(query::SearchArgs),
    /// Quotations: of the given articles (who said what, cue, speech act, confidence), else
    /// stored ones, by speaker, words and dates.
    Quotes(query::QuotesArgs),
    /// Events: of the given articles (CAMEO code and label, source → target, trigger, theme,
    /// date, place, modality), else stored ones, by source, target, CAMEO code and dates.
    Events(query::EventsArgs),
    /// Entities: of the given articles (id, type, name, actor code, mentions), else stored
    /// ones, most mentioned (or quoted, or involved in events) first.
    Entities(query::EntitiesArgs),
    /// Export a selection of the store as JSON Lines, CSV, Parquet, GDELT 2.0 event rows or
    /// PLOVER records.
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
    /// UPOS, features, lemma, UAS and LAS on UD test sets, from raw text and from gold tokens.
    Syntax(eval::SyntaxArgs),
    /// Quotation F1 (GenderGapTracker / Citron measures) on GUM, next to textacy.
    Quotes(eval::QuotesArgs),
    /// Mention P/R/F1 per type on HIPE NewsEye French test and UNER EWT test, next to spaCy.
    Ner(eval::NerArgs),
    /// PETRARCH2's unit-test suite coded from raw text: exact records, triple P/R/F1.
    Petrarch(eval_petrarch::PetrarchArgs),
    /// Event triples (source, CAMEO code, target) against hand-coded fixtures from real text.
    Events(eval_events::EventsEvalArgs),
    /// Entity linking on HIPE NewsEye French (gold Wikidata QIDs): KB coverage, accuracy on
    /// covered mentions, NIL handling, end-to-end P/R/F1.
    Linking(eval_linking::LinkingArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Eval(EvalCommand::Segment(args)) => {
            eval::segment(args).map(|()| ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Quotes(args)) => eval::quotes(args).map(|()| ExitCode::SUCCESS),
        Command::Eval(EvalCommand::Syntax(args)) => eval::syntax(args).map(|()| ExitCode::SUCCESS),
        Command::Eval(EvalCommand::Ner(args)) => eval::ner(args).map(|()| ExitCode::SUCCESS),
        Command::Eval(EvalCommand::Petrarch(args)) => {
            eval_petrarch::run(args).map(|()| ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Events(args)) => {
            eval_events::run(args).map(|()| ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Linking(args)) => {
            eval_linking::linking(args).map(|()| ExitCode::SUCCESS)
        }
        Command::Bench(args) => bench::run(args).map(|()| ExitCode::SUCCESS),
        Command::Train(args) => train::run(args).map(|()| ExitCode::SUCCESS),
        Command::Kb(args) => kb::run(args).map(|()| ExitCode::SUCCESS),
        Command::Ingest(args) => ingest::run(args),
        Command::Search(args) => query::search(args).map(|()| ExitCode::SUCCESS),
        Command::Quotes(args) if !args.files.is_empty() => extract::run(
            &extract::ExtractArgs::listing(&args.files, extract::Format::Quotes),
        ),
        Command::Quotes(args) => query::quotes(args).map(|()| ExitCode::SUCCESS),
        Command::Events(args) if !args.files.is_empty() => extract::run(&extract::ExtractArgs {
            events_lexicon: args.events_lexicon.clone(),
            ..extract::ExtractArgs::listing(&args.files, extract::Format::Events)
        }),
        Command::Events(args) => query::events(args).map(|()| ExitCode::SUCCESS),
        Command::Entities(args) if !args.files.is_empty() => extract::run(
            &extract::ExtractArgs::listing(&args.files, extract::Format::Entities)
                .with_dicts(&args.dicts),
        ),
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
