//! `vigie extract`: read inputs, run the pipeline, write JSON, JSON Lines or a readable view.

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use vigie_core::{Document, InputFormat};
use vigie_events::export::{gdelt_row, plover_record, GDELT_COLUMNS};
use vigie_input::{InputError, ReadOptions};
use vigie_pipeline::Pipeline;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One pretty-printed JSON object for a single document, an array for several.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// A readable view: paragraphs, sentences, boilerplate flags, quotations.
    Text,
    /// Quotations only, one per line: who said what (what `vigie quotes` prints).
    Quotes,
    /// Entities only: id, type, name, actor code, mentions (what `vigie entities` prints).
    Entities,
    /// Events only, one per line: code, actors, PLOVER type, Goldstein, date, place,
    /// modality, evidence (what `vigie events FILE…` prints).
    Events,
    /// Events as GDELT 2.0 event-table rows (61 tab-separated columns after a header line of
    /// column names; fields Vigie has no value for are empty).
    Gdelt,
    /// Events as PLOVER JSON records, one per line (events without a PLOVER type are skipped).
    Plover,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ExtractArgs {
    /// Files or directories (read recursively); `-` reads standard input. Default: `-`.
    pub inputs: Vec<PathBuf>,
    #[arg(long, short, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Treat every input as this format instead of detecting it.
    #[arg(long, value_enum)]
    pub input_format: Option<InputKind>,
    /// Force the language (ISO 639-1, e.g. `fr`) instead of identifying it.
    #[arg(long)]
    pub lang: Option<String>,
    /// Stop after the text layer: paragraphs, sentences and tokens, no tagging or parsing.
    #[arg(long)]
    pub text_only: bool,
    /// Never show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// A lexicon of event patterns (same columns as vigie-events' data/verbs-fr.tsv) tried
    /// before the shipped one. Also read from the environment variable VIGIE_EVENTS_LEXICON.
    #[arg(long, value_name = "FILE")]
    pub events_lexicon: Option<PathBuf>,
    /// Skip the event stage.
    #[arg(long)]
    pub no_events: bool,
    /// Your own actors, linked besides the built-in knowledge base: Vigie TSV files
    /// (`people.tsv`, `organisations.tsv`… format) or PETRARCH dictionaries (repeatable).
    #[arg(long = "dict")]
    pub dicts: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputKind {
    Text,
    Html,
    Jsonl,
}

impl From<InputKind> for InputFormat {
    fn from(k: InputKind) -> InputFormat {
        match k {
            InputKind::Text => InputFormat::Text,
            InputKind::Html => InputFormat::Html,
            InputKind::Jsonl => InputFormat::Jsonl,
        }
    }
}

/// Writes documents in the chosen format; JSON needs to know whether a second document comes.
struct Writer<W: Write> {
    out: W,
    format: Format,
    pending: Option<Document>,
    written: usize,
    /// Events written as GDELT rows (their GLOBALEVENTID) or PLOVER records.
    events: u64,
    /// GDELT's DATEADDED: when this run started.
    date_added: String,
}

impl<W: Write> Writer<W> {
    fn push(&mut self, doc: Document) -> Result<()> {
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, &doc)?;
                self.out.write_all(b"\n")?;
            }
            Format::Text => write_text(&mut self.out, &doc)?,
            Format::Quotes => write_quotes(&mut self.out, &doc)?,
            Format::Entities => write_entities(&mut self.out, &doc)?,
            Format::Events => write_events(&mut self.out, &doc)?,
            Format::Gdelt => {
                if self.events == 0 && self.written == 0 {
                    writeln!(self.out, "{}", GDELT_COLUMNS.join("\t"))?;
                }
                for e in &doc.events {
                    self.events += 1;
                    let row = gdelt_row(&doc, e, self.events, &self.date_added);
                    writeln!(self.out, "{row}")?;
                }
            }
            Format::Plover => {
                for (i, e) in doc.events.iter().enumerate() {
                    if let Some(r) = plover_record(&doc, e, i) {
                        self.events += 1;
                        serde_json::to_writer(&mut self.out, &r)?;
                        self.out.write_all(b"\n")?;
                    }
                }
            }
            Format::Json => {
                if let Some(prev) = self.pending.take() {
                    self.out
                        .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
                    serde_json::to_writer_pretty(&mut self.out, &prev)?;
                    self.written += 1;
                }
                self.pending = Some(doc);
                return Ok(());
            }
        }
        self.written += 1;
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        if self.format == Format::Gdelt && self.events == 0 && self.written == 0 {
            writeln!(self.out, "{}", GDELT_COLUMNS.join("\t"))?;
        }
        if self.format == Format::Json {
            match (self.pending.take(), self.written) {
                (Some(doc), 0) => serde_json::to_writer_pretty(&mut self.out, &doc)?,
                (Some(doc), _) => {
                    self.out.write_all(b",\n")?;
                    serde_json::to_writer_pretty(&mut self.out, &doc)?;
                    self.out.write_all(b"\n]")?;
                }
                (None, 0) => self.out.write_all(b"[]")?,
                (None, _) => self.out.write_all(b"\n]")?,
            }
            self.out.write_all(b"\n")?;
        }
        self.out.flush()?;
        Ok(())
    }
}

