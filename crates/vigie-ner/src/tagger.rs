//! The mention tagger: one BILOU label per word (`O`, or `B`/`I`/`L`/`U` × PER, ORG, LOC, MISC),
//! chosen greedily left to right by an averaged perceptron from word, affix, shape,
//! capitalisation, UPOS, context (±2 words), gazetteer and previous-label features. Decoding
//! only allows label sequences that are valid BILOU, so every output is a set of well-formed,
//! non-overlapping mentions.

use crate::gazetteer::Gazetteer;
use crate::{EntityType, MentionSpan, NerError};
use std::borrow::Cow;
use vigie_syntax::io::{put_string, put_strings, Reader};
use vigie_syntax::perceptron::{argmax, key, key_ints, FeatureKey, Model, Trainer};
use vigie_syntax::train::Rng;

const NONE: &[u8] = b"<none>";
/// Number of labels: `O` plus B, I, L, U for each type.
const N_LABELS: usize = 1 + 4 * EntityType::ALL.len();
/// Position of a word in a mention, as BILOU prefixes.
const PREFIXES: [&str; 4] = ["B", "I", "L", "U"];

fn label_id(t: EntityType, part: usize) -> usize {
    1 + 4 * EntityType::ALL.iter().position(|&x| x == t).unwrap_or(0) + part
}

/// The label name of id `id`: `O`, `B-PER`, …
pub fn label_name(id: usize) -> String {
    if id == 0 || id >= N_LABELS {
        return "O".into();
    }
    let (t, part) = ((id - 1) / 4, (id - 1) % 4);
    format!("{}-{}", PREFIXES[part], EntityType::ALL[t].as_str())
}

fn label_type(id: usize) -> Option<(EntityType, usize)> {
    (id > 0 && id < N_LABELS).then(|| (EntityType::ALL[(id - 1) / 4], (id - 1) % 4))
}

/// BILOU labels of a sentence of `n` words holding `mentions` (overlaps: the first wins).
fn encode(n: usize, mentions: &[MentionSpan]) -> Vec<usize> {
    let mut labels = vec![0; n];
    for m in mentions {
        if m.end > n || m.start >= m.end || labels[m.start..m.end].iter().any(|&l| l != 0) {
            continue;
        }
        if m.end - m.start == 1 {
            labels[m.start] = label_id(m.label, 3);
        } else {
            labels[m.start] = label_id(m.label, 0);
            for l in &mut labels[m.start + 1..m.end - 1] {
                *l = label_id(m.label, 1);
            }
            labels[m.end - 1] = label_id(m.label, 2);
        }
    }
    labels
}

/// Mentions from a valid BILOU label sequence.
fn decode(labels: &[usize]) -> Vec<MentionSpan> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &l) in labels.iter().enumerate() {
        match label_type(l) {
            Some((_, 0)) => start = i,
            Some((t, 2)) => out.push(MentionSpan {
                start,
                end: i + 1,
                label: t,
            }),
            Some((t, 3)) => out.push(MentionSpan {
                start: i,
                end: i + 1,
                label: t,
            }),
            _ => {}
        }
    }
    out
}

/// Labels allowed after `prev` (`O` at the start), at the last word or not: valid BILOU
/// transitions to labels training saw (`seen` is a bit set; an unseen label has no weights,
/// so its score of 0 could beat the negative scores of the others).
fn allowed_table(seen: u32) -> Vec<[Vec<u16>; 2]> {
    let mut table = Vec::with_capacity(N_LABELS);
    for prev in 0..N_LABELS {
        let mut pair: [Vec<u16>; 2] = [Vec::new(), Vec::new()];
        for (last, list) in pair.iter_mut().enumerate() {
            for next in 0..N_LABELS {
                let ok = match (label_type(prev), label_type(next)) {
                    (Some((t, 0 | 1)), Some((u, p))) => t == u && (p == 2 || (p == 1 && last == 0)),
                    (Some((_, 0 | 1)), None) => false,
                    (_, None) => true,
                    (_, Some((_, p))) => p == 3 || (p == 0 && last == 0),
                };
                if ok && (next == 0 || seen & (1 << next) != 0) {
                    list.push(next as u16);
                }
            }
        }
        table.push(pair);
    }
    table
}

