//! Trains a parser on gold-tagged CoNLL-U files and reports its LAS on a dev file (gold words
//! and tags), its parsing speed (CPU time, best of three) and its size: the loop for choosing
//! feature templates and pruning without building the CLI. Never give it a test set.
//!
//! ```sh
//! cargo run --release -p vigie-syntax --example parser_dev -- \
//!     ../shared/data/ud/fr-sequoia/fr_sequoia-ud-train.conllu \
//!     ../shared/data/ud/fr-sequoia/fr_sequoia-ud-dev.conllu [EPOCHS [PRUNE [TEMPLATES]]]
//! ```
//!
//! TEMPLATES is a comma-separated list of `TEMPLATE_NAMES` (default: the shipped French set),
//! or `all`. With `PARSER_OUT=FILE.vgm` in the environment the trained parser is also written
//! there (for `examples/parser_templates.rs`).

use vigie_syntax::{Parser, ParserModel, ParserWord, TemplateSet};

fn cpu_now() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [train, dev, rest @ ..] = args.as_slice() else {
        return Err(
            "usage: parser_dev TRAIN.conllu[,MORE.conllu] DEV.conllu [EPOCHS [PRUNE [TEMPLATES]]]"
                .into(),
        );
    };
    let epochs: usize = rest.first().map_or(Ok(15), |e| e.parse())?;
    let prune: f32 = rest.get(1).map_or(Ok(0.02), |e| e.parse())?;
    let templates = match rest.get(2) {
        Some(spec) => TemplateSet::parse(spec)?,
        None => TemplateSet::default_set(),
    };
    let mut sentences = Vec::new();
    for f in train.split(',') {
        sentences.extend(vigie_conllu::read_file(f.as_ref())?);
    }
    let parser = Parser::train_with(&sentences, None, epochs, 1, prune, templates, |_| {});
    let bytes = ParserModel {
        language: String::new(),
        provenance: String::new(),
        parser,
    }
    .to_bytes();
    if let Some(out) = std::env::var_os("PARSER_OUT") {
        std::fs::write(&out, &bytes)?;
    }
    let parser = ParserModel::from_bytes(&bytes, "trained")?.parser;
    let dev = vigie_conllu::read_file(dev.as_ref())?;
    let words: Vec<Vec<ParserWord<'_>>> = dev
        .iter()
        .map(|s| {
            s.words
                .iter()
                .map(|w| ParserWord {
                    form: &w.form,
                    upos: &w.upos,
                    feats: &w.feats,
                })
                .collect()
        })
        .collect();
    let mut best = f64::INFINITY;
    let mut arcs = Vec::new();
    for _ in 0..3 {
        let t0 = cpu_now().unwrap_or(0.0);
        arcs = words.iter().map(|w| parser.parse(w)).collect::<Vec<_>>();
        best = best.min(cpu_now().unwrap_or(0.0) - t0);
    }
    let (mut n, mut uas, mut las) = (0usize, 0usize, 0usize);
    for (s, a) in dev.iter().zip(&arcs) {
        for (w, a) in s.words.iter().zip(a) {
            n += 1;
            if w.head == Some(a.head as usize) {
                uas += 1;
                las += usize::from(parser.label_name(a.label) == w.deprel);
            }
        }
    }
    let pct = |x: usize| 100.0 * x as f64 / n.max(1) as f64;
    println!(
        "templates {} prune {prune} epochs {epochs}: UAS {:.2} LAS {:.2}  {:.0} words/s ({best:.3} s)  {:.1} MB",
        parser.templates().names().len(),
        pct(uas),
        pct(las),
        n as f64 / best,
        bytes.len() as f64 / 1e6
    );
    Ok(())
}
