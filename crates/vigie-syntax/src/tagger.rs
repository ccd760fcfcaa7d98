//! Part of speech, morphology and lemma for each word of a sentence.
//!
//! Three decisions per word, each by an averaged perceptron: the UPOS tag (greedy, left to right,
//! with the two previous tags as features), the morphological features (one class per feature
//! bundle seen with that UPOS in training, restricted to [`KEPT_FEATURES`]), and the lemma
//! ([`crate::lemma`]). A full-form [`Lexicon`], when the language has one, adds each word's
//! possible tags as features and gives lemmas for forms training never saw.

use crate::io::{put_strings, Reader};
use crate::lemma::{LemmaExample, Lemmatizer};
use crate::lexicon::Lexicon;
use crate::mwt::MwtSplitter;
use crate::perceptron::{argmax, FeatureKey, Model, Trainer};
use crate::train::Rng;
use crate::ModelError;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::hash::Hasher;

/// The morphological features Vigie predicts (the ones later stages read).
pub const KEPT_FEATURES: &[&str] = &[
    "Gender", "Mood", "Number", "Person", "PronType", "Tense", "VerbForm",
];

/// Tags of one word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggedWord {
    pub upos: u16,
    pub feats: u16,
    pub lemma: String,
}

/// Everything the features need about one word, computed once per sentence: the word's
/// lower-cased form, its lexicon entry, and the hash of every string part a feature uses
/// (lower-cased form, form, suffixes, prefixes, shape, lexicon ambiguity class). Feature keys
/// are then integer mixes of these hashes ([`k1`], [`k2`]): no string is hashed twice.
struct WordInfo<'a> {
    form: &'a str,
    lower: Cow<'a, str>,
    lex: Option<u32>,
    /// The word's entry in the tagger's [`Vocabulary`], when training saw its lower-cased form.
    vocab: Option<u32>,
    /// The first character is upper case.
    upper_initial: bool,
    /// The form is its own lower-case form (then a vocabulary word's scores are cached).
    is_lower: bool,
    h_form: u64,
    h_lower: u64,
    /// Hashes of the last 1, 2, 3, 4 characters of the lower-cased form.
    h_suffix: [u64; 4],
    h_prefix1: u64,
    h_prefix3: u64,
    h_shape: u64,
    /// The lexicon's ambiguity class (0: not in the lexicon).
    sig: u64,
}

/// `form` lower-cased, borrowed when it already is (most words): no allocation then.
pub(crate) fn lowercase(form: &str) -> Cow<'_, str> {
    // Only upper-case letters (Unicode's Uppercase property) and title-case digraphs have a
    // lower-case mapping.
    let titlecase = |c: char| matches!(c, '\u{1C5}'..='\u{1F2}' | '\u{1F88}'..='\u{1FFC}');
    let unchanged = if form.is_ascii() {
        !form.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        !form.chars().any(|c| {
            c.is_ascii_uppercase() || (!c.is_ascii() && (c.is_uppercase() || titlecase(c)))
        })
    };
    if unchanged {
        Cow::Borrowed(form)
    } else {
        Cow::Owned(form.to_lowercase())
    }
}

