//! `vigie train tagger|parser`: builds the shipped models from the public treebanks.
//!
//! The training sets of each language are fixed here, so that `vigie train tagger --lang fr`
//! rebuilds exactly the file in `models/` (same data, epochs and seed → same bytes). Held-out
//! test sets (Sequoia test, GSD test, EWT test) are never read.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::time::Instant;
use vigie_syntax::{Lexicon, Parser, ParserModel, Tagger, TaggerModel, TemplateSet};

/// Training files per language, relative to the UD folder. Never a held-out test set.
pub fn training_files(lang: &str) -> Result<&'static [&'static str]> {
    Ok(match lang {
        "fr" => &[
            "fr-sequoia/fr_sequoia-ud-train.conllu",
            "fr-sequoia/fr_sequoia-ud-dev.conllu",
            "fr-gsd/fr_gsd-ud-dev.conllu",
            "fr-pud/fr_pud-ud-test.conllu",
            "fr-fqb/fr_fqb-ud-test.conllu",
        ],
        "en" => &["en-ewt/en_ewt-ud-train.conllu"],
        other => bail!("no training data defined for language {other:?} (fr, en)"),
    })
}

#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// What to train.
    #[arg(value_enum)]
    pub what: What,
    /// Language: fr or en.
    #[arg(long)]
    pub lang: String,
    /// Folder holding the Universal Dependencies sets.
    #[arg(long, default_value = "../shared/data/ud")]
    pub data: PathBuf,
    /// Train on these CoNLL-U files instead of the language's standard sets.
    #[arg(long = "file")]
    pub files: Vec<PathBuf>,
    /// Full-form lexicon TSV (form, upos, lemma, feats) for the tagger; French default:
    /// target/lexicon/fr-dela.tsv when it exists (`scripts/lexicon/build_fr_lexicon.sh`).
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// Training epochs (default: 10 for the tagger, 15 for the parser).
    #[arg(long)]
    pub epochs: Option<usize>,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output file (default: models/LANG-tagger.vgm or models/LANG-parser.vgm).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// A development file to report accuracy on after training (never a test set).
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Parser: tag the --dev file with this tagger model instead of using its gold tags.
    #[arg(long)]
    pub dev_tagger: Option<PathBuf>,
    /// Parser: train on gold tags instead of jackknifed predicted tags (faster, less robust).
    #[arg(long)]
    pub gold_tags: bool,
    /// Parser: feature templates, `all` or a comma-separated list of names (default: the
    /// language's shipped set, `vigie_syntax::DEFAULT_TEMPLATES` / `EN_TEMPLATES`).
    #[arg(long)]
    pub templates: Option<String>,
    /// Parser: drop averaged weights below this fraction of the largest (model size).
    #[arg(long, default_value_t = 0.02)]
    pub prune: f32,
    /// NER: folder holding the NER sets (`fr-hipe2022-newseye/`, `en-uner-ewt/`, …).
    #[arg(long, default_value = "../shared/data/ner")]
    pub ner_data: PathBuf,
    /// NER: hold out every Nth training sentence and report F1 on it instead of writing a
    /// model (development measurements).
    #[arg(long)]
    pub holdout: Option<usize>,
    /// NER: drop averaged weights below this fraction of the largest (model size).
    #[arg(long, default_value_t = 0.0)]
    pub ner_prune: f32,
    /// NER: train without UPOS features.
    #[arg(long)]
    pub no_upos: bool,
    /// Boundaries: print every --dev gap where the learnt sentences and gold disagree, in
    /// context (`MISS` a gold end not found, `EXTRA` a predicted end not in gold).
    #[arg(long)]
    pub dev_errors: bool,
}

/// Folds for jackknifing: the parser learns from tags predicted by taggers that did not see
/// the sentence, as it will meet them at run time.
const JACKKNIFE_FOLDS: usize = 5;

