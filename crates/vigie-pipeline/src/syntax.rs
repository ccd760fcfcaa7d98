//! The syntax component: splits multi-word tokens, tags (UPOS, features, lemma) and parses each
//! content sentence in French or English with the models shipped in `models/`, embedded in the
//! binary and decoded once, on first use.

use std::borrow::Cow;
use std::sync::OnceLock;
use vigie_core::{Document, IndexRange, Word};
use vigie_syntax::{ModelError, ParserModel, ParserWord, TaggerModel};

/// Sentences longer than this many words are parsed in pieces (the tagger sees them whole).
const MAX_PARSE_WORDS: usize = 200;

/// A language's tagger and parser.
#[derive(Debug)]
pub struct SyntaxModels {
    pub tagger: TaggerModel,
    pub parser: ParserModel,
}

static FR_TAGGER: &[u8] = include_bytes!("../../../models/fr-tagger.vgm");
static FR_PARSER: &[u8] = include_bytes!("../../../models/fr-parser.vgm");
static EN_TAGGER: &[u8] = include_bytes!("../../../models/en-tagger.vgm");
static EN_PARSER: &[u8] = include_bytes!("../../../models/en-parser.vgm");

static FR: OnceLock<Result<SyntaxModels, String>> = OnceLock::new();
static EN: OnceLock<Result<SyntaxModels, String>> = OnceLock::new();

fn decode(tagger: &[u8], parser: &[u8], lang: &str) -> Result<SyntaxModels, ModelError> {
    Ok(SyntaxModels {
        tagger: TaggerModel::from_bytes(tagger, &format!("{lang}-tagger.vgm"))?,
        parser: ParserModel::from_bytes(parser, &format!("{lang}-parser.vgm"))?,
    })
}

/// The shipped models of `lang` (ISO 639-1), decoded on first use; `None` for a language
/// without models. An embedded model that fails to decode is an error (a broken build).
pub fn models(lang: &str) -> Option<Result<&'static SyntaxModels, &'static str>> {
    let (cell, tagger, parser) = match lang {
        "fr" => (&FR, FR_TAGGER, FR_PARSER),
        "en" => (&EN, EN_TAGGER, EN_PARSER),
        _ => return None,
    };
    let loaded = cell.get_or_init(|| decode(tagger, parser, lang).map_err(|e| e.to_string()));
    Some(loaded.as_ref().map_err(String::as_str))
}

/// Tags and parses every content sentence of `doc` whose language has models. Replaces any
/// words the document had.
pub fn annotate(doc: &mut Document) {
    doc.words.clear();
    let mut word_forms: Vec<String> = Vec::new();
    let mut word_tokens: Vec<u32> = Vec::new();
    for si in 0..doc.sentences.len() {
        let sentence = &doc.sentences[si];
        let Some(paragraph) = doc.paragraphs.get(sentence.paragraph as usize) else {
            continue;
        };
        if paragraph.is_boilerplate() {
            continue;
        }
        let lang = paragraph
            .language
            .as_ref()
            .or(doc.language.as_ref())
            .map(|g| g.code.as_str());
        let Some(Ok(models)) = lang.and_then(models) else {
            continue;
        };
        let tagger = &models.tagger.tagger;
        let parser = &models.parser.parser;
        let tokens = &doc.tokens[sentence.tokens.range()];
        let forms: Vec<&str> = tokens.iter().map(|t| t.normalized(&doc.text)).collect();
        let splits = tagger.split_tokens(&forms);
        word_forms.clear();
        word_tokens.clear();
        for (k, (t, split)) in tokens.iter().zip(splits).enumerate() {
            let ti = (sentence.tokens.start as usize + k) as u32;
            match (&t.words, split) {
                (Some(ws), _) => {
                    for w in ws.iter() {
                        word_forms.push(w.to_string());
                        word_tokens.push(ti);
                    }
                }
                (None, Some(ws)) => {
                    for w in ws {
                        word_forms.push(w);
                        word_tokens.push(ti);
                    }
                }
                (None, None) => {
                    word_forms.push(forms[k].to_string());
                    word_tokens.push(ti);
                }
            }
        }
        let wf: Vec<&str> = word_forms.iter().map(String::as_str).collect();
        let tags = tagger.tag(&wf);
        let mut arcs = Vec::with_capacity(wf.len());
        for chunk in (0..wf.len()).collect::<Vec<_>>().chunks(MAX_PARSE_WORDS) {
            let base = chunk[0];
            let words: Vec<ParserWord<'_>> = chunk
                .iter()
                .map(|&i| ParserWord {
                    form: wf[i],
                    upos: tagger.upos_name(tags[i].upos),
                    feats: tagger.feats_name(tags[i].feats),
                })
                .collect();
            for a in parser.parse(&words) {
                arcs.push(
                    (a.head as usize)
                        .checked_sub(1)
                        .map(|h| h + base)
                        .map_or((None, parser.label_name(a.label)), |h| {
                            (Some(h), parser.label_name(a.label))
                        }),
                );
            }
        }
        let first = doc.words.len();
        for (i, ((form, tok), tag)) in word_forms.drain(..).zip(&word_tokens).zip(tags).enumerate()
        {
            let (head, deprel) = arcs.get(i).copied().unwrap_or((None, "dep"));
            doc.words.push(Word {
                token: *tok,
                form: form.into_boxed_str(),
                lemma: tag.lemma.into_boxed_str(),
                upos: Cow::Borrowed(tagger.upos_name(tag.upos)),
                feats: Cow::Borrowed(tagger.feats_name(tag.feats)),
                head: head.map(|h| (first + h) as u32),
                deprel: Cow::Borrowed(deprel),
            });
        }
        doc.sentences[si].words = IndexRange::new(first, doc.words.len());
    }
}
