//! An averaged perceptron over hashed sparse features: the learner behind every Vigie tagger.
//!
//! Features are 64-bit hashes ([`FeatureKey`]); each class has a weight per feature. Training
//! keeps, for every weight, the running total needed for averaging (Collins 2002, with the lazy
//! time-stamp trick), and [`Trainer::finish`] freezes the averaged weights into a compact
//! [`Model`]: features that never moved are dropped and weights are quantised to `i16`.

use rustc_hash::FxHashMap;
use std::hash::Hasher;

/// A hashed feature.
pub type FeatureKey = u64;

/// Hashes a feature template number with its string parts.
#[inline]
pub fn key(template: u32, parts: &[&[u8]]) -> FeatureKey {
    let mut h = rustc_hash::FxHasher::default();
    h.write_u32(template);
    for p in parts {
        h.write(p);
        h.write_u8(0xff);
    }
    mix(h.finish())
}

/// Hashes a template with small integers (tags, distances, counts).
#[inline]
pub fn key_ints(template: u32, ints: &[u32]) -> FeatureKey {
    let mut h = rustc_hash::FxHasher::default();
    h.write_u32(template | 0x8000_0000);
    for &i in ints {
        h.write_u32(i);
    }
    mix(h.finish())
}

/// Finaliser so that FxHash's weak low bits do not cluster in the table.
#[inline]
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

#[derive(Clone, Copy)]
struct Weight {
    class: u16,
    w: f32,
    total: f64,
    stamp: u32,
}

