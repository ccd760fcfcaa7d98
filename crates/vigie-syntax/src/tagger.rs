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
use crate::perceptron::{argmax, key, key_ints, FeatureKey, Model, Trainer};
use crate::train::Rng;
use crate::ModelError;
use rustc_hash::FxHashMap;

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

/// Everything the features need about one word, computed once per sentence.
struct WordInfo<'a> {
    form: &'a str,
    lower: String,
    shape: String,
    lex: Option<u32>,
}

fn shape(form: &str) -> String {
    let mut s = String::new();
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
        s.push(m);
    }
    s
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

const NONE: &[u8] = b"<none>";

/// A training sentence: forms, UPOS ids, feature-bundle ids, reduced feature strings.
type GoldSentence<'a> = (Vec<&'a str>, Vec<u32>, Vec<u16>, Vec<String>);

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
}

fn infos<'a>(forms: &[&'a str], lexicon: Option<&Lexicon>) -> Vec<WordInfo<'a>> {
    forms
        .iter()
        .map(|&form| WordInfo {
            form,
            lower: form.to_lowercase(),
            shape: shape(form),
            lex: lexicon.and_then(|l| l.lookup(form)),
        })
        .collect()
}

fn upos_features(
    w: &[WordInfo<'_>],
    i: usize,
    prev: [u32; 2],
    lexicon: Option<&Lexicon>,
    out: &mut Vec<FeatureKey>,
) {
    out.clear();
    let at = |j: isize| -> Option<&WordInfo<'_>> {
        if j < 0 {
            None
        } else {
            w.get(j as usize)
        }
    };
    let i_ = i as isize;
    let lower = |j: isize| at(j).map_or(NONE, |x| x.lower.as_bytes());
    let me = &w[i];
    let l = me.lower.as_str();
    out.push(key(0, &[]));
    out.push(key(1, &[l.as_bytes()]));
    out.push(key(2, &[me.form.as_bytes()]));
    for n in 1..=4 {
        out.push(key(2 + n, &[suffix(l, n as usize).as_bytes()]));
    }
    out.push(key(7, &[prefix(l, 1).as_bytes()]));
    out.push(key(8, &[prefix(l, 3).as_bytes()]));
    out.push(key(9, &[me.shape.as_bytes()]));
    out.push(key(10, &[lower(i_ - 1)]));
    out.push(key(11, &[lower(i_ + 1)]));
    out.push(key(12, &[lower(i_ - 2)]));
    out.push(key(13, &[lower(i_ + 2)]));
    out.push(key(
        14,
        &[at(i_ - 1).map_or(NONE, |x| suffix(&x.lower, 3).as_bytes())],
    ));
    out.push(key(
        15,
        &[at(i_ + 1).map_or(NONE, |x| suffix(&x.lower, 3).as_bytes())],
    ));
    out.push(key(16, &[at(i_ + 1).map_or(NONE, |x| x.shape.as_bytes())]));
    out.push(key_ints(17, &[prev[0]]));
    out.push(key_ints(18, &[prev[0], prev[1]]));
    out.push(key(19, &[&prev[0].to_le_bytes(), l.as_bytes()]));
    out.push(key(20, &[&prev[0].to_le_bytes(), suffix(l, 3).as_bytes()]));
    out.push(key_ints(
        21,
        &[
            (i == 0) as u32,
            me.form.chars().next().is_some_and(char::is_uppercase) as u32,
        ],
    ));
    out.push(key(22, &[lower(i_ - 1), l.as_bytes()]));
    let cap = u32::from(i > 0 && me.form.chars().next().is_some_and(char::is_uppercase));
    out.push(key_ints(29, &[cap, prev[0]]));
    out.push(key(23, &[l.as_bytes(), lower(i_ + 1)]));
    if let Some(lex) = lexicon {
        let sig = |j: isize| {
            at(j)
                .and_then(|x| x.lex)
                .and_then(|s| lex.signature(s))
                .unwrap_or(0)
        };
        let s0 = sig(i_);
        out.push(key_ints(24, &[s0 as u32, (s0 >> 32) as u32]));
        let s1 = sig(i_ + 1);
        out.push(key_ints(25, &[s1 as u32, (s1 >> 32) as u32]));
        let sm = sig(i_ - 1);
        out.push(key_ints(26, &[sm as u32, (sm >> 32) as u32]));
        out.push(key_ints(27, &[s0 as u32, (s0 >> 32) as u32, prev[0]]));
        let cap = u32::from(i > 0 && me.form.chars().next().is_some_and(char::is_uppercase));
        out.push(key_ints(28, &[s0 as u32, (s0 >> 32) as u32, cap]));
    }
}

