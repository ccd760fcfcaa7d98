//! English words in quotation marks that are no quotation (terms, titles, scare quotes), and
//! English block quotations without marks. The rules are editable data
//! (`data/quoted-spans-en.tsv`), read off GUM's train and dev documents, which mark speech
//! (`<quote>`) apart from words that are mentioned rather than reported (`<q>`).

use crate::{contains, Content, Lexicon, Tree, SPEAKER_SKIP};
use std::sync::OnceLock;
use vigie_core::{Document, Quote, Span};

/// The rules of `data/quoted-spans-en.tsv` (see its comments for what each means).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanRules {
    pub term_after_upos: Vec<String>,
    pub term_after_feats: Vec<String>,
    pub term_before_upos: Vec<String>,
    pub gloss_after: Vec<String>,
    pub term_max_words_verbless: usize,
    pub title_case_verbless_is_term: bool,
    pub uncued_verbless_is_term: bool,
    pub uncued_max_words: usize,
    pub uncued_unbalanced_is_stray: bool,
    /// 0: no block quotations.
    pub block_min_words: usize,
    /// 0: no signed paragraphs.
    pub signature_max_words: usize,
    /// Words in marks that are the complement of their reporting cue ("declared it
    /// "incomprehensible"", "recommending "online translation tools"") are a quotation even
    /// without a verb.
    pub cue_complement_is_quotation: bool,
}

impl SpanRules {
    /// The shipped rules (`data/quoted-spans-en.tsv`).
    pub fn builtin() -> &'static SpanRules {
        static RULES: OnceLock<SpanRules> = OnceLock::new();
        // The shipped file parses (a test checks it); a damaged copy only loses the rules.
        RULES.get_or_init(|| {
            SpanRules::parse(include_str!("../data/quoted-spans-en.tsv")).unwrap_or_default()
        })
    }

    /// Parses the rules file; an error names the line.
    pub fn parse(tsv: &str) -> Result<SpanRules, String> {
        let mut rules = SpanRules::default();
        for (i, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |what: &str| format!("quoted-spans-en.tsv:{}: {what}", i + 1);
            let Some((rule, value)) = line.split_once('\t') else {
                return Err(err("expected rule, tab, value"));
            };
            let value = value.trim();
            let list = || value.split('|').map(str::to_string).collect::<Vec<_>>();
            let number = || value.parse::<usize>().map_err(|_| err("expected a number"));
            let yes = || match value {
                "yes" => Ok(true),
                "no" => Ok(false),
                _ => Err(err("expected yes or no")),
            };
            match rule.trim() {
                "term-after-upos" => rules.term_after_upos = list(),
                "term-after-feats" => rules.term_after_feats = list(),
                "term-before-upos" => rules.term_before_upos = list(),
                "gloss-after" => rules.gloss_after = list(),
                "term-max-words-verbless" => rules.term_max_words_verbless = number()?,
                "title-case-verbless-is-term" => rules.title_case_verbless_is_term = yes()?,
                "uncued-verbless-is-term" => rules.uncued_verbless_is_term = yes()?,
                "uncued-max-words" => rules.uncued_max_words = number()?,
                "uncued-unbalanced-is-stray" => rules.uncued_unbalanced_is_stray = yes()?,
                "block-min-words" => rules.block_min_words = number()?,
                "signature-max-words" => rules.signature_max_words = number()?,
                "cue-complement-is-quotation" => rules.cue_complement_is_quotation = yes()?,
                other => return Err(err(&format!("unknown rule {other:?}"))),
            }
        }
        Ok(rules)
    }
}

/// What is known of one span in marks when deciding whether it is a quotation.
pub(crate) struct Marked {
    /// Inside the marks.
    pub content: Span,
    /// With the marks.
    pub outer: Span,
    /// Vigie calls it direct (a clause of its own), not partial.
    pub direct: bool,
    /// The reporting cue picked for it.
    pub cue: Option<Span>,
    pub unbalanced: bool,
}