/// What the features need of each word, computed once per sentence (lower-case forms and
/// shapes live in the sentence's [`Derived`] buffer).
struct WordInfo<'a> {
    form: &'a str,
    lower: &'a str,
    shape: &'a str,
    upos: &'a str,
}

/// The lower-case forms that differ from the form and the shapes of a sentence's words, in one
/// buffer: `[lower_start, lower_end, shape_end]` per word (the shape follows its lower-case
/// form; `lower_start == lower_end` when the form is its own lower case).
struct Derived {
    text: String,
    ends: Vec<[u32; 3]>,
}

/// True when `s.to_lowercase()` is `s` (every character is its own lower case).
fn is_own_lowercase(s: &str) -> bool {
    if s.is_ascii() {
        return !s.bytes().any(|b| b.is_ascii_uppercase());
    }
    s.chars().all(|c| {
        let mut l = c.to_lowercase();
        l.next() == Some(c) && l.next().is_none()
    })
}

fn derive(words: &[&str]) -> Derived {
    let mut text = String::with_capacity(words.iter().map(|w| w.len() * 2).sum());
    let mut ends = Vec::with_capacity(words.len());
    for w in words {
        let start = text.len() as u32;
        if !is_own_lowercase(w) {
            text.push_str(&w.to_lowercase());
        }
        let lower_end = text.len() as u32;
        push_shape(w, &mut text);
        ends.push([start, lower_end, text.len() as u32]);
    }
    Derived { text, ends }
}

#[cfg(test)]
fn shape(form: &str) -> String {
    let mut s = String::new();
    push_shape(form, &mut s);
    s
}

/// Appends the shape of `form` to `s`: `X` upper case, `x` lower case, `d` digit, other
/// characters as they are, runs of more than two cut to two.
fn push_shape(form: &str, s: &mut String) {
    let (mut last, mut run) = ('\0', 0);
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
        run = if m == last { run + 1 } else { 0 };
        last = m;
        if run < 2 {
            s.push(m);
        }
    }
}

fn suffix(s: &str, n: usize) -> &str {
    let start = s.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    &s[start..]
}

fn prefix(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Gazetteer matches covering each word: (type name, position B/I/L/U) for the longest name
/// starting at each capitalised word.
fn gazetteer_marks<'g>(words: &[WordInfo<'_>], gaz: &'g dyn Gazetteer) -> Vec<Vec<Mark<'g>>> {
    let mut marks: Vec<Vec<Mark<'g>>> = vec![Vec::new(); words.len()];
    let max = gaz.max_words().clamp(1, 6);
    let mut i = 0;
    let mut name = String::new();
    while i < words.len() {
        if !starts_upper(words[i].form) {
            i += 1;
            continue;
        }
        name.clear();
        let mut best: Option<(usize, u32)> = None;
        let mut prefix: Option<(usize, u32)> = None;
        for (len, w) in words[i..].iter().take(max).enumerate() {
            if len > 0 {
                name.push(' ');
            }
            name.push_str(w.lower);
            let bits = gaz.lookup(&name);
            if bits != 0 {
                best = Some((len + 1, bits));
            }
            if len > 0 && starts_upper(w.form) {
                let p = gaz.prefix_of(&name);
                if p != 0 {
                    prefix = Some((len + 1, p));
                }
            }
        }
        let Some((len, bits)) = best.filter(|b| b.0 > 1 || prefix.is_none()) else {
            if let Some((plen, pbits)) = prefix {
                for bit in (0..32).filter(|b| pbits & (1 << b) != 0) {
                    let typ: Cow<'g, str> = format!("{}-part", gaz.type_name(bit)).into();
                    for (k, m) in marks[i..i + plen].iter_mut().enumerate() {
                        m.push((typ.clone(), if k == 0 { b'B' } else { b'I' }));
                    }
                }
                i += plen;
                continue;
            }
            i += 1;
            continue;
        };
        for bit in 0..32 {
            if bits & (1 << bit) == 0 {
                continue;
            }
            let typ = gaz.type_name(bit);
            for k in 0..len {
                let pos = match (len, k) {
                    (1, _) => b'U',
                    (_, 0) => b'B',
                    (l, k) if k + 1 == l => b'L',
                    _ => b'I',
                };
                marks[i + k].push((Cow::Borrowed(typ), pos));
            }
        }
        i += len;
    }
    marks
}

