//! Mention recognition: which spans of a sentence name a person, an organisation, a place or
//! another named thing (PER, ORG, LOC, MISC).
//!
//! - [`readers`]: the public training and test sets (HIPE-2022 TSV, Universal NER `.iob2`,
//!   wikigold, Europeana `.bio`) as [`NerSentence`]s, malformed lines reported and skipped.
//! - [`gazetteer`]: the pluggable name lists ([`Gazetteer`]); the shipped one is
//!   `data/gazetteer.tsv` (see `data/README.md` for sources and licences).
//! - [`tagger`]: a BILOU sequence tagger, an averaged perceptron (`vigie_syntax::perceptron`)
//!   decoding greedily left to right under BILOU constraints.
//! - [`score`]: exact-span precision, recall and F1 per type.
//!
//! This crate knows nothing of documents: it labels sentences given as words (and their UPOS);
//! `vigie-pipeline` maps the result onto `Document::mentions`.

pub mod gazetteer;
pub mod readers;
pub mod score;
pub mod tagger;

pub use gazetteer::{Gazetteer, TsvGazetteer};
pub use tagger::{NerModel, NerTagger, TrainOptions, TrainSentence};

use serde::Serialize;
use std::fmt;

/// The mention types Vigie predicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    /// People (and fictional characters).
    Per,
    /// Organisations: companies, parties, institutions, newspapers as publishers.
    Org,
    /// Places, including geopolitical entities (GPE) and facilities.
    Loc,
    /// Other names: nationalities and groups, events, works, products, laws, languages.
    Misc,
}

impl EntityType {
    pub const ALL: [EntityType; 4] = [
        EntityType::Per,
        EntityType::Org,
        EntityType::Loc,
        EntityType::Misc,
    ];

    /// The label written in `Document::mentions`: `PER`, `ORG`, `LOC`, `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
        }
    }

    /// Maps a label of any source Vigie reads onto its four types, `None` for a dropped one.
    ///
    /// - CoNLL/UNER/Europeana/wikigold and spaCy French: `PER`, `ORG`, `LOC`, `MISC`.
    /// - HIPE-2022 coarse: `pers`/`PER` → PER, `loc`/`LOC` → LOC, `org`/`ORG` → ORG;
    ///   `prod`/`HumanProd` (newspaper titles, products) and `time` are **dropped**: neither
    ///   is a named actor or place, and spaCy's French MISC does not cover them either.
    /// - OntoNotes (spaCy English): `PERSON` → PER; `GPE`, `LOC`, `FAC` → LOC; `NORP`,
    ///   `EVENT`, `PRODUCT`, `WORK_OF_ART`, `LAW`, `LANGUAGE` → MISC; dates, numbers,
    ///   money… dropped.
    pub fn from_label(label: &str) -> Option<EntityType> {
        Some(match label {
            "PER" | "pers" | "PERS" | "PERSON" | "per" => EntityType::Per,
            "ORG" | "org" => EntityType::Org,
            "LOC" | "loc" | "GPE" | "FAC" => EntityType::Loc,
            "MISC" | "misc" | "NORP" | "EVENT" | "PRODUCT" | "WORK_OF_ART" | "LAW" | "LANGUAGE" => {
                EntityType::Misc
            }
            _ => return None,
        })
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A mention as a half-open range of word indices of its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MentionSpan {
    pub start: usize,
    pub end: usize,
    pub label: EntityType,
}

/// A sentence of a gold NER set: its words and its mentions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NerSentence {
    pub words: Vec<String>,
    /// Whether a space follows each word in the source (HIPE's `NoSpaceAfter`; `true` where
    /// the format does not say).
    pub space_after: Vec<bool>,
    pub mentions: Vec<MentionSpan>,
    /// The document this sentence comes from, when the format says.
    pub document: Option<String>,
}

/// Errors reading NER data or models.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Format {
        path: String,
        line: usize,
        message: String,
    },
    #[error(transparent)]
    Model(#[from] vigie_syntax::ModelError),
}