/// Whether words in marks are a term, a title or a stray mark rather than a quotation.
pub(crate) fn not_a_quotation(tree: &Tree, rules: &SpanRules, m: &Marked) -> bool {
    if m.direct {
        return rules.uncued_unbalanced_is_stray && m.unbalanced && m.cue.is_none();
    }
    let inside: Vec<usize> = (0..tree.n)
        .filter(|&i| contains(m.content, tree.span(i)))
        .collect();
    let words = inside
        .iter()
        .filter(|&&i| tree.word(i).upos != "PUNCT")
        .count();
    let verb = inside
        .iter()
        .any(|&i| matches!(&*tree.word(i).upos, "VERB" | "AUX"));
    let has = |list: &[String], s: &str| list.iter().any(|x| x == s);
    if let Some(b) = (0..tree.n)
        .rev()
        .find(|&i| tree.span(i).end <= m.outer.start)
    {
        let w = tree.word(b);
        if has(&rules.term_after_upos, &w.upos)
            || rules
                .term_after_feats
                .iter()
                .any(|f| w.feats.split('|').any(|x| x == f))
            || has(&rules.gloss_after, &w.form.to_lowercase())
        {
            return true;
        }
    }
    if let Some(a) = (0..tree.n).find(|&i| tree.span(i).start >= m.outer.end) {
        let gap = tree
            .doc
            .text
            .get(m.outer.end as usize..tree.span(a).start as usize)
            .unwrap_or(".");
        if gap.trim().is_empty() && has(&rules.term_before_upos, &tree.word(a).upos) {
            return true;
        }
    }
    let quoted = tree
        .doc
        .text
        .get(m.content.start as usize..m.content.end as usize)
        .unwrap_or("");
    let title_case = quoted
        .split_whitespace()
        .filter(|w| w.chars().count() > 3)
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    if !verb && title_case && rules.title_case_verbless_is_term {
        return true;
    }
    if let Some(proper) = rules
        .cue_complement_is_quotation
        .then(|| cue_complement(tree, &inside, m.cue))
        .flatten()
    {
        return proper;
    }
    if !verb && words <= rules.term_max_words_verbless {
        return true;
    }
    m.cue.is_none() && ((!verb && rules.uncued_verbless_is_term) || words <= rules.uncued_max_words)
}

/// Who a quotation is attributed to by "in the words of X" or "in his own words" right
/// before its marks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordsOf {
    /// X ("the Crown prosecutor, Mark Tedeschi": the name in apposition), or the possessive.
    pub speaker: Span,
    /// The word "words".
    pub cue: Span,
    /// The speaker is a possessive pronoun ("his"): its antecedent is to be found.
    pub pronoun: bool,
}

/// "in the words of the Crown prosecutor, Mark Tedeschi, QC, "Gloria spent …"", "which left
/// him, in his own words, "almost at wits end"": the phrase ends right before the marks (a
/// comma or a colon between) and names who is quoted.
pub(crate) fn words_of(tree: &Tree, outer: Span) -> Option<WordsOf> {
    let k = (0..tree.n).rev().find(|&k| {
        tree.span(k).end <= outer.start && tree.word(k).form.to_lowercase() == "words"
    })?;
    let after_in = (k.saturating_sub(4)..k).any(|i| tree.word(i).form.to_lowercase() == "in");
    if !after_in {
        return None;
    }
    let phrase = tree.subtree(k, &["acl", "ccomp", "advcl", "parataxis", "conj", "dep"]);
    let gap = tree
        .doc
        .text
        .get(phrase.end.min(outer.start) as usize..outer.start as usize)
        .unwrap_or("x");
    let cue = tree.span(k);
    if !gap.trim().trim_matches([',', ':', ' ']).is_empty() {
        // "the words of the Crown prosecutor, Mark Tedeschi, QC, "…"" where the parser did not
        // keep the name in the phrase: between the phrase and the marks only proper nouns and
        // commas, and the first run of proper nouns names who is quoted.
        let between: Vec<usize> = (k + 1..tree.n)
            .filter(|&i| tree.span(i).start >= phrase.end && tree.span(i).end <= outer.start)
            .collect();
        let names_only = between.iter().all(|&i| {
            let w = tree.word(i);
            w.upos == "PROPN" || matches!(&*w.form, "," | ":")
        });
        let first = between.iter().position(|&i| tree.word(i).upos == "PROPN");
        let (true, Some(first)) = (names_only, first) else {
            return None;
        };
        let run = between[first..]
            .iter()
            .take_while(|&&i| tree.word(i).upos == "PROPN")
            .count();
        let speaker = Span {
            start: tree.span(between[first]).start,
            end: tree.span(between[first + run - 1]).end,
        };
        return Some(WordsOf {
            speaker,
            cue,
            pronoun: false,
        });
    }
    // "his own words": the possessive speaks.
    if let Some(p) = tree.children[k].iter().copied().find(|&c| {
        let w = tree.word(c);
        w.upos == "PRON" && (w.feats.contains("Poss=Yes") || &*w.deprel == "nmod:poss")
    }) {
        return Some(WordsOf {
            speaker: tree.span(p),
            cue,
            pronoun: true,
        });
    }
    // "the words of X": X, or the name in apposition to it.
    let x = tree.children[k].iter().copied().find(|&c| {
        tree.rel(c) == "nmod" && matches!(&*tree.word(c).upos, "NOUN" | "PROPN" | "PRON")
    })?;
    let apposed = tree.children[x]
        .iter()
        .copied()
        .find(|&c| tree.rel(c) == "appos" && tree.word(c).upos == "PROPN")
        .map(|c| tree.speaker_span(c, SPEAKER_SKIP));
    // Else a person named in the phrase after X ("the Crown prosecutor, Mark Tedeschi, QC").
    let x_span = tree.span(x);
    let named = || {
        tree.doc
            .mentions
            .iter()
            .filter(|m| m.label == "PER" && contains(phrase, m.span) && m.span.start >= x_span.end)
            .map(|m| m.span)
            .next()
    };
    Some(WordsOf {
        speaker: apposed
            .or_else(named)
            .unwrap_or_else(|| tree.speaker_span(x, SPEAKER_SKIP)),
        cue,
        pronoun: false,
    })
}

