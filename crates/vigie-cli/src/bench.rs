//! `vigie bench`: throughput of the text layer and of HTML extraction on a corpus, in MB/s.
//!
//! Timings belong here, never in tests. Compare against the anchors with
//! `scripts/anchors/bench.sh`, which runs both in the same session.

use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::time::Instant;
use vigie_core::{Document, Metadata};

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// UTF-8 text corpus; two blank lines separate documents, one blank line paragraphs. (`scripts/anchors/make_text_corpus.py`
    /// builds one from UD.)
    #[arg(long)]
    pub text: Option<PathBuf>,
    /// Folder of HTML pages to extract.
    #[arg(long)]
    pub html: Option<PathBuf>,
    /// Language of the text corpus, for the tokenize+segment measure.
    #[arg(long, default_value = "fr")]
    pub lang: String,
    /// Timed repetitions; the best is reported.
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    /// Print JSON lines instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Only the text-layer measures of `--text` (tokens and sentences), nothing after them:
    /// for profiling the tokenizer and the segmenters.
    #[arg(long)]
    pub text_only: bool,
}

fn report(json: bool, tool: &str, bytes: usize, seconds: f64, units: usize, unit: &str) {
    let mbs = bytes as f64 / 1e6 / seconds;
    if json {
        println!(
            "{}",
            serde_json::json!({"tool": tool, "bytes": bytes, "seconds": seconds, "mb_per_s": mbs, unit: units, "per_s": units as f64 / seconds})
        );
    } else {
        println!(
            "{tool:<34} {:>10.1} MB/s  ({bytes} bytes in {seconds:.3} s, {units} {unit}, {:.0} {unit}/s)",
            mbs,
            units as f64 / seconds
        );
    }
}

fn best_of<F: FnMut() -> usize>(repeat: usize, mut f: F) -> (f64, usize) {
    let mut best = f64::INFINITY;
    let mut units = 0;
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        units = f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, units)
}