fn infos<'a>(words: &[&'a str], upos: &[&'a str], derived: &'a Derived) -> Vec<WordInfo<'a>> {
    words
        .iter()
        .zip(&derived.ends)
        .enumerate()
        .map(|(i, (&form, &[start, lower_end, shape_end]))| {
            let (start, lower_end, shape_end) =
                (start as usize, lower_end as usize, shape_end as usize);
            WordInfo {
                form,
                lower: if start == lower_end {
                    form
                } else {
                    &derived.text[start..lower_end]
                },
                shape: &derived.text[lower_end..shape_end],
                upos: upos.get(i).copied().unwrap_or("_"),
            }
        })
        .collect()
}

/// A gazetteer type over a word (`LOC`, `FIRST-part`…) and its place in the name (B/I/L/U).
type Mark<'g> = (Cow<'g, str>, u8);

/// The static features of a sentence's words, one run of keys per word.
struct StaticFeatures {
    keys: Vec<FeatureKey>,
    ends: Vec<usize>,
}

impl StaticFeatures {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn word(&self, i: usize) -> &[FeatureKey] {
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        &self.keys[start..self.ends[i]]
    }
}

/// The features of every word that do not depend on the labels chosen before it.
fn static_features<'a>(
    words: &[&'a str],
    upos: &[&'a str],
    derived: &'a Derived,
    gaz: &dyn Gazetteer,
) -> (Vec<WordInfo<'a>>, StaticFeatures) {
    let w = infos(words, upos, derived);
    let marks = gazetteer_marks(&w, gaz);
    let at = |j: isize| -> Option<&WordInfo<'a>> {
        if j < 0 {
            None
        } else {
            w.get(j as usize)
        }
    };
    // Runs of capitalised words ("Kim Jong Un"): each word's place in its run and the run's
    // length, and the gazetteer types of the run's first word.
    let mut run_of = vec![(0u8, 0u8); w.len()];
    let mut i = 0;
    while i < w.len() {
        if !starts_upper(w[i].form) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < w.len() && starts_upper(w[j].form) {
            j += 1;
        }
        for (k, r) in run_of[i..j].iter_mut().enumerate() {
            *r = ((k.min(3) + 1) as u8, (j - i).min(4) as u8);
        }
        i = j;
    }
    let mut f = Vec::with_capacity(48 * w.len());
    let mut ends = Vec::with_capacity(w.len());
    for (i, me) in w.iter().enumerate() {
        let i_ = i as isize;
        let lower = |j: isize| at(j).map_or(NONE, |x| x.lower.as_bytes());
        let form = |j: isize| at(j).map_or(NONE, |x| x.form.as_bytes());
        let shape_at = |j: isize| at(j).map_or(NONE, |x| x.shape.as_bytes());
        let upos_at = |j: isize| at(j).map_or(NONE, |x| x.upos.as_bytes());
        let l = me.lower;
        f.push(key(0, &[]));
        f.push(key(1, &[l.as_bytes()]));
        f.push(key(2, &[me.form.as_bytes()]));
        for n in 1..=4 {
            f.push(key(2 + n, &[suffix(l, n as usize).as_bytes()]));
        }
        for n in 1..=3 {
            f.push(key(6 + n, &[prefix(l, n as usize).as_bytes()]));
        }
        f.push(key(10, &[me.shape.as_bytes()]));
        let cap = starts_upper(me.form);
        let all_caps =
            me.form.chars().any(char::is_alphabetic) && !me.form.chars().any(char::is_lowercase);
        f.push(key_ints(
            11,
            &[u32::from(i == 0), u32::from(cap), u32::from(all_caps)],
        ));
        f.push(key_ints(
            12,
            &[(me.form.chars().count().min(12)) as u32, u32::from(cap)],
        ));
        f.push(key(13, &[lower(i_ - 1)]));
        f.push(key(14, &[lower(i_ + 1)]));
        f.push(key(15, &[lower(i_ - 2)]));
        f.push(key(16, &[lower(i_ + 2)]));
        f.push(key(17, &[form(i_ - 1)]));
        f.push(key(18, &[form(i_ + 1)]));
        f.push(key(19, &[lower(i_ - 1), l.as_bytes()]));
        f.push(key(20, &[l.as_bytes(), lower(i_ + 1)]));
        f.push(key(21, &[shape_at(i_ - 1)]));
        f.push(key(22, &[shape_at(i_ + 1)]));
        f.push(key(
            23,
            &[shape_at(i_ - 1), me.shape.as_bytes(), shape_at(i_ + 1)],
        ));
        f.push(key(24, &[me.upos.as_bytes()]));
        f.push(key(25, &[upos_at(i_ - 1), me.upos.as_bytes()]));
        f.push(key(26, &[me.upos.as_bytes(), upos_at(i_ + 1)]));
        f.push(key(
            27,
            &[me.upos.as_bytes(), &[u8::from(cap), u8::from(i == 0)]],
        ));
        f.push(key(28, &[lower(i_ - 1), me.shape.as_bytes()]));
        f.push(key(
            29,
            &[at(i_ - 1).map_or(NONE, |x| suffix(x.lower, 3).as_bytes())],
        ));
        let (run_pos, run_len) = run_of[i];
        f.push(key_ints(30, &[u32::from(run_pos), u32::from(run_len)]));
        if run_pos > 1 {
            let first = i + 1 - usize::from(run_pos);
            for (typ, _) in &marks[first] {
                f.push(key(31, &[typ.as_bytes(), &[run_pos, run_len]]));
            }
        }
        for (typ, pos) in &marks[i] {
            f.push(key(32, &[typ.as_bytes(), &[*pos, run_pos, run_len]]));
            f.push(key(40, &[typ.as_bytes(), &[*pos]]));
            f.push(key(41, &[typ.as_bytes(), &[*pos], &[u8::from(i == 0)]]));
        }
        if marks[i].is_empty() {
            f.push(key(42, &[]));
        }
        if let Some(prev) = marks.get(i.wrapping_sub(1)) {
            for (typ, pos) in prev {
                f.push(key(43, &[typ.as_bytes(), &[*pos]]));
            }
        }
        if let Some(next) = marks.get(i + 1) {
            for (typ, pos) in next {
                f.push(key(44, &[typ.as_bytes(), &[*pos]]));
            }
        }
        ends.push(f.len());
    }
    (w, StaticFeatures { keys: f, ends })
}