fn write_text(out: &mut impl Write, doc: &Document) -> std::io::Result<()> {
    let lang = doc.language.as_ref().map_or("?", |l| l.code.as_str());
    writeln!(
        out,
        "== {} [{lang}] {} paragraphs, {} sentences, {} tokens",
        doc.id,
        doc.paragraphs.len(),
        doc.sentences.len(),
        doc.tokens.len()
    )?;
    for (k, v) in [
        ("title", &doc.meta.title),
        ("author", &doc.meta.author),
        ("date", &doc.meta.date),
        ("site", &doc.meta.site_name),
        ("url", &doc.meta.url),
    ] {
        if let Some(v) = v {
            writeln!(out, "{k}: {v}")?;
        }
    }
    for (pi, p) in doc.paragraphs.iter().enumerate() {
        let mut tags = Vec::new();
        if let Some(b) = &p.boilerplate {
            tags.push(format!("boilerplate: {b}"));
        }
        if let Some(l) = &p.language {
            tags.push(format!("lang: {}", l.code));
        }
        let tags = if tags.is_empty() {
            String::new()
        } else {
            format!(" ({})", tags.join(", "))
        };
        writeln!(out, "\n¶{}{tags}", pi + 1)?;
        for si in p.sentences.range() {
            if let Some(s) = doc.sentences.get(si) {
                writeln!(out, "  [{}] {}", si + 1, doc.slice(s.span))?;
            }
        }
    }
    if !doc.entities.is_empty() {
        writeln!(out, "\nentities:")?;
        write_entities(out, doc)?;
    }
    if !doc.quotes.is_empty() {
        writeln!(out, "\nquotations:")?;
        write_quotes(out, doc)?;
    }
    if !doc.events.is_empty() {
        writeln!(out, "\nevents:")?;
        write_events(out, doc)?;
    }
    for w in &doc.warnings {
        let at = w
            .span
            .map(|s| format!(" at bytes {}..{}", s.start, s.end))
            .unwrap_or_default();
        writeln!(out, "warning: {}{at}: {}", w.code, w.message)?;
    }
    writeln!(out)
}

/// GDELT's DATEADDED for rows written now (`YYYYMMDDHHMMSS`, UTC).
pub fn date_added_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    vigie_events::export::gdelt_timestamp(secs)
}

impl ExtractArgs {
    /// Arguments that list `files` in `format` with the defaults.
    pub fn listing(files: &[PathBuf], format: Format) -> ExtractArgs {
        ExtractArgs {
            inputs: files.to_vec(),
            format,
            output: None,
            input_format: None,
            lang: None,
            text_only: false,
            no_progress: false,
            events_lexicon: None,
            no_events: false,
            dicts: Vec::new(),
        }
    }

    /// The same, linking against the built-in knowledge base plus `dicts`.
    pub fn with_dicts(mut self, dicts: &[PathBuf]) -> ExtractArgs {
        self.dicts = dicts.to_vec();
        self
    }
}