/// FxHash of a string part.
#[inline]
fn hash_str(s: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// The hash of a word's shape ("Poutine" → "Xx", "2024" → "dd", "G-7" → "X-d"): upper, lower
/// and digit runs collapsed after two, other characters kept.
fn shape_hash(form: &str) -> u64 {
    let mut h: u64 = 0x5348_4150_4500_0001;
    let mut last = '\0';
    let mut run = 0;
    for c in form.chars() {
        let m = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if m == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        last = m;
        h = (h.rotate_left(5) ^ u64::from(m)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    h
}

fn suffix(s: &str, n: usize) -> &str {
    let mut it = s.char_indices().rev();
    let mut start = s.len();
    for _ in 0..n {
        match it.next() {
            Some((i, _)) => start = i,
            None => break,
        }
    }
    &s[start..]
}

fn prefix(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// The part hash of a missing neighbour (before the first or after the last word).
const NONE_H: u64 = 0x3c6e_6f6e_653e_0001;
/// The tag of a missing neighbour.
const NO_TAG: u32 = u32::MAX;

/// Murmur3's 64-bit finaliser: every input bit moves every output bit, so that the model's
/// table (low bits: slot, high bits: tag) sees well-spread keys.
#[inline]
fn fmix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// Feature key of template `t` with one part hash (or small integer).
#[inline]
fn k1(t: u64, a: u64) -> FeatureKey {
    fmix(t.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ a)
}

/// Feature key of template `t` with two parts (order matters).
#[inline]
fn k2(t: u64, a: u64, b: u64) -> FeatureKey {
    fmix(k1(t, a) ^ b)
}

/// Marks the tagger section of a model file with the version of its features (hashing and
/// templates): a model trained with other features would load but tag at random. Old files
/// begin with the UPOS count, never this value.
const TAGGER_FEATURES: u32 = 0x5446_0002;

/// Averaged weights below this fraction of the largest are dropped from the UPOS and feature
/// models: smaller tables, fewer cache misses. Sequoia and GSD dev, tagger trained without them:
/// UPOS, feats and lemma unchanged (±0.03) at 0.01.
const PRUNE: f32 = 0.01;

/// A training sentence: forms, UPOS ids, feature-bundle ids, reduced feature strings.
type GoldSentence<'a> = (Vec<&'a str>, Vec<u32>, Vec<u16>, Vec<String>);

/// The lower-cased forms seen in training, each with its lexicon entry and known lemmas, so that
/// a frequent word costs one hash lookup instead of a lexicon search and a lemma-table probe.
#[derive(Debug, Default, PartialEq)]
struct Vocabulary {
    /// [`hash_str`] of the lower-cased form → entry.
    index: FxHashMap<u64, u32>,
    entries: Vec<VocabEntry>,
    /// Per entry, the UPOS scores of the features of the form written in lower case
    /// ([`own_features`], [`as_previous`], [`as_next`]): `ROWS` rows of one score per UPOS,
    /// added to the scores of the other features instead of looking those up word by word.
    /// Scores are integers (quantised weights), so the sums are exact.
    rows: Vec<f32>,
    n_upos: usize,
}

/// Cached rows per vocabulary entry: the word itself, as previous word, as next word.
const ROWS: usize = 3;
const OWN: usize = 0;
const PREVIOUS: usize = 1;
const NEXT: usize = 2;

#[derive(Debug, PartialEq)]
struct VocabEntry {
    lower: Box<str>,
    /// The lexicon's analysis set of the lower-cased form.
    lex: Option<u32>,
    /// The form capitalised ("paris" → "Paris") and its own analysis set, as sentence-initial
    /// words and names are written.
    capitalised: Box<str>,
    capitalised_lex: Option<u32>,
    /// (UPOS id, lemma) seen in training.
    lemmas: Vec<(u16, Box<str>)>,
}

impl Vocabulary {
    fn build(known: &crate::lemma::KnownLemmas, lexicon: Option<&Lexicon>) -> Vocabulary {
        let mut v = Vocabulary::default();
        for (form, u, lemma) in known.sorted() {
            let h = hash_str(form);
            let i = match v.index.get(&h) {
                Some(&i) if *v.entries[i as usize].lower == *form => i as usize,
                // A hash collision with another form: that form stays out of the
                // vocabulary and is looked up the slow way.
                Some(_) => continue,
                None => {
                    v.index.insert(h, v.entries.len() as u32);
                    let mut chars = form.chars();
                    let capitalised: String = chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or_default();
                    v.entries.push(VocabEntry {
                        lower: form.into(),
                        lex: lexicon.and_then(|l| l.lookup(form)),
                        capitalised_lex: lexicon.and_then(|l| l.get(&capitalised)),
                        capitalised: capitalised.into(),
                        lemmas: Vec::new(),
                    });
                    v.entries.len() - 1
                }
            };
            v.entries[i].lemmas.push((u, lemma.into()));
        }
        v
    }

    /// Fills [`Vocabulary::rows`] from the UPOS model.
    fn cache_scores(&mut self, model: &Model, lexicon: Option<&Lexicon>) {
        let n = model.n_classes();
        let mut rows = Vec::with_capacity(self.entries.len() * ROWS * n);
        let (mut buf, mut scores) = (Vec::new(), Vec::new());
        for e in &self.entries {
            let w = infos(&[&e.lower], lexicon, None);
            for row in 0..ROWS {
                buf.clear();
                match row {
                    OWN => own_features(&w[0], lexicon.is_some(), &mut buf),
                    PREVIOUS => as_previous(w.first(), lexicon.is_some(), &mut buf),
                    _ => as_next(w.first(), lexicon.is_some(), &mut buf),
                }
                model.scores(&buf, &mut scores);
                rows.extend_from_slice(&scores);
            }
        }
        self.rows = rows;
        self.n_upos = n;
    }

    /// The cached scores `row` of word `w`, when it has them.
    #[inline]
    fn row(&self, w: &WordInfo<'_>, row: usize) -> Option<&[f32]> {
        if !w.is_lower {
            return None;
        }
        let start = (w.vocab? as usize * ROWS + row) * self.n_upos;
        self.rows.get(start..start + self.n_upos)
    }

    #[inline]
    fn find(&self, lower: &str, h: u64) -> Option<u32> {
        let &i = self.index.get(&h)?;
        (*self.entries.get(i as usize)?.lower == *lower).then_some(i)
    }

    fn lemma(&self, entry: Option<u32>, upos: u16) -> Option<&str> {
        let e = self.entries.get(entry? as usize)?;
        e.lemmas.iter().find(|(u, _)| *u == upos).map(|(_, l)| &**l)
    }
}

/// The UPOS/feats/lemma tagger of one language.
#[derive(Debug, PartialEq)]
pub struct Tagger {
    pub upos: Vec<String>,
    upos_model: Model,
    pub feats: Vec<String>,
    feats_model: Model,
    /// For each UPOS, the feature bundles seen with it in training.
    feats_allowed: Vec<Vec<u16>>,
    lemmatizer: Lemmatizer,
    lexicon: Option<Lexicon>,
    mwt: MwtSplitter,
    /// Derived at load: see [`Derived`].
    derived: Derived,
}

/// Tables derived from the model when it is built or read, never written.
#[derive(Debug, Default, PartialEq)]
struct Derived {
    vocab: Vocabulary,
    /// For each UPOS id: a noun, pronoun, determiner or proper noun (agreement features).
    nominal: Vec<bool>,
    /// Lexicon UPOS id → tagger UPOS id (`NO_TAG`: a tag the tagger does not have).
    lex_upos: Vec<u32>,
    /// Lexicon feature-bundle id → tagger feature-bundle id (`NO_TAG`: none).
    lex_feats: Vec<u32>,
    /// See [`TagContext`].
    tag_context: TagContext,
}

/// The UPOS scores of the context features that only read the two previous tags, whether
/// the word is the first and whether it is capitalised ([`tag_only_features`]): few
/// combinations, so their scores are summed once at load, one row per combination, instead
/// of looked up word by word. Scores are integers (quantised weights): the sums are exact.
#[derive(Debug, Default, PartialEq)]
struct TagContext {
    rows: Vec<f32>,
    n_upos: usize,
}

impl TagContext {
    fn build(model: &Model) -> TagContext {
        let n = model.n_classes();
        // Tags 0..n, and n for a missing neighbour.
        let tags = n + 1;
        let mut rows = Vec::with_capacity(tags * tags * 4 * n);
        let (mut buf, mut scores) = (Vec::new(), Vec::new());
        for p0 in 0..tags {
            for p1 in 0..tags {
                for first in [false, true] {
                    for upper in [false, true] {
                        let tag = |t: usize| if t == n { NO_TAG } else { t as u32 };
                        buf.clear();
                        tag_only_features([tag(p0), tag(p1)], first, upper, &mut buf);
                        model.scores(&buf, &mut scores);
                        rows.extend_from_slice(&scores);
                    }
                }
            }
        }
        TagContext { rows, n_upos: n }
    }

    /// The row of a word after tags `prev`; `None` for a tag out of range.
    #[inline]
    fn row(&self, prev: [u32; 2], first: bool, upper: bool) -> Option<&[f32]> {
        let n = self.n_upos;
        let index = |t: u32| match t {
            NO_TAG => Some(n),
            t if (t as usize) < n => Some(t as usize),
            _ => None,
        };
        let (p0, p1) = (index(prev[0])?, index(prev[1])?);
        let r = ((p0 * (n + 1) + p1) * 2 + usize::from(first)) * 2 + usize::from(upper);
        self.rows.get(r * n..(r + 1) * n)
    }
}

impl Derived {
    fn new(
        upos: &[String],
        feats: &[String],
        upos_model: &Model,
        lemmatizer: &Lemmatizer,
        lexicon: Option<&Lexicon>,
    ) -> Derived {
        let mut vocab = Vocabulary::build(&lemmatizer.known, lexicon);
        vocab.cache_scores(upos_model, lexicon);
        let id_in = |names: &[String], name: &str| {
            names
                .iter()
                .position(|n| n == name)
                .map_or(NO_TAG, |i| i as u32)
        };
        Derived {
            tag_context: TagContext::build(upos_model),
            vocab,
            nominal: upos
                .iter()
                .map(|u| matches!(u.as_str(), "NOUN" | "PRON" | "DET" | "PROPN"))
                .collect(),
            lex_upos: lexicon.map_or_else(Vec::new, |l| {
                l.upos.iter().map(|n| id_in(upos, n)).collect()
            }),
            lex_feats: lexicon.map_or_else(Vec::new, |l| {
                l.feats.iter().map(|n| id_in(feats, n)).collect()
            }),
        }
    }
}

fn infos<'a>(
    forms: &[&'a str],
    lexicon: Option<&Lexicon>,
    vocab: Option<&Vocabulary>,
) -> Vec<WordInfo<'a>> {
    forms
        .iter()
        .map(|&form| {
            let lower = lowercase(form);
            let h_lower = hash_str(&lower);
            let is_lower = matches!(lower, Cow::Borrowed(_));
            let entry = vocab.and_then(|v| v.find(&lower, h_lower));
            let lex = match (lexicon, entry.and_then(|e| vocab?.entries.get(e as usize))) {
                (None, _) => None,
                // The form as written first, then lower-cased (as `Lexicon::lookup`).
                (Some(_), Some(e)) if is_lower => e.lex,
                (Some(_), Some(e)) if *e.capitalised == *form => e.capitalised_lex.or(e.lex),
                (Some(l), Some(e)) => l.get(form).or(e.lex),
                (Some(l), None) => l.lookup(form),
            };
            let l = &*lower;
            WordInfo {
                form,
                lex,
                vocab: entry,
                upper_initial: form.chars().next().is_some_and(char::is_uppercase),
                is_lower,
                h_form: if is_lower { h_lower } else { hash_str(form) },
                h_lower,
                h_suffix: [
                    hash_str(suffix(l, 1)),
                    hash_str(suffix(l, 2)),
                    hash_str(suffix(l, 3)),
                    hash_str(suffix(l, 4)),
                ],
                h_prefix1: hash_str(prefix(l, 1)),
                h_prefix3: hash_str(prefix(l, 3)),
                h_shape: shape_hash(form),
                sig: match (lexicon, lex) {
                    (Some(l), Some(s)) => l.signature(s).unwrap_or(0),
                    _ => 0,
                },
                lower,
            }
        })
        .collect()
}

/// The UPOS features of word `i` given the two previous tags: the word's own
/// ([`own_features`]), its neighbours' ([`as_previous`], [`as_next`]) and the rest
/// ([`context_features`]).
fn upos_features(
    w: &[WordInfo<'_>],
    i: usize,
    prev: [u32; 2],
    lexicon: bool,
    out: &mut Vec<FeatureKey>,
) {
    out.clear();
    own_features(&w[i], lexicon, out);
    as_previous(i.checked_sub(1).and_then(|j| w.get(j)), lexicon, out);
    as_next(w.get(i + 1), lexicon, out);
    context_features(w, i, prev, lexicon, out);
}

/// Features of the word itself that do not depend on where it stands: their scores are
/// computed once per vocabulary form ([`Vocabulary::rows`]).
fn own_features(me: &WordInfo<'_>, lexicon: bool, out: &mut Vec<FeatureKey>) {
    out.push(k1(0, 0));
    out.push(k1(1, me.h_lower));
    out.push(k1(2, me.h_form));
    for n in 0..4 {
        out.push(k1(3 + n as u64, me.h_suffix[n]));
    }
    out.push(k1(7, me.h_prefix1));
    out.push(k1(8, me.h_prefix3));
    out.push(k1(9, me.h_shape));
    if lexicon {
        out.push(k1(24, me.sig));
    }
}

/// Features of the word before the one tagged (`None`: it is the first).
fn as_previous(x: Option<&WordInfo<'_>>, lexicon: bool, out: &mut Vec<FeatureKey>) {
    out.push(k1(10, x.map_or(NONE_H, |x| x.h_lower)));
    if lexicon {
        out.push(k1(26, x.map_or(0, |x| x.sig)));
    }
}

/// Features of the word after the one tagged (`None`: it is the last).
fn as_next(x: Option<&WordInfo<'_>>, lexicon: bool, out: &mut Vec<FeatureKey>) {
    out.push(k1(11, x.map_or(NONE_H, |x| x.h_lower)));
    out.push(k1(15, x.map_or(NONE_H, |x| x.h_suffix[2])));
    if lexicon {
        out.push(k1(25, x.map_or(0, |x| x.sig)));
    }
}

/// Features of the word in its place: previous tags, position, capitalisation, word pairs.
fn context_features(
    w: &[WordInfo<'_>],
    i: usize,
    prev: [u32; 2],
    lexicon: bool,
    out: &mut Vec<FeatureKey>,
) {
    // The features of [`tag_only_features`] and [`word_context_features`] (which tagging
    // reads separately), in the order training has always had them.
    let me = &w[i];
    let (p0, p1) = (u64::from(prev[0]), u64::from(prev[1]));
    let l = me.h_lower;
    out.push(k1(17, p0));
    out.push(k2(18, p0, p1));
    out.push(k2(19, p0, l));
    out.push(k2(20, p0, me.h_suffix[2]));
    out.push(k2(21, u64::from(i == 0), u64::from(me.upper_initial)));
    let cap = u64::from(i > 0 && me.upper_initial);
    out.push(k2(29, cap, p0));
    out.push(k2(23, l, w.get(i + 1).map_or(NONE_H, |x| x.h_lower)));
    if lexicon {
        out.push(k2(27, me.sig, p0));
    }
}

/// The context features that read only the previous tags, whether the word is the first of
/// the sentence and whether it is capitalised (see [`TagContext`]).
fn tag_only_features(prev: [u32; 2], first: bool, upper: bool, out: &mut Vec<FeatureKey>) {
    let (p0, p1) = (u64::from(prev[0]), u64::from(prev[1]));
    out.push(k1(17, p0));
    out.push(k2(18, p0, p1));
    out.push(k2(21, u64::from(first), u64::from(upper)));
    let cap = u64::from(!first && upper);
    out.push(k2(29, cap, p0));
}

/// The context features that read the word or its neighbours.
fn word_context_features(
    w: &[WordInfo<'_>],
    i: usize,
    prev: [u32; 2],
    lexicon: bool,
    out: &mut Vec<FeatureKey>,
) {
    let me = &w[i];
    let p0 = u64::from(prev[0]);
    let l = me.h_lower;
    out.push(k2(19, p0, l));
    out.push(k2(20, p0, me.h_suffix[2]));
    out.push(k2(23, l, w.get(i + 1).map_or(NONE_H, |x| x.h_lower)));
    if lexicon {
        out.push(k2(27, me.sig, p0));
    }
}

/// What [`feats_features`] needs besides the words and their tags.
struct FeatsContext<'a> {
    lexicon: Option<&'a Lexicon>,
    /// See [`Derived::nominal`].
    nominal: &'a [bool],
    /// See [`Derived::lex_upos`].
    lex_upos: &'a [u32],
}

fn feats_features(
    w: &[WordInfo<'_>],
    i: usize,
    upos: &[u32],
    cx: &FeatsContext<'_>,
    out: &mut Vec<FeatureKey>,
) {
    out.clear();
    let u = upos[i];
    let uh = u64::from(u);
    let me = &w[i];
    let tag = |j: isize| -> u64 {
        match usize::try_from(j) {
            Err(_) => u64::from(NO_TAG),
            Ok(j) => upos.get(j).map_or(u64::from(NO_TAG - 1), |&t| u64::from(t)),
        }
    };
    let i_ = i as isize;
    out.push(k1(200, uh));
    out.push(k2(201, uh, me.h_lower));
    for n in 0..4 {
        out.push(k2(202 + n as u64, uh, me.h_suffix[n]));
    }
    out.push(k2(206, uh, tag(i_ - 1)));
    out.push(k2(207, uh, tag(i_ + 1)));
    let lower = |j: Option<usize>| j.and_then(|j| w.get(j)).map_or(NONE_H, |x| x.h_lower);
    out.push(k2(208, uh, lower(i.checked_sub(1))));
    out.push(k2(209, uh, lower(Some(i + 1))));
    // Agreement: the nearest noun or pronoun's ending on the left.
    for j in (0..i).rev().take(4) {
        if cx.nominal.get(upos[j] as usize).copied().unwrap_or(false) {
            out.push(k2(210, uh, w[j].h_suffix[1]));
            break;
        }
    }
    if let (Some(lex), Some(set)) = (cx.lexicon, me.lex) {
        for a in lex.analyses(set) {
            if cx.lex_upos.get(a.upos as usize) == Some(&u) {
                out.push(k1(211, lex.feats_hash(a)));
            }
        }
    }
}

impl Tagger {
    fn feats_context(&self) -> FeatsContext<'_> {
        FeatsContext {
            lexicon: self.lexicon.as_ref(),
            nominal: &self.derived.nominal,
            lex_upos: &self.derived.lex_upos,
        }
    }

    fn infos<'a>(&self, forms: &[&'a str]) -> Vec<WordInfo<'a>> {
        infos(forms, self.lexicon.as_ref(), Some(&self.derived.vocab))
    }

    /// Tags a sentence given as word forms.
    pub fn tag(&self, forms: &[&str]) -> Vec<TaggedWord> {
        let w = self.infos(forms);
        let has_lexicon = self.lexicon.is_some();
        let mut feats = Vec::with_capacity(64);
        let mut scores = Vec::with_capacity(64);
        let mut upos: Vec<u32> = Vec::with_capacity(w.len());
        for i in 0..w.len() {
            let prev = [
                upos.get(i.wrapping_sub(1)).copied().unwrap_or(NO_TAG),
                upos.get(i.wrapping_sub(2)).copied().unwrap_or(NO_TAG),
            ];
            // Features of in-vocabulary neighbours and of the word itself come summed from the
            // vocabulary; only the others are looked up.
            let vocab = &self.derived.vocab;
            let (before, after) = (i.checked_sub(1).and_then(|j| w.get(j)), w.get(i + 1));
            let own = vocab.row(&w[i], OWN);
            let previous = before.and_then(|x| vocab.row(x, PREVIOUS));
            let next = after.and_then(|x| vocab.row(x, NEXT));
            feats.clear();
            if own.is_none() {
                own_features(&w[i], has_lexicon, &mut feats);
            }
            if previous.is_none() {
                as_previous(before, has_lexicon, &mut feats);
            }
            if next.is_none() {
                as_next(after, has_lexicon, &mut feats);
            }
            let context = self
                .derived
                .tag_context
                .row(prev, i == 0, w[i].upper_initial);
            match context {
                Some(_) => word_context_features(&w, i, prev, has_lexicon, &mut feats),
                None => context_features(&w, i, prev, has_lexicon, &mut feats),
            }
            self.upos_model.scores(&feats, &mut scores);
            for row in [own, previous, next, context].into_iter().flatten() {
                for (s, r) in scores.iter_mut().zip(row) {
                    *s += r;
                }
            }
            upos.push(argmax(&scores, None) as u32);
        }
        self.name_starts(&w, &mut upos);
        let cx = self.feats_context();
        let mut out = Vec::with_capacity(w.len());
        for i in 0..w.len() {
            let allowed = self.feats_allowed.get(upos[i] as usize).map(Vec::as_slice);
            let f = match allowed {
                // One bundle for this UPOS (ADP, PUNCT…): nothing to score.
                Some(&[only]) => only,
                _ => {
                    feats_features(&w, i, &upos, &cx, &mut feats);
                    self.feats_model.scores(&feats, &mut scores);
                    argmax(&scores, allowed) as u16
                }
            };
            let lemma = self.lemma_of(&w[i], upos[i] as u16, f, &mut feats, &mut scores);
            out.push(TaggedWord {
                upos: upos[i] as u16,
                feats: f,
                lemma,
            });
        }
        out
    }

    /// First names the lexicon only knows as common nouns ("Vladimir" is a DELA noun): a
    /// capitalised word tagged NOUN that training never saw as a noun, directly followed by a
    /// capitalised proper noun, begins that name and becomes PROPN. Words seen as nouns in
    /// training ("Président Macron", "Madame Dupont") are left alone. Only for a language with
    /// a lexicon: with a tagger trained without GSD, it fixed 10 names of GSD dev for 1 error
    /// ("Britannique" before "Donald"); without a lexicon (English) its one firing on EWT dev
    /// was wrong.
    fn name_starts(&self, w: &[WordInfo<'_>], upos: &mut [u32]) {
        let id = |name: &str| self.upos.iter().position(|u| u == name).map(|i| i as u32);
        let (Some(noun), Some(propn), Some(_)) = (id("NOUN"), id("PROPN"), &self.lexicon) else {
            return;
        };
        let capitalised = |form: &str| {
            let mut chars = form.chars();
            chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
        };
        for i in 0..w.len().saturating_sub(1) {
            if upos[i] == noun
                && upos[i + 1] == propn
                && capitalised(w[i].form)
                && capitalised(w[i + 1].form)
                && self.derived.vocab.lemma(w[i].vocab, noun as u16).is_none()
            {
                upos[i] = propn;
            }
        }
    }

    fn lemma_of(
        &self,
        w: &WordInfo<'_>,
        upos: u16,
        feats: u16,
        buf: &mut Vec<FeatureKey>,
        scores: &mut Vec<f32>,
    ) -> String {
        if let Some(l) = self.derived.vocab.lemma(w.vocab, upos) {
            return l.to_string();
        }
        let upos_name = self.upos.get(upos as usize).map_or("X", String::as_str);
        if upos_name == "PROPN" {
            return w.form.to_string();
        }
        if let (Some(lex), Some(set)) = (&self.lexicon, w.lex) {
            let analyses = lex.analyses(set);
            let (u, f) = (u32::from(upos), u32::from(feats));
            let same_pos = || {
                analyses
                    .iter()
                    .filter(|a| self.derived.lex_upos.get(a.upos as usize) == Some(&u))
            };
            let pick = same_pos()
                .find(|a| self.derived.lex_feats.get(a.feats as usize) == Some(&f))
                .or_else(|| same_pos().next());
            if let Some(l) = pick.and_then(|a| lex.lemma(&w.lower, a)) {
                return l;
            }
        }
        let feats_name = self.feats.get(feats as usize).map_or("_", String::as_str);
        self.lemmatizer
            .predict(w.form, upos_name, feats_name, buf, scores)
    }

    pub fn upos_name(&self, id: u16) -> &str {
        self.upos.get(id as usize).map_or("X", String::as_str)
    }

    pub fn feats_name(&self, id: u16) -> &str {
        self.feats.get(id as usize).map_or("_", String::as_str)
    }

    /// The syntactic words of each surface token (`None`: the token is one word).
    pub fn split_tokens(&self, tokens: &[&str]) -> Vec<Option<Vec<String>>> {
        self.mwt.split(tokens)
    }

    pub fn lexicon(&self) -> Option<&Lexicon> {
        self.lexicon.as_ref()
    }

    /// Trains a tagger on UD sentences.
    pub fn train(
        sentences: &[vigie_conllu::Sentence],
        lexicon: Option<Lexicon>,
        epochs: usize,
        seed: u64,
        mut progress: impl FnMut(&str),
    ) -> Tagger {
        let mut upos_ids: FxHashMap<String, u16> = FxHashMap::default();
        let mut upos: Vec<String> = Vec::new();
        let mut feat_ids: FxHashMap<String, u16> = FxHashMap::default();
        let mut feats: Vec<String> = Vec::new();
        // Gold data as ids.
        let mut gold: Vec<GoldSentence<'_>> = Vec::new();
        for s in sentences {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let mut us = Vec::new();
            let mut fs = Vec::new();
            let mut reduced = Vec::new();
            for w in &s.words {
                let id = *upos_ids.entry(w.upos.clone()).or_insert_with(|| {
                    upos.push(w.upos.clone());
                    (upos.len() - 1) as u16
                });
                us.push(u32::from(id));
                let r = vigie_conllu::filter_feats(&w.feats, KEPT_FEATURES);
                let fid = *feat_ids.entry(r.clone()).or_insert_with(|| {
                    feats.push(r.clone());
                    (feats.len() - 1) as u16
                });
                fs.push(fid);
                reduced.push(r);
            }
            gold.push((forms, us, fs, reduced));
        }
        let mut allowed: Vec<Vec<u16>> = vec![Vec::new(); upos.len()];
        for (_, us, fs, _) in &gold {
            for (u, f) in us.iter().zip(fs) {
                let list = &mut allowed[*u as usize];
                if !list.contains(f) {
                    list.push(*f);
                }
            }
        }
        let lex = lexicon.as_ref();
        let word_infos: Vec<Vec<WordInfo<'_>>> = gold
            .iter()
            .map(|(forms, ..)| infos(forms, lex, None))
            .collect();
        let nominal: Vec<bool> = upos
            .iter()
            .map(|u| matches!(u.as_str(), "NOUN" | "PRON" | "DET" | "PROPN"))
            .collect();
        let lex_upos: Vec<u32> = lex.map_or_else(Vec::new, |l| {
            l.upos
                .iter()
                .map(|n| {
                    upos.iter()
                        .position(|u| u == n)
                        .map_or(NO_TAG, |i| i as u32)
                })
                .collect()
        });
        let cx = FeatsContext {
            lexicon: lex,
            nominal: &nominal,
            lex_upos: &lex_upos,
        };
        let mut upos_t = Trainer::new(upos.len().max(1));
        let mut feats_t = Trainer::new(feats.len().max(1));
        let mut buf = Vec::new();
        let mut scores = Vec::new();
        let mut order: Vec<usize> = (0..gold.len()).collect();
        let mut rng = Rng::new(seed);
        for epoch in 0..epochs {
            rng.shuffle(&mut order);
            let (mut right, mut total) = (0usize, 0usize);
            for &si in &order {
                let (_, us, fs, _) = &gold[si];
                let w = &word_infos[si];
                let mut pred: Vec<u32> = Vec::with_capacity(w.len());
                for (i, &gold_tag) in us.iter().enumerate() {
                    let prev = [
                        pred.get(i.wrapping_sub(1)).copied().unwrap_or(NO_TAG),
                        pred.get(i.wrapping_sub(2)).copied().unwrap_or(NO_TAG),
                    ];
                    upos_features(w, i, prev, lex.is_some(), &mut buf);
                    upos_t.scores(&buf, &mut scores);
                    let guess = argmax(&scores, None);
                    upos_t.update(gold_tag as usize, guess, &buf);
                    upos_t.tick();
                    right += usize::from(guess == gold_tag as usize);
                    total += 1;
                    pred.push(guess as u32);
                }
                for (i, (&u, &f)) in us.iter().zip(fs).enumerate() {
                    feats_features(w, i, us, &cx, &mut buf);
                    feats_t.scores(&buf, &mut scores);
                    let guess = argmax(&scores, Some(&allowed[u as usize]));
                    feats_t.update(f as usize, guess, &buf);
                    feats_t.tick();
                }
            }
            progress(&format!(
                "tagger epoch {}/{epochs}: UPOS train accuracy {:.2}%",
                epoch + 1,
                100.0 * right as f64 / total.max(1) as f64
            ));
        }
        let mut examples = Vec::new();
        for (s, (_, us, _, reduced)) in sentences.iter().zip(&gold) {
            for ((w, u), r) in s.words.iter().zip(us).zip(reduced) {
                examples.push(LemmaExample {
                    form: &w.form,
                    upos: &w.upos,
                    upos_id: *u as u16,
                    feats: r,
                    lemma: &w.lemma,
                });
            }
        }
        let lemmatizer = Lemmatizer::train(&examples, epochs.min(5));
        progress("lemmatiser trained");
        drop(word_infos);
        let mwt = MwtSplitter::train(sentences, epochs.min(5), seed);
        let upos_model = upos_t.finish_pruned(PRUNE);
        let feats_model = feats_t.finish_pruned(PRUNE);
        let derived = Derived::new(&upos, &feats, &upos_model, &lemmatizer, lexicon.as_ref());
        Tagger {
            mwt,
            upos,
            upos_model,
            feats,
            feats_model,
            feats_allowed: allowed,
            lemmatizer,
            lexicon,
            derived,
        }
    }

    pub(crate) fn write_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&TAGGER_FEATURES.to_le_bytes());
        put_strings(out, &self.upos);
        self.upos_model.write_to(out);
        put_strings(out, &self.feats);
        self.feats_model.write_to(out);
        out.extend_from_slice(&(self.feats_allowed.len() as u32).to_le_bytes());
        for list in &self.feats_allowed {
            out.extend_from_slice(&(list.len() as u32).to_le_bytes());
            for f in list {
                out.extend_from_slice(&f.to_le_bytes());
            }
        }
        // Lemmatiser: known table, scripts, model.
        let known = self.lemmatizer.known.sorted();
        out.extend_from_slice(&(known.len() as u32).to_le_bytes());
        for (form, u, lemma) in known {
            crate::io::put_string(out, form);
            out.extend_from_slice(&u.to_le_bytes());
            crate::io::put_string(out, lemma);
        }
        let scripts: Vec<String> = self.lemmatizer.scripts.iter().map(|s| s.encode()).collect();
        put_strings(out, &scripts);
        self.lemmatizer.model.write_to(out);
        self.mwt.write_to(out);
        match &self.lexicon {
            Some(l) => {
                out.push(1);
                l.write_to(out);
            }
            None => out.push(0),
        }
    }

    pub(crate) fn read_from(r: &mut Reader<'_>) -> Result<Tagger, ModelError> {
        if r.u32()? != TAGGER_FEATURES {
            return Err(r.error(
                "tagger built with other features than this Vigie's; rebuild it with `vigie train tagger`",
            ));
        }
        let upos = r.strings()?;
        let upos_model = Model::read_from(r)?;
        let feats = r.strings()?;
        let feats_model = Model::read_from(r)?;
        let n = r.u32()? as usize;
        if n != upos.len() {
            return Err(r.error("feature table does not match the tag set"));
        }
        let mut feats_allowed = Vec::with_capacity(n);
        for _ in 0..n {
            let len = r.u32()? as usize;
            let mut list = Vec::with_capacity(len.min(1 << 16));
            for _ in 0..len {
                let f = u16::from_le_bytes(r.array::<2>()?);
                if f as usize >= feats.len() {
                    return Err(r.error("feature bundle out of range"));
                }
                list.push(f);
            }
            feats_allowed.push(list);
        }
        let n = r.u32()? as usize;
        let mut known = crate::lemma::KnownLemmas::default();
        for _ in 0..n {
            let form = r.string()?;
            let u = u16::from_le_bytes(r.array::<2>()?);
            let lemma = r.string()?;
            known.insert(form, u, lemma);
        }
        let scripts = r
            .strings()?
            .iter()
            .map(|s| crate::lemma::EditScript::decode(s).ok_or_else(|| r.error("bad edit script")))
            .collect::<Result<Vec<_>, _>>()?;
        let model = Model::read_from(r)?;
        let mwt = MwtSplitter::read_from(r)?;
        let lexicon = match r.u8()? {
            0 => None,
            _ => Some(Lexicon::read_from(r)?),
        };
        let lemmatizer = Lemmatizer {
            known,
            scripts,
            model,
        };
        let derived = Derived::new(&upos, &feats, &upos_model, &lemmatizer, lexicon.as_ref());
        Ok(Tagger {
            upos,
            upos_model,
            feats,
            feats_model,
            feats_allowed,
            lemmatizer,
            lexicon,
            mwt,
            derived,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tagger trained on two sentences, with a lexicon knowing "vladimir" and "président"
    /// only as nouns.
    fn tagger(with_lexicon: bool) -> Tagger {
        let conllu = "1\tLe\tle\tDET\t_\t_\t2\tdet\t_\t_\n\
                      2\tprésident\tprésident\tNOUN\t_\t_\t3\tnsubj\t_\t_\n\
                      3\tparle\tparler\tVERB\t_\t_\t0\troot\t_\t_\n\n\
                      1\tPoutine\tPoutine\tPROPN\t_\t_\t2\tnsubj\t_\t_\n\
                      2\tparle\tparler\tVERB\t_\t_\t0\troot\t_\t_\n\n";
        let sentences = vigie_conllu::read(conllu, "t").unwrap();
        let lexicon = with_lexicon.then(|| {
            Lexicon::from_tsv(
                "vladimir\tNOUN\tvladimir\t_\nprésident\tNOUN\tprésident\t_\n",
                "t",
            )
            .unwrap()
        });
        Tagger::train(&sentences, lexicon, 3, 1, |_| {})
    }

    fn after_rule(tagger: &Tagger, forms: &[&str], tags: &[&str]) -> Vec<String> {
        let id = |t: &str| tagger.upos.iter().position(|u| u == t).unwrap() as u32;
        let mut upos: Vec<u32> = tags.iter().map(|t| id(t)).collect();
        let w = tagger.infos(forms);
        tagger.name_starts(&w, &mut upos);
        upos.iter()
            .map(|&u| tagger.upos[u as usize].clone())
            .collect()
    }

    #[test]
    fn a_first_name_the_lexicon_calls_a_noun_begins_a_name() {
        let t = tagger(true);
        let got = after_rule(
            &t,
            &["Vladimir", "Poutine", "parle"],
            &["NOUN", "PROPN", "VERB"],
        );
        assert_eq!(got, ["PROPN", "PROPN", "VERB"]);
        // A noun seen in training stays a noun before a name.
        let got = after_rule(
            &t,
            &["Président", "Poutine", "parle"],
            &["NOUN", "PROPN", "VERB"],
        );
        assert_eq!(got, ["NOUN", "PROPN", "VERB"]);
        // Lower case, or no capitalised name after it: nothing changes.
        let got = after_rule(&t, &["vladimir", "Poutine"], &["NOUN", "PROPN"]);
        assert_eq!(got, ["NOUN", "PROPN"]);
        let got = after_rule(&t, &["Vladimir", "parle"], &["NOUN", "VERB"]);
        assert_eq!(got, ["NOUN", "VERB"]);
        // Without a lexicon the rule is off.
        let t = tagger(false);
        let got = after_rule(&t, &["Vladimir", "Poutine"], &["NOUN", "PROPN"]);
        assert_eq!(got, ["NOUN", "PROPN"]);
    }

    #[test]
    fn lowercase_borrows_only_forms_already_lower_case() {
        for form in [
            "poutine", "Poutine", "été", "État", "ÉTÉ", "x86", "ǅemal", "Ⅻe", "ΣΑΣ",
        ] {
            let l = lowercase(form);
            assert_eq!(l, form.to_lowercase(), "{form}");
            assert_eq!(
                matches!(l, Cow::Borrowed(_)),
                form == form.to_lowercase(),
                "{form}"
            );
        }
    }

    #[test]
    fn cached_vocabulary_scores_equal_the_features_looked_up() {
        let t = tagger(true);
        let forms = ["le", "président", "parle", "Poutine", "inconnu", "parle"];
        let w = t.infos(&forms);
        assert!(w[0].vocab.is_some() && w[4].vocab.is_none());
        let has_lexicon = t.lexicon.is_some();
        let (mut buf, mut full, mut part) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..w.len() {
            let prev = [1, 0];
            upos_features(&w, i, prev, has_lexicon, &mut buf);
            t.upos_model.scores(&buf, &mut full);
            // Only the context features looked up, the rest from the cached rows.
            buf.clear();
            context_features(&w, i, prev, has_lexicon, &mut buf);
            t.upos_model.scores(&buf, &mut part);
            let vocab = &t.derived.vocab;
            let rows = [
                vocab.row(&w[i], OWN),
                i.checked_sub(1).and_then(|j| vocab.row(&w[j], PREVIOUS)),
                w.get(i + 1).and_then(|x| vocab.row(x, NEXT)),
            ];
            assert_eq!(
                rows[0].is_some(),
                forms[i] != "Poutine" && forms[i] != "inconnu"
            );
            buf.clear();
            if rows[0].is_none() {
                own_features(&w[i], has_lexicon, &mut buf);
            }
            if rows[1].is_none() {
                as_previous(
                    i.checked_sub(1).and_then(|j| w.get(j)),
                    has_lexicon,
                    &mut buf,
                );
            }
            if rows[2].is_none() {
                as_next(w.get(i + 1), has_lexicon, &mut buf);
            }
            let mut rest = Vec::new();
            t.upos_model.scores(&buf, &mut rest);
            for (k, s) in part.iter_mut().enumerate() {
                *s += rest[k];
                for row in &rows {
                    *s += row.map_or(0.0, |r| r[k]);
                }
            }
            assert_eq!(part, full, "word {i} {}", forms[i]);
        }
    }
}