/// Adds the features of the labels already chosen.
fn dynamic_features(w: &WordInfo<'_>, prev: [usize; 2], out: &mut Vec<FeatureKey>) {
    let (p1, p2) = (prev[0] as u32, prev[1] as u32);
    out.push(key_ints(60, &[p1]));
    out.push(key_ints(61, &[p1, p2]));
    out.push(key(62, &[&p1.to_le_bytes(), w.lower.as_bytes()]));
    out.push(key(63, &[&p1.to_le_bytes(), w.shape.as_bytes()]));
    out.push(key(64, &[&p1.to_le_bytes(), w.upos.as_bytes()]));
}

/// A training sentence ready for the epochs: word infos, static features, gold labels.
type Prepared<'a> = (Vec<WordInfo<'a>>, StaticFeatures, Vec<usize>);

/// Start-of-sentence marker for the previous-label features.
const START: usize = N_LABELS;

/// All features of word `i` (its static ones `stat` plus those of the labels chosen so far)
/// into `out`; returns the previous label ([`START`] at the first word).
fn word_features(
    w: &[WordInfo<'_>],
    i: usize,
    stat: &[FeatureKey],
    labels: &[usize],
    out: &mut Vec<FeatureKey>,
) -> usize {
    let prev = [
        labels.last().copied().unwrap_or(START),
        labels.len().checked_sub(2).map_or(START, |j| labels[j]),
    ];
    out.clear();
    out.extend_from_slice(stat);
    dynamic_features(&w[i], prev, out);
    prev[0]
}

/// A training sentence: words, their predicted UPOS (as the tagger gives them at run time),
/// and the gold mentions.
#[derive(Debug, Clone, Default)]
pub struct TrainSentence {
    pub words: Vec<String>,
    pub upos: Vec<String>,
    pub mentions: Vec<MentionSpan>,
}

/// How to train.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Drop averaged weights below this fraction of the largest (model size).
    pub prune: f32,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 10,
            seed: 1,
            prune: 0.0,
        }
    }
}

