//! `vigie eval events --fixtures DIR`: source/code/target triples against hand-coded fixtures
//! (`crates/vigie-events/tests/fixtures/*.events`).

use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use vigie_core::{Document, Event, Metadata};
use vigie_pipeline::{Pipeline, PipelineOptions};

#[derive(Debug, clap::Args)]
pub struct EventsEvalArgs {
    /// Folder of `*.events` fixture files (`fr-*.events` are French, `en-*.events` English).
    #[arg(long, default_value = "crates/vigie-events/tests/fixtures")]
    pub fixtures: PathBuf,
    /// Print every sentence's expected and found events.
    #[arg(long)]
    pub verbose: bool,
}

struct Record {
    file: String,
    text: String,
    gold: Vec<(String, String, String)>,
}

fn read_fixtures(dir: &PathBuf) -> Result<Vec<(String, Vec<Record>)>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "events"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no *.events fixture in {}", dir.display());
    }
    let mut out = Vec::new();
    for f in files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let lang = name.get(..2).unwrap_or("fr").to_string();
        let text =
            std::fs::read_to_string(&f).with_context(|| format!("reading {}", f.display()))?;
        let mut records: Vec<Record> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            match cols.as_slice() {
                ["text", t] => records.push(Record {
                    file: name.clone(),
                    text: t.to_string(),
                    gold: Vec::new(),
                }),
                ["event", s, c, t] => match records.last_mut() {
                    Some(r) => r.gold.push((s.to_string(), c.to_string(), t.to_string())),
                    None => bail!(
                        "{}:{}: an event line before any text line",
                        f.display(),
                        i + 1
                    ),
                },
                _ => bail!(
                    "{}:{}: expected `text<TAB>…` or `event<TAB>source<TAB>code<TAB>target`",
                    f.display(),
                    i + 1
                ),
            }
        }
        out.push((lang, records));
    }
    Ok(out)
}

/// Whether an event's actor is the gold one (`-`: none; else part of its name or its code).
fn actor_matches(doc: &Document, entity: Option<u32>, code: &Option<String>, gold: &str) -> bool {
    if gold == "-" {
        return entity.is_none();
    }
    let g = gold.to_lowercase();
    let name = entity
        .and_then(|k| doc.entities.get(k as usize))
        .map(|e| e.name.to_lowercase())
        .unwrap_or_default();
    (!name.is_empty() && name.contains(&g))
        || code
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(gold))
}

fn matches(doc: &Document, e: &Event, gold: &(String, String, String), exact: bool) -> bool {
    let code_ok = if exact {
        e.code == gold.1
    } else {
        e.code.get(..2) == gold.1.get(..2)
    };
    code_ok
        && actor_matches(doc, e.source, &e.source_actor, &gold.0)
        && actor_matches(doc, e.target, &e.target_actor, &gold.2)
}

pub fn run(args: &EventsEvalArgs) -> Result<()> {
    let sets = read_fixtures(&args.fixtures)?;
    let (
        mut gold_n,
        mut pred_n,
        mut correct_root,
        mut correct_exact,
        mut records,
        mut exact_records,
    ) = (0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    for (lang, recs) in &sets {
        let pipeline = Pipeline::with_options(PipelineOptions {
            language: Some(lang.clone()),
            ..Default::default()
        });
        for r in recs {
            let mut doc = Document::new("fixture", r.text.as_str(), Metadata::default());
            pipeline.process(&mut doc);
            records += 1;
            gold_n += r.gold.len();
            pred_n += doc.events.len();
            let found_root = r
                .gold
                .iter()
                .filter(|g| doc.events.iter().any(|e| matches(&doc, e, g, false)))
                .count();
            let found_exact = r
                .gold
                .iter()
                .filter(|g| doc.events.iter().any(|e| matches(&doc, e, g, true)))
                .count();
            correct_root += found_root;
            correct_exact += found_exact;
            let all = found_exact == r.gold.len() && doc.events.len() == r.gold.len();
            exact_records += usize::from(all);
            if args.verbose || !all {
                println!("{} {}", if all { "ok  " } else { "MISS" }, r.text);
                for g in &r.gold {
                    println!("      expected {} {} {}", g.0, g.1, g.2);
                }
                for e in &doc.events {
                    let name = |k: Option<u32>| {
                        k.and_then(|k| doc.entities.get(k as usize))
                            .map_or("-".to_string(), |en| en.name.clone())
                    };
                    println!(
                        "      found    {} {} {}  ({})",
                        name(e.source),
                        e.code,
                        name(e.target),
                        e.rule.as_deref().unwrap_or("")
                    );
                }
                let _ = &r.file;
            }
        }
    }
    let p = if pred_n > 0 {
        correct_root as f64 / pred_n as f64
    } else {
        0.0
    };
    let rc = if gold_n > 0 {
        correct_root as f64 / gold_n as f64
    } else {
        0.0
    };
    let f1 = if p + rc > 0.0 {
        2.0 * p * rc / (p + rc)
    } else {
        0.0
    };
    println!(
        "\n{records} sentences, {gold_n} expected events, {pred_n} found; triples (source, CAMEO root, target): \
         P {:.1} R {:.1} F1 {:.1}; exact codes {correct_exact}/{gold_n}; sentences coded exactly {exact_records}/{records}; \
         extra events {}",
        100.0 * p,
        100.0 * rc,
        100.0 * f1,
        pred_n.saturating_sub(correct_root)
    );
    Ok(())
}
