//! Quotations with their attribution: the French gold set (`fixtures/quotes-fr/*.jsonl`, built
//! by `scripts/quotes-fr/build_gold.py` from hand annotations of real French news excerpts)
//! and the measures the published quote extractors report beyond the content span —
//! share of found quotes with the right speaker and the right cue verb, speaker linked to the
//! right entity (P/R/F1) —, each broken down by quote kind.
//!
//! Spans are byte offsets into the excerpt text. A gold quote is *found* when one system quote
//! covers at least 30 % of its characters (the GenderGapTracker / Radar de Parité threshold);
//! the attribution measures are taken on found quotes, against the system quote that overlaps
//! the gold one most.

use crate::quotes::{core_span, score, Prf};
use crate::EvalError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// A span of the excerpt with its text (checked against the text when read).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct GoldSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// One hand-annotated quotation.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct GoldQuote {
    /// `direct`, `partial`, `indirect`, `mixed` or `selon` (selon / d'après / according to).
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The speaker as written nearest the quote; none when the text does not say.
    #[serde(default)]
    pub speaker: Option<GoldSpan>,
    /// The speaker's name where the text says who it is ("il" → "Michel Aoun").
    #[serde(default)]
    pub canonical: Option<String>,
    /// The reporting verb's lemma ("selon" for selon / d'après); none when there is no cue.
    #[serde(default)]
    pub cue: Option<String>,
}

/// One excerpt of real text with its quotations.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct GoldExcerpt {
    pub id: String,
    pub source: String,
    /// Sentence ids (UD) or the document id (HIPE) the excerpt comes from.
    pub sentences: Vec<String>,
    /// `dev` (for tuning) or `test` (measured once, at the end).
    pub split: String,
    pub text: String,
    pub quotes: Vec<GoldQuote>,
}

/// Reads every `*.jsonl` file of `dir` (sorted by name). Every span must slice the text to its
/// recorded surface: a gold file that does not is an error naming the file and line.
pub fn read_excerpts(dir: &Path) -> Result<Vec<GoldExcerpt>, EvalError> {
    let io = |source| EvalError::Io {
        path: dir.display().to_string(),
        source,
    };
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let content = std::fs::read_to_string(&path).map_err(|source| EvalError::Io {
            path: path.display().to_string(),
            source,
        })?;
        out.extend(parse_excerpts(&content, &path.display().to_string())?);
    }
    Ok(out)
}

/// Parses JSON Lines of [`GoldExcerpt`] and checks every span (see [`read_excerpts`]).
pub fn parse_excerpts(content: &str, path: &str) -> Result<Vec<GoldExcerpt>, EvalError> {
    let mut out = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String| EvalError::Format {
            path: path.to_string(),
            line: i + 1,
            message,
        };
        let ex: GoldExcerpt = serde_json::from_str(line).map_err(|e| err(e.to_string()))?;
        for q in &ex.quotes {
            let spans = std::iter::once((q.start, q.end, &q.text))
                .chain(q.speaker.iter().map(|s| (s.start, s.end, &s.text)));
            for (s, e, surface) in spans {
                if ex.text.get(s..e) != Some(surface.as_str()) {
                    return Err(err(format!("span {s}..{e} is not {surface:?}")));
                }
            }
        }
        out.push(ex);
    }
    Ok(out)
}

/// A system quote, reduced to what the scorer compares.
#[derive(Debug, Clone, Default)]
pub struct SystemQuote {
    /// The kind as [`kind_of`] maps it.
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub speaker: Option<(usize, usize)>,
    /// The name a pronoun or role noun stands for, as written.
    pub antecedent: Option<String>,
    pub cue: Option<String>,
    /// The linked entity's name, label and mention surfaces (empty when not linked).
    pub entity_names: Vec<String>,
}

/// The gold kinds from Vigie's kind and cue: reported speech introduced by selon / d'après /
/// according to is `selon`, whatever else it holds.
pub fn kind_of(kind: &str, cue_lemma: Option<&str>) -> String {
    let selon = matches!(cue_lemma, Some("selon" | "après" | "according" | "accord"));
    match kind {
        "indirect" | "mixed" if selon => "selon".into(),
        other => other.into(),
    }
}

