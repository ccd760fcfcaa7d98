//! Vigie's text layer: from a document's original text to paragraphs, languages, sentences and
//! tokens, all as spans of the original bytes.
//!
//! Order of work in [`annotate`]: [`normalize`] the text (keeping an alignment), cut
//! [`paragraphs`], flag [`boilerplate`], identify languages ([`langid`]), [`tokenize`] each
//! paragraph with its language's rules, [`segment`] its tokens into sentences, then map every
//! offset back to the original text. This crate knows nothing about files, HTML or models.

pub mod boilerplate;
pub mod langid;
pub mod lexicon;
pub mod normalize;
pub mod paragraphs;
pub mod segment;
pub mod tokenize;

use tokenize::{Lang, RawToken};
use vigie_core::{Document, IndexRange, LanguageGuess, Paragraph, Sentence, Span, Token, Warning};

/// Options for [`annotate`].
#[derive(Debug, Clone, Default)]
pub struct TextOptions {
    /// Force the language (ISO 639-1) instead of identifying it.
    pub language: Option<String>,
}

/// Adds paragraphs, languages, sentences and tokens to `doc`, replacing any it had.
pub fn annotate(doc: &mut Document, opts: &TextOptions) {
    let norm = normalize::normalize(&doc.text);
    let s: &str = &norm.text;
    let map = |a: usize, b: usize| {
        let (x, y) = norm.original_range(a, b);
        Span::new(x, y)
    };

    let para_ranges = paragraphs::paragraphs(s);
    let flags: Vec<Option<&'static str>> = para_ranges
        .iter()
        .map(|&(a, b)| boilerplate::classify(&s[a..b]))
        .collect();

    // Document language: forced, else identified on the content paragraphs, else declared.
    let doc_lang = match &opts.language {
        Some(code) => Some(LanguageGuess {
            code: code.clone(),
            confidence: 1.0,
            reliable: true,
        }),
        None => {
            let mut sample = String::new();
            for (&(a, b), flag) in para_ranges.iter().zip(&flags) {
                if flag.is_none() && sample.len() < langid::MAX_SAMPLE_LEN {
                    sample.push_str(&s[a..b]);
                    sample.push('\n');
                }
            }
            let guess = langid::identify(&sample);
            match (&guess, &doc.meta.declared_language) {
                (Some(g), _) if g.reliable => guess,
                (_, Some(declared)) => Some(LanguageGuess {
                    code: declared
                        .split(['-', '_'])
                        .next()
                        .unwrap_or(declared)
                        .to_lowercase(),
                    confidence: 0.5,
                    reliable: true,
                }),
                _ => guess,
            }
        }
    };
    let doc_rules = doc_lang
        .as_ref()
        .map_or(Lang::Other, |g| Lang::from_code(&g.code));

    doc.paragraphs.clear();
    doc.sentences.clear();
    doc.tokens.clear();
    doc.words.clear();
    // About one token per six bytes of news text: grown once, not doubling from empty.
    doc.tokens.reserve(s.len() / 6);
    // About one token per five bytes: sized once for the longest paragraph.
    let longest = para_ranges.iter().map(|&(a, b)| b - a).max().unwrap_or(0);
    let mut raw: Vec<RawToken> = Vec::with_capacity(longest / 5 + 8);
    let mut sentence_ranges: Vec<(usize, usize)> = Vec::new();
    // Without normalisation edits every offset maps to itself and tokens cannot overlap.
    let identity = norm.alignment.is_identity();
    for (&(a, b), flag) in para_ranges.iter().zip(&flags) {
        let para_lang =
            if opts.language.is_none() && b - a >= langid::MIN_PARAGRAPH_LEN && flag.is_none() {
                let sample = langid::prefix(&s[a..b], langid::MAX_PARAGRAPH_SAMPLE_LEN);
                // Fast path: a paragraph plainly in the document's (French or English) language.
                match &doc_lang {
                    Some(d) if langid::plainly_in(sample, &d.code) => None,
                    _ => langid::identify(sample).filter(|g| g.reliable),
                }
            } else {
                None
            };
        let rules = match &para_lang {
            Some(g) => Lang::from_code(&g.code),
            None => doc_rules,
        };
        raw.clear();
        tokenize::tokenize(s, a, b, rules, &mut raw);
        let first_sentence = doc.sentences.len();
        let para_index = doc.paragraphs.len() as u32;
        sentence_ranges.clear();
        segment::sentences_into(s, &raw, &mut sentence_ranges);
        for &(ta, tb) in &sentence_ranges {
            let tok_start = doc.tokens.len();
            let sentence_raw = raw.get(ta..tb).unwrap_or(&[]);
            if identity {
                // Written straight into the vector, not built on the stack and copied.
                doc.tokens.extend(sentence_raw.iter().map(|t| Token {
                    span: Span::new(t.start, t.end),
                    norm: None,
                    kind: t.kind,
                    words: words_of(s, t),
                }));
            } else {
                for t in sentence_raw {
                    let words = words_of(s, t);
                    let mut span = map(t.start, t.end);
                    // Two tokens cut inside one normalisation edit map to overlapping original
                    // ranges: the later one keeps only what the earlier did not cover.
                    if let Some(prev) = doc.tokens.last() {
                        if span.start < prev.span.end {
                            if span.end <= prev.span.end {
                                continue;
                            }
                            span.start = prev.span.end;
                        }
                    }
                    let norm_form = if norm.alignment.touches(t.start, t.end) {
                        Some(Box::from(&s[t.start..t.end]))
                    } else {
                        None
                    };
                    doc.tokens.push(Token {
                        span,
                        norm: norm_form,
                        kind: t.kind,
                        words,
                    });
                }
            }
            let (Some(first), Some(last)) = (doc.tokens.get(tok_start), doc.tokens.last()) else {
                continue;
            };
            let span = Span::new(first.span.start as usize, last.span.end as usize);
            doc.sentences.push(Sentence {
                span,
                paragraph: para_index,
                tokens: IndexRange::new(tok_start, doc.tokens.len()),
                words: IndexRange::default(),
            });
        }
        if let Some(w) = unbalanced_quotes(s, &raw, &map) {
            doc.warnings.push(w);
        }
        doc.paragraphs.push(Paragraph {
            span: map(a, b),
            language: para_lang.filter(|g| doc_lang.as_ref().is_none_or(|d| d.code != g.code)),
            boilerplate: flag.map(str::to_string),
            sentences: IndexRange::new(first_sentence, doc.sentences.len()),
        });
    }
    doc.language = doc_lang;
}

