//! `vigie eval petrarch`: PETRARCH2's unit-test suite coded from raw text by Vigie's English
//! pipeline and the PETRARCH-style coder, scored as UniversalPetrarch reports it.

use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use vigie_core::{Document, Metadata};
use vigie_events::petrarch::records::{compare, read_records, Counts, Record, Triple};
use vigie_events::petrarch::{triples, PetrarchCoder};
use vigie_knowledge::petrarch::{read_actors, read_agents};
use vigie_knowledge::petrarch_verbs::{read_discards, read_verbs};
use vigie_knowledge::Date;
use vigie_pipeline::{Pipeline, PipelineOptions};

#[derive(Debug, clap::Args)]
pub struct PetrarchArgs {
    /// Folder holding `PETR.UnitTest.records.xml`, the `PETR.Validate.*` dictionaries,
    /// `CAMEO.2.0.txt` and `GigaWord.sample.PETR.xml`.
    #[arg(long, default_value = "../shared/data/events/petrarch2")]
    pub data: PathBuf,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print this many failed records with what was expected and what was coded.
    #[arg(long, default_value_t = 0)]
    pub failures: usize,
    /// Also write the parsed records as JSON Lines documents (for replaying the coder
    /// without re-parsing: `cargo run -p vigie-events --example petrarch_replay`).
    #[arg(long, hide = true)]
    pub save_parsed: Option<PathBuf>,
}

fn read(dir: &Path, name: &str) -> Result<String> {
    let p = dir.join(name);
    std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))
}

#[derive(Debug, Default, serde::Serialize)]
struct Category {
    records: usize,
    exact: usize,
    correct: usize,
    missed: usize,
    extra: usize,
}

