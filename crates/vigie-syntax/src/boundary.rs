//! Sentence boundaries learnt from treebanks: a perceptron that revisits, for every plausible
//! gap between two tokens of a paragraph, the rule-based segmenter's decision — so that the
//! conventions of real text the rules cannot see (headings without a full stop, list items
//! ending in ";" or ":", a title run into the next sentence) are learnt from annotated data.
//!
//! Input is generic (forms, newline after, the rules' decision); `vigie-pipeline` maps a
//! paragraph's tokens onto it and rebuilds the sentences.

use crate::io::Reader;
use crate::perceptron::{argmax, key, key_ints, FeatureKey, Model, Trainer};
use crate::train::Rng;
use crate::ModelError;

/// A token as the boundary model sees it.
#[derive(Debug, Clone, Copy)]
pub struct BoundaryToken<'a> {
    pub form: &'a str,
    /// The whitespace after the token holds a line break.
    pub newline_after: bool,
    /// The rule-based segmenter ends a sentence after this token.
    pub rule_break: bool,
}

/// The trained model.
#[derive(Debug, PartialEq)]
pub struct BoundaryModel {
    model: Model,
}

const MAGIC: &[u8; 8] = b"VIGIESEG";

fn shape(s: &str) -> u32 {
    let mut upper = false;
    let mut lower = false;
    let mut digit = false;
    let mut other = false;
    for c in s.chars() {
        if c.is_uppercase() {
            upper = true;
        } else if c.is_lowercase() {
            lower = true;
        } else if c.is_numeric() {
            digit = true;
        } else {
            other = true;
        }
    }
    let first_upper = s.chars().next().is_some_and(char::is_uppercase);
    u32::from(upper)
        | u32::from(lower) << 1
        | u32::from(digit) << 2
        | u32::from(other) << 3
        | u32::from(first_upper) << 4
}

fn is_punct(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| !c.is_alphanumeric())
}

/// Gaps worth a decision: after punctuation, before a capital, digit or mark, or where the
/// rules break. Elsewhere a sentence never ends.
fn candidate(t: &[BoundaryToken<'_>], i: usize) -> bool {
    let Some(next) = t.get(i + 1) else {
        return false;
    };
    t[i].rule_break
        || t[i].newline_after
        || is_punct(t[i].form)
        || next
            .form
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric() || !c.is_alphanumeric())
}

/// Per-token values the features read, computed once per paragraph: lower-cased forms (all
/// in one buffer) and shapes.
struct Prepared {
    text: String,
    ends: Vec<usize>,
    shape: Vec<u32>,
}