/// Whether the words `inside` the marks hang, through their top word, on the reporting verb
/// `cue` as its object, its predicate or its clause ("declared it "incomprehensible"", "told
/// the police, "everything he did""): `Some(false)`; `Some(true)` when a proper noun heads
/// them, a title or a name ("proclaiming himself "Emperor of these United States""); `None`
/// when they are no complement of the cue.
fn cue_complement(tree: &Tree, inside: &[usize], cue: Option<Span>) -> Option<bool> {
    let cue = cue?;
    let v = (0..tree.n).find(|&i| tree.span(i) == cue)?;
    let top = inside
        .iter()
        .copied()
        .filter(|&i| tree.word(i).upos != "PUNCT")
        .find(|&i| tree.head(i).is_none_or(|h| !inside.contains(&h)))?;
    // "called the sentence "dangerous" and "ideological"": a later conjunct completes the verb
    // as the first one does.
    let mut t = top;
    for _ in 0..tree.n {
        match tree.head(t) {
            Some(h) if tree.rel(t) == "conj" => t = h,
            _ => break,
        }
    }
    let complement = match tree.head(t) {
        Some(h) if h == v => matches!(tree.rel(t), "obj" | "xcomp" | "ccomp" | "iobj"),
        // An adjective after the verb's object predicates it ("declared Galois' work
        // "incomprehensible""), though parsers hang it on the noun: English puts its
        // attributive adjectives before the noun.
        Some(h) => {
            tree.word(t).upos == "ADJ"
                && tree.rel(t) == "amod"
                && t > h
                && tree.head(h) == Some(v)
                && tree.rel(h) == "obj"
        }
        None => false,
    };
    complement.then(|| tree.word(top).upos == "PROPN")
}

/// The parse of sentence `si`.
fn sentence_tree<'a>(doc: &'a Document, si: usize, lang: &'a str) -> Option<Tree<'a>> {
    let sentence = doc.sentences.get(si)?;
    if sentence.words.is_empty() {
        return None;
    }
    let base = sentence.words.start as usize;
    let n = sentence.words.len();
    let mut children = vec![Vec::new(); n];
    for i in 0..n {
        if let Some(h) = doc
            .words
            .get(base + i)?
            .head
            .and_then(|h| (h as usize).checked_sub(base))
        {
            if h < n {
                children[h].push(i);
            }
        }
    }
    Some(Tree {
        doc,
        base,
        n,
        children,
        lang,
    })
}