/// The mention tagger of one language.
#[derive(Debug, PartialEq)]
pub struct NerTagger {
    model: Model,
    /// Bit set of the labels seen in training.
    seen: u32,
    allowed: Vec<[Vec<u16>; 2]>,
}

impl NerTagger {
    /// Labels `words` (with their UPOS, `_` or empty when unknown); returns the mentions.
    pub fn tag(&self, words: &[&str], upos: &[&str], gaz: &dyn Gazetteer) -> Vec<MentionSpan> {
        let derived = derive(words);
        let (w, stat) = static_features(words, upos, &derived, gaz);
        let mut feats = Vec::with_capacity(64);
        let mut scores = Vec::with_capacity(N_LABELS);
        let mut labels = Vec::with_capacity(w.len());
        for i in 0..stat.len() {
            let prev = word_features(&w, i, stat.word(i), &labels, &mut feats);
            self.model.scores(&feats, &mut scores);
            let allowed = &self.allowed[prev % N_LABELS][usize::from(i + 1 == w.len())];
            labels.push(argmax(&scores, Some(allowed)));
        }
        decode(&labels)
    }

    /// Trains a tagger (deterministic for given data and options).
    pub fn train(
        sentences: &[TrainSentence],
        gaz: &dyn Gazetteer,
        opts: TrainOptions,
        mut progress: impl FnMut(&str),
    ) -> NerTagger {
        fn words_of(s: &TrainSentence) -> Vec<&str> {
            s.words.iter().map(String::as_str).collect()
        }
        let derived: Vec<Derived> = sentences.iter().map(|s| derive(&words_of(s))).collect();
        let prepared: Vec<Prepared<'_>> = sentences
            .iter()
            .zip(&derived)
            .map(|(s, d)| {
                let upos: Vec<&str> = s.upos.iter().map(String::as_str).collect();
                let (w, f) = static_features(&words_of(s), &upos, d, gaz);
                (w, f, encode(s.words.len(), &s.mentions))
            })
            .collect();
        let seen = prepared
            .iter()
            .flat_map(|(_, _, gold)| gold.iter())
            .fold(1u32, |acc, &l| acc | (1 << l));
        let allowed = allowed_table(seen);
        let mut trainer = Trainer::new(N_LABELS);
        let mut order: Vec<usize> = (0..prepared.len()).collect();
        let mut rng = Rng::new(opts.seed);
        let mut feats = Vec::with_capacity(64);
        let mut scores = Vec::with_capacity(N_LABELS);
        for epoch in 0..opts.epochs {
            rng.shuffle(&mut order);
            let (mut right, mut total) = (0usize, 0usize);
            for &si in &order {
                let (w, stat, gold) = &prepared[si];
                let mut labels: Vec<usize> = Vec::with_capacity(w.len());
                for i in 0..stat.len() {
                    let prev = word_features(w, i, stat.word(i), &labels, &mut feats);
                    trainer.scores(&feats, &mut scores);
                    let list = &allowed[prev % N_LABELS][usize::from(i + 1 == w.len())];
                    let guess = argmax(&scores, Some(list));
                    trainer.update(gold[i], guess, &feats);
                    trainer.tick();
                    right += usize::from(guess == gold[i]);
                    total += 1;
                    labels.push(guess);
                }
            }
            progress(&format!(
                "ner epoch {}/{}: label accuracy on training data {:.2}%",
                epoch + 1,
                opts.epochs,
                100.0 * right as f64 / total.max(1) as f64
            ));
        }
        NerTagger {
            model: trainer.finish_pruned(opts.prune),
            seen,
            allowed,
        }
    }

