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
        self.finish_pruned(0.0)
    }

    /// Like [`Trainer::finish`], also dropping averaged weights smaller than `min_abs` times
    /// the largest one (a smaller, faster model at almost no cost in accuracy).
    pub fn finish_pruned(self, min_abs: f32) -> Model {
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
        if min_abs > 0.0 {
            let cut = min_abs * max_abs;
            for (_, row) in &mut averaged {
                row.retain(|(_, w)| w.abs() >= cut);
            }
            averaged.retain(|(_, row)| !row.is_empty());
        }
        Model::from_rows(self.n_classes, scale, averaged)
    }
}

/// Frozen averaged weights: for each feature, a short list of (class, weight), and the same
/// as dense rows when they fit in [`DENSE_LIMIT`] bytes (scoring is then a vectorised sum).
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    n_classes: usize,
    scale: f32,
    /// Feature → row number, while building (and for writing).
    index: FxHashMap<FeatureKey, u32>,
    /// The lookup table used for scoring: open addressing, linear probing, prefetched.
    table: Table,
    /// Row r's entries are `offsets[r]..offsets[r + 1]` of `classes`/`weights`.
    offsets: Vec<u32>,
    classes: Vec<u16>,
    weights: Vec<i16>,
    /// The same as (class, weight) pairs side by side, for scoring.
    entries: Vec<Entry>,
    /// Row r at `r * n_classes`.
    dense: Option<Vec<i16>>,
}

/// Largest dense copy of a model kept in memory (bytes).
const DENSE_LIMIT: usize = 128 << 20;
/// Models with at most this many classes score into an integer accumulator on the stack.
const MAX_ACC: usize = 512;
/// Slot marker: the row is sparse.
const NO_DENSE: u32 = u32::MAX;

impl Model {
    fn from_rows(
        n_classes: usize,
        scale: f32,
        mut rows: Vec<(FeatureKey, Vec<(u16, f32)>)>,
    ) -> Model {
        rows.sort_unstable_by_key(|r| r.0);
        let mut m = Model::empty(n_classes, scale);
        for (k, row) in rows {
            let entries: Vec<(u16, i16)> = row
                .into_iter()
                .map(|(c, w)| (c, (w / scale).round().clamp(-32767.0, 32767.0) as i16))
                .filter(|(_, q)| *q != 0)
                .collect();
            m.push_row(k, &entries);
        }
        m.densified()
    }

    fn empty(n_classes: usize, scale: f32) -> Model {
        Model {
            n_classes,
            scale,
            index: FxHashMap::default(),
            offsets: vec![0],
            classes: Vec::new(),
            weights: Vec::new(),
            dense: None,
            table: Table::default(),
            entries: Vec::new(),
        }
    }

    fn push_row(&mut self, k: FeatureKey, entries: &[(u16, i16)]) {
        if entries.is_empty() {
            return;
        }
        for (c, w) in entries {
            self.classes.push(*c);
            self.weights.push(*w);
        }
        self.index.insert(k, (self.offsets.len() - 1) as u32);
        self.offsets.push(self.classes.len() as u32);
    }