impl Prepared {
    fn new(t: &[BoundaryToken<'_>]) -> Prepared {
        let mut text = String::with_capacity(t.iter().map(|x| x.form.len()).sum());
        let mut ends = Vec::with_capacity(t.len());
        for x in t {
            if x.form.is_ascii() {
                text.extend(x.form.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                text.extend(x.form.chars().flat_map(char::to_lowercase));
            }
            ends.push(text.len());
        }
        Prepared {
            text,
            ends,
            shape: t.iter().map(|x| shape(x.form)).collect(),
        }
    }

    fn lower(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }
}

fn features(
    t: &[BoundaryToken<'_>],
    p: &Prepared,
    i: usize,
    since: usize,
    out: &mut Vec<FeatureKey>,
) {
    out.clear();
    let form = |j: isize| -> &str {
        if j < 0 {
            "<s>"
        } else {
            p.lower(j as usize).unwrap_or("</s>")
        }
    };
    let sh = |j: isize| -> u32 {
        if j < 0 {
            99
        } else {
            p.shape.get(j as usize).copied().unwrap_or(98)
        }
    };
    let i_ = i as isize;
    let rule = u32::from(t[i].rule_break);
    let nl = u32::from(t[i].newline_after);
    let (w0, w1, wm, w2) = (form(i_), form(i_ + 1), form(i_ - 1), form(i_ + 2));
    out.push(key_ints(0, &[rule]));
    out.push(key_ints(1, &[rule, nl]));
    out.push(key(2, &[w0.as_bytes()]));
    out.push(key(3, &[w1.as_bytes()]));
    out.push(key(4, &[w0.as_bytes(), w1.as_bytes()]));
    out.push(key(5, &[wm.as_bytes(), w0.as_bytes()]));
    out.push(key_ints(6, &[sh(i_), sh(i_ + 1)]));
    out.push(key_ints(7, &[sh(i_ - 1), sh(i_), sh(i_ + 1)]));
    out.push(key_ints(8, &[rule, sh(i_ + 1)]));
    out.push(key(9, &[&rule.to_le_bytes(), w0.as_bytes()]));
    out.push(key_ints(10, &[since.min(40) as u32 / 5, rule]));
    out.push(key(11, &[w0.as_bytes(), &sh(i_ + 1).to_le_bytes()]));
    out.push(key_ints(12, &[sh(i_ + 1), sh(i_ + 2)]));
    out.push(key(13, &[w1.as_bytes(), w2.as_bytes()]));
    let len0 = t[i].form.chars().count().min(6) as u32;
    out.push(key_ints(14, &[len0, sh(i_), rule]));
}

impl BoundaryModel {
    /// For each token, whether a sentence ends after it (the last token always ends one).
    pub fn predict(&self, t: &[BoundaryToken<'_>]) -> Vec<bool> {
        let mut out = vec![false; t.len()];
        let mut buf = Vec::with_capacity(16);
        let mut scores = Vec::with_capacity(2);
        let mut since = 0;
        let prepared = Prepared::new(t);
        for (i, brk) in out.iter_mut().enumerate() {
            since += 1;
            if candidate(t, i) {
                features(t, &prepared, i, since, &mut buf);
                self.model.scores(&buf, &mut scores);
                if argmax(&scores, None) == 1 {
                    *brk = true;
                    since = 0;
                }
            }
        }
        if let Some(last) = out.last_mut() {
            *last = true;
        }
        out
    }

    /// Trains on paragraphs given as tokens with gold "sentence ends here" flags.
    pub fn train(
        data: &[(Vec<BoundaryToken<'_>>, Vec<bool>)],
        epochs: usize,
        seed: u64,
    ) -> BoundaryModel {
        let mut trainer = Trainer::new(2);
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = Rng::new(seed);
        let mut buf = Vec::new();
        let mut scores = Vec::new();
        for _ in 0..epochs {
            rng.shuffle(&mut order);
            for &pi in &order {
                let (t, gold) = &data[pi];
                let prepared = Prepared::new(t);
                let mut since = 0;
                for (i, &ends) in gold.iter().enumerate().take(t.len()) {
                    since += 1;
                    if !candidate(t, i) {
                        continue;
                    }
                    features(t, &prepared, i, since, &mut buf);
                    trainer.scores(&buf, &mut scores);
                    let guess = argmax(&scores, None);
                    let truth = usize::from(ends);
                    trainer.update(truth, guess, &buf);
                    trainer.tick();
                    if truth == 1 {
                        since = 0;
                    }
                }
            }
        }
        BoundaryModel {
            model: trainer.finish(),
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&crate::FORMAT_VERSION.to_le_bytes());
        self.model.write_to(&mut out);
        out
    }

    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<BoundaryModel, ModelError> {
        let mut r = Reader::new(bytes, name);
        r.header(MAGIC, crate::FORMAT_VERSION)?;
        Ok(BoundaryModel {
            model: Model::read_from(&mut r)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks<'a>(forms: &[&'a str]) -> Vec<BoundaryToken<'a>> {
        forms
            .iter()
            .map(|f| BoundaryToken {
                form: f,
                newline_after: false,
                rule_break: *f == ".",
            })
            .collect()
    }

    #[test]
    fn learns_headings_without_a_full_stop_and_round_trips() {
        // "EFFETS INDESIRABLES Des études ont montré . Il pleut ."
        let mut data = Vec::new();
        for _ in 0..20 {
            let t = toks(&[
                "EFFETS",
                "INDESIRABLES",
                "Des",
                "études",
                "ont",
                "montré",
                ".",
                "Il",
                "pleut",
                ".",
            ]);
            let gold = vec![
                false, true, false, false, false, false, true, false, false, true,
            ];
            data.push((t, gold));
            let t = toks(&["Le", "Monde", "a", "dit", "."]);
            data.push((t, vec![false, false, false, false, true]));
        }
        let m = BoundaryModel::train(&data, 5, 1);
        let got = m.predict(&toks(&[
            "POSOLOGIE",
            "INDESIRABLES",
            "Des",
            "patients",
            "sont",
            "morts",
            ".",
        ]));
        assert!(got[1], "{got:?}");
        assert!(!got[0]);
        let got = m.predict(&toks(&["Le", "Monde", "a", "dit", "."]));
        assert_eq!(got, vec![false, false, false, false, true]);
        let back = BoundaryModel::from_bytes(&m.to_bytes(), "t").unwrap();
        assert_eq!(back, m);
        assert!(BoundaryModel::from_bytes(b"garbage", "t").is_err());
        assert!(m.predict(&[]).is_empty());
    }
}
