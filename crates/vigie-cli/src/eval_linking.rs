//! `vigie eval linking`: entity linking on HIPE-2022 NewsEye French, whose gold mentions carry
//! Wikidata QIDs (or NIL). The whole pipeline runs on each document's running text (rebuilt
//! from the gold tokens), and its mentions are aligned to the gold ones by exact span and by
//! overlap.

use anyhow::{bail, Context, Result};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use vigie_core::{Document, Metadata};
use vigie_knowledge::Knowledge;
use vigie_ner::readers::{read_hipe_documents, HipeDocument};
use vigie_pipeline::{Pipeline, PipelineOptions};

#[derive(Debug, clap::Args)]
pub struct LinkingArgs {
    /// Folder holding the HIPE-2022 NewsEye French files.
    #[arg(long, default_value = "../shared/data/ner/fr-hipe2022-newseye")]
    pub data: PathBuf,
    /// Splits to score, comma-separated: test (held out), dev, dev2. Develop on dev, dev2.
    #[arg(long, value_delimiter = ',', default_value = "test")]
    pub split: Vec<String>,
    /// Extra knowledge-base files (as `vigie kb --dict`), loaded after the built-in data.
    #[arg(long = "dict")]
    pub dicts: Vec<PathBuf>,
    /// Print up to N wrong links of covered mentions (gold QID, Vigie's entity).
    #[arg(long, default_value_t = 0)]
    pub errors: usize,
    /// Print the scores as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// A Wikidata item id: `Q` and digits.
fn is_qid(id: &str) -> bool {
    id.strip_prefix('Q')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Precision, recall, F1 counts.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
struct Prf {
    tp: usize,
    predicted: usize,
    gold: usize,
}

impl Prf {
    fn p(&self) -> f64 {
        pct(self.tp, self.predicted)
    }
    fn r(&self) -> f64 {
        pct(self.tp, self.gold)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

/// Scores of one alignment mode (exact span or overlap).
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
struct ModeScore {
    /// Gold mentions with a QID the KB holds, that Vigie found.
    covered_found: usize,
    /// … and linked to the gold QID.
    covered_correct: usize,
    /// Gold NIL mentions Vigie found.
    nil_found: usize,
    /// … that Vigie left without a QID (a local entity or a KB actor without a QID).
    nil_correct: usize,
    /// End to end: Vigie mentions with a QID against gold mentions with a QID.
    end_to_end: Prf,
}

#[derive(Debug, Default, serde::Serialize)]
struct SplitScore {
    split: String,
    documents: usize,
    gold_mentions: usize,
    gold_linked: usize,
    gold_nil: usize,
    gold_qids: usize,
    /// Distinct gold QIDs the knowledge base holds.
    covered_qids: usize,
    /// Gold mentions whose QID the knowledge base holds.
    covered_mentions: usize,
    exact: ModeScore,
    overlap: ModeScore,
    seconds: f64,
}

/// One Vigie mention: byte span and the QID of its entity, if any.
struct Linked {
    start: usize,
    end: usize,
    qid: Option<String>,
    name: String,
}

fn vigie_mentions(doc: &Document) -> Vec<Linked> {
    doc.mentions
        .iter()
        .map(|m| {
            let entity = m.entity.and_then(|e| doc.entities.get(e as usize));
            Linked {
                start: m.span.start as usize,
                end: m.span.end as usize,
                qid: entity.map(|e| e.id.clone()).filter(|id| is_qid(id)),
                name: entity.map_or_else(String::new, |e| format!("{} ({})", e.name, e.id)),
            }
        })
        .collect()
}

fn score_document(
    gold: &HipeDocument,
    system: &[Linked],
    kb: &Knowledge,
    s: &mut SplitScore,
    errors: &mut Vec<String>,
) {
    for (exact, mode) in [(true, &mut s.exact), (false, &mut s.overlap)] {
        let aligned = |g: &vigie_ner::readers::LinkedMention| -> Option<&Linked> {
            if exact {
                system.iter().find(|m| m.start == g.start && m.end == g.end)
            } else {
                // The overlapping mention sharing the most bytes.
                system
                    .iter()
                    .filter(|m| m.start < g.end && g.start < m.end)
                    .max_by_key(|m| m.end.min(g.end) - m.start.max(g.start))
            }
        };
        let mut used = vec![false; system.len()];
        for g in &gold.mentions {
            let Some(link) = g.link.as_deref() else {
                continue;
            };
            let found = aligned(g);
            if is_qid(link) {
                mode.end_to_end.gold += 1;
                if let Some(m) = found {
                    if m.qid.as_deref() == Some(link) {
                        mode.end_to_end.tp += 1;
                        if let Some(i) = system.iter().position(|x| std::ptr::eq(x, m)) {
                            used[i] = true;
                        }
                    }
                }
                if kb.by_id(link).is_some() {
                    if let Some(m) = found {
                        mode.covered_found += 1;
                        if m.qid.as_deref() == Some(link) {
                            mode.covered_correct += 1;
                        } else if exact && errors.len() < errors.capacity() {
                            errors.push(format!(
                                "{}\t{:?}\tgold {link} ({})\tvigie {}",
                                gold.id,
                                &gold.text[g.start..g.end],
                                kb.by_id(link).map_or("", |a| kb.actor(a).name_fr_or_en()),
                                if m.name.is_empty() { "-" } else { &m.name }
                            ));
                        }
                    }
                }
            } else if link == "NIL" {
                if let Some(m) = found {
                    mode.nil_found += 1;
                    if m.qid.is_none() {
                        mode.nil_correct += 1;
                    }
                }
            }
        }
        mode.end_to_end.predicted += system.iter().filter(|m| m.qid.is_some()).count();
    }
}

fn load(args: &LinkingArgs, split: &str) -> Result<Vec<HipeDocument>> {
    let file = args
        .data
        .join(format!("HIPE-2022-v2.1-newseye-{split}-fr.tsv"));
    let text =
        std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    let (docs, skipped) = read_hipe_documents(&text, &file.display().to_string());
    for s in &skipped {
        eprintln!("skipped {s}");
    }
    Ok(docs)
}

pub fn linking(args: &LinkingArgs) -> Result<()> {
    if !args.data.is_dir() {
        bail!(
            "no HIPE NewsEye folder at {} (pass --data DIR)",
            args.data.display()
        );
    }
    let user_kb: Option<Arc<Knowledge>> = if args.dicts.is_empty() {
        None
    } else {
        Some(Arc::new(
            Knowledge::from_files(&args.dicts).context("loading --dict files")?,
        ))
    };
    let kb: &Knowledge = user_kb.as_deref().unwrap_or_else(|| Knowledge::builtin());
    let pipeline = Pipeline::with_options(PipelineOptions {
        language: Some("fr".into()),
        knowledge: user_kb.clone(),
        ..Default::default()
    });
    let mut scores = Vec::new();
    let mut errors = Vec::with_capacity(args.errors);
    for split in &args.split {
        if !matches!(split.as_str(), "test" | "dev" | "dev2") {
            bail!("unknown split {split:?} (test, dev, dev2)");
        }
        let docs = load(args, split)?;
        let mut s = SplitScore {
            split: split.clone(),
            documents: docs.len(),
            ..SplitScore::default()
        };
        let mut qids = BTreeSet::new();
        for d in &docs {
            for m in &d.mentions {
                s.gold_mentions += 1;
                match m.link.as_deref() {
                    Some(l) if is_qid(l) => {
                        s.gold_linked += 1;
                        qids.insert(l.to_string());
                        if kb.by_id(l).is_some() {
                            s.covered_mentions += 1;
                        }
                    }
                    Some("NIL") => s.gold_nil += 1,
                    _ => {}
                }
            }
        }
        s.gold_qids = qids.len();
        s.covered_qids = qids.iter().filter(|q| kb.by_id(q).is_some()).count();
        let started = std::time::Instant::now();
        for d in &docs {
            let meta = Metadata {
                date: d.date.clone(),
                ..Metadata::default()
            };
            let mut doc = Document::new(&d.id, &d.text, meta);
            pipeline.process(&mut doc);
            let system = vigie_mentions(&doc);
            score_document(d, &system, kb, &mut s, &mut errors);
        }
        s.seconds = started.elapsed().as_secs_f64();
        scores.push(s);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&scores)?);
        return Ok(());
    }
    for s in &scores {
        println!(
            "HIPE-2022 NewsEye fr {}: {} documents, {} gold mentions ({} with a QID, {} NIL), {:.1} s",
            s.split, s.documents, s.gold_mentions, s.gold_linked, s.gold_nil, s.seconds
        );
        println!(
            "  KB coverage: {}/{} distinct gold QIDs ({:.1} %), {}/{} linked gold mentions ({:.1} %)",
            s.covered_qids,
            s.gold_qids,
            pct(s.covered_qids, s.gold_qids),
            s.covered_mentions,
            s.gold_linked,
            pct(s.covered_mentions, s.gold_linked)
        );
        println!(
            "  {:<8} {:>22} {:>22} {:>18} {:>7} {:>7} {:>7}",
            "match", "covered: found", "accuracy on found", "NIL kept (found)", "P", "R", "F1"
        );
        for (name, m) in [("exact", &s.exact), ("overlap", &s.overlap)] {
            println!(
                "  {:<8} {:>13}/{:<4} {:>5.1}% {:>12.1}% ({}/{}) {:>9.1}% ({:>4}) {:>7.2} {:>7.2} {:>7.2}",
                name,
                m.covered_found,
                s.covered_mentions,
                pct(m.covered_found, s.covered_mentions),
                pct(m.covered_correct, m.covered_found),
                m.covered_correct,
                m.covered_found,
                pct(m.nil_correct, m.nil_found),
                m.nil_found,
                m.end_to_end.p(),
                m.end_to_end.r(),
                m.end_to_end.f1()
            );
        }
    }
    println!(
        "(accuracy: gold mentions whose QID the KB holds and that Vigie found, linked to that \
         QID; NIL kept: gold NIL mentions found that Vigie gave no QID; P/R/F1: mentions linked \
         to a QID, span and QID both right)"
    );
    if !errors.is_empty() {
        println!("wrong links (exact span, covered):");
        for e in &errors {
            println!("  {e}");
        }
    }
    Ok(())
}
