//! `vigie`: Vigie's command line.
//!
//! Exit codes: 0 everything was processed; 1 some inputs could not be read or processed (the
//! others were, and each failure was reported on stderr); 2 usage error or nothing could run.

mod bench;
mod eval;
mod extract;
mod kb;
mod train;
mod train_ner;

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
    /// List the quotations of articles: who said what, with cue, speech act and confidence
    /// (`vigie extract --format quotes`).
    Quotes(extract::ExtractArgs),
    /// List the entities of articles: knowledge-base id, type, name, actor code, mentions
    /// (`vigie extract --format entities`).
    Entities(extract::ExtractArgs),
    /// Train a tagger or parser from Universal Dependencies treebanks (the shipped models).
    Train(train::TrainArgs),
    /// Query the knowledge base of actors: lookup, show, find, stats.
    Kb(kb::KbArgs),
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Entities(args) => {
            let mut args = args.clone();
            args.format = extract::Format::Entities;
            extract::run(&args)
        }
        Command::Quotes(args) => {
            let mut args = args.clone();
            args.format = extract::Format::Quotes;
            extract::run(&args)
        }
        Command::Eval(EvalCommand::Segment(args)) => {
            eval::segment(args).map(|()| ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Quotes(args)) => eval::quotes(args).map(|()| ExitCode::SUCCESS),
        Command::Eval(EvalCommand::Syntax(args)) => eval::syntax(args).map(|()| ExitCode::SUCCESS),
        Command::Eval(EvalCommand::Ner(args)) => eval::ner(args).map(|()| ExitCode::SUCCESS),
        Command::Bench(args) => bench::run(args).map(|()| ExitCode::SUCCESS),
        Command::Train(args) => train::run(args).map(|()| ExitCode::SUCCESS),
        Command::Kb(args) => kb::run(args).map(|()| ExitCode::SUCCESS),
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
