//! The [`Document`] and the annotation records it carries.

use crate::{Span, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// One article: its original text, where it came from, and every annotation as stand-off spans.
///
/// Pipeline stages only ever *add* annotations; none rewrites `text`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Document {
    /// Stable identifier: the input's own id when it has one, else derived from its path/line
    /// or a content hash.
    pub id: String,
    pub meta: Metadata,
    /// The original text, exactly as decoded from the input (for HTML, the extracted main text).
    pub text: String,
    /// Language of the whole document, when one could be identified.
    #[serde(default)]
    pub language: Option<LanguageGuess>,
    #[serde(default)]
    pub paragraphs: Vec<Paragraph>,
    #[serde(default)]
    pub sentences: Vec<Sentence>,
    #[serde(default)]
    pub tokens: Vec<Token>,
    /// Syntactic words (Universal Dependencies): one per token, or several for a multi-word
    /// token ("du" = "de" + "le"), with part of speech, features, lemma and dependency.
    #[serde(default)]
    pub words: Vec<Word>,
    #[serde(default)]
    pub mentions: Vec<Mention>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub events: Vec<Event>,
    /// Things a user should know about this document (replaced bytes, truncation, unbalanced
    /// quotes…), each with the span it concerns when there is one.
    #[serde(default)]
    pub warnings: Vec<Warning>,
}

/// Where a document came from and what the source said about it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication date as given by the source (ISO 8601 when it could be read as a date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// Language declared by the source (`<html lang>`, a JSON field), distinct from the
    /// identified [`Document::language`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_language: Option<String>,
    pub source: Source,
}

/// The physical origin of a document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// File path, or `-` for standard input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based line number inside a JSON Lines file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    pub format: InputFormat,
    /// Character encoding the bytes were decoded from (`UTF-8`, `windows-1252`, …).
    pub encoding: String,
    /// Size in bytes of the input the text was read from.
    pub bytes: u64,
}

/// The shape of the input a document was read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    #[default]
    Text,
    Html,
    Jsonl,
}

/// An identified language with the identifier's confidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LanguageGuess {
    /// ISO 639-1 code when the language has one (`fr`, `en`), else ISO 639-3.
    pub code: String,
    /// Confidence in `0..=1`.
    pub confidence: f32,
    /// Whether the guess is trustworthy enough for language-specific stages.
    pub reliable: bool,
}

impl LanguageGuess {
    /// The language code if the guess is reliable.
    pub fn reliable_code(&self) -> Option<&str> {
        self.reliable.then_some(self.code.as_str())
    }
}

/// A paragraph: a block of text separated from its neighbours by a line break.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    #[serde(flatten)]
    pub span: Span,
    /// Language of this paragraph when it could be told on its own; otherwise the document's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<LanguageGuess>,
    /// Name of the boilerplate rule that matched ("read-also", "advertisement", …). Boilerplate
    /// paragraphs stay in the document but later stages skip them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boilerplate: Option<String>,
    /// Indices of this paragraph's sentences: `sentences.start..sentences.end`.
    pub sentences: IndexRange,
}

impl Paragraph {
    pub fn is_boilerplate(&self) -> bool {
        self.boilerplate.is_some()
    }
}

/// A half-open range of indices into one of the document's annotation vectors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexRange {
    pub start: u32,
    pub end: u32,
}

impl IndexRange {
    pub fn new(start: usize, end: usize) -> IndexRange {
        IndexRange {
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A sentence, inside one paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    #[serde(flatten)]
    pub span: Span,
    /// Index of the paragraph holding this sentence.
    pub paragraph: u32,
    /// Indices of this sentence's tokens.
    pub tokens: IndexRange,
    /// Indices of this sentence's syntactic words (empty until the tagger has run).
    #[serde(default, skip_serializing_if = "IndexRange::is_empty")]
    pub words: IndexRange,
}

/// A syntactic word, as Universal Dependencies defines it, with its grammar.
///
/// Words point at the token that holds them; a token holding several words (French "du",
/// English "don't") has several words with the same `token`. Tag and label names are UD's
/// (`upos`: NOUN, VERB…; `deprel`: nsubj, obj, obl…); `feats` keeps only the features Vigie
/// predicts (Gender, Mood, Number, Person, PronType, Tense, VerbForm).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    /// Index of the token holding this word.
    pub token: u32,
    /// The word's form (the token's normalised form, or its part of a multi-word token).
    pub form: Box<str>,
    pub lemma: Box<str>,
    pub upos: Cow<'static, str>,
    /// `Name=Value|…`, or `_` when none.
    pub feats: Cow<'static, str>,
    /// Index (in `Document::words`) of the head word; `None` for the sentence's root.
    pub head: Option<u32>,
    pub deprel: Cow<'static, str>,
}

/// What kind of string a token is. Later stages use it to skip URLs, treat numbers alike, etc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    #[default]
    Word,
    /// A word written with its period: "M.", "U.S.", "etc.".
    Abbreviation,
    Number,
    Date,
    Punct,
    Symbol,
    Url,
    Email,
    Hashtag,
    /// A social-media handle: "@vigie".
    Handle,
    Emoji,
}