/// A copy of `sentence` in which every PER mention is replaced by a name drawn with `pick`
/// from `names` (lower-case, words separated by spaces; written title-cased), or `None` when
/// the sentence has no PER mention. Mention replacement (Dai & Adel 2020) shows the tagger
/// person names of other times and places than its historical training text.
pub fn replace_person_mentions(
    sentence: &NerSentence,
    names: &[&str],
    mut pick: impl FnMut(usize) -> usize,
) -> Option<NerSentence> {
    if names.is_empty() || !sentence.mentions.iter().any(|m| m.label == EntityType::Per) {
        return None;
    }
    let mut out = NerSentence {
        document: sentence.document.clone(),
        ..NerSentence::default()
    };
    let mut i = 0;
    let mut mentions = sentence.mentions.clone();
    mentions.sort();
    for m in &mentions {
        if m.start < i || m.end > sentence.words.len() {
            continue;
        }
        for k in i..m.start {
            out.words.push(sentence.words[k].clone());
            out.space_after
                .push(sentence.space_after.get(k).copied().unwrap_or(true));
        }
        let start = out.words.len();
        if m.label == EntityType::Per {
            let name = names[pick(names.len()) % names.len()];
            for w in name.split(' ') {
                let mut c = w.chars();
                let titled: String = c
                    .next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default();
                out.words.push(titled);
                out.space_after.push(true);
            }
        } else {
            for k in m.start..m.end {
                out.words.push(sentence.words[k].clone());
                out.space_after
                    .push(sentence.space_after.get(k).copied().unwrap_or(true));
            }
        }
        out.mentions.push(MentionSpan {
            start,
            end: out.words.len(),
            label: m.label,
        });
        i = m.end;
    }
    for k in i..sentence.words.len() {
        out.words.push(sentence.words[k].clone());
        out.space_after
            .push(sentence.space_after.get(k).copied().unwrap_or(true));
    }
    Some(out)
}

/// Mentions from IOB tags (one per word: `O`, `B-X`, `I-X`; IOB1 and IOB2 alike: `B` always
/// opens a mention, `I` continues an open mention of the same type and otherwise opens one).
/// Types [`EntityType::from_label`] drops end any open mention and are left out.
pub fn spans_from_iob<S: AsRef<str>>(tags: &[S]) -> Vec<MentionSpan> {
    let mut out: Vec<MentionSpan> = Vec::new();
    let mut open: Option<(usize, Option<EntityType>)> = None;
    let close =
        |open: &mut Option<(usize, Option<EntityType>)>, end: usize, out: &mut Vec<MentionSpan>| {
            if let Some((start, Some(label))) = open.take() {
                out.push(MentionSpan { start, end, label });
            }
        };
    for (i, tag) in tags.iter().enumerate() {
        let tag = tag.as_ref();
        let (prefix, typ) = match tag.split_once('-') {
            Some((p, t)) if matches!(p, "B" | "I" | "E" | "S" | "L" | "U") => (p, t),
            _ => ("O", ""),
        };
        let label = EntityType::from_label(typ);
        match prefix {
            "O" => close(&mut open, i, &mut out),
            "I" | "E" | "L" if open.is_some_and(|(_, l)| l == label) && !typ.is_empty() => {}
            _ => {
                close(&mut open, i, &mut out);
                open = Some((i, label));
            }
        }
        if matches!(prefix, "E" | "L" | "S" | "U") {
            close(&mut open, i + 1, &mut out);
        }
    }
    close(&mut open, tags.len(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob1_and_iob2_give_the_same_spans() {
        let iob2 = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"];
        let iob1 = ["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-LOC"];
        let want = vec![
            MentionSpan {
                start: 0,
                end: 2,
                label: EntityType::Per,
            },
            MentionSpan {
                start: 3,
                end: 4,
                label: EntityType::Loc,
            },
            MentionSpan {
                start: 4,
                end: 6,
                label: EntityType::Loc,
            },
        ];
        assert_eq!(spans_from_iob(&iob2), want);
        assert_eq!(spans_from_iob(&iob1), want);
    }

    #[test]
    fn dropped_types_leave_no_mention_and_break_neighbours() {
        let tags = ["B-HumanProd", "I-HumanProd", "I-PER", "O"];
        assert_eq!(
            spans_from_iob(&tags),
            vec![MentionSpan {
                start: 2,
                end: 3,
                label: EntityType::Per
            }]
        );
    }

    #[test]
    fn person_mentions_are_replaced_and_others_kept() {
        let s = NerSentence {
            words: ["M.", "Dupont", "est", "à", "Paris"]
                .map(String::from)
                .to_vec(),
            space_after: vec![true; 5],
            mentions: vec![
                MentionSpan {
                    start: 1,
                    end: 2,
                    label: EntityType::Per,
                },
                MentionSpan {
                    start: 4,
                    end: 5,
                    label: EntityType::Loc,
                },
            ],
            document: None,
        };
        let out = replace_person_mentions(&s, &["kim jong il"], |_| 0).unwrap();
        assert_eq!(out.words, ["M.", "Kim", "Jong", "Il", "est", "à", "Paris"]);
        assert_eq!(
            out.mentions,
            vec![
                MentionSpan {
                    start: 1,
                    end: 4,
                    label: EntityType::Per
                },
                MentionSpan {
                    start: 6,
                    end: 7,
                    label: EntityType::Loc
                }
            ]
        );
    }

    #[test]
    fn ontonotes_labels_map_onto_four_types() {
        assert_eq!(EntityType::from_label("GPE"), Some(EntityType::Loc));
        assert_eq!(EntityType::from_label("NORP"), Some(EntityType::Misc));
        assert_eq!(EntityType::from_label("DATE"), None);
        assert_eq!(EntityType::from_label("pers"), Some(EntityType::Per));
    }
}