/// The event options from `--events-lexicon` or `VIGIE_EVENTS_LEXICON`.
pub fn event_options(file: Option<&std::path::Path>) -> Result<vigie_events::EventOptions> {
    let env = std::env::var_os("VIGIE_EVENTS_LEXICON").map(PathBuf::from);
    let Some(path) = file.map(PathBuf::from).or(env) else {
        return Ok(vigie_events::EventOptions::default());
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("reading the events lexicon {}", path.display()))?;
    let lexicon = vigie_events::Lexicon::builtin_with(&text, &path.display().to_string())
        .with_context(|| format!("in the events lexicon {}", path.display()))?;
    Ok(vigie_events::EventOptions {
        lexicon: Some(std::sync::Arc::new(lexicon)),
        ..Default::default()
    })
}

/// One block per event: code and label, source → target with actor codes, trigger, theme,
/// date, place, modality and negation, then the evidence.
fn write_events(out: &mut impl Write, doc: &Document) -> std::io::Result<()> {
    let cameo = vigie_events::cameo::CameoTable::builtin();
    let actor = |e: Option<u32>, span: Option<vigie_core::Span>, code: &Option<String>| -> String {
        let name = e
            .and_then(|k| doc.entities.get(k as usize))
            .map(|en| en.name.clone())
            .or_else(|| span.map(|s| doc.slice(s).to_string()));
        match (name, code) {
            (Some(n), Some(c)) => format!("{n} [{c}]"),
            (Some(n), None) => n,
            (None, _) => "-".into(),
        }
    };
    if !doc.events.is_empty() {
        writeln!(out, "== {}: {} events", doc.id, doc.events.len())?;
    }
    for e in &doc.events {
        let label = cameo.get(&e.code).map_or("", |c| c.label.as_str());
        let plover = match (&e.plover_type, &e.plover_mode) {
            (Some(t), Some(m)) => format!(" {t}/{m}"),
            (Some(t), None) => format!(" {t}"),
            _ => String::new(),
        };
        let mut notes: Vec<String> = Vec::new();
        if e.negated {
            notes.push("NEGATED".into());
        }
        if let Some(m) = &e.modality {
            notes.push(m.clone());
        }
        notes.extend(e.flags.iter().cloned());
        writeln!(
            out,
            "  {} {label} (Goldstein {}, quad {}{plover}) conf {:.2}",
            e.code,
            e.goldstein.unwrap_or(0.0),
            e.quad_class.unwrap_or(0),
            e.confidence
        )?;
        writeln!(
            out,
            "    {} → {}",
            actor(e.source, e.source_span, &e.source_actor),
            actor(e.target, e.target_span, &e.target_actor)
        )?;
        let mut details = Vec::new();
        if let (Some(t), Some(l)) = (e.trigger, &e.trigger_lemma) {
            details.push(format!("trigger «{}» ({l})", doc.slice(t)));
        }
        if let Some(t) = e.theme {
            details.push(format!("theme «{}»", doc.slice(t)));
        }
        if let Some(d) = &e.date {
            let w = e
                .date_span
                .map(|s| doc.slice(s).to_string())
                .unwrap_or_default();
            details.push(format!("date {d} «{w}»"));
        }
        if let Some(s) = e.location_span {
            let name = e
                .location
                .and_then(|k| doc.entities.get(k as usize))
                .map_or_else(|| doc.slice(s).to_string(), |en| en.name.clone());
            details.push(format!("place {name}"));
        }
        if let Some(q) = e.reported_in {
            details.push(format!("reported in quote #{q}"));
        }
        if !details.is_empty() {
            writeln!(out, "    {}", details.join("; "))?;
        }
        if !notes.is_empty() {
            writeln!(out, "    [{}]", notes.join(", "))?;
        }
        writeln!(out, "    «{}»", doc.slice(e.span).replace('\n', " "))?;
    }
    Ok(())
}

