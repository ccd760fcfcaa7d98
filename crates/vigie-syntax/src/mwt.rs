//! Multi-word tokens: French "du" = "de le", "aux" = "à les", and the ambiguous "des" (article,
//! or "de les"). Every token form that training data ever splits gets a small classifier that
//! decides from its neighbours whether to split it and how; other tokens are left whole.

use crate::io::{put_strings, Reader};
use crate::perceptron::{argmax, key, FeatureKey, Model, Trainer};
use crate::tagger::lowercase;
use crate::train::Rng;
use crate::ModelError;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// The splitter: per lower-cased form, the expansions seen in training.
#[derive(Debug, PartialEq)]
pub struct MwtSplitter {
    /// Class 0 is "keep whole"; class i > 0 is `expansions[i - 1]` (words separated by spaces).
    expansions: Vec<String>,
    /// Lower-cased form → classes allowed for it (always including 0).
    forms: FxHashMap<String, Vec<u16>>,
    model: Model,
}

fn features(tokens: &[&str], i: usize, out: &mut Vec<FeatureKey>) {
    out.clear();
    let lower = |j: Option<usize>| {
        j.and_then(|j| tokens.get(j))
            .map_or(Cow::Borrowed("<none>"), |t| lowercase(t))
    };
    let me = lower(Some(i));
    let prev = lower(i.checked_sub(1));
    let next = lower(Some(i + 1));
    let prev2 = lower(i.checked_sub(2));
    out.push(key(300, &[me.as_bytes()]));
    out.push(key(301, &[me.as_bytes(), prev.as_bytes()]));
    out.push(key(302, &[me.as_bytes(), next.as_bytes()]));
    out.push(key(303, &[me.as_bytes(), prev2.as_bytes()]));
    fn sfx(s: &str) -> &str {
        let start = s.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
        &s[start..]
    }
    out.push(key(304, &[me.as_bytes(), sfx(&prev).as_bytes()]));
    out.push(key(305, &[me.as_bytes(), sfx(&next).as_bytes()]));
    out.push(key(306, &[me.as_bytes(), prev.as_bytes(), next.as_bytes()]));
}

/// Applies the case of `surface` (capitalised or all-caps) to the first word of an expansion.
fn recase(surface: &str, words: &str) -> Vec<String> {
    let all_upper = surface
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let first_upper = surface.chars().next().is_some_and(char::is_uppercase);
    words
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            if all_upper && surface.chars().count() > 1 {
                w.to_uppercase()
            } else if first_upper && i == 0 {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            } else {
                w.to_string()
            }
        })
        .collect()
}