fn jackknife_tags(
    sentences: &[vigie_conllu::Sentence],
    args: &TrainArgs,
) -> Result<Vec<Vec<(String, String)>>> {
    let mut tags: Vec<Vec<(String, String)>> = vec![Vec::new(); sentences.len()];
    for fold in 0..JACKKNIFE_FOLDS {
        let train: Vec<vigie_conllu::Sentence> = sentences
            .iter()
            .enumerate()
            .filter(|(i, _)| i % JACKKNIFE_FOLDS != fold)
            .map(|(_, s)| s.clone())
            .collect();
        let tagger = Tagger::train(&train, load_lexicon(args)?, 10, args.seed, |_| {});
        for (i, s) in sentences.iter().enumerate() {
            if i % JACKKNIFE_FOLDS == fold {
                let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
                tags[i] = tagger
                    .tag(&forms)
                    .iter()
                    .map(|t| {
                        (
                            tagger.upos_name(t.upos).to_string(),
                            tagger.feats_name(t.feats).to_string(),
                        )
                    })
                    .collect();
            }
        }
        eprintln!("  jackknife fold {}/{JACKKNIFE_FOLDS} tagged", fold + 1);
    }
    Ok(tags)
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum What {
    Tagger,
    Parser,
    /// The sentence-boundary model that revisits the text layer's rule-based sentences.
    Boundaries,
    /// Mention recognition (PER, ORG, LOC, MISC) from the NER sets (`--ner-data`).
    Ner,
}

fn load(files: &[PathBuf]) -> Result<Vec<vigie_conllu::Sentence>> {
    let mut all = Vec::new();
    for f in files {
        let s = vigie_conllu::read_file(f).with_context(|| format!("reading {}", f.display()))?;
        eprintln!("  {} sentences from {}", s.len(), f.display());
        all.extend(s);
    }
    Ok(all)
}

pub fn run(args: &TrainArgs) -> Result<()> {
    if let What::Ner = args.what {
        return crate::train_ner::run(&crate::train_ner::NerTrainArgs {
            lang: &args.lang,
            data: &args.ner_data,
            epochs: args.epochs.unwrap_or(crate::train_ner::DEFAULT_EPOCHS),
            seed: args.seed,
            prune: args.ner_prune,
            output: args.output.clone(),
            holdout: args.holdout,
            no_upos: args.no_upos,
        });
    }
    let files: Vec<PathBuf> = if args.files.is_empty() {
        training_files(&args.lang)?
            .iter()
            .map(|f| args.data.join(f))
            .collect()
    } else {
        args.files.clone()
    };
    for f in &files {
        let name = f.to_string_lossy();
        if name.contains("-ud-test") && !(name.contains("fr_pud") || name.contains("fr_fqb")) {
            bail!("{name} is a held-out test set: Vigie never trains on it");
        }
    }
    let sentences = load(&files)?;
    if sentences.is_empty() {
        bail!("no training sentences");
    }
    let started = Instant::now();
    let provenance = format!(
        "trained by `vigie train {} --lang {}` on {} ({} sentences); epochs {}, seed {}, prune {}, gold tags {}",
        args.what.name(),
        args.lang,
        files
            .iter()
            .map(|f| f
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned()))
            .collect::<Vec<_>>()
            .join(", "),
        sentences.len(),
        args.epochs.map_or("default".to_string(), |e| e.to_string()),
        args.seed,
        args.prune,
        args.gold_tags
    );
    let default_out = PathBuf::from(format!("models/{}-{}.vgm", args.lang, args.what.name()));
    let output = args.output.clone().unwrap_or(default_out);
    let bytes = match args.what {
        What::Boundaries => {
            let model = train_boundaries(
                &files,
                &args.lang,
                args.epochs.unwrap_or(boundary_epochs(&args.lang)),
                args.seed,
            )?;
            if let Some(dev) = &args.dev {
                report_boundaries(&model, dev, &args.lang, args.dev_errors)?;
            }
            model.to_bytes()
        }
        What::Tagger => {
            let lexicon = load_lexicon(args)?;
            let tagger = Tagger::train(
                &sentences,
                lexicon,
                args.epochs.unwrap_or(10),
                args.seed,
                |m| eprintln!("  {m}"),
            );
            if let Some(dev) = &args.dev {
                report_tagger(&tagger, dev)?;
            }
            TaggerModel {
                language: args.lang.clone(),
                provenance,
                tagger,
            }
            .to_bytes()
        }
        What::Ner => bail!("NER training is handled by train_ner"),
        What::Parser => {
            let tags = if args.gold_tags {
                None
            } else {
                Some(jackknife_tags(&sentences, args)?)
            };
            let templates = match &args.templates {
                Some(spec) => TemplateSet::parse(spec).map_err(anyhow::Error::msg)?,
                None => TemplateSet::for_language(&args.lang),
            };
            let parser = Parser::train_with(
                &sentences,
                tags.as_deref(),
                args.epochs.unwrap_or(15),
                args.seed,
                args.prune,
                templates,
                |m| eprintln!("  {m}"),
            );
            if let Some(dev) = &args.dev {
                report_parser(&parser, dev, args.dev_tagger.as_deref())?;
            }
            ParserModel {
                language: args.lang.clone(),
                provenance,
                parser,
            }
            .to_bytes()
        }
    };
    if let Some(dir) = output.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
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

impl What {
    fn name(self) -> &'static str {
        match self {
            What::Tagger => "tagger",
            What::Parser => "parser",
            What::Boundaries => "boundaries",
            What::Ner => "ner",
        }
    }
}