pub fn run(args: &BenchArgs) -> Result<()> {
    if args.text.is_none() && args.html.is_none() {
        bail!("nothing to measure: pass --text FILE and/or --html DIR");
    }
    if let Some(path) = &args.text {
        let corpus =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        // Documents are separated by two blank lines (make_text_corpus.py), paragraphs by one.
        let docs: Vec<&str> = corpus
            .split("\n\n\n")
            .filter(|d| !d.trim().is_empty())
            .collect();
        let bytes: usize = docs.iter().map(|d| d.len()).sum();
        // The full text layer, then tokenise + segment with the language given (no language
        // identification): the work spaCy's tokenizer + sentencizer does.
        // Last, what the pipeline really does: the rules, then the learnt boundary model.
        let given = vigie_text::TextOptions {
            language: Some(args.lang.clone()),
        };
        let given_text = given.clone();
        let boundaries = vigie_pipeline::sentences::model(&args.lang);
        let measures = [
            (
                "vigie text (full text layer)",
                vigie_text::TextOptions::default(),
                None,
            ),
            ("vigie tokenize+segment", given.clone(), None),
            (
                "vigie tokenize+segment (learnt boundaries)",
                given,
                boundaries,
            ),
        ];
        for (name, opts, model) in &measures {
            if name.contains("learnt") && model.is_none() {
                continue;
            }
            let (secs, toks) = best_of(args.repeat, || {
                let mut n = 0;
                for d in &docs {
                    let mut doc = Document::new("b", *d, Metadata::default());
                    vigie_text::annotate(&mut doc, opts);
                    if let Some(m) = model {
                        vigie_pipeline::sentences::resegment(&mut doc, m);
                    }
                    n += doc.tokens.len();
                }
                n
            });
            report(args.json, name, bytes, secs, toks, "tokens");
        }
        if args.text_only {
            return Ok(());
        }
        // The whole pipeline: text layer, multi-word tokens, tags, lemmas, dependencies.
        let pipeline = vigie_pipeline::Pipeline::with_options(vigie_pipeline::PipelineOptions {
            language: Some(args.lang.clone()),
            ..Default::default()
        });
        let _ = pipeline.process_text(
            "warm-up",
            "Les modèles sont chargés. The models are loaded.",
        );
        let (secs, words) = best_of(args.repeat, || {
            let mut n = 0;
            for d in &docs {
                let mut doc = Document::new("b", *d, Metadata::default());
                pipeline.process(&mut doc);
                n += doc.words.len();
            }
            n
        });
        report(
            args.json,
            "vigie pipeline (all stages: text, tags, parse, mentions, quotes, links, events)",
            bytes,
            secs,
            words,
            "words",
        );
        // The work spaCy's pipeline without NER does: the text layer with the learnt
        // boundaries, then tags, lemmas, parse (and quotes, which read the parse).
        let (secs, words) = best_of(args.repeat, || {
            let mut n = 0;
            for d in &docs {
                let mut doc = Document::new("b", *d, Metadata::default());
                vigie_text::annotate(&mut doc, &given_text);
                if let Some(m) = boundaries {
                    vigie_pipeline::sentences::resegment(&mut doc, m);
                }
                vigie_pipeline::syntax::annotate(&mut doc);
                vigie_quotes::annotate(&mut doc, vigie_quotes::Lexicon::builtin());
                n += doc.words.len();
            }
            n
        });
        report(
            args.json,
            "vigie pipeline (text, tags, lemmas, parse, quotes: spaCy's work without NER)",
            bytes,
            secs,
            words,
            "words",
        );
        // Where the whole pipeline's time goes: each stage timed on its own, in the order
        // `Pipeline::process` runs them (best of the repetitions, stage by stage).
        let stage_names = [
            "text layer + boundaries",
            "tags, lemmas, parse",
            "mentions",
            "quotes",
            "links",
            "events",
        ];
        let mut stage_best = [f64::INFINITY; 6];
        let kb = vigie_knowledge::Knowledge::builtin();
        let event_opts = vigie_events::EventOptions::default();
        let mut words = 0;
        for _ in 0..args.repeat.max(1) {
            let mut spent = [0f64; 6];
            words = 0;
            for d in &docs {
                let mut doc = Document::new("b", *d, Metadata::default());
                let mut lap = Instant::now();
                let mut mark = |k: usize| {
                    spent[k] += lap.elapsed().as_secs_f64();
                    lap = Instant::now();
                };
                vigie_text::annotate(&mut doc, &given_text);
                if let Some(m) = boundaries {
                    vigie_pipeline::sentences::resegment(&mut doc, m);
                }
                mark(0);
                vigie_pipeline::syntax::annotate(&mut doc);
                mark(1);
                vigie_pipeline::ner::annotate(&mut doc);
                mark(2);
                vigie_quotes::annotate(&mut doc, vigie_quotes::Lexicon::builtin());
                mark(3);
                vigie_link::annotate(&mut doc, kb);
                mark(4);
                vigie_events::events(&mut doc, &event_opts);
                mark(5);
                words += doc.words.len();
            }
            for (best, s) in stage_best.iter_mut().zip(spent) {
                *best = best.min(s);
            }
        }
        for (name, secs) in stage_names.iter().zip(stage_best) {
            report(
                args.json,
                &format!("vigie stage: {name}"),
                bytes,
                secs,
                words,
                "words",
            );
        }
        // The same on every core: documents shared out between threads.
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        let (secs, words) = best_of(args.repeat, || {
            let chunk = docs.len().div_ceil(threads).max(1);
            std::thread::scope(|scope| {
                let handles: Vec<_> = docs
                    .chunks(chunk)
                    .map(|part| {
                        let pipeline = &pipeline;
                        scope.spawn(move || {
                            let mut n = 0;
                            for d in part {
                                let mut doc = Document::new("b", *d, Metadata::default());
                                pipeline.process(&mut doc);
                                n += doc.words.len();
                            }
                            n
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
            })
        });
        report(
            args.json,
            &format!("vigie pipeline, {threads} threads"),
            bytes,
            secs,
            words,
            "words",
        );
    }
    if let Some(dir) = &args.html {
        // Every .html/.htm page under the folder, recursively.
        let mut pages = Vec::new();
        for input in vigie_input::list_inputs(std::slice::from_ref(dir)) {
            let p = input.path;
            if p.extension().is_some_and(|e| e == "html" || e == "htm") {
                let bytes =
                    std::fs::read(&p).with_context(|| format!("reading {}", p.display()))?;
                pages.push((p.display().to_string(), bytes));
            }
        }
        pages.sort();
        let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
        let html_opts = vigie_input::ReadOptions {
            format: Some(vigie_core::InputFormat::Html),
            ..vigie_input::ReadOptions::default()
        };
        let (secs, n) = best_of(args.repeat, || {
            let mut n = 0;
            for (name, html) in &pages {
                n += vigie_input::read_bytes(
                    html,
                    name,
                    Some(vigie_core::InputFormat::Html),
                    &html_opts,
                )
                .into_iter()
                .filter(Result::is_ok)
                .count();
            }
            n
        });
        report(args.json, "vigie html->text", bytes, secs, n, "documents");
    }
    Ok(())
}