impl MwtSplitter {
    /// The words of each token: `None` to keep a token whole.
    pub fn split(&self, tokens: &[&str]) -> Vec<Option<Vec<String>>> {
        let mut buf = Vec::new();
        let mut scores = Vec::new();
        tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let allowed = self.forms.get(&*lowercase(t))?;
                features(tokens, i, &mut buf);
                self.model.scores(&buf, &mut scores);
                let c = argmax(&scores, Some(allowed));
                (c > 0).then(|| recase(t, &self.expansions[c - 1]))
            })
            .collect()
    }

    /// Learns from the surface tokens of UD sentences.
    pub fn train(sentences: &[vigie_conllu::Sentence], epochs: usize, seed: u64) -> MwtSplitter {
        let mut expansions: Vec<String> = Vec::new();
        let mut ids: FxHashMap<String, u16> = FxHashMap::default();
        let mut forms: FxHashMap<String, Vec<u16>> = FxHashMap::default();
        for s in sentences {
            for t in &s.tokens {
                if t.words.len() > 1 {
                    let words: Vec<String> = s.words[t.words.clone()]
                        .iter()
                        .map(|w| w.form.to_lowercase())
                        .collect();
                    let joined = words.join(" ");
                    let next = ids.len() as u16 + 1;
                    let id = *ids.entry(joined.clone()).or_insert_with(|| {
                        expansions.push(joined);
                        next
                    });
                    let allowed = forms
                        .entry(t.form.to_lowercase())
                        .or_insert_with(|| vec![0]);
                    if !allowed.contains(&id) {
                        allowed.push(id);
                    }
                }
            }
        }
        let mut examples: Vec<(usize, usize, u16)> = Vec::new(); // (sentence, token, class)
        for (si, s) in sentences.iter().enumerate() {
            for (ti, t) in s.tokens.iter().enumerate() {
                if forms.contains_key(&t.form.to_lowercase()) {
                    let class = if t.words.len() > 1 {
                        let joined: Vec<String> = s.words[t.words.clone()]
                            .iter()
                            .map(|w| w.form.to_lowercase())
                            .collect();
                        ids.get(&joined.join(" ")).copied().unwrap_or(0)
                    } else {
                        0
                    };
                    examples.push((si, ti, class));
                }
            }
        }
        let mut trainer = Trainer::new(expansions.len() + 1);
        let mut rng = Rng::new(seed);
        let mut buf = Vec::new();
        let mut scores = Vec::new();
        let token_forms: Vec<Vec<&str>> = sentences
            .iter()
            .map(|s| s.tokens.iter().map(|t| t.form.as_str()).collect())
            .collect();
        for _ in 0..epochs {
            rng.shuffle(&mut examples);
            for &(si, ti, class) in &examples {
                let tokens = &token_forms[si];
                features(tokens, ti, &mut buf);
                trainer.scores(&buf, &mut scores);
                let allowed = &forms[&tokens[ti].to_lowercase()];
                let guess = argmax(&scores, Some(allowed));
                trainer.update(class as usize, guess, &buf);
                trainer.tick();
            }
        }
        MwtSplitter {
            expansions,
            forms,
            model: trainer.finish(),
        }
    }

    pub(crate) fn write_to(&self, out: &mut Vec<u8>) {
        put_strings(out, &self.expansions);
        let mut forms: Vec<(&String, &Vec<u16>)> = self.forms.iter().collect();
        forms.sort();
        out.extend_from_slice(&(forms.len() as u32).to_le_bytes());
        for (f, classes) in forms {
            crate::io::put_string(out, f);
            out.extend_from_slice(&(classes.len() as u32).to_le_bytes());
            for c in classes {
                out.extend_from_slice(&c.to_le_bytes());
            }
        }
        self.model.write_to(out);
    }

    pub(crate) fn read_from(r: &mut Reader<'_>) -> Result<MwtSplitter, ModelError> {
        let expansions = r.strings()?;
        let n = r.u32()? as usize;
        let mut forms = FxHashMap::default();
        for _ in 0..n {
            let f = r.string()?;
            let len = r.u32()? as usize;
            let mut classes = Vec::with_capacity(len.min(64));
            for _ in 0..len {
                let c = u16::from_le_bytes(r.array::<2>()?);
                if c as usize > expansions.len() {
                    return Err(r.error("multi-word expansion out of range"));
                }
                classes.push(c);
            }
            forms.insert(f, classes);
        }
        let model = Model::read_from(r)?;
        Ok(MwtSplitter {
            expansions,
            forms,
            model,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_when_des_is_de_les() {
        let conllu = "\
1\tIl\til\tPRON\t_\t_\t2\tnsubj\t_\t_
2\tparle\tparler\tVERB\t_\t_\t0\troot\t_\t_
3-4\tdes\t_\t_\t_\t_\t_\t_\t_\t_
3\tde\tde\tADP\t_\t_\t5\tcase\t_\t_
4\tles\tle\tDET\t_\t_\t5\tdet\t_\t_
5\tdirigeants\tdirigeant\tNOUN\t_\t_\t2\tobl\t_\t_

1\tIl\til\tPRON\t_\t_\t2\tnsubj\t_\t_
2\toffre\toffrir\tVERB\t_\t_\t0\troot\t_\t_
3\tdes\tun\tDET\t_\t_\t4\tdet\t_\t_
4\tcadeaux\tcadeau\tNOUN\t_\t_\t2\tobj\t_\t_

1-2\tDu\t_\t_\t_\t_\t_\t_\t_\t_
1\tDe\tde\tADP\t_\t_\t3\tcase\t_\t_
2\tle\tle\tDET\t_\t_\t3\tdet\t_\t_
3\tcôté\tcôté\tNOUN\t_\t_\t0\troot\t_\t_

";
        let sentences = vigie_conllu::read(conllu, "t").unwrap();
        let m = MwtSplitter::train(&sentences, 5, 1);
        let out = m.split(&["Il", "parle", "des", "dirigeants"]);
        assert_eq!(out[2], Some(vec!["de".to_string(), "les".to_string()]));
        let out = m.split(&["Il", "offre", "des", "cadeaux"]);
        assert_eq!(out[2], None);
        let out = m.split(&["Du", "côté"]);
        assert_eq!(out[0], Some(vec!["De".to_string(), "le".to_string()]));
        assert_eq!(out[1], None);
        let mut bytes = Vec::new();
        m.write_to(&mut bytes);
        let back = MwtSplitter::read_from(&mut Reader::new(&bytes, "t")).unwrap();
        assert_eq!(back, m);
    }
}