/// Raw text rebuilt from each treebank file, run through the text layer; every token gap
/// labelled with whether a gold sentence ends there.
/// Epochs of the boundary model, chosen on the dev sets (models trained without them; mean
/// sentence F1 over seeds 1–3): French 12 / 24 / 36 epochs → Sequoia dev 89.7 / 90.1 / 89.7,
/// GSD dev 96.0 / 96.1 / 95.6; English 3 / 5 / 10 epochs → EWT dev 88.4 / 88.4 / 88.3.
fn boundary_epochs(lang: &str) -> usize {
    if lang == "fr" {
        24
    } else {
        5
    }
}

fn train_boundaries(
    files: &[PathBuf],
    lang: &str,
    epochs: usize,
    seed: u64,
) -> Result<vigie_syntax::boundary::BoundaryModel> {
    let mut docs = Vec::new();
    for f in files {
        let gold =
            vigie_eval::conllu::read_file(f).with_context(|| format!("reading {}", f.display()))?;
        for g in gold {
            let mut doc =
                vigie_core::Document::new(g.id.clone(), g.text.clone(), Default::default());
            vigie_text::annotate(
                &mut doc,
                &vigie_text::TextOptions {
                    language: Some(lang.to_string()),
                },
            );
            let ends: std::collections::HashSet<usize> = g.sentences.iter().map(|s| s.1).collect();
            docs.push((doc, ends));
        }
    }
    let mut data = Vec::new();
    for (doc, ends) in &docs {
        for pi in 0..doc.paragraphs.len() {
            let (idx, view) = vigie_pipeline::sentences::paragraph_tokens(doc, pi);
            if view.is_empty() {
                continue;
            }
            let labels = idx
                .iter()
                .map(|&ti| ends.contains(&(doc.tokens[ti].span.end as usize)))
                .collect();
            data.push((view, labels));
        }
    }
    eprintln!("  {} paragraphs", data.len());
    Ok(vigie_syntax::boundary::BoundaryModel::train(
        &data, epochs, seed,
    ))
}

fn report_boundaries(
    model: &vigie_syntax::boundary::BoundaryModel,
    dev: &Path,
    lang: &str,
    show_errors: bool,
) -> Result<()> {
    let gold = vigie_eval::conllu::read_file(dev)?;
    let (mut rules, mut learnt) = (
        vigie_eval::segmentation::Prf::default(),
        vigie_eval::segmentation::Prf::default(),
    );
    for g in &gold {
        let mut doc = vigie_core::Document::new(g.id.clone(), g.text.clone(), Default::default());
        vigie_text::annotate(
            &mut doc,
            &vigie_text::TextOptions {
                language: Some(lang.to_string()),
            },
        );
        let spans = |d: &vigie_core::Document| -> Vec<(usize, usize)> {
            d.sentences
                .iter()
                .map(|s| (s.span.start as usize, s.span.end as usize))
                .collect()
        };
        rules.add(vigie_eval::segmentation::score_spans(
            &g.sentences,
            &spans(&doc),
        ));
        vigie_pipeline::sentences::resegment(&mut doc, model);
        let predicted = spans(&doc);
        learnt.add(vigie_eval::segmentation::score_spans(
            &g.sentences,
            &predicted,
        ));
        if show_errors {
            print_boundary_errors(&g.text, &g.sentences, &predicted);
        }
    }
    eprintln!(
        "dev {}: sentence F1 rules {:.2} → learnt {:.2} (P {:.2} R {:.2})",
        dev.display(),
        100.0 * rules.f1(),
        100.0 * learnt.f1(),
        100.0 * learnt.precision(),
        100.0 * learnt.recall()
    );
    Ok(())
}

