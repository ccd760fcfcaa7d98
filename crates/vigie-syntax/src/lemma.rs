//! Lemmas: a word's dictionary form. Looked up first (forms seen in training, then the full-form
//! lexicon when the language has one), else predicted as an *edit script* — "drop the last n
//! letters, append s, keep or lower the case" — chosen by a perceptron from the word's ending,
//! part of speech and features, so that unseen forms ("dirigeantes") still get "dirigeant".

use crate::perceptron::{key, FeatureKey, Model, Trainer};
use rustc_hash::FxHashMap;

/// How to turn a form into its lemma.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EditScript {
    /// Lower-case the form first.
    pub lower: bool,
    /// Characters removed from the end.
    pub strip: u8,
    /// Appended after stripping.
    pub append: String,
}

impl EditScript {
    /// The script that turns `form` into `lemma` (lower-casing when that is what it takes).
    pub fn between(form: &str, lemma: &str) -> EditScript {
        let lowered = form.to_lowercase();
        let (lower, base) = if lemma == form || !lemma.starts_with(common_prefix(form, lemma)) {
            (false, form)
        } else if common_prefix(&lowered, lemma).len() > common_prefix(form, lemma).len() {
            (true, lowered.as_str())
        } else {
            (false, form)
        };
        let prefix = common_prefix(base, lemma);
        EditScript {
            lower,
            strip: base[prefix.len()..].chars().count().min(255) as u8,
            append: lemma[prefix.len()..].to_string(),
        }
    }

    /// Applies the script; `None` when the form is too short for it.
    pub fn apply(&self, form: &str) -> Option<String> {
        let base = if self.lower {
            form.to_lowercase()
        } else {
            form.to_string()
        };
        let n = base.chars().count();
        if (self.strip as usize) > n || (self.strip as usize == n && self.append.is_empty()) {
            return None;
        }
        let cut = base
            .char_indices()
            .nth(n - self.strip as usize)
            .map_or(base.len(), |(i, _)| i);
        let mut out = base[..cut].to_string();
        out.push_str(&self.append);
        Some(out)
    }

    pub fn encode(&self) -> String {
        format!(
            "{}{}|{}",
            if self.lower { 'L' } else { 'K' },
            self.strip,
            self.append
        )
    }

    pub fn decode(s: &str) -> Option<EditScript> {
        let mut chars = s.chars();
        let lower = match chars.next()? {
            'L' => true,
            'K' => false,
            _ => return None,
        };
        let rest = chars.as_str();
        let (n, append) = rest.split_once('|')?;
        Some(EditScript {
            lower,
            strip: n.parse().ok()?,
            append: append.to_string(),
        })
    }
}

fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let mut end = 0;
    for ((i, ca), cb) in a.char_indices().zip(b.chars()) {
        if ca != cb {
            break;
        }
        end = i + ca.len_utf8();
    }
    &a[..end]
}

/// Lower-cased form → (UPOS id, lemma) pairs, looked up by `&str` without allocating.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct KnownLemmas(FxHashMap<String, Vec<(u16, String)>>);

impl KnownLemmas {
    pub(crate) fn get(&self, lower: &str, upos: u16) -> Option<&str> {
        self.0
            .get(lower)?
            .iter()
            .find(|(u, _)| *u == upos)
            .map(|(_, l)| l.as_str())
    }

    pub(crate) fn insert(&mut self, lower: String, upos: u16, lemma: String) {
        let list = self.0.entry(lower).or_default();
        match list.iter_mut().find(|(u, _)| *u == upos) {
            Some(entry) => entry.1 = lemma,
            None => list.push((upos, lemma)),
        }
    }

    /// Every (form, UPOS, lemma), sorted (for writing models deterministically).
    pub(crate) fn sorted(&self) -> Vec<(&str, u16, &str)> {
        let mut all: Vec<(&str, u16, &str)> = self
            .0
            .iter()
            .flat_map(|(f, list)| list.iter().map(move |(u, l)| (f.as_str(), *u, l.as_str())))
            .collect();
        all.sort_unstable();
        all
    }
}

/// The lemmatiser: a table of known (form, POS) → lemma and the edit-script classifier.
#[derive(Debug, Clone, PartialEq)]
pub struct Lemmatizer {
    /// (lower-cased form, UPOS) → lemma, from the training data (most frequent lemma).
    pub(crate) known: KnownLemmas,
    pub(crate) scripts: Vec<EditScript>,
    pub(crate) model: Model,
}