    /// Builds the lookup table, copying long rows (many classes) into dense form: adding a
    /// dense row is a vectorised loop, a sparse one a scatter.
    fn densified(mut self) -> Model {
        self.entries = self
            .classes
            .iter()
            .zip(&self.weights)
            .map(|(&class, &weight)| Entry { class, weight })
            .collect();
        let n = self.index.len();
        let mut dense_of = vec![NO_DENSE; n];
        let mut dense = Vec::new();
        if self.n_classes <= MAX_ACC {
            let long = (self.n_classes / 6).max(8);
            for (r, slot) in dense_of.iter_mut().enumerate() {
                let (s, e) = (self.offsets[r] as usize, self.offsets[r + 1] as usize);
                if e - s >= long && dense.len() + self.n_classes <= DENSE_LIMIT / 2 {
                    *slot = (dense.len() / self.n_classes) as u32;
                    dense.resize(dense.len() + self.n_classes, 0i16);
                    let base = dense.len() - self.n_classes;
                    for (c, w) in self.classes[s..e].iter().zip(&self.weights[s..e]) {
                        dense[base + *c as usize] = *w;
                    }
                }
            }
        }
        self.table = Table::build(&self.index, &self.offsets, &dense_of);
        self.dense = (!dense.is_empty()).then_some(dense);
        self
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features with a weight.
    pub fn n_features(&self) -> usize {
        self.index.len()
    }

    /// Scores of every class for `features` (in quantised units; only their order matters).
    ///
    /// Lookups are the cost (a model is megabytes, features hit it at random), so the table
    /// slots of all features are prefetched first and probed after, letting the memory
    /// system fetch them in parallel.
    #[inline]
    pub fn scores(&self, features: &[FeatureKey], scores: &mut Vec<f32>) {
        scores.clear();
        scores.resize(self.n_classes, 0.0);
        if self.table.slots.is_empty() {
            return;
        }
        let n = self.n_classes;
        // An accumulator on the stack, no larger than needed (it is zeroed on every call).
        if n <= 32 {
            return self.scores_on_stack::<32>(features, scores);
        }
        if n <= 128 {
            return self.scores_on_stack::<128>(features, scores);
        }
        if n <= MAX_ACC {
            return self.scores_on_stack::<MAX_ACC>(features, scores);
        }
        for &f in features {
            self.table.prefetch(f);
        }
        const CHUNK: usize = 128;
        let mut found = [(0u32, 0u32); CHUNK];
        for chunk in features.chunks(CHUNK) {
            let mut k = 0;
            for &f in chunk {
                if let Some(slot) = self.table.get(f) {
                    found[k] = (slot.start, slot.info);
                    k += 1;
                    prefetch(self.entries.get(slot.start as usize));
                }
            }
            for &(s, len) in &found[..k] {
                let e = s as usize + len as usize;
                for entry in self.entries.get(s as usize..e).unwrap_or(&[]) {
                    if let Some(x) = scores.get_mut(entry.class as usize) {
                        *x += f32::from(entry.weight);
                    }
                }
            }
        }
    }

    /// [`Model::scores`] through an integer accumulator of `N` ≥ `n_classes` slots.
    #[inline]
    fn scores_on_stack<const N: usize>(&self, features: &[FeatureKey], scores: &mut [f32]) {
        let mut acc_buf = [0i32; N];
        let Some(acc) = acc_buf.get_mut(..self.n_classes) else {
            return;
        };
        self.accumulate(features, acc);
        for (s, a) in scores.iter_mut().zip(acc.iter()) {
            *s = *a as f32;
        }
    }

    /// Integer scores of every class for `features` (quantised units), written into `scores`:
    /// the same order as [`Model::scores`] without the conversion to floats.
    #[inline]
    pub fn scores_i32(&self, features: &[FeatureKey], scores: &mut Vec<i32>) {
        scores.clear();
        scores.resize(self.n_classes, 0);
        if !self.table.slots.is_empty() {
            self.accumulate(features, scores);
        }
    }

    /// Adds the scores of `features` into `acc` (one slot per class, quantised units): the sums
    /// of [`Model::scores_i32`], for callers that add up several feature groups or cached rows
    /// (integer sums: the order of the additions does not change the result).
    #[inline]
    pub(crate) fn add_scores(&self, features: &[FeatureKey], acc: &mut [i32]) {
        if !self.table.slots.is_empty() && acc.len() == self.n_classes {
            self.accumulate(features, acc);
        }
    }

    /// Hints the CPU to fetch the table slots of `features` (before [`Model::add_scores`]
    /// on them, with other work in between).
    #[inline]
    pub(crate) fn prefetch_features(&self, features: &[FeatureKey]) {
        for &f in features {
            self.table.prefetch(f);
        }
    }

    /// Adds the rows of `features` into `acc` (one slot per class). Lookups are the cost (a
    /// model is megabytes, features hit it at random), so the table slots of all features are
    /// prefetched first and probed after, letting the memory system fetch them in parallel.
    #[inline]
    fn accumulate(&self, features: &[FeatureKey], acc: &mut [i32]) {
        for &f in features {
            self.table.prefetch(f);
        }
        const CHUNK: usize = 128;
        let mut found = [(0u32, 0u32); CHUNK];
        let n = self.n_classes;
        let dense = self.dense.as_deref().unwrap_or(&[]);
        for chunk in features.chunks(CHUNK) {
            let mut k = 0;
            for &f in chunk {
                if let Some(slot) = self.table.get(f) {
                    found[k] = (slot.start, slot.info);
                    k += 1;
                    if slot.info & DENSE_BIT == 0 {
                        prefetch(self.entries.get(slot.start as usize));
                    } else {
                        prefetch(dense.get(slot.start as usize * n));
                    }
                }
            }
            // Dense rows two at a time: one pass over the accumulator for both.
            let mut pending: Option<&[i16]> = None;
            for &(s, info) in &found[..k] {
                if info & DENSE_BIT == 0 {
                    let e = s as usize + info as usize;
                    for entry in self.entries.get(s as usize..e).unwrap_or(&[]) {
                        if let Some(x) = acc.get_mut(entry.class as usize) {
                            *x = x.wrapping_add(i32::from(entry.weight));
                        }
                    }
                } else if let Some(row) = dense.get(s as usize * n..(s as usize + 1) * n) {
                    match pending.take() {
                        None => pending = Some(row),
                        Some(first) => {
                            for ((x, a), b) in acc.iter_mut().zip(first).zip(row) {
                                *x = x.wrapping_add(i32::from(*a) + i32::from(*b));
                            }
                        }
                    }
                }
            }
            if let Some(row) = pending {
                for (x, w) in acc.iter_mut().zip(row) {
                    *x = x.wrapping_add(i32::from(*w));
                }
            }
        }
    }

    /// Sum of the absolute weights of `feature`'s row (quantised units), 0 when absent.
    pub fn row_mass(&self, feature: FeatureKey) -> u64 {
        match self.index.get(&feature) {
            Some(&r) => {
                let (s, e) = (self.offsets[r as usize], self.offsets[r as usize + 1]);
                self.weights[s as usize..e as usize]
                    .iter()
                    .map(|w| u64::from(w.unsigned_abs()))
                    .sum()
            }
            None => 0,
        }
    }

    /// Writes the model in Vigie's little-endian binary layout (sparse rows, sorted by key).
    pub fn write_to(&self, out: &mut Vec<u8>) {
        let mut keys: Vec<(&FeatureKey, &u32)> = self.index.iter().collect();
        keys.sort_unstable_by_key(|(k, _)| **k);
        put_u32(out, self.n_classes as u32);
        out.extend_from_slice(&self.scale.to_le_bytes());
        put_u32(out, keys.len() as u32);
        for (k, &r) in keys {
            let (s, e) = (self.offsets[r as usize], self.offsets[r as usize + 1]);
            out.extend_from_slice(&k.to_le_bytes());
            put_u32(out, e - s);
            for i in s..e {
                out.extend_from_slice(&self.classes[i as usize].to_le_bytes());
                out.extend_from_slice(&self.weights[i as usize].to_le_bytes());
            }
        }
    }

    /// For each feature, its weight for class 1 minus its weight for class 0 (quantised
    /// units), sorted by key, zeros left out: all a two-class model needs to decide.
    pub fn margins(&self) -> Vec<(FeatureKey, i32)> {
        let mut out: Vec<(FeatureKey, i32)> = self
            .index
            .iter()
            .filter_map(|(&k, &r)| {
                let (s, e) = (self.offsets[r as usize], self.offsets[r as usize + 1]);
                let mut m = 0i32;
                for i in s as usize..e as usize {
                    let w = i32::from(self.weights[i]);
                    match self.classes[i] {
                        0 => m -= w,
                        1 => m += w,
                        _ => {}
                    }
                }
                (m != 0).then_some((k, m))
            })
            .collect();
        out.sort_unstable_by_key(|x| x.0);
        out
    }

    /// Reads a model written by [`Model::write_to`].
    pub fn read_from(r: &mut crate::io::Reader<'_>) -> Result<Model, crate::ModelError> {
        let n_classes = r.u32()? as usize;
        let scale = f32::from_le_bytes(r.array::<4>()?);
        let n = r.u32()? as usize;
        let mut m = Model::empty(n_classes, scale);
        m.index.reserve(n.min(1 << 24));
        let mut entries = Vec::new();
        for _ in 0..n {
            let k = u64::from_le_bytes(r.array::<8>()?);
            let len = r.u32()?;
            entries.clear();
            for _ in 0..len {
                let c = u16::from_le_bytes(r.array::<2>()?);
                if c as usize >= n_classes {
                    return Err(r.error("class out of range"));
                }
                entries.push((c, i16::from_le_bytes(r.array::<2>()?)));
            }
            m.push_row(k, &entries);
        }
        Ok(m.densified())
    }
}

/// One weight of a sparse row.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    class: u16,
    weight: i16,
}