/// A token: a word, number, punctuation mark or other unit, as a span of the original text.
///
/// The surface form is `&text[span]`; `norm` holds the normalised form (typographic apostrophes
/// and quotes made plain, no soft hyphens, ligatures expanded, entities decoded) only when it
/// differs from the surface.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Token {
    #[serde(flatten)]
    pub span: Span,
    #[serde(default)]
    pub norm: Option<Box<str>>,
    #[serde(default)]
    pub kind: TokenKind,
    /// The syntactic words of a token that holds several (English "don't" → "do", "n't"; later
    /// stages may add French "du" → "de", "le"), in normalised form. `None` for one word.
    #[serde(default)]
    pub words: Option<Box<[Box<str>]>>,
}

impl Token {
    /// The token's surface form in `text` (the document's original text).
    pub fn surface<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.span.range()).unwrap_or("")
    }
    /// The normalised form: `norm` when set, else the surface.
    pub fn normalized<'a>(&'a self, text: &'a str) -> &'a str {
        match &self.norm {
            Some(n) => n,
            None => self.surface(text),
        }
    }
}

/// A mention of a named entity (filled by the entity stage).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    #[serde(flatten)]
    pub span: Span,
    /// PER, ORG, LOC, GPE, MISC.
    pub label: String,
    /// Index into [`Document::entities`] of the entity this mention refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<u32>,
    /// How sure the link is (0–1), once linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_score: Option<f32>,
    /// What the link rests on: `kb-alias`, `kb-role`, `earlier-full-name`, `local`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// A resolved identity within the document (filled by the entity stage).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Knowledge-base id (a Wikidata QID where one exists) or a document-local id.
    pub id: String,
    pub label: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_code: Option<String>,
    /// ISO 3166 alpha-3 code of the actor's country, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Indices into [`Document::mentions`].
    #[serde(default)]
    pub mentions: Vec<u32>,
}

/// A quotation and its speaker (filled by the quote stage).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// `direct` (« … » with its cue outside), `partial` (a quoted fragment inside a reported
    /// sentence), `indirect` (reported speech without marks: "X a déclaré que …", "selon X"),
    /// or `mixed` (indirect speech that contains quoted fragments).
    pub kind: String,
    /// The quoted content (inside the marks for direct and partial quotes).
    #[serde(flatten)]
    pub span: Span,
    /// Who speaks, as written ("Kim", "l'assistant", "il").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Span>,
    /// The name a pronoun or role-noun speaker refers to ("l'assistant" → "Iouri Ouchakov").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_antecedent: Option<Span>,
    /// Index into `entities` of the speaker, once entities are linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<u32>,
    /// The reporting verb or phrase ("a déclaré", "selon", "told").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<Span>,
    /// The cue's lemma ("déclarer", "selon", "say").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue_lemma: Option<String>,
    /// What the cue does: statement, promise, denial, accusation, threat, appeal, praise,
    /// criticism (from the cue lexicon).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speech_act: Option<String>,
    /// 0..1: how sure the stage is of the quote and its speaker.
    #[serde(default)]
    pub confidence: f32,
    /// Notes: `unbalanced-marks` (extent recovered), `speaker-unknown: <reason>`,
    /// `speaker-from-context` (no cue in the sentence).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
}

