//! Trains a tagger on CoNLL-U files and reports, on development files, UPOS / feats / lemma
//! accuracy (gold words) and the CPU time of tagging them: the loop used to choose the tagger's
//! templates and pruning without building the CLI. Never give it a test split.
//!
//! ```sh
//! cargo run --release -p vigie-syntax --example tagger_dev -- \
//!     --lexicon target/lexicon/fr-dela.tsv --train A.conllu --train B.conllu --dev DEV.conllu \
//!     [--save MODEL.vgm]
//! ```

use vigie_syntax::{Lexicon, Tagger, KEPT_FEATURES};

fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut train, mut dev, mut lexicon, mut save) = (Vec::new(), Vec::new(), None, None);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next().ok_or("every option takes a value")?;
        match a.as_str() {
            "--train" => train.extend(vigie_conllu::read_file(v.as_ref())?),
            "--dev" => dev.push(v),
            "--save" => save = Some(v),
            "--lexicon" => {
                lexicon = Some(Lexicon::from_tsv(&std::fs::read_to_string(&v)?, &v)?);
            }
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    let tagger = Tagger::train(&train, lexicon, 10, 1, |_| {});
    let tagger = match save {
        Some(path) => {
            let model = vigie_syntax::TaggerModel {
                language: String::new(),
                provenance: "tagger_dev example".to_string(),
                tagger,
            };
            std::fs::write(&path, model.to_bytes())?;
            model.tagger
        }
        None => tagger,
    };
    for path in &dev {
        let sentences = vigie_conllu::read_file(path.as_ref())?;
        let forms: Vec<Vec<&str>> = sentences
            .iter()
            .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
            .collect();
        let mut best = f64::INFINITY;
        let mut tags = Vec::new();
        for _ in 0..3 {
            let t0 = cpu_seconds().unwrap_or(0.0);
            tags = forms.iter().map(|f| tagger.tag(f)).collect::<Vec<_>>();
            best = best.min(cpu_seconds().unwrap_or(0.0) - t0);
        }
        let (mut n, mut upos, mut feats, mut lemma) = (0usize, 0usize, 0usize, 0usize);
        for (s, ts) in sentences.iter().zip(&tags) {
            for (w, t) in s.words.iter().zip(ts) {
                n += 1;
                upos += usize::from(tagger.upos_name(t.upos) == w.upos);
                feats += usize::from(
                    tagger.feats_name(t.feats)
                        == vigie_conllu::filter_feats(&w.feats, KEPT_FEATURES),
                );
                lemma += usize::from(t.lemma == w.lemma);
            }
        }
        let pct = |x: usize| 100.0 * x as f64 / n.max(1) as f64;
        println!(
            "{path}: UPOS {:.2}  feats {:.2}  lemma {:.2}  ({n} words)  tag {:.3} s CPU, {:.0} words/s",
            pct(upos),
            pct(feats),
            pct(lemma),
            best,
            n as f64 / best
        );
    }
    Ok(())
}