/// The words of paragraphs `paras` whose token lies in `span`.
fn words_within<'a>(doc: &'a Document, paras: &[usize], span: Span) -> Vec<&'a vigie_core::Word> {
    let mut out = Vec::new();
    for &p in paras {
        let Some(para) = doc.paragraphs.get(p) else {
            continue;
        };
        for s in para.sentences.start..para.sentences.end {
            let Some(sentence) = doc.sentences.get(s as usize) else {
                continue;
            };
            for w in doc
                .words
                .get(sentence.words.start as usize..sentence.words.end as usize)
                .unwrap_or(&[])
            {
                if doc
                    .tokens
                    .get(w.token as usize)
                    .is_some_and(|t| contains(span, t.span))
                {
                    out.push(w);
                }
            }
        }
    }
    out
}

fn starts_with_mark(s: &str) -> bool {
    s.trim_start()
        .starts_with(['"', '“', '”', '«', '‘', '\'', '`', '„'])
}

/// Adds block quotations: paragraphs after one ending with ":" that a reporting verb introduces
/// ("In it, Norton observed:"), or that speak in the first person after an introduction in the
/// third ("This experience would remind him of the terrors of hell: | Often I would find
/// myself…"). The block runs on over paragraphs ending with ";" or "," and takes in a signature
/// line ("— NORTON I"). Paragraphs in marks or already holding a quotation are left alone.
pub(crate) fn block_quotations(
    doc: &Document,
    lexicon: &Lexicon,
    rules: &SpanRules,
    quotes: &mut Vec<Quote>,
) {
    if rules.block_min_words == 0 {
        return;
    }
    let doc_lang = doc.language.as_ref().map(|l| l.code.as_str());
    let content: Vec<usize> = (0..doc.paragraphs.len())
        .filter(|&p| !doc.paragraphs[p].is_boilerplate())
        .collect();
    let text_of = |p: usize| {
        let s = doc.paragraphs[p].span;
        doc.text.get(s.start as usize..s.end as usize).unwrap_or("")
    };
    let mut k = 0;
    while k + 1 < content.len() {
        let (intro, first) = (content[k], content[k + 1]);
        k += 1;
        let para = &doc.paragraphs[intro];
        let lang = paragraph_lang(para, doc_lang);
        if lang != "en" || !text_of(intro).trim_end().ends_with(':') || para.sentences.is_empty() {
            continue;
        }
        if starts_with_mark(text_of(first)) {
            continue;
        }
        // The block: the first paragraph, on over ";"/"," endings, and a signature line.
        let mut last = k;
        loop {
            let ends_open = text_of(content[last]).trim_end().ends_with([';', ',']);
            let next = content.get(last + 1).copied();
            match next {
                Some(_) if ends_open => last += 1,
                Some(n) if text_of(n).trim_start().starts_with(['—', '–']) => {
                    last += 1;
                    break;
                }
                _ => break,
            }
        }
        let span = Span {
            start: doc.paragraphs[first].span.start,
            end: doc.paragraphs[content[last]].span.end,
        };
        let Some(span) = crate::trim_span(&doc.text, span) else {
            continue;
        };
        if overlaps_marked(quotes, span) {
            continue;
        }
        let block_words = words_within(doc, &content[k..=last], span);
        let count = block_words.iter().filter(|w| w.upos != "PUNCT").count();
        if count < rules.block_min_words {
            continue;
        }
        let first_person = block_words
            .iter()
            .any(|w| w.upos == "PRON" && w.feats.contains("Person=1"));
        let Some(tree) = sentence_tree(doc, para.sentences.end as usize - 1, lang) else {
            continue;
        };
        // The introduction's main verb reports ("Norton observed:"), not a verb inside it ("That
        // said, we are …:").
        let cue = (0..tree.n).find(|&i| {
            let w = tree.word(i);
            w.upos == "VERB"
                && tree.head(i).is_none()
                && lexicon
                    .cue(lang, &w.lemma)
                    .is_some_and(|c| c.content != Content::Prep)
        });
        let root = (0..tree.n).find(|&i| tree.head(i).is_none());
        let subject = match cue {
            Some(c) => tree.subject(c),
            None => root.and_then(|r| tree.subject(r)),
        };
        let third_person = subject.is_some_and(|s| {
            let f = &tree.word(s).feats;
            !f.contains("Person=1") && !f.contains("Person=2")
        });
        // "In it, Norton observed:" — but not "That said, we are quite different:".
        if !third_person || (cue.is_none() && !first_person) {
            continue;
        }
        let speaker = subject
            .filter(|&s| matches!(&*tree.word(s).upos, "PROPN" | "PRON"))
            .filter(|_| third_person)
            .map(|s| tree.speaker_span(s, SPEAKER_SKIP));
        let mut flags = vec!["block-quotation".to_string()];
        if speaker.is_none() {
            flags.push("speaker-unknown: the introduction names no one".to_string());
        }
        quotes.push(Quote {
            kind: "direct".to_string(),
            span,
            speaker,
            cue: cue.map(|c| tree.span(c)),
            cue_lemma: cue.map(|c| tree.word(c).lemma.to_lowercase()),
            speech_act: cue
                .and_then(|c| lexicon.cue(lang, &tree.word(c).lemma))
                .map(|c| c.speech_act.clone()),
            confidence: if speaker.is_some() { 0.5 } else { 0.3 },
            flags,
            ..Quote::default()
        });
    }
}