/// Cue lemmas that name the same cue ("d'après" is lemmatised "après").
fn same_cue(gold: &str, system: &str) -> bool {
    let norm = |c: &str| match c {
        "après" => "selon".to_string(),
        // "according to" is lemmatised "accord" by some English parsers.
        "accord" => "according".to_string(),
        other => other.to_lowercase(),
    };
    norm(gold) == norm(system)
}

/// Lowercase words without titles and determiners, for name comparison.
fn name_words(name: &str) -> Vec<String> {
    const SKIP: &[&str] = &[
        "m.", "mme", "mr", "mrs", "ms", "dr", "le", "la", "les", "l", "the", "mgr",
    ];
    name.split(|c: char| c.is_whitespace() || c == '\'' || c == '’')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty() && !SKIP.contains(&w.as_str()))
        .collect()
}

/// A name and a canonical name denote the same person when the words of one are all in the
/// other ("Obama" and "Barack Obama"; "Di Rupo" and "Elio Di Rupo").
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (name_words(a), name_words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.iter().all(|w| long.contains(w))
}

/// The typography of a direct quotation: the mark right before its content.
fn mark_of(text: &str, start: usize) -> &'static str {
    let before = text.get(..start).unwrap_or("").trim_end();
    match before.chars().last() {
        Some('«') => "«…»",
        Some('"' | '“' | '”') => "\"…\"",
        _ => "other",
    }
}

/// Counts of found quotes whose attribution is right.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Share {
    pub right: usize,
    pub total: usize,
}

impl Share {
    pub fn percent(&self) -> f64 {
        100.0 * self.right as f64 / self.total.max(1) as f64
    }
    fn add(&mut self, right: bool) {
        self.total += 1;
        self.right += usize::from(right);
    }
}

/// The measures of one kind (or of all quotes).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct KindScore {
    pub at30: Prf,
    pub at80: Prf,
    /// Found quotes (at 30 %) with a gold speaker: the system speaker is the same mention, or
    /// the same words, or stands for the same name.
    pub speaker: Share,
    /// Found quotes with a gold cue: the system cue has the same lemma.
    pub cue: Share,
    /// Speaker linked to the right entity: system_right / system over found quotes the system
    /// linked, gold_found / gold over gold quotes with a canonical name.
    pub link: Prf,
}

/// Everything `vigie eval quotes --lang fr` reports.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct AttributionScore {
    pub excerpts: usize,
    pub all: KindScore,
    pub exact: Prf,
    pub overlap: Prf,
    /// By gold kind (recall side) and system kind (precision side); direct quotes also by mark.
    pub by_kind: BTreeMap<String, KindScore>,
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// The content span as scored: no marks, edge punctuation or leading complementiser
/// ("que", "qu'", "that"), so a clause scores the same with or without it.
pub fn scored_span(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let (mut s, e) = core_span(text, start, end)?;
    let rest = text.get(s..e)?;
    for lead in ["que ", "qu'", "qu’", "that "] {
        if rest.len() > lead.len()
            && rest
                .get(..lead.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(lead))
        {
            s += lead.len();
            break;
        }
    }
    core_span(text, s, e)
}

