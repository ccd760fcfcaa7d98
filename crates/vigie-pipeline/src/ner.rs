//! The mention component: finds PER, ORG, LOC and MISC mentions in each content sentence in
//! French or English with the models shipped in `models/*-ner.vgm` and the gazetteer of
//! `vigie-ner`, both embedded in the binary and decoded once, on first use. Runs after
//! [`crate::syntax`] (it reads each token's UPOS) and fills `Document::mentions` with
//! `entity: None` (linking comes later).

use std::sync::OnceLock;
use vigie_core::{Document, Mention, Span};
use vigie_ner::{NerModel, TsvGazetteer};

static FR_NER: &[u8] = include_bytes!("../../../models/fr-ner.vgm");
static EN_NER: &[u8] = include_bytes!("../../../models/en-ner.vgm");

static FR: OnceLock<Result<NerModel, String>> = OnceLock::new();
static EN: OnceLock<Result<NerModel, String>> = OnceLock::new();
static GAZETTEER: OnceLock<Result<TsvGazetteer, String>> = OnceLock::new();

/// The shipped mention model of `lang` (ISO 639-1), decoded on first use; `None` for a
/// language without one. An embedded model that fails to decode is an error (a broken build).
pub fn models(lang: &str) -> Option<Result<&'static NerModel, &'static str>> {
    let (cell, bytes) = match lang {
        "fr" => (&FR, FR_NER),
        "en" => (&EN, EN_NER),
        _ => return None,
    };
    let loaded = cell.get_or_init(|| {
        NerModel::from_bytes(bytes, &format!("{lang}-ner.vgm")).map_err(|e| e.to_string())
    });
    Some(loaded.as_ref().map_err(String::as_str))
}

/// The shipped gazetteer (`vigie-ner/data/gazetteer.tsv`), parsed on first use.
pub fn gazetteer() -> Result<&'static TsvGazetteer, &'static str> {
    GAZETTEER
        .get_or_init(|| TsvGazetteer::shipped().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(String::as_str)
}

/// Finds the mentions of every content sentence of `doc` whose language has a model.
/// Replaces any mentions the document had.
pub fn annotate(doc: &mut Document) {
    doc.mentions.clear();
    let Ok(gaz) = gazetteer() else {
        return;
    };
    let mut mentions = Vec::new();
    for (_, sentence) in doc.content_sentences() {
        let lang = doc
            .paragraphs
            .get(sentence.paragraph as usize)
            .and_then(|p| p.language.as_ref())
            .or(doc.language.as_ref())
            .map(|g| g.code.as_str());
        let Some(Ok(model)) = lang.and_then(models) else {
            continue;
        };
        let range = sentence.tokens.range();
        let Some(tokens) = doc.tokens.get(range.clone()) else {
            continue;
        };
        let forms: Vec<&str> = tokens.iter().map(|t| t.normalized(&doc.text)).collect();
        // A token's UPOS is its first word's (`du` = `de` + `le` → ADP).
        let mut upos = vec!["_"; tokens.len()];
        for w in doc
            .words
            .get(sentence.words.range())
            .unwrap_or(&[])
            .iter()
            .rev()
        {
            if let Some(k) = (w.token as usize).checked_sub(range.start) {
                if let Some(u) = upos.get_mut(k) {
                    *u = &w.upos;
                }
            }
        }
        for m in model.tagger.tag(&forms, &upos, gaz) {
            let (Some(first), Some(last)) = (tokens.get(m.start), tokens.get(m.end - 1)) else {
                continue;
            };
            mentions.push(Mention {
                span: Span::new(first.span.start as usize, last.span.end as usize),
                label: m.label.as_str().to_string(),
                ..Mention::default()
            });
        }
    }
    doc.mentions = mentions;
}