/// A coded event: who did what to whom, where and when (filled by the event stage).
///
/// Every field that comes from the text points back to it: the event's evidence (`span`), the
/// predicate that triggered it, each actor's span, the place and the date expression.
/// Actors are indices into [`Document::entities`] when they resolved to one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// CAMEO event code, as specific as the text supports: "05" (root), "057", "0233".
    pub code: String,
    /// The evidence: the clause or noun phrase the event was read from.
    #[serde(flatten)]
    pub span: Span,
    /// Source actor (entity index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<u32>,
    /// Target actor (entity index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<u32>,
    /// The source actor's words in the text ("Poutine", "les deux dirigeants").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_span: Option<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_span: Option<Span>,
    /// CAMEO actor codes of source and target as of the event date ("RUSGOV", "PRKGOV").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_actor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_actor: Option<String>,
    /// ISO 3166 alpha-3 / CAMEO country of each actor ("RUS", "PRK").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_country: Option<String>,
    /// The predicate: verb or event noun ("offert", "signature").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Span>,
    /// Its lemma ("offrir").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_lemma: Option<String>,
    /// What was given, signed, promised… ("une limousine Aurus").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Span>,
    /// Goldstein scale value of the CAMEO code (-10 … +10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goldstein: Option<f32>,
    /// GDELT QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quad_class: Option<u8>,
    /// PLOVER event type ("AGREE", "CONSULT", "AID") and mode ("sign", "visit").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plover_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plover_mode: Option<String>,
    /// Where: a place entity index and/or the words naming it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_span: Option<Span>,
    /// When: ISO date resolved against the article date, and the expression it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_span: Option<Span>,
    /// "n'a pas signé", "did not attack".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negated: bool,
    /// `asserted` (default, omitted), `conditional` ("en cas d'agression"), `intended`
    /// ("prévoit de", "a promis de"), `hypothetical`, `possible`, `demanded`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modality: Option<String>,
    /// When the event is reported by someone rather than asserted by the article: the quote
    /// (index into [`Document::quotes`]) it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_in: Option<u32>,
    /// 0..1.
    #[serde(default)]
    pub confidence: f32,
    /// Which lexicon entry or pattern coded it (`verbs-fr.tsv:offrir`, `CAMEO.2.0.txt:…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Notes: `background` (nominal, not a new event), `speech-act`, `agentless-passive`, …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
}

/// Something about the input a user should know: it was decoded with replacements, truncated,
/// had unbalanced quotes…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// Stable machine-readable code: `invalid-utf8`, `truncated`, `unbalanced-quote`, …
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl Document {
    /// A document holding `text` and nothing else yet.
    pub fn new(id: impl Into<String>, text: impl Into<String>, meta: Metadata) -> Document {
        Document {
            id: id.into(),
            meta,
            text: text.into(),
            ..Document::default()
        }
    }

    /// The surface text of a span (empty if the span is out of range, which
    /// [`Document::check_spans`] reports).
    pub fn slice(&self, span: Span) -> &str {
        span.slice(&self.text).unwrap_or("")
    }

    /// The tokens of sentence `i`.
    pub fn sentence_tokens(&self, i: usize) -> &[Token] {
        match self.sentences.get(i) {
            Some(s) => self.tokens.get(s.tokens.range()).unwrap_or(&[]),
            None => &[],
        }
    }

    /// Sentences outside boilerplate paragraphs, the ones content stages read.
    pub fn content_sentences(&self) -> impl Iterator<Item = (usize, &Sentence)> {
        self.sentences.iter().enumerate().filter(|(_, s)| {
            self.paragraphs
                .get(s.paragraph as usize)
                .is_none_or(|p| !p.is_boilerplate())
        })
    }

    /// Every span the document carries, with a name saying what it is (for checks and tests).
    pub fn all_spans(&self) -> Vec<(&'static str, Span)> {
        let mut out = Vec::new();
        out.extend(self.paragraphs.iter().map(|p| ("paragraph", p.span)));
        out.extend(self.sentences.iter().map(|s| ("sentence", s.span)));
        out.extend(self.tokens.iter().map(|t| ("token", t.span)));
        out.extend(self.mentions.iter().map(|m| ("mention", m.span)));
        for q in &self.quotes {
            out.push(("quote", q.span));
            out.extend(q.speaker.map(|s| ("quote.speaker", s)));
            out.extend(
                q.speaker_antecedent
                    .map(|s| ("quote.speaker_antecedent", s)),
            );
            out.extend(q.cue.map(|s| ("quote.cue", s)));
        }
        out.extend(self.events.iter().map(|e| ("event", e.span)));
        out.extend(
            self.warnings
                .iter()
                .filter_map(|w| w.span.map(|s| ("warning", s))),
        );
        out
    }

    /// Checks the stand-off invariant: every span slices the text on character boundaries, and
    /// tokens, sentences and paragraphs nest and are ordered.
    pub fn check_spans(&self) -> Result<(), String> {
        for (what, span) in self.all_spans() {
            if span.start > span.end || span.slice(&self.text).is_none() {
                return Err(format!(
                    "{what} {}..{} does not slice the text ({} bytes) on character boundaries",
                    span.start,
                    span.end,
                    self.text.len()
                ));
            }
        }
        for w in self.tokens.windows(2) {
            if w[0].span.end > w[1].span.start {
                return Err(format!(
                    "tokens overlap or are out of order at byte {}",
                    w[1].span.start
                ));
            }
        }
        for (i, s) in self.sentences.iter().enumerate() {
            let toks = self
                .tokens
                .get(s.tokens.range())
                .ok_or_else(|| format!("sentence {i} has token range out of bounds"))?;
            if toks.iter().any(|t| !s.span.contains(t.span)) {
                return Err(format!("sentence {i} does not contain all its tokens"));
            }
            let para = self
                .paragraphs
                .get(s.paragraph as usize)
                .ok_or_else(|| format!("sentence {i} points to a missing paragraph"))?;
            if !para.span.contains(s.span) {
                return Err(format!("sentence {i} lies outside its paragraph"));
            }
        }
        Ok(())
    }
}