/// One line per entity: id, type, canonical name, actor code and country, then its mentions.
fn write_entities(out: &mut impl Write, doc: &Document) -> std::io::Result<()> {
    for e in &doc.entities {
        let mentions: Vec<String> = e
            .mentions
            .iter()
            .filter_map(|&m| doc.mentions.get(m as usize))
            .map(|m| format!("{} @{}", doc.slice(m.span), m.span.start))
            .collect();
        writeln!(
            out,
            "  {:<12} {:<4} {:<28} {:<8} {:<4} {}",
            e.id,
            e.label,
            e.name,
            e.actor_code.as_deref().unwrap_or("-"),
            e.country.as_deref().unwrap_or("-"),
            mentions.join(" | ")
        )?;
    }
    Ok(())
}

/// One line per quotation: kind, speaker (→ who a pronoun or role stands for), cue and speech
/// act, confidence, the quoted text, flags.
fn write_quotes(out: &mut impl Write, doc: &Document) -> std::io::Result<()> {
    for q in &doc.quotes {
        let speaker = match (q.speaker, q.speaker_antecedent) {
            (Some(s), Some(a)) => format!("{} → {}", doc.slice(s), doc.slice(a)),
            (Some(s), None) => doc.slice(s).to_string(),
            (None, _) => "(unknown)".to_string(),
        };
        let cue = match (&q.cue_lemma, &q.speech_act) {
            (Some(c), Some(a)) => format!(" [{c}: {a}]"),
            (Some(c), None) => format!(" [{c}]"),
            _ => String::new(),
        };
        let flags = if q.flags.is_empty() {
            String::new()
        } else {
            format!("  ({})", q.flags.join("; "))
        };
        writeln!(
            out,
            "  {:<8} {speaker}{cue} {:.2}: «{}»{flags}",
            q.kind,
            q.confidence,
            doc.slice(q.span)
        )?;
    }
    Ok(())
}

pub fn run(args: &ExtractArgs) -> Result<ExitCode> {
    let inputs: Vec<PathBuf> = if args.inputs.is_empty() {
        if std::io::stdin().is_terminal() {
            bail!("no input: give files or directories, or pipe text into `vigie extract -`");
        }
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let opts = ReadOptions {
        format: args.input_format.map(Into::into),
        ..ReadOptions::default()
    };
    let knowledge = if args.dicts.is_empty() {
        None
    } else {
        let kb =
            vigie_knowledge::Knowledge::from_files(&args.dicts).context("loading --dict files")?;
        for d in kb.diagnostics() {
            eprintln!("{d}");
        }
        Some(std::sync::Arc::new(kb))
    };
    let pipeline = Pipeline::with_options(vigie_pipeline::PipelineOptions {
        language: args.lang.clone(),
        text_only: args.text_only,
        no_events: args.no_events,
        events: event_options(args.events_lexicon.as_deref())?,
        knowledge,
        ..Default::default()
    });
    let sink: Box<dyn Write> = match &args.output {
        Some(p) => {
            Box::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut writer = Writer {
        out: BufWriter::new(sink),
        format: args.format,
        pending: None,
        written: 0,
        events: 0,
        date_added: date_added_now(),
    };

    // A progress bar when there is a directory or a lot to read, on a terminal.
    let listing = vigie_input::list_inputs(&inputs);
    let total_bytes: u64 = listing.iter().map(|i| i.bytes).sum();
    let show = !args.no_progress
        && std::io::stderr().is_terminal()
        && (inputs.iter().any(|p| p.is_dir()) || total_bytes > 8 << 20);
    let bar = if show {
        let bar = ProgressBar::new(listing.len() as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{bar:30} {pos}/{len} files {per_sec} {eta} {msg}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };

    let mut errors = 0usize;
    let mut docs = 0usize;
    let mut report = |e: &InputError| {
        errors += 1;
        bar.suspend(|| eprintln!("error: {e}"));
    };
    for input in &listing {
        for item in vigie_input::read_input(input, &opts) {
            match item {
                Ok(mut doc) => {
                    pipeline.process(&mut doc);
                    docs += 1;
                    writer.push(doc)?;
                }
                Err(e) => report(&e),
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    writer.finish()?;
    if errors > 0 {
        eprintln!("{docs} documents written, {errors} inputs failed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
