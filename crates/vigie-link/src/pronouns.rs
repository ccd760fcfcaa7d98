//! Subject pronouns that stand for a person named earlier ("… qu'il a personnellement
//! offerte", "she told reporters"), from `data/pronouns.tsv`.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use vigie_core::{Document, Mention};

/// The built-in list, compiled in.
pub const BUILTIN_PRONOUNS: &str = include_str!("../data/pronouns.tsv");

/// Pronouns with the gender their antecedent must not contradict, and impersonal verbs.
#[derive(Debug, Default)]
pub struct Pronouns {
    gender: HashMap<String, String>,
    impersonal: HashSet<String>,
}

impl Pronouns {
    /// Reads the file's lines: `pronoun lang gender` or `impersonal lang lemma`.
    pub fn parse(text: &str) -> Self {
        let mut p = Pronouns::default();
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            match cols.as_slice() {
                ["impersonal", _, lemma, ..] => {
                    p.impersonal.insert(lemma.to_lowercase());
                }
                [pronoun, _, gender, ..] => {
                    p.gender
                        .insert(pronoun.to_lowercase(), (*gender).to_owned());
                }
                _ => {}
            }
        }
        p
    }

    pub fn builtin() -> &'static Pronouns {
        static P: OnceLock<Pronouns> = OnceLock::new();
        P.get_or_init(|| Pronouns::parse(BUILTIN_PRONOUNS))
    }
}

fn feature<'a>(feats: &'a str, name: &str) -> Option<&'a str> {
    feats.split('|').find_map(|f| {
        let (k, v) = f.split_once('=')?;
        (k == name).then_some(v)
    })
}

/// Adds a mention for each personal subject pronoun whose antecedent is a person's mention:
/// the nearest earlier nominal subject (noun or proper noun, `nsubj`) of the pronoun's
/// sentence, else of the sentence before, whose gender does not contradict the pronoun's. A
/// nearer subject that is not a person ("l'accord … qu'il prévoit") blocks the link.
pub fn subject_pronouns(doc: &mut Document, pronouns: &Pronouns) {
    // Which tokens a mention covers, and the person entity of those in a person's mention.
    let mut person_at = vec![None; doc.tokens.len()];
    let mut covered = vec![false; doc.tokens.len()];
    for m in &doc.mentions {
        for ti in crate::mention_tokens(doc, m.span) {
            covered[ti] = true;
            if m.label == "PER" {
                person_at[ti] = m.entity;
            }
        }
    }
    let sentences: Vec<(usize, usize)> = doc
        .content_sentences()
        .map(|(_, s)| (s.words.start as usize, s.words.end as usize))
        .collect();
    let mut added = Vec::new();
    for (si, &(start, end)) in sentences.iter().enumerate() {
        for wi in start..end.min(doc.words.len()) {
            let w = &doc.words[wi];
            // The cheap tests first: lower-casing every word's form allocates.
            if &*w.upos != "PRON"
                || !w.deprel.starts_with("nsubj")
                || covered.get(w.token as usize).copied().unwrap_or(true)
            {
                continue;
            }
            let form = w.form.to_lowercase();
            let Some(gender) = pronouns.gender.get(&form) else {
                continue;
            };
            let head = w.head.and_then(|h| doc.words.get(h as usize));
            let impersonal = head.is_some_and(|h| pronouns.impersonal.contains(&*h.lemma))
                || doc
                    .words
                    .get(wi + 1)
                    .is_some_and(|n| n.form.eq_ignore_ascii_case("y"));
            if impersonal {
                continue;
            }
            // Earlier words of this sentence, nearest first, then the sentence before.
            let before = (start..wi).rev();
            let previous = si
                .checked_sub(1)
                .and_then(|p| sentences.get(p))
                .map(|&(s, e)| (s..e).rev())
                .into_iter()
                .flatten();
            let antecedent = before.chain(previous).find(|&ai| {
                let a = &doc.words[ai];
                matches!(&*a.upos, "NOUN" | "PROPN")
                    && a.deprel.starts_with("nsubj")
                    && feature(&a.feats, "Gender").is_none_or(|g| g == gender)
                    && feature(&a.feats, "Number").is_none_or(|n| n == "Sing")
            });
            let entity = antecedent
                .and_then(|ai| person_at.get(doc.words[ai].token as usize).copied())
                .flatten();
            if let (Some(entity), Some(tok)) = (entity, doc.tokens.get(w.token as usize)) {
                added.push(Mention {
                    span: tok.span,
                    label: "PER".into(),
                    entity: Some(entity),
                    link_score: Some(0.6),
                    evidence: Some("subject-pronoun".into()),
                });
            }
        }
    }
    doc.mentions.extend(added);
}