impl AttributionScore {
    /// Adds one excerpt: its gold quotes and the system's.
    pub fn add(&mut self, text: &str, gold: &[GoldQuote], system: &[SystemQuote]) {
        self.excerpts += 1;
        let gspans: Vec<Option<(usize, usize)>> = gold
            .iter()
            .map(|q| scored_span(text, q.start, q.end))
            .collect();
        let sspans: Vec<Option<(usize, usize)>> = system
            .iter()
            .map(|q| scored_span(text, q.start, q.end))
            .collect();
        let gkey = |i: usize| -> Vec<String> {
            let q = &gold[i];
            let mut keys = vec![q.kind.clone()];
            if q.kind == "direct" {
                keys.push(format!("direct {}", mark_of(text, q.start)));
            }
            keys
        };
        let skey = |i: usize| -> Vec<String> {
            let q = &system[i];
            let mut keys = vec![q.kind.clone()];
            if q.kind == "direct" {
                keys.push(format!("direct {}", mark_of(text, q.start)));
            }
            keys
        };
        let all_gold: Vec<(usize, usize)> = gspans.iter().flatten().copied().collect();
        let all_system: Vec<(usize, usize)> = sspans.iter().flatten().copied().collect();
        self.exact.add(score(&all_gold, &all_system, 2.0));
        self.overlap.add(score(&all_gold, &all_system, 0.0));
        // Precision side: each system quote, in its kind and in `all`.
        for (i, s) in sspans.iter().enumerate() {
            let Some(s) = *s else { continue };
            for (share, pick) in [(0.3, 0usize), (0.8, 1)] {
                let right = score(&all_gold, &[s], share).system_right;
                let mut targets = vec!["all".to_string()];
                targets.extend(skey(i));
                for k in targets {
                    let ks = self.entry(&k);
                    let prf = if pick == 0 {
                        &mut ks.at30
                    } else {
                        &mut ks.at80
                    };
                    prf.system += 1;
                    prf.system_right += right;
                }
            }
        }
        // Recall side and attribution: each gold quote.
        for (gi, g) in gspans.iter().enumerate() {
            let Some(g) = *g else { continue };
            let q = &gold[gi];
            let mut targets = vec!["all".to_string()];
            targets.extend(gkey(gi));
            let found30 = score(&[g], &all_system, 0.3).gold_found;
            let found80 = score(&[g], &all_system, 0.8).gold_found;
            // The system quote that overlaps this gold quote most.
            let best = (found30 > 0)
                .then(|| {
                    sspans
                        .iter()
                        .enumerate()
                        .filter_map(|(i, s)| s.map(|s| (i, overlap(g, s))))
                        .filter(|&(_, o)| o > 0)
                        .max_by_key(|&(_, o)| o)
                        .map(|(i, _)| &system[i])
                })
                .flatten();
            let speaker_right = q.speaker.as_ref().map(|gs| {
                best.is_some_and(|b| {
                    b.speaker.is_some_and(|sp| {
                        overlap(sp, (gs.start, gs.end)) > 0
                            || text.get(sp.0..sp.1).is_some_and(|t| {
                                t.eq_ignore_ascii_case(&gs.text)
                                    || q.canonical.as_deref().is_some_and(|c| same_name(t, c))
                            })
                    }) || b
                        .antecedent
                        .as_deref()
                        .is_some_and(|a| q.canonical.as_deref().is_some_and(|c| same_name(a, c)))
                })
            });
            let cue_right = q
                .cue
                .as_ref()
                .map(|gc| best.is_some_and(|b| b.cue.as_deref().is_some_and(|c| same_cue(gc, c))));
            let linked = best.filter(|b| !b.entity_names.is_empty());
            let link_right = match (linked, q.canonical.as_deref()) {
                (Some(b), Some(c)) => b.entity_names.iter().any(|n| same_name(n, c)),
                _ => false,
            };
            for k in targets {
                let ks = self.entry(&k);
                ks.at30.gold += 1;
                ks.at30.gold_found += found30;
                ks.at80.gold += 1;
                ks.at80.gold_found += found80;
                if found30 > 0 {
                    if let Some(r) = speaker_right {
                        ks.speaker.add(r);
                    }
                    if let Some(r) = cue_right {
                        ks.cue.add(r);
                    }
                    if linked.is_some() {
                        ks.link.system += 1;
                        ks.link.system_right += usize::from(link_right);
                    }
                }
                if q.canonical.is_some() {
                    ks.link.gold += 1;
                    ks.link.gold_found += usize::from(link_right);
                }
            }
        }
    }