pub(crate) fn features(form: &str, upos: &str, feats: &str, out: &mut Vec<FeatureKey>) {
    out.clear();
    let lower = form.to_lowercase();
    let up = upos.as_bytes();
    out.push(key(100, &[up]));
    out.push(key(101, &[up, feats.as_bytes()]));
    let chars: Vec<(usize, char)> = lower.char_indices().collect();
    for k in 1..=6usize {
        if k > chars.len() {
            break;
        }
        let suffix = &lower[chars[chars.len() - k].0..];
        out.push(key(110 + k as u32, &[suffix.as_bytes()]));
        out.push(key(120 + k as u32, &[up, suffix.as_bytes()]));
    }
    let first_upper = form.chars().next().is_some_and(char::is_uppercase);
    let all_upper = form.chars().all(|c| !c.is_lowercase());
    out.push(key(130, &[up, &[first_upper as u8, all_upper as u8]]));
    out.push(key(131, &[lower.as_bytes()]));
}

/// Training examples for the lemmatiser: (form, upos, feats, lemma).
pub struct LemmaExample<'a> {
    pub form: &'a str,
    pub upos: &'a str,
    pub upos_id: u16,
    pub feats: &'a str,
    pub lemma: &'a str,
}

impl Lemmatizer {
    /// Trains the table and the script classifier.
    pub fn train(examples: &[LemmaExample<'_>], epochs: usize) -> Lemmatizer {
        let mut counts: FxHashMap<(String, u16), FxHashMap<&str, u32>> = FxHashMap::default();
        let mut script_ids: FxHashMap<EditScript, u16> = FxHashMap::default();
        let mut scripts = Vec::new();
        let mut labelled = Vec::with_capacity(examples.len());
        for e in examples {
            if e.lemma.is_empty() || e.lemma == "_" {
                continue;
            }
            *counts
                .entry((e.form.to_lowercase(), e.upos_id))
                .or_default()
                .entry(e.lemma)
                .or_default() += 1;
            let s = EditScript::between(e.form, e.lemma);
            let next = script_ids.len() as u16;
            let id = *script_ids.entry(s.clone()).or_insert_with(|| {
                scripts.push(s);
                next
            });
            labelled.push((e, id));
        }
        let mut known = KnownLemmas::default();
        for ((form, upos), lemmas) in counts {
            let best = lemmas
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                .map(|(l, _)| l.to_string())
                .unwrap_or_default();
            known.insert(form, upos, best);
        }
        let mut trainer = Trainer::new(scripts.len().max(1));
        let mut feats = Vec::new();
        let mut scores = Vec::new();
        let mut order: Vec<usize> = (0..labelled.len()).collect();
        let mut rng = crate::train::Rng::new(7);
        for _ in 0..epochs {
            rng.shuffle(&mut order);
            for &i in &order {
                let (e, truth) = labelled[i];
                features(e.form, e.upos, e.feats, &mut feats);
                trainer.scores(&feats, &mut scores);
                let guess = best_applicable(&scripts, &scores, e.form);
                trainer.update(truth as usize, guess, &feats);
                trainer.tick();
            }
        }
        Lemmatizer {
            known,
            scripts,
            model: trainer.finish(),
        }
    }

    /// The lemma of `form` tagged `upos`/`feats`.
    pub fn lemma(
        &self,
        form: &str,
        upos: &str,
        upos_id: u16,
        feats: &str,
        buf: &mut Vec<FeatureKey>,
        scores: &mut Vec<f32>,
    ) -> String {
        let lower = form.to_lowercase();
        if let Some(l) = self.known.get(&lower, upos_id) {
            return l.to_string();
        }
        self.predict(form, upos, feats, buf, scores)
    }

    /// The classifier's lemma, ignoring the table.
    pub fn predict(
        &self,
        form: &str,
        upos: &str,
        feats: &str,
        buf: &mut Vec<FeatureKey>,
        scores: &mut Vec<f32>,
    ) -> String {
        if self.scripts.is_empty() {
            return form.to_string();
        }
        features(form, upos, feats, buf);
        self.model.scores(buf, scores);
        let best = best_applicable(&self.scripts, scores, form);
        self.scripts[best]
            .apply(form)
            .unwrap_or_else(|| form.to_string())
    }
}

fn best_applicable(scripts: &[EditScript], scores: &[f32], form: &str) -> usize {
    let n = form.chars().count();
    let mut best = 0;
    let mut best_score = f32::NEG_INFINITY;
    for (i, s) in scripts.iter().enumerate() {
        if (s.strip as usize) < n || (s.strip as usize == n && !s.append.is_empty()) {
            let sc = scores.get(i).copied().unwrap_or(0.0);
            if sc > best_score {
                best_score = sc;
                best = i;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_scripts_round_trip() {
        for (form, lemma) in [
            ("dirigeants", "dirigeant"),
            ("offert", "offrir"),
            ("conduit", "conduire"),
            ("Il", "il"),
            ("Poutine", "Poutine"),
            ("été", "être"),
            ("a", "avoir"),
        ] {
            let s = EditScript::between(form, lemma);
            assert_eq!(s.apply(form).as_deref(), Some(lemma), "{form} {s:?}");
            assert_eq!(EditScript::decode(&s.encode()), Some(s));
        }
        assert!(EditScript::between("Il", "il").lower);
        assert!(!EditScript::between("Poutine", "Poutine").lower);
    }
}