/// The two syntactic words of a surface token made of two (English "don't"), if it is one.
#[inline]
fn words_of(s: &str, t: &RawToken) -> Option<Box<[Box<str>]>> {
    (t.split_at > t.start && t.split_at < t.end).then(|| {
        Box::from([
            Box::from(&s[t.start..t.split_at]),
            Box::from(&s[t.split_at..t.end]),
        ])
    })
}

/// A warning when a paragraph's « » or “ ” do not pair up (later stages recover the extent).
fn unbalanced_quotes(
    s: &str,
    toks: &[RawToken],
    map: &impl Fn(usize, usize) -> Span,
) -> Option<Warning> {
    let (mut open, mut close) = (0usize, 0usize);
    let mut straight = 0usize;
    // Only punctuation tokens can be one of these marks (a token made of one is always
    // `Punct`): words are skipped without reading their text.
    for t in toks
        .iter()
        .filter(|t| t.kind == vigie_core::TokenKind::Punct)
    {
        match s.as_bytes().get(t.start..t.end) {
            Some([0xc2, 0xab]) => open += 1,  // «
            Some([0xc2, 0xbb]) => close += 1, // »
            Some(b"\"") => straight += 1,
            _ => {}
        }
    }
    if open == close && straight.is_multiple_of(2) {
        return None;
    }
    let (first, last) = (toks.first()?, toks.last()?);
    Some(Warning {
        code: "unbalanced-quotes".into(),
        message: format!(
            "paragraph has {open} « and {close} » and {straight} straight double quotes"
        ),
        span: Some(map(first.start, last.end)),
    })
}
