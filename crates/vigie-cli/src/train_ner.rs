//! `vigie train ner --lang fr|en`: builds `models/LANG-ner.vgm` from the public NER sets.
//!
//! The training sets are fixed here so that the command rebuilds the shipped file exactly
//! (same data, epochs, seed → same bytes). Held-out test sets (HIPE NewsEye French test, UNER
//! EWT test) are never read. Every word gets the UPOS that Vigie's shipped tagger predicts, as
//! at run time.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::time::Instant;
use vigie_ner::readers::{self, ReadOutcome};
use vigie_ner::score::NerScore;
use vigie_ner::{EntityType, NerModel, NerSentence, NerTagger, TrainOptions, TrainSentence};

/// A reader of one of the NER formats.
pub type Reader = fn(&str, &str) -> ReadOutcome;

/// Training files per language, relative to the NER folder, with their reader.
pub fn training_files(lang: &str) -> Result<Vec<(&'static str, Reader)>> {
    Ok(match lang {
        "fr" => vec![
            (
                "fr-hipe2022-newseye/HIPE-2022-v2.1-newseye-dev-fr.tsv",
                readers::read_hipe as Reader,
            ),
            (
                "fr-hipe2022-newseye/HIPE-2022-v2.1-newseye-dev2-fr.tsv",
                readers::read_hipe,
            ),
            ("fr-europeana/enp_FR.bnf.bio", readers::read_europeana),
        ],
        "en" => vec![
            (
                "en-wikigold/wikigold.conllu",
                readers::read_columns as Reader,
            ),
            ("en-uner-ewt/en_ewt-ud-dev.iob2", readers::read_columns),
        ],
        other => bail!("no NER training data defined for language {other:?} (fr, en)"),
    })
}

/// Reads sentences with `reader`, printing skipped lines to stderr.
pub fn load(path: &Path, reader: Reader) -> Result<Vec<NerSentence>> {
    let out = readers::read_file(path, reader)?;
    for s in out.skipped.iter().take(5) {
        eprintln!("  skipped {s}");
    }
    if out.skipped.len() > 5 {
        eprintln!("  … {} malformed lines skipped in all", out.skipped.len());
    }
    Ok(out.sentences)
}

/// UPOS of each word from Vigie's shipped tagger of `lang` (`_` when it has none).
pub fn predicted_upos(lang: &str, words: &[String]) -> Vec<String> {
    let Some(Ok(models)) = vigie_pipeline::syntax::models(lang) else {
        return vec!["_".to_string(); words.len()];
    };
    let tagger = &models.tagger.tagger;
    let forms: Vec<&str> = words.iter().map(String::as_str).collect();
    tagger
        .tag(&forms)
        .iter()
        .map(|t| tagger.upos_name(t.upos).to_string())
        .collect()
}

/// Options of `vigie train ner`, taken from `vigie train`'s arguments.
pub struct NerTrainArgs<'a> {
    pub lang: &'a str,
    pub data: &'a Path,
    pub epochs: usize,
    pub seed: u64,
    pub prune: f32,
    pub output: Option<PathBuf>,
    /// Hold out every Nth sentence and report F1 on it (development only; not the shipped
    /// model, which trains on everything).
    pub holdout: Option<usize>,
    /// Train without UPOS features (everything `_`).
    pub no_upos: bool,
}

/// Epochs when `--epochs` is not given.
pub const DEFAULT_EPOCHS: usize = 10;