/// Sentence ends found in only one of gold and predicted, with the text around them.
fn print_boundary_errors(text: &str, gold: &[(usize, usize)], predicted: &[(usize, usize)]) {
    let ends = |s: &[(usize, usize)]| -> std::collections::BTreeSet<usize> {
        s.iter().map(|x| x.1).collect()
    };
    let (g, p) = (ends(gold), ends(predicted));
    let context = |at: usize| -> String {
        let mut a = at.saturating_sub(70);
        while !text.is_char_boundary(a) {
            a += 1;
        }
        let mut z = (at + 50).min(text.len());
        while !text.is_char_boundary(z) {
            z -= 1;
        }
        format!(
            "{} ‖ {}",
            text.get(a..at).unwrap_or(""),
            text.get(at..z).unwrap_or("")
        )
        .replace('\n', "⏎")
    };
    for &e in g.difference(&p) {
        eprintln!("MISS  {}", context(e));
    }
    for &e in p.difference(&g) {
        eprintln!("EXTRA {}", context(e));
    }
}

fn load_lexicon(args: &TrainArgs) -> Result<Option<Lexicon>> {
    let path = match &args.lexicon {
        Some(p) => Some(p.clone()),
        None if args.lang == "fr" => {
            let p = Path::new("target/lexicon/fr-dela.tsv");
            p.exists().then(|| p.to_path_buf())
        }
        None => None,
    };
    let Some(path) = path else {
        eprintln!("  no full-form lexicon for {}", args.lang);
        return Ok(None);
    };
    let tsv =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let lex = Lexicon::from_tsv(&tsv, &path.display().to_string())?;
    eprintln!("  lexicon {}: {} forms", path.display(), lex.len());
    Ok(Some(lex))
}

fn report_tagger(tagger: &Tagger, dev: &Path) -> Result<()> {
    let sentences = vigie_conllu::read_file(dev)?;
    let (mut n, mut upos, mut feats, mut lemma) = (0usize, 0usize, 0usize, 0usize);
    for s in &sentences {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        for (w, t) in s.words.iter().zip(tagger.tag(&forms)) {
            n += 1;
            upos += usize::from(tagger.upos_name(t.upos) == w.upos);
            feats += usize::from(
                tagger.feats_name(t.feats)
                    == vigie_conllu::filter_feats(&w.feats, vigie_syntax::KEPT_FEATURES),
            );
            lemma += usize::from(t.lemma == w.lemma);
        }
    }
    let pct = |x: usize| 100.0 * x as f64 / n.max(1) as f64;
    eprintln!(
        "dev {}: UPOS {:.2}  feats {:.2}  lemma {:.2}  ({n} words, gold tokens)",
        dev.display(),
        pct(upos),
        pct(feats),
        pct(lemma)
    );
    Ok(())
}

fn report_parser(parser: &Parser, dev: &Path, tagger: Option<&Path>) -> Result<()> {
    let mut sentences = vigie_conllu::read_file(dev)?;
    if let Some(path) = tagger {
        let bytes = vigie_syntax::read_file(path)?;
        let model = TaggerModel::from_bytes(&bytes, &path.display().to_string())?;
        for s in &mut sentences {
            let forms: Vec<String> = s.words.iter().map(|w| w.form.clone()).collect();
            let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
            for (w, t) in s.words.iter_mut().zip(model.tagger.tag(&forms)) {
                w.upos = model.tagger.upos_name(t.upos).to_string();
                w.feats = model.tagger.feats_name(t.feats).to_string();
            }
        }
    }
    let (mut n, mut uas, mut las) = (0usize, 0usize, 0usize);
    for s in &sentences {
        let words: Vec<vigie_syntax::ParserWord<'_>> = s
            .words
            .iter()
            .map(|w| vigie_syntax::ParserWord {
                form: &w.form,
                upos: &w.upos,
                feats: &w.feats,
            })
            .collect();
        for (w, a) in s.words.iter().zip(parser.parse(&words)) {
            if w.upos == "PUNCT" {
                // CoNLL 2018 counts punctuation too; keep it.
            }
            n += 1;
            if w.head == Some(a.head as usize) {
                uas += 1;
                las += usize::from(parser.label_name(a.label) == w.deprel);
            }
        }
    }
    let pct = |x: usize| 100.0 * x as f64 / n.max(1) as f64;
    eprintln!(
        "dev {}: UAS {:.2}  LAS {:.2}  ({n} words, gold tokens, {} tags)",
        dev.display(),
        pct(uas),
        pct(las),
        if tagger.is_some() {
            "predicted"
        } else {
            "gold"
        }
    );
    Ok(())
}