    fn entry(&mut self, key: &str) -> &mut KindScore {
        if key == "all" {
            &mut self.all
        } else {
            self.by_kind.entry(key.to_string()).or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/quotes-fr");

    #[test]
    fn the_french_gold_reads_and_every_span_slices_to_its_surface() {
        let excerpts = read_excerpts(Path::new(FIXTURES)).expect("gold reads");
        let quotes: usize = excerpts.iter().map(|e| e.quotes.len()).sum();
        assert!(quotes >= 150, "{quotes} quotes");
        for kind in ["direct", "partial", "indirect", "mixed", "selon"] {
            assert!(
                excerpts
                    .iter()
                    .flat_map(|e| &e.quotes)
                    .any(|q| q.kind == kind),
                "no {kind} quote"
            );
        }
        // Held-out sources: about 30 % dev, the rest test; training splits (GSD dev, Sequoia
        // train/dev, HIPE dev) enlarge the dev part and never reach the test part.
        let held_out = |e: &&GoldExcerpt| {
            !matches!(
                e.source.as_str(),
                "gsd-dev" | "sequoia-train" | "sequoia-dev" | "hipe-dev" | "hipe-dev2"
            )
        };
        let count = |split: &str, held: bool| {
            excerpts
                .iter()
                .filter(|e| e.split == split && held_out(e) == held)
                .flat_map(|e| &e.quotes)
                .count()
        };
        let (dev, test) = (count("dev", true), count("test", true));
        assert!(
            dev * 10 >= (dev + test) * 2 && dev * 10 <= (dev + test) * 3,
            "{dev} dev, {test} test"
        );
        assert_eq!(count("test", false), 0, "a training split in the test part");
        assert!(count("dev", false) > 0);
    }

    #[test]
    fn a_span_that_does_not_slice_to_its_surface_is_an_error() {
        let line = r#"{"id":"x","source":"s","sentences":[],"split":"dev","text":"Il a dit « oui ».","quotes":[{"kind":"direct","start":0,"end":2,"text":"oui"}]}"#;
        let err = parse_excerpts(line, "x.jsonl").expect_err("bad span");
        assert!(err.to_string().contains("x.jsonl:1"), "{err}");
    }

    #[test]
    fn speaker_cue_and_link_are_scored_on_found_quotes() {
        let text = "« Nous gagnerons », a déclaré Kim. Il a promis la paix.";
        let q1 = text.find("Nous").unwrap_or(0);
        let kim = text.find("Kim").unwrap_or(0);
        let gold = vec![GoldQuote {
            kind: "direct".into(),
            start: q1,
            end: q1 + "Nous gagnerons".len(),
            text: "Nous gagnerons".into(),
            speaker: Some(GoldSpan {
                start: kim,
                end: kim + 3,
                text: "Kim".into(),
            }),
            canonical: Some("Kim Jong-un".into()),
            cue: Some("déclarer".into()),
        }];
        let right = SystemQuote {
            kind: "direct".into(),
            start: q1 - "« ".len(),
            end: q1 + "Nous gagnerons »".len(),
            speaker: Some((kim, kim + 3)),
            cue: Some("déclarer".into()),
            entity_names: vec!["Kim Jong-un".into()],
            ..SystemQuote::default()
        };
        let mut s = AttributionScore::default();
        s.add(text, &gold, std::slice::from_ref(&right));
        assert_eq!(s.all.at30.f1(), 1.0);
        assert_eq!(s.all.speaker, Share { right: 1, total: 1 });
        assert_eq!(s.all.cue.right, 1);
        assert_eq!(s.all.link.f1(), 1.0);
        assert_eq!(s.by_kind["direct «…»"].at30.gold_found, 1);
        let wrong = SystemQuote {
            speaker: Some((0, 1)),
            cue: Some("promettre".into()),
            entity_names: vec!["Vladimir Poutine".into()],
            ..right
        };
        let mut s = AttributionScore::default();
        s.add(text, &gold, &[wrong]);
        assert_eq!(s.all.speaker.right, 0);
        assert_eq!(s.all.cue.right, 0);
        assert_eq!(s.all.link.system_right, 0);
        assert_eq!(s.all.link.system, 1);
    }

    #[test]
    fn names_compare_by_words_without_titles() {
        assert!(same_name("M. Obama", "Barack Obama"));
        assert!(same_name("Di Rupo", "Elio Di Rupo"));
        assert!(!same_name("Obama", "Michelle Robinson"));
        assert_eq!(kind_of("indirect", Some("après")), "selon");
        assert_eq!(kind_of("partial", Some("selon")), "partial");
    }

    #[test]
    fn a_leading_complementiser_is_not_scored() {
        let t = "Il a dit que la paix vient.";
        let s = t.find("que").unwrap_or(0);
        let (a, b) = scored_span(t, s, t.len()).unwrap_or((0, 0));
        assert_eq!(&t[a..b], "la paix vient");
    }
}