fn feats_features(
    w: &[WordInfo<'_>],
    i: usize,
    upos: &[u32],
    lexicon: Option<&Lexicon>,
    upos_names: &[String],
    out: &mut Vec<FeatureKey>,
) {
    out.clear();
    let u = upos[i];
    let me = &w[i];
    let l = me.lower.as_str();
    let tag = |j: isize| -> u32 {
        if j < 0 {
            u32::MAX
        } else {
            upos.get(j as usize).copied().unwrap_or(u32::MAX - 1)
        }
    };
    let i_ = i as isize;
    out.push(key_ints(200, &[u]));
    out.push(key(201, &[&u.to_le_bytes(), l.as_bytes()]));
    for n in 1..=4 {
        out.push(key(
            201 + n,
            &[&u.to_le_bytes(), suffix(l, n as usize).as_bytes()],
        ));
    }
    out.push(key_ints(206, &[u, tag(i_ - 1)]));
    out.push(key_ints(207, &[u, tag(i_ + 1)]));
    out.push(key(
        208,
        &[
            &u.to_le_bytes(),
            w.get(i.wrapping_sub(1))
                .map_or(NONE, |x| x.lower.as_bytes()),
        ],
    ));
    out.push(key(
        209,
        &[
            &u.to_le_bytes(),
            w.get(i + 1).map_or(NONE, |x| x.lower.as_bytes()),
        ],
    ));
    // Agreement: the nearest noun or pronoun's ending on the left.
    for j in (0..i).rev().take(4) {
        if matches!(
            upos_names.get(upos[j] as usize).map(String::as_str),
            Some("NOUN" | "PRON" | "DET" | "PROPN")
        ) {
            out.push(key(
                210,
                &[&u.to_le_bytes(), suffix(&w[j].lower, 2).as_bytes()],
            ));
            break;
        }
    }
    if let (Some(lex), Some(set)) = (lexicon, me.lex) {
        let name = upos_names.get(u as usize).map_or("", String::as_str);
        for a in lex.analyses(set) {
            if lex.upos_name(a) == name {
                out.push(key(211, &[lex.feats_name(a).as_bytes()]));
            }
        }
    }
}

impl Tagger {
    /// Tags a sentence given as word forms.
    pub fn tag(&self, forms: &[&str]) -> Vec<TaggedWord> {
        let lex = self.lexicon.as_ref();
        let w = infos(forms, lex);
        let mut feats = Vec::with_capacity(64);
        let mut scores = Vec::with_capacity(64);
        let mut upos: Vec<u32> = Vec::with_capacity(w.len());
        for i in 0..w.len() {
            let prev = [
                upos.get(i.wrapping_sub(1)).copied().unwrap_or(u32::MAX),
                upos.get(i.wrapping_sub(2)).copied().unwrap_or(u32::MAX),
            ];
            upos_features(&w, i, prev, lex, &mut feats);
            self.upos_model.scores(&feats, &mut scores);
            upos.push(argmax(&scores, None) as u32);
        }
        self.name_starts(&w, &mut upos);
        let mut out = Vec::with_capacity(w.len());
        for i in 0..w.len() {
            feats_features(&w, i, &upos, lex, &self.upos, &mut feats);
            self.feats_model.scores(&feats, &mut scores);
            let allowed = self.feats_allowed.get(upos[i] as usize).map(Vec::as_slice);
            let f = argmax(&scores, allowed) as u16;
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
                && self
                    .lemmatizer
                    .known
                    .get(&w[i].lower, noun as u16)
                    .is_none()
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
        let upos_name = self.upos.get(upos as usize).map_or("X", String::as_str);
        let feats_name = self.feats.get(feats as usize).map_or("_", String::as_str);
        if let Some(l) = self.lemmatizer.known.get(&w.lower, upos) {
            return l.to_string();
        }
        if upos_name == "PROPN" {
            return w.form.to_string();
        }
        if let (Some(lex), Some(set)) = (&self.lexicon, w.lex) {
            let analyses = lex.analyses(set);
            let same_pos = || analyses.iter().filter(|a| lex.upos_name(a) == upos_name);
            let pick = same_pos()
                .find(|a| lex.feats_name(a) == feats_name)
                .or_else(|| same_pos().next());
            if let Some(l) = pick.and_then(|a| lex.lemma(&w.lower, a)) {
                return l;
            }
        }
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
        let word_infos: Vec<Vec<WordInfo<'_>>> =
            gold.iter().map(|(forms, ..)| infos(forms, lex)).collect();
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
                        pred.get(i.wrapping_sub(1)).copied().unwrap_or(u32::MAX),
                        pred.get(i.wrapping_sub(2)).copied().unwrap_or(u32::MAX),
                    ];
                    upos_features(w, i, prev, lex, &mut buf);
                    upos_t.scores(&buf, &mut scores);
                    let guess = argmax(&scores, None);
                    upos_t.update(gold_tag as usize, guess, &buf);
                    upos_t.tick();
                    right += usize::from(guess == gold_tag as usize);
                    total += 1;
                    pred.push(guess as u32);
                }
                for (i, (&u, &f)) in us.iter().zip(fs).enumerate() {
                    feats_features(w, i, us, lex, &upos, &mut buf);
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
        Tagger {
            mwt,
            upos,
            upos_model: upos_t.finish(),
            feats,
            feats_model: feats_t.finish(),
            feats_allowed: allowed,
            lemmatizer,
            lexicon,
        }
    }

    pub(crate) fn write_to(&self, out: &mut Vec<u8>) {
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
        Ok(Tagger {
            upos,
            upos_model,
            feats,
            feats_model,
            feats_allowed,
            lemmatizer: Lemmatizer {
                known,
                scripts,
                model,
            },
            lexicon,
            mwt,
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
        let w = infos(forms, tagger.lexicon.as_ref());
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
}