/// Averaged-perceptron training state.
pub struct Trainer {
    n_classes: usize,
    weights: FxHashMap<FeatureKey, Vec<Weight>>,
    instances: u32,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Trainer {
        Trainer {
            n_classes,
            weights: FxHashMap::default(),
            instances: 1,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Scores of every class for `features`, written into `scores` (current, not averaged).
    pub fn scores(&self, features: &[FeatureKey], scores: &mut Vec<f32>) {
        scores.clear();
        scores.resize(self.n_classes, 0.0);
        for f in features {
            if let Some(ws) = self.weights.get(f) {
                for w in ws {
                    scores[w.class as usize] += w.w;
                }
            }
        }
    }

    /// Counts one training instance (call once per decision, before or after `update`).
    pub fn tick(&mut self) {
        self.instances += 1;
    }

    /// Moves weights towards `truth` and away from `guess` (no-op when equal).
    pub fn update(&mut self, truth: usize, guess: usize, features: &[FeatureKey]) {
        if truth == guess {
            return;
        }
        let now = self.instances;
        for &f in features {
            let ws = self.weights.entry(f).or_default();
            for (class, delta) in [(truth as u16, 1.0f32), (guess as u16, -1.0f32)] {
                let i = match ws.iter().position(|w| w.class == class) {
                    Some(i) => i,
                    None => {
                        ws.push(Weight {
                            class,
                            w: 0.0,
                            total: 0.0,
                            stamp: now,
                        });
                        ws.len() - 1
                    }
                };
                let w = &mut ws[i];
                w.total += f64::from(now - w.stamp) * f64::from(w.w);
                w.stamp = now;
                w.w += delta;
            }
        }
    }

    /// Averages the weights and freezes them. Weights whose average rounds to zero are dropped.
    pub fn finish(self) -> Model {
        let now = self.instances;
        let mut averaged: Vec<(FeatureKey, Vec<(u16, f32)>)> =
            Vec::with_capacity(self.weights.len());
        let mut max_abs = 0f32;
        for (k, ws) in self.weights {
            let mut row = Vec::new();
            for w in ws {
                let total = w.total + f64::from(now - w.stamp) * f64::from(w.w);
                let avg = (total / f64::from(now)) as f32;
                if avg != 0.0 {
                    max_abs = max_abs.max(avg.abs());
                    row.push((w.class, avg));
                }
            }
            if !row.is_empty() {
                averaged.push((k, row));
            }
        }
        let scale = if max_abs > 0.0 {
            max_abs / 32000.0
        } else {
            1.0
        };
        Model::from_rows(self.n_classes, scale, averaged)
    }
}

/// Frozen averaged weights: for each feature, a short list of (class, weight).
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    n_classes: usize,
    scale: f32,
    index: FxHashMap<FeatureKey, (u32, u32)>,
    classes: Vec<u16>,
    weights: Vec<i16>,
}

impl Model {
    fn from_rows(
        n_classes: usize,
        scale: f32,
        mut rows: Vec<(FeatureKey, Vec<(u16, f32)>)>,
    ) -> Model {
        rows.sort_unstable_by_key(|r| r.0);
        let mut index = FxHashMap::default();
        index.reserve(rows.len());
        let mut classes = Vec::new();
        let mut weights = Vec::new();
        for (k, row) in rows {
            let start = classes.len() as u32;
            for (c, w) in row {
                let q = (w / scale).round().clamp(-32767.0, 32767.0) as i16;
                if q != 0 {
                    classes.push(c);
                    weights.push(q);
                }
            }
            let len = classes.len() as u32 - start;
            if len > 0 {
                index.insert(k, (start, len));
            }
        }
        Model {
            n_classes,
            scale,
            index,
            classes,
            weights,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features with a weight.
    pub fn n_features(&self) -> usize {
        self.index.len()
    }

    /// Scores of every class for `features` (in quantised units; only their order matters).
    #[inline]
    pub fn scores(&self, features: &[FeatureKey], scores: &mut Vec<f32>) {
        scores.clear();
        scores.resize(self.n_classes, 0.0);
        for f in features {
            if let Some(&(start, len)) = self.index.get(f) {
                let (s, e) = (start as usize, (start + len) as usize);
                for (c, w) in self.classes[s..e].iter().zip(&self.weights[s..e]) {
                    scores[*c as usize] += f32::from(*w);
                }
            }
        }
    }

    /// Writes the model in Vigie's little-endian binary layout.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        let mut keys: Vec<(&FeatureKey, &(u32, u32))> = self.index.iter().collect();
        keys.sort_unstable_by_key(|(k, _)| **k);
        put_u32(out, self.n_classes as u32);
        out.extend_from_slice(&self.scale.to_le_bytes());
        put_u32(out, keys.len() as u32);
        for (k, &(start, len)) in keys {
            out.extend_from_slice(&k.to_le_bytes());
            put_u32(out, len);
            for i in start..start + len {
                out.extend_from_slice(&self.classes[i as usize].to_le_bytes());
                out.extend_from_slice(&self.weights[i as usize].to_le_bytes());
            }
        }
    }

    /// Reads a model written by [`Model::write_to`].
    pub fn read_from(r: &mut crate::io::Reader<'_>) -> Result<Model, crate::ModelError> {
        let n_classes = r.u32()? as usize;
        let scale = f32::from_le_bytes(r.array::<4>()?);
        let n = r.u32()? as usize;
        let mut index = FxHashMap::default();
        index.reserve(n);
        let mut classes = Vec::with_capacity(n * 2);
        let mut weights = Vec::with_capacity(n * 2);
        for _ in 0..n {
            let k = u64::from_le_bytes(r.array::<8>()?);
            let len = r.u32()?;
            let start = classes.len() as u32;
            for _ in 0..len {
                let c = u16::from_le_bytes(r.array::<2>()?);
                if c as usize >= n_classes {
                    return Err(r.error("class out of range"));
                }
                classes.push(c);
                weights.push(i16::from_le_bytes(r.array::<2>()?));
            }
            index.insert(k, (start, len));
        }
        Ok(Model {
            n_classes,
            scale,
            index,
            classes,
            weights,
        })
    }
}

pub(crate) fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Index of the best score among `allowed` (all classes when `None`).
#[inline]
pub fn argmax(scores: &[f32], allowed: Option<&[u16]>) -> usize {
    let mut best = 0usize;
    let mut best_score = f32::NEG_INFINITY;
    match allowed {
        Some(list) if !list.is_empty() => {
            for &c in list {
                let s = scores[c as usize];
                if s > best_score {
                    best_score = s;
                    best = c as usize;
                }
            }
        }
        _ => {
            for (c, &s) in scores.iter().enumerate() {
                if s > best_score {
                    best_score = s;
                    best = c;
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_survives_a_round_trip() {
        // Class = which of three words is present.
        let data: Vec<(Vec<FeatureKey>, usize)> = (0..30)
            .map(|i| {
                let c = i % 3;
                let w = ["red", "green", "blue"][c];
                (vec![key(1, &[w.as_bytes()]), key(0, &[])], c)
            })
            .collect();
        let mut t = Trainer::new(3);
        let mut scores = Vec::new();
        for _ in 0..5 {
            for (f, truth) in &data {
                t.scores(f, &mut scores);
                let guess = argmax(&scores, None);
                t.update(*truth, guess, f);
                t.tick();
            }
        }
        let m = t.finish();
        for (f, truth) in &data {
            m.scores(f, &mut scores);
            assert_eq!(argmax(&scores, None), *truth);
        }
        let mut bytes = Vec::new();
        m.write_to(&mut bytes);
        let back = Model::read_from(&mut crate::io::Reader::new(&bytes, "test")).unwrap();
        assert_eq!(back, m);
    }

    #[test]
    fn argmax_respects_the_allowed_classes() {
        assert_eq!(argmax(&[0.0, 5.0, 1.0], Some(&[0, 2])), 2);
        assert_eq!(argmax(&[0.0, 5.0, 1.0], None), 1);
    }
}