/// The JSON view of a document: the fields above plus `schema_version`, and each token with its
/// surface `text` and the whitespace `ws` that follows it.
#[derive(Serialize)]
struct DocumentOut<'a> {
    schema_version: u32,
    id: &'a str,
    meta: &'a Metadata,
    text: &'a str,
    language: &'a Option<LanguageGuess>,
    paragraphs: &'a [Paragraph],
    sentences: &'a [Sentence],
    tokens: TokensOut<'a>,
    #[serde(skip_serializing_if = "<[Word]>::is_empty")]
    words: &'a [Word],
    mentions: &'a [Mention],
    entities: &'a [Entity],
    quotes: &'a [Quote],
    events: &'a [Event],
    warnings: &'a [Warning],
}

struct TokensOut<'a> {
    text: &'a str,
    tokens: &'a [Token],
}

#[derive(Serialize)]
struct TokenOut<'a> {
    start: u32,
    end: u32,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    norm: Option<&'a str>,
    ws: &'a str,
    kind: TokenKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    words: Option<&'a [Box<str>]>,
}

impl Serialize for TokensOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.tokens.len()))?;
        for (i, t) in self.tokens.iter().enumerate() {
            let limit = self
                .tokens
                .get(i + 1)
                .map_or(self.text.len(), |n| n.span.start as usize);
            let after = self.text.get(t.span.end as usize..limit).unwrap_or("");
            let ws_len = after
                .char_indices()
                .find(|(_, c)| !c.is_whitespace())
                .map_or(after.len(), |(i, _)| i);
            seq.serialize_element(&TokenOut {
                start: t.span.start,
                end: t.span.end,
                text: t.surface(self.text),
                norm: t.norm.as_deref(),
                ws: &after[..ws_len],
                kind: t.kind,
                words: t.words.as_deref(),
            })?;
        }
        seq.end()
    }
}

impl Serialize for Document {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DocumentOut {
            schema_version: SCHEMA_VERSION,
            id: &self.id,
            meta: &self.meta,
            text: &self.text,
            language: &self.language,
            paragraphs: &self.paragraphs,
            sentences: &self.sentences,
            tokens: TokensOut {
                text: &self.text,
                tokens: &self.tokens,
            },
            words: &self.words,
            mentions: &self.mentions,
            entities: &self.entities,
            quotes: &self.quotes,
            events: &self.events,
            warnings: &self.warnings,
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_keeps_annotations_and_adds_surface() {
        let mut doc = Document::new("d1", "Il a dit\u{a0}: oui.", Metadata::default());
        doc.tokens.push(Token {
            span: Span::new(0, 2),
            norm: None,
            kind: TokenKind::Word,
            words: None,
        });
        doc.tokens.push(Token {
            span: Span::new(3, 4),
            norm: None,
            kind: TokenKind::Word,
            words: None,
        });
        let json = serde_json::to_value(&doc).unwrap();
        assert_eq!(json["schema_version"], SCHEMA_VERSION);
        assert_eq!(json["tokens"][0]["text"], "Il");
        assert_eq!(json["tokens"][0]["ws"], " ");
        let back: Document = serde_json::from_value(json).unwrap();
        assert_eq!(back, doc);
    }

    #[test]
    fn check_spans_rejects_a_span_inside_a_character() {
        let mut doc = Document::new("d", "été", Metadata::default());
        doc.tokens.push(Token {
            span: Span::new(0, 1),
            norm: None,
            kind: TokenKind::Word,
            words: None,
        });
        assert!(doc.check_spans().is_err());
        doc.tokens[0].span = Span::new(0, 2);
        assert!(doc.check_spans().is_ok());
    }
}