    /// Number of hashed features with a weight.
    pub fn n_features(&self) -> usize {
        self.model.n_features()
    }

    fn write_to(&self, out: &mut Vec<u8>) {
        let names: Vec<String> = (0..N_LABELS).map(label_name).collect();
        put_strings(out, &names);
        out.extend_from_slice(&self.seen.to_le_bytes());
        self.model.write_to(out);
    }

    fn read_from(r: &mut Reader<'_>) -> Result<NerTagger, NerError> {
        let names = r.strings()?;
        let want: Vec<String> = (0..N_LABELS).map(label_name).collect();
        if names != want {
            return Err(r.error("label set differs from this Vigie's").into());
        }
        let seen = r.u32()?;
        let model = Model::read_from(r)?;
        if model.n_classes() != N_LABELS {
            return Err(r
                .error("model class count differs from the label set")
                .into());
        }
        Ok(NerTagger {
            model,
            seen,
            allowed: allowed_table(seen),
        })
    }
}

const MAGIC: &[u8; 8] = b"VIGIENER";
/// Bumped whenever the binary layout or the features change.
pub const FORMAT_VERSION: u32 = 1;

/// A mention tagger with the metadata of how it was built (a `models/*-ner.vgm` file).
#[derive(Debug, PartialEq)]
pub struct NerModel {
    pub language: String,
    /// How it was trained (data files, epochs, seed).
    pub provenance: String,
    pub tagger: NerTagger,
}

impl NerModel {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        put_string(&mut out, &self.language);
        put_string(&mut out, &self.provenance);
        self.tagger.write_to(&mut out);
        out
    }

    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<NerModel, NerError> {
        let mut r = Reader::new(bytes, name);
        r.header(MAGIC, FORMAT_VERSION)?;
        let language = r.string()?;
        let provenance = r.string()?;
        let tagger = NerTagger::read_from(&mut r)?;
        Ok(NerModel {
            language,
            provenance,
            tagger,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilou_encoding_round_trips() {
        let mentions = vec![
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
                end: 7,
                label: EntityType::Org,
            },
        ];
        let labels = encode(8, &mentions);
        let names: Vec<String> = labels.iter().map(|&l| label_name(l)).collect();
        assert_eq!(
            names,
            ["B-PER", "L-PER", "O", "U-LOC", "B-ORG", "I-ORG", "L-ORG", "O"]
        );
        assert_eq!(decode(&labels), mentions);
    }

    #[test]
    fn only_valid_bilou_transitions_are_allowed() {
        let t = allowed_table(u32::MAX);
        let b_per = label_id(EntityType::Per, 0);
        let names = |l: &[u16]| {
            l.iter()
                .map(|&x| label_name(x as usize))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&t[b_per][0]), ["I-PER", "L-PER"]);
        assert_eq!(names(&t[b_per][1]), ["L-PER"]);
        assert!(!names(&t[0][1]).iter().any(|n| n.starts_with('B')));
        assert!(names(&t[0][0]).contains(&"B-LOC".to_string()));
        let only_per = allowed_table(1 | (0b1111 << 1));
        assert_eq!(names(&only_per[0][1]), ["O", "U-PER"]);
    }

    #[test]
    fn shape_compresses_runs() {
        assert_eq!(shape("Poutine"), "Xxx");
        assert_eq!(shape("2024"), "dd");
        assert_eq!(shape("Jean-Pierre"), "Xxx-Xxx");
    }
}
