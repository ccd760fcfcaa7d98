//! Learnt sentence boundaries: the text layer's rule-based sentences, revisited by the boundary
//! model of `vigie-syntax` (trained on the treebanks by `vigie train boundaries`), then rebuilt
//! paragraph by paragraph. Tokens are untouched; only `Document::sentences` and each
//! paragraph's sentence range change.

use std::sync::OnceLock;
use vigie_core::{Document, IndexRange, Sentence, Span};
use vigie_syntax::boundary::{BoundaryModel, BoundaryScratch, BoundaryToken};

/// The tokens of paragraph `pi` (as token indices) and their boundary-model view.
pub fn paragraph_tokens(doc: &Document, pi: usize) -> (Vec<usize>, Vec<BoundaryToken<'_>>) {
    let (mut idx, mut view) = (Vec::new(), Vec::new());
    fill_paragraph_tokens(doc, pi, &mut idx, &mut view);
    (idx, view)
}

/// [`paragraph_tokens`] into buffers reused from one paragraph to the next (cleared first).
fn fill_paragraph_tokens<'a>(
    doc: &'a Document,
    pi: usize,
    idx: &mut Vec<usize>,
    view: &mut Vec<BoundaryToken<'a>>,
) {
    idx.clear();
    view.clear();
    let Some(p) = doc.paragraphs.get(pi) else {
        return;
    };
    let text = doc.text.as_bytes();
    for si in p.sentences.range() {
        let Some(s) = doc.sentences.get(si) else {
            continue;
        };
        let (first, last) = (s.tokens.start as usize, s.tokens.end as usize);
        let Some(toks) = doc.tokens.get(first..last) else {
            continue;
        };
        for (k, t) in toks.iter().enumerate() {
            let ti = first + k;
            let end = t.span.end as usize;
            // The space after a token is most often one byte: no search for a line break.
            let next_start = doc
                .tokens
                .get(ti + 1)
                .map_or(end, |n| n.span.start as usize);
            let newline_after = match next_start.checked_sub(end) {
                None | Some(0) => false,
                Some(1) => text.get(end) == Some(&b'\n'),
                Some(_) => text
                    .get(end..next_start)
                    .is_some_and(|gap| gap.contains(&b'\n')),
            };
            idx.push(ti);
            view.push(BoundaryToken {
                form: t.normalized(&doc.text),
                newline_after,
                rule_break: ti + 1 == last,
            });
        }
    }
}

/// Rebuilds the sentences of every content paragraph from the model's decisions.
pub fn resegment(doc: &mut Document, model: &BoundaryModel) {
    let mut sentences: Vec<Sentence> = Vec::with_capacity(doc.sentences.len());
    let mut ranges = Vec::with_capacity(doc.paragraphs.len());
    // Sized once for the longest paragraph instead of growing paragraph after paragraph.
    let longest = doc
        .paragraphs
        .iter()
        .map(|p| {
            let r = p.sentences.range();
            let first = doc.sentences.get(r.start).map_or(0, |s| s.tokens.start);
            let last = r
                .end
                .checked_sub(1)
                .and_then(|k| doc.sentences.get(k))
                .map_or(0, |s| s.tokens.end);
            last.saturating_sub(first) as usize
        })
        .max()
        .unwrap_or(0)
        .min(doc.tokens.len());
    let (mut idx, mut view, mut breaks) = (
        Vec::with_capacity(longest),
        Vec::with_capacity(longest),
        Vec::with_capacity(longest),
    );
    let mut scratch = BoundaryScratch::default();
    for pi in 0..doc.paragraphs.len() {
        let first = sentences.len();
        let keep_rules = doc.paragraphs[pi].is_boilerplate();
        if keep_rules {
            for si in doc.paragraphs[pi].sentences.range() {
                if let Some(s) = doc.sentences.get(si) {
                    let mut s = s.clone();
                    s.paragraph = pi as u32;
                    sentences.push(s);
                }
            }
        } else {
            fill_paragraph_tokens(doc, pi, &mut idx, &mut view);
            model.predict_into(&view, &mut scratch, &mut breaks);
            no_punctuation_only_sentences(&view, &mut breaks);
            let mut start = 0;
            for (k, &b) in breaks.iter().enumerate() {
                if b {
                    let (a, z) = (idx[start], idx[k]);
                    sentences.push(Sentence {
                        span: Span::new(
                            doc.tokens[a].span.start as usize,
                            doc.tokens[z].span.end as usize,
                        ),
                        paragraph: pi as u32,
                        tokens: IndexRange::new(a, z + 1),
                        words: IndexRange::default(),
                    });
                    start = k + 1;
                }
            }
        }
        ranges.push(IndexRange::new(first, sentences.len()));
    }
    drop(view); // it borrows the document's tokens
    for (p, r) in doc.paragraphs.iter_mut().zip(ranges) {
        p.sentences = r;
    }
    doc.sentences = sentences;
}

/// A sentence made of punctuation only (a closing « » » left after the full stop) joins the
/// sentence before it.
fn no_punctuation_only_sentences(view: &[BoundaryToken<'_>], breaks: &mut [bool]) {
    let mut start = 0;
    let mut prev_break: Option<usize> = None;
    for k in 0..breaks.len() {
        if !breaks[k] {
            continue;
        }
        let all_punct = view[start..=k]
            .iter()
            .all(|t| t.form.chars().all(|c| !c.is_alphanumeric()));
        if all_punct {
            if let Some(p) = prev_break {
                breaks[p] = false;
            }
        }
        prev_break = Some(k);
        start = k + 1;
    }
}

static FR: OnceLock<Option<BoundaryModel>> = OnceLock::new();
static EN: OnceLock<Option<BoundaryModel>> = OnceLock::new();

/// The shipped boundary model of a language, if any (decoded once).
pub fn model(lang: &str) -> Option<&'static BoundaryModel> {
    let (cell, bytes): (&OnceLock<Option<BoundaryModel>>, &[u8]) = match lang {
        "fr" => (&FR, FR_BYTES),
        "en" => (&EN, EN_BYTES),
        _ => return None,
    };
    cell.get_or_init(|| BoundaryModel::from_bytes(bytes, lang).ok())
        .as_ref()
}

static FR_BYTES: &[u8] = include_bytes!("../../../models/fr-boundaries.vgm");
static EN_BYTES: &[u8] = include_bytes!("../../../models/en-boundaries.vgm");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_closing_mark_joins_the_sentence_before() {
        let forms = ["parties", "à", "ce", "traité", ".", "»", "La", "portée"];
        let view: Vec<BoundaryToken<'_>> = forms
            .iter()
            .map(|f| BoundaryToken {
                form: f,
                newline_after: false,
                rule_break: false,
            })
            .collect();
        let mut breaks = vec![false, false, false, false, true, true, false, true];
        no_punctuation_only_sentences(&view, &mut breaks);
        assert_eq!(
            breaks,
            [false, false, false, false, false, true, false, true]
        );
    }
}