/// Hints the CPU to fetch `x`'s cache line.
#[inline]
pub(crate) fn prefetch<T>(x: Option<&T>) {
    #[cfg(target_arch = "x86_64")]
    if let Some(x) = x {
        // SAFETY: prefetching is only a hint; the pointer is to a live value.
        unsafe {
            std::arch::x86_64::_mm_prefetch(
                (x as *const T).cast::<i8>(),
                std::arch::x86_64::_MM_HINT_T0,
            );
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// One slot of the lookup table: 12 bytes, so that more of the table stays in cache.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Slot {
    /// High half of the feature hash, never 0 (0 marks an empty slot); the low half chose
    /// the slot.
    tag: u32,
    /// First entry of a sparse row, or the index of a dense row.
    start: u32,
    /// Number of entries of a sparse row, or [`DENSE_BIT`] for a dense row.
    info: u32,
}

const DENSE_BIT: u32 = 1 << 31;

#[inline]
fn tag_of(key: FeatureKey) -> u32 {
    ((key >> 32) as u32) | 1
}

/// Open-addressing hash table from feature to row, at most half full, linear probing.
#[derive(Debug, Clone, Default, PartialEq)]
struct Table {
    slots: Vec<Slot>,
    mask: usize,
}

impl Table {
    fn build(index: &FxHashMap<FeatureKey, u32>, offsets: &[u32], dense_of: &[u32]) -> Table {
        let cap = (index.len() * 2).next_power_of_two().max(16);
        let mut t = Table {
            slots: vec![Slot::default(); cap],
            mask: cap - 1,
        };
        let mut keys: Vec<(&FeatureKey, &u32)> = index.iter().collect();
        keys.sort_unstable();
        for (&key, &row) in keys {
            let (s, e) = (offsets[row as usize], offsets[row as usize + 1]);
            let slot = match dense_of.get(row as usize).copied().unwrap_or(NO_DENSE) {
                NO_DENSE => Slot {
                    tag: tag_of(key),
                    start: s,
                    info: e - s,
                },
                d => Slot {
                    tag: tag_of(key),
                    start: d,
                    info: DENSE_BIT,
                },
            };
            let mut i = key as usize & t.mask;
            while t.slots[i].tag != 0 {
                i = (i + 1) & t.mask;
            }
            t.slots[i] = slot;
        }
        t
    }

    #[inline]
    fn prefetch(&self, key: FeatureKey) {
        prefetch(self.slots.get(key as usize & self.mask));
    }

    #[inline]
    fn get(&self, key: FeatureKey) -> Option<Slot> {
        let tag = tag_of(key);
        let mut i = key as usize & self.mask;
        loop {
            let slot = self.slots.get(i)?;
            if slot.tag == tag {
                return Some(*slot);
            }
            if slot.tag == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
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
