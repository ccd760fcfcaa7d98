//! Times the tagger and the parser alone on the gold words of a CoNLL-U file, and prints a
//! fingerprint of every prediction, so that a speed change can be checked to leave the output
//! unchanged (same fingerprint) without building the whole CLI.
//!
//! ```sh
//! cargo run --release -p vigie-syntax --example syntax_speed -- \
//!     models/fr-tagger.vgm models/fr-parser.vgm ../shared/data/ud/fr-sequoia/fr_sequoia-ud-dev.conllu
//! ```
//!
//! With OUT.conllu, also writes the predictions there (for diffs against the gold file).
//! Times are CPU time of the thread (best of the repetitions). Timings belong in benchmarks
//! like this one, never in tests.

use std::hash::{Hash, Hasher};
use std::time::Instant;

/// Time this thread has run on a CPU, in seconds (Linux), else wall time: on a loaded machine
/// wall time mostly measures the other processes.
struct Clock(Instant);

impl Clock {
    fn start() -> Clock {
        Clock(Instant::now())
    }
    fn cpu_now() -> Option<f64> {
        let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
        Some(ns as f64 / 1e9)
    }
    fn measure<T>(f: impl FnOnce() -> T) -> (T, f64) {
        let (c0, w) = (Clock::cpu_now(), Clock::start());
        let out = f();
        let secs = match (c0, Clock::cpu_now()) {
            (Some(a), Some(b)) => b - a,
            _ => w.0.elapsed().as_secs_f64(),
        };
        (out, secs)
    }
}
use vigie_syntax::{ParserModel, ParserWord, TaggerModel};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [tagger, parser, conllu, rest @ ..] = args.as_slice() else {
        return Err(
            "usage: syntax_speed TAGGER.vgm PARSER.vgm FILE.conllu [REPEAT [OUT.conllu]]".into(),
        );
    };
    let repeat: usize = rest.first().map_or(Ok(3), |r| r.parse())?;
    let out_path = rest.get(1);
    let tagger =
        TaggerModel::from_bytes(&vigie_syntax::read_file(tagger.as_ref())?, tagger.as_str())?
            .tagger;
    let parser =
        ParserModel::from_bytes(&vigie_syntax::read_file(parser.as_ref())?, parser.as_str())?
            .parser;
    let sentences = vigie_conllu::read_file(conllu.as_ref())?;
    let forms: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let n_words: usize = forms.iter().map(Vec::len).sum();
    let (mut best_tag, mut best_parse) = (f64::INFINITY, f64::INFINITY);
    let mut fingerprint = 0u64;
    let (mut upos_ok, mut las_ok) = (0usize, 0usize);
    for _ in 0..repeat.max(1) {
        let (tags, secs) =
            Clock::measure(|| forms.iter().map(|f| tagger.tag(f)).collect::<Vec<_>>());
        best_tag = best_tag.min(secs);
        let words: Vec<Vec<ParserWord<'_>>> = forms
            .iter()
            .zip(&tags)
            .map(|(f, ts)| {
                f.iter()
                    .zip(ts)
                    .map(|(form, t)| ParserWord {
                        form,
                        upos: tagger.upos_name(t.upos),
                        feats: tagger.feats_name(t.feats),
                    })
                    .collect()
            })
            .collect();
        let (arcs, secs) =
            Clock::measure(|| words.iter().map(|w| parser.parse(w)).collect::<Vec<_>>());
        best_parse = best_parse.min(secs);
        let mut h = rustc_hash::FxHasher::default();
        (upos_ok, las_ok) = (0, 0);
        for ((s, ts), arcs) in sentences.iter().zip(&tags).zip(&arcs) {
            for ((w, t), a) in s.words.iter().zip(ts).zip(arcs) {
                (t.upos, t.feats, &t.lemma, a.head, a.label).hash(&mut h);
                upos_ok += usize::from(tagger.upos_name(t.upos) == w.upos);
                let rel = w.deprel.split(':').next().unwrap_or("");
                let got = parser.label_name(a.label).split(':').next().unwrap_or("");
                las_ok += usize::from(w.head == Some(a.head as usize) && rel == got);
            }
        }
        fingerprint = h.finish();
        if let Some(path) = out_path {
            let mut system = sentences.clone();
            for ((s, ts), arcs) in system.iter_mut().zip(&tags).zip(&arcs) {
                for ((w, t), a) in s.words.iter_mut().zip(ts).zip(arcs) {
                    w.upos = tagger.upos_name(t.upos).to_string();
                    w.feats = tagger.feats_name(t.feats).to_string();
                    w.lemma = t.lemma.clone();
                    w.head = Some(a.head as usize);
                    w.deprel = parser.label_name(a.label).to_string();
                }
            }
            std::fs::write(path, vigie_conllu::write(&system))?;
        }
    }
    println!(
        "{n_words} words: tag {:.0} words/s ({best_tag:.3} s), parse {:.0} words/s ({best_parse:.3} s), both {:.0} words/s",
        n_words as f64 / best_tag,
        n_words as f64 / best_parse,
        n_words as f64 / (best_tag + best_parse)
    );
    println!(
        "UPOS {:.2}  LAS {:.2} (gold words)  fingerprint {fingerprint:016x}",
        100.0 * upos_ok as f64 / n_words.max(1) as f64,
        100.0 * las_ok as f64 / n_words.max(1) as f64
    );
    Ok(())
}