pub fn run(args: &NerTrainArgs<'_>) -> Result<()> {
    let files = training_files(args.lang)?;
    let mut sentences = Vec::new();
    let mut names = Vec::new();
    // Only sentences of the sets like the test sets (HIPE, UNER) are held out.
    let mut weak = Vec::new();
    for (file, reader) in &files {
        if file.contains("-test") {
            bail!("{file} is a held-out test set: Vigie never trains on it");
        }
        let path = args.data.join(file);
        let s = load(&path, *reader).with_context(|| format!("reading {}", path.display()))?;
        eprintln!("  {} sentences from {}", s.len(), path.display());
        names.push(format!("{file} ({} sentences)", s.len()));
        weak.extend(std::iter::repeat_n(
            !(file.contains("hipe") || file.contains("uner")),
            s.len(),
        ));
        sentences.extend(s);
    }
    if sentences.is_empty() {
        bail!("no training sentences");
    }
    let gaz = vigie_ner::TsvGazetteer::shipped()?;
    // One copy of each in-domain sentence with person mentions, the names replaced by the
    // gazetteer's full names (deterministic draws).
    let names_note = {
        let names = gaz.names_of_type("PER");
        let mut rng = vigie_syntax::train::Rng::new(args.seed ^ 0xa06);
        let mut extra = Vec::new();
        for (i, (s, &w)) in sentences.iter().zip(&weak).enumerate() {
            // Never a copy of a held-out sentence.
            if w || args.holdout.is_some_and(|n| n > 1 && i % n == 0) {
                continue;
            }
            if let Some(a) = vigie_ner::replace_person_mentions(s, &names, |n| {
                (rng.next_u64() % n.max(1) as u64) as usize
            }) {
                extra.push(a);
            }
        }
        eprintln!(
            "  {} sentences added with person names replaced",
            extra.len()
        );
        let note = format!(", plus {} copies with person names replaced", extra.len());
        weak.extend(std::iter::repeat_n(true, extra.len()));
        sentences.extend(extra);
        note
    };
    let started = Instant::now();
    let _ = vigie_pipeline::syntax::models(args.lang);
    let data: Vec<TrainSentence> = sentences
        .iter()
        .map(|s| TrainSentence {
            upos: if args.no_upos {
                vec!["_".to_string(); s.words.len()]
            } else {
                predicted_upos(args.lang, &s.words)
            },
            words: s.words.clone(),
            mentions: s.mentions.clone(),
        })
        .collect();
    eprintln!(
        "  {} sentences tagged with UPOS in {:.1} s",
        data.len(),
        started.elapsed().as_secs_f64()
    );
    let opts = TrainOptions {
        epochs: args.epochs,
        seed: args.seed,
        prune: args.prune,
    };
    if let Some(n) = args.holdout.filter(|&n| n > 1) {
        let (dev, train): (Vec<_>, Vec<_>) = data
            .iter()
            .enumerate()
            .partition(|(i, _)| i % n == 0 && !weak[*i]);
        let train: Vec<TrainSentence> = train.into_iter().map(|(_, s)| s.clone()).collect();
        let tagger = NerTagger::train(&train, &gaz, opts, |m| eprintln!("  {m}"));
        let mut score = NerScore::new(&[EntityType::Per, EntityType::Org, EntityType::Loc]);
        for (_, s) in dev {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let upos: Vec<&str> = s.upos.iter().map(String::as_str).collect();
            score.add(&s.mentions, &tagger.tag(&words, &upos, &gaz));
        }
        for (t, c) in &score.per_type {
            eprintln!(
                "holdout {t}: P {:.2} R {:.2} F1 {:.2}",
                100.0 * c.precision(),
                100.0 * c.recall(),
                100.0 * c.f1()
            );
        }
        let c = score.overall();
        eprintln!(
            "holdout 1/{n}: P {:.2} R {:.2} F1 {:.2} ({} features)",
            100.0 * c.precision(),
            100.0 * c.recall(),
            100.0 * c.f1(),
            tagger.n_features()
        );
        return Ok(());
    }
    let tagger = NerTagger::train(&data, &gaz, opts, |m| eprintln!("  {m}"));
    let provenance = format!(
        "trained by `vigie train ner --lang {}` on {}{names_note}; UPOS from Vigie's {} tagger{}; gazetteer data/gazetteer.tsv; epochs {}, seed {}, prune {}",
        args.lang,
        names.join(", "),
        args.lang,
        if args.no_upos { " (disabled)" } else { "" },
        args.epochs,
        args.seed,
        args.prune
    );
    let bytes = NerModel {
        language: args.lang.to_string(),
        provenance,
        tagger,
    }
    .to_bytes();
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("models/{}-ner.vgm", args.lang)));
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&output, &bytes).with_context(|| format!("writing {}", output.display()))?;
    eprintln!(
        "wrote {} ({:.1} MB) in {:.0} s",
        output.display(),
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