#[derive(Debug, serde::Serialize)]
struct Report {
    records: usize,
    coded_records: usize,
    exact: usize,
    exact_pct: f64,
    correct: usize,
    missed: usize,
    extra: usize,
    extra_pct_of_records: f64,
    precision: f64,
    recall: f64,
    f1: f64,
    by_category: BTreeMap<String, Category>,
    dictionaries: BTreeMap<String, usize>,
    cameo_2_0: BTreeMap<String, usize>,
    gigaword: BTreeMap<String, f64>,
    seconds: f64,
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn code_text(
    pipeline: &Pipeline,
    coder: &PetrarchCoder,
    id: &str,
    text: &str,
    date: &str,
    save: Option<&mut Vec<String>>,
) -> Result<Vec<Triple>> {
    let mut doc = Document::new(id, text, Metadata::default());
    pipeline.process(&mut doc);
    let mut events = coder.code_document_on(&doc, Date::parse_petrarch(date));
    events.sort_by_key(|e| e.trigger.map(|t| t.start));
    if let Some(lines) = save {
        lines.push(serde_json::to_string(&doc)?);
    }
    Ok(triples(&events))
}

pub fn run(args: &PetrarchArgs) -> Result<()> {
    let started = Instant::now();
    let dir = &args.data;
    let verbs = read_verbs(
        &read(dir, "PETR.Validate.verbs.txt")?,
        "PETR.Validate.verbs.txt",
    );
    let actors = read_actors(
        &read(dir, "PETR.Validate.actors.txt")?,
        "PETR.Validate.actors.txt",
    );
    let agents = read_agents(
        &read(dir, "PETR.Validate.agents.txt")?,
        "PETR.Validate.agents.txt",
    );
    let discards = read_discards(
        &read(dir, "PETR.Validate.discards.txt")?,
        "PETR.Validate.discards.txt",
    );
    let mut dictionaries = BTreeMap::new();
    dictionaries.insert("verb_blocks".to_string(), verbs.blocks.len());
    dictionaries.insert("verbs".to_string(), verbs.verb_count());
    dictionaries.insert("patterns".to_string(), verbs.pattern_count());
    dictionaries.insert("synsets".to_string(), verbs.synsets.len());
    dictionaries.insert("verb_diagnostics".to_string(), verbs.diagnostics.len());
    dictionaries.insert("actors".to_string(), actors.entries.len());
    dictionaries.insert("agents".to_string(), agents.entries.len());
    dictionaries.insert("discards".to_string(), discards.len());
    let cameo = read_verbs(&read(dir, "CAMEO.2.0.txt")?, "CAMEO.2.0.txt");
    let mut cameo_2_0 = BTreeMap::new();
    cameo_2_0.insert("verb_blocks".to_string(), cameo.blocks.len());
    cameo_2_0.insert("verbs".to_string(), cameo.verb_count());
    cameo_2_0.insert("patterns".to_string(), cameo.pattern_count());
    cameo_2_0.insert("synsets".to_string(), cameo.synsets.len());
    cameo_2_0.insert("transformations".to_string(), cameo.transformations);
    cameo_2_0.insert("diagnostics".to_string(), cameo.diagnostics.len());
    let mut coder = PetrarchCoder::from_dictionaries(
        verbs,
        &actors,
        &agents,
        discards,
        "PETR.Validate.verbs.txt",
    );
    let records = read_records(
        &read(dir, "PETR.UnitTest.records.xml")?,
        "PETR.UnitTest.records.xml",
    )?;
    let pipeline = Pipeline::with_options(PipelineOptions {
        language: Some("en".into()),
        ..PipelineOptions::default()
    });
    let mut total = Counts::default();
    let mut exact = 0;
    let mut coded_records = 0;
    let mut by_category: BTreeMap<String, Category> = BTreeMap::new();
    let mut failures: Vec<(&Record, Vec<Triple>, Counts)> = Vec::new();
    let mut saved = Vec::new();
    for r in records.iter().filter(|r| r.to_code) {
        coded_records += 1;
        coder.set_require_dyad(r.require_dyad);
        coder.set_new_actor_length(r.new_actor_length);
        let coded = code_text(
            &pipeline,
            &coder,
            &r.id,
            &r.text,
            &r.date,
            args.save_parsed.is_some().then_some(&mut saved),
        )?;
        let c = compare(&r.expected, &coded);
        let ok = c.missed == 0 && c.extra == 0;
        total.correct += c.correct;
        total.missed += c.missed;
        total.extra += c.extra;
        exact += usize::from(ok);
        let cat = by_category.entry(r.category.clone()).or_default();
        cat.records += 1;
        cat.exact += usize::from(ok);
        cat.correct += c.correct;
        cat.missed += c.missed;
        cat.extra += c.extra;
        if !ok {
            failures.push((r, coded, c));
        }
    }
    if let Some(p) = &args.save_parsed {
        std::fs::write(p, saved.join("\n")).with_context(|| format!("writing {}", p.display()))?;
    }
    // Smoke test of the real dictionaries on GigaWord sentences (no gold events there).
    let mut gigaword = BTreeMap::new();
    if let Ok(xml) = read(dir, "GigaWord.sample.PETR.xml") {
        let giga = read_records(&xml, "GigaWord.sample.PETR.xml")?;
        let real = PetrarchCoder::builtin();
        let t = Instant::now();
        let mut n = 0usize;
        for r in &giga {
            n += code_text(&pipeline, real, &r.id, &r.text, &r.date, None)?.len();
        }
        gigaword.insert("sentences".to_string(), giga.len() as f64);
        gigaword.insert("events".to_string(), n as f64);
        gigaword.insert(
            "events_per_sentence".to_string(),
            if giga.is_empty() {
                0.0
            } else {
                n as f64 / giga.len() as f64
            },
        );
        gigaword.insert("seconds".to_string(), t.elapsed().as_secs_f64());
    }
    let precision = pct(total.correct, total.correct + total.extra);
    let recall = pct(total.correct, total.correct + total.missed);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let report = Report {
        records: records.len(),
        coded_records,
        exact,
        exact_pct: pct(exact, coded_records),
        correct: total.correct,
        missed: total.missed,
        extra: total.extra,
        extra_pct_of_records: pct(total.extra, coded_records),
        precision,
        recall,
        f1,
        by_category,
        dictionaries,
        cameo_2_0,
        gigaword,
        seconds: started.elapsed().as_secs_f64(),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    for (r, coded, c) in failures.iter().take(args.failures) {
        println!(
            "\n{} [{}] correct {} missed {} extra {}\n  {}",
            r.id, r.category, c.correct, c.missed, c.extra, r.text
        );
        if let Some(n) = r.notes.first() {
            println!("  note: {n}");
        }
        let show = |t: &Triple| format!("{} {} {}", t.source, t.target, t.code);
        let exp: Vec<String> = r.expected.iter().map(show).collect();
        let got: Vec<String> = coded.iter().map(show).collect();
        println!("  expected: {}", exp.join(" | "));
        println!("  coded:    {}", got.join(" | "));
    }
    Ok(())
}

fn print_report(r: &Report) {
    println!(
        "PETRARCH2 unit tests: {} records, {} to code (Vigie parses the raw text)",
        r.records, r.coded_records
    );
    println!(
        "coded exactly   {:>4} / {}  {:5.1} %",
        r.exact, r.coded_records, r.exact_pct
    );
    println!(
        "triples         correct {}  missed {}  extra {}  (extra = {:.1} % of records)",
        r.correct, r.missed, r.extra, r.extra_pct_of_records
    );
    println!(
        "P / R / F1      {:.1} / {:.1} / {:.1}",
        r.precision, r.recall, r.f1
    );
    println!(
        "\n{:<12} {:>7} {:>6} {:>8} {:>7} {:>6}",
        "category", "records", "exact", "correct", "missed", "extra"
    );
    for (name, c) in &r.by_category {
        println!(
            "{:<12} {:>7} {:>6} {:>8} {:>7} {:>6}",
            name, c.records, c.exact, c.correct, c.missed, c.extra
        );
    }
    let fmt = |m: &BTreeMap<String, usize>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!("\nPETR.Validate dictionaries: {}", fmt(&r.dictionaries));
    println!("CAMEO.2.0.txt: {}", fmt(&r.cameo_2_0));
    if !r.gigaword.is_empty() {
        let g = |k: &str| r.gigaword.get(k).copied().unwrap_or(0.0);
        println!(
            "GigaWord sample (real dictionaries, no gold): {} sentences, {} events, {:.2} events/sentence",
            g("sentences"),
            g("events"),
            g("events_per_sentence")
        );
    }
    println!("time {:.1} s", r.seconds);
}