/// A quotation in marks overlaps `span` (reported speech inside a block quotation is fine).
fn overlaps_marked(quotes: &[Quote], span: Span) -> bool {
    quotes.iter().any(|q| {
        matches!(q.kind.as_str(), "direct" | "partial")
            && q.span.start < span.end
            && span.start < q.span.end
    })
}

/// Adds signed paragraphs: a paragraph without marks ending with a dash and a short name
/// ("… laughs about it. — Rick Santorum") is a quotation of the person named.
pub(crate) fn signed_paragraphs(doc: &Document, rules: &SpanRules, quotes: &mut Vec<Quote>) {
    if rules.signature_max_words == 0 {
        return;
    }
    let doc_lang = doc.language.as_ref().map(|l| l.code.as_str());
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        if para.is_boilerplate() {
            continue;
        }
        let lang = paragraph_lang(para, doc_lang);
        let (a, b) = (para.span.start as usize, para.span.end as usize);
        let Some(text) = doc.text.get(a..b) else {
            continue;
        };
        if lang != "en" || starts_with_mark(text) {
            continue;
        }
        let Some(dash) = text.rfind(" — ") else {
            continue;
        };
        let name = text[dash + " — ".len()..].trim().trim_end_matches('.');
        let said = text[..dash].trim_end();
        let name_words: Vec<&str> = name.split_whitespace().collect();
        let capitalised = name_words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        // The words before the dash end a sentence: a signature, not a dash inside a sentence.
        if name_words.is_empty()
            || name_words.len() > rules.signature_max_words
            || !capitalised
            || !said.ends_with(['.', '!', '?'])
            || said.split_whitespace().count() < rules.block_min_words.max(1)
        {
            continue;
        }
        let span = Span {
            start: a as u32,
            end: (a + said.len()) as u32,
        };
        let Some(span) = crate::trim_span(&doc.text, span) else {
            continue;
        };
        // Someone speaks ("I", "you"): a signature, not an agency's credit line ("— Reuters").
        let speaks = words_within(doc, &[pi], span).iter().any(|w| {
            w.upos == "PRON" && (w.feats.contains("Person=1") || w.feats.contains("Person=2"))
        });
        if !speaks || overlaps_marked(quotes, span) {
            continue;
        }
        let name_start = (b - text[dash..].trim_start_matches([' ', '—']).len()) as u32;
        quotes.push(Quote {
            kind: "direct".to_string(),
            span,
            speaker: Some(Span {
                start: name_start,
                end: name_start + name.len() as u32,
            }),
            confidence: 0.6,
            flags: vec!["signed-paragraph".to_string()],
            ..Quote::default()
        });
    }
}

/// A paragraph's language code, else the document's, else "".
fn paragraph_lang<'a>(para: &'a vigie_core::Paragraph, doc_lang: Option<&'a str>) -> &'a str {
    para.language
        .as_ref()
        .map(|l| l.code.as_str())
        .or(doc_lang)
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_rules_parse() {
        let rules =
            SpanRules::parse(include_str!("../data/quoted-spans-en.tsv")).expect("rules parse");
        assert!(rules.term_after_upos.iter().any(|u| u == "DET"));
        assert!(rules.uncued_unbalanced_is_stray && rules.block_min_words > 0);
        assert!(rules.cue_complement_is_quotation);
        assert!(SpanRules::parse("cue-complement-is-quotation\tmaybe\n").is_err());
        assert!(SpanRules::parse("term-after-upos DET\n").is_err());
        assert!(SpanRules::parse("uncued-max-words\tfour\n").is_err());
        assert!(SpanRules::parse("no-such-rule\t1\n").is_err());
    }
}
