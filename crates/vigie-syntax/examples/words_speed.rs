//! Times the tagger and the parser on running text given as words (one sentence per line,
//! words separated by tabs), the way `vigie-pipeline` calls them (sentences parsed in pieces of
//! at most 200 words), and prints a fingerprint of every prediction, so that a speed change can
//! be checked to leave the output unchanged without building the whole CLI.
//!
//! ```sh
//! cargo run --release -p vigie-syntax --example words_speed -- \
//!     models/fr-tagger.vgm models/fr-parser.vgm words-fr.tsv 5
//! ```
//!
//! A words file can be made from `vigie extract --format jsonl` output (the forms of each
//! sentence's words). Times are CPU time of the thread (best of the repetitions).

use std::hash::{Hash, Hasher};
use std::time::Instant;
use vigie_syntax::{ParserModel, ParserWord, TaggerModel};

/// Sentences longer than this are parsed in pieces, as in `vigie-pipeline`.
const MAX_PARSE_WORDS: usize = 200;

/// CPU time of this thread in seconds (Linux), else wall time.
fn cpu_now() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

fn measure<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let (c0, w) = (cpu_now(), Instant::now());
    let out = f();
    let secs = match (c0, cpu_now()) {
        (Some(a), Some(b)) => b - a,
        _ => w.elapsed().as_secs_f64(),
    };
    (out, secs)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [tagger, parser, words, rest @ ..] = args.as_slice() else {
        return Err("usage: words_speed TAGGER.vgm PARSER.vgm WORDS.tsv [REPEAT]".into());
    };
    let repeat: usize = rest.first().map_or(Ok(3), |r| r.parse())?;
    let (tagger, load_tagger) = measure(|| {
        TaggerModel::from_bytes(&vigie_syntax::read_file(tagger.as_ref())?, tagger.as_str())
    });
    let tagger = tagger?.tagger;
    let (parser, load_parser) = measure(|| {
        ParserModel::from_bytes(&vigie_syntax::read_file(parser.as_ref())?, parser.as_str())
    });
    let parser = parser?.parser;
    let text = std::fs::read_to_string(words)?;
    let forms: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    let n_words: usize = forms.iter().map(Vec::len).sum();
    let (mut best_tag, mut best_parse) = (f64::INFINITY, f64::INFINITY);
    let mut fingerprint = 0u64;
    for _ in 0..repeat.max(1) {
        let (tags, secs) = measure(|| forms.iter().map(|f| tagger.tag(f)).collect::<Vec<_>>());
        best_tag = best_tag.min(secs);
        let (arcs, secs) = measure(|| {
            forms
                .iter()
                .zip(&tags)
                .map(|(f, ts)| {
                    let mut arcs = Vec::with_capacity(f.len());
                    for (fs, tc) in f.chunks(MAX_PARSE_WORDS).zip(ts.chunks(MAX_PARSE_WORDS)) {
                        let words: Vec<ParserWord<'_>> = fs
                            .iter()
                            .zip(tc)
                            .map(|(form, t)| ParserWord {
                                form,
                                upos: tagger.upos_name(t.upos),
                                feats: tagger.feats_name(t.feats),
                            })
                            .collect();
                        arcs.extend(parser.parse(&words));
                    }
                    arcs
                })
                .collect::<Vec<_>>()
        });
        best_parse = best_parse.min(secs);
        let mut h = rustc_hash::FxHasher::default();
        for (ts, arcs) in tags.iter().zip(&arcs) {
            for (t, a) in ts.iter().zip(arcs) {
                (t.upos, t.feats, &t.lemma, a.head, a.label).hash(&mut h);
            }
        }
        fingerprint = h.finish();
    }
    println!(
        "{n_words} words: tag {:.0} words/s ({best_tag:.3} s), parse {:.0} words/s ({best_parse:.3} s), both {:.0} words/s; load {:.0} + {:.0} ms",
        n_words as f64 / best_tag,
        n_words as f64 / best_parse,
        n_words as f64 / (best_tag + best_parse),
        load_tagger * 1e3,
        load_parser * 1e3
    );
    println!("fingerprint {fingerprint:016x}");
    Ok(())
}
