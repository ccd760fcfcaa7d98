//! Sentence boundaries learnt from treebanks: a perceptron that revisits, for every plausible
//! gap between two tokens of a paragraph, the rule-based segmenter's decision — so that the
//! conventions of real text the rules cannot see (headings without a full stop, list items
//! ending in ";" or ":", a title run into the next sentence) are learnt from annotated data.
//!
//! Input is generic (forms, newline after, the rules' decision); `vigie-pipeline` maps a
//! paragraph's tokens onto it and rebuilds the sentences.

use crate::io::Reader;
use crate::perceptron::{argmax, FeatureKey, Trainer};
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

/// Working memory of [`BoundaryModel::predict_into`], kept from one paragraph to the next.
#[derive(Debug, Default)]
pub struct BoundaryScratch {
    window: [(usize, TokenInfo); 4],
}

/// The trained model: for each hashed feature, how much it favours a boundary (class 1 minus
/// class 0 of the averaged perceptron), in an open-addressing table of 4-byte slots so that
/// the whole table stays in cache.
#[derive(Debug, PartialEq)]
pub struct BoundaryModel {
    /// (feature, margin), sorted by feature: what the file holds.
    margins: Vec<(FeatureKey, i16)>,
    table: MarginTable,
    /// The features on shapes and small integers alone, looked up once when the model is
    /// built (the same margins the table gives, without hashing at every gap).
    small: SmallFeatures,
}

/// Shapes take 34 values (32 bit patterns, the paragraph's before and after).
const N_SHAPES: usize = 34;

#[inline]
fn shape_index(shape: u8) -> usize {
    match shape {
        s if s < 32 => usize::from(s),
        98 => 32,
        _ => 33,
    }
}

fn shape_of_index(k: usize) -> u8 {
    match k {
        32 => 98,
        33 => 99,
        k => k as u8,
    }
}

/// Precomputed margins of the shape-only features (templates 4 and 5 summed, indexed by the
/// shapes of the previous, current and next tokens; template 9 by the next two) and of the
/// distance feature (template 7, by distance bucket and rule decision).
#[derive(Debug, Clone, Default, PartialEq)]
struct SmallFeatures {
    prev_cur_next: Vec<i32>,
    next_next2: Vec<i32>,
    since_rule: [[i32; 2]; 9],
}

impl SmallFeatures {
    fn new(table: &MarginTable) -> SmallFeatures {
        let n = N_SHAPES;
        let sh = |k: usize| u64::from(shape_of_index(k));
        let mut prev_cur_next = vec![0; n * n * n];
        let mut next_next2 = vec![0; n * n];
        for c in 0..n {
            for x in 0..n {
                let pair = table.get(feature(4, sh(c), sh(x), 0));
                for m in 0..n {
                    prev_cur_next[(m * n + c) * n + x] =
                        pair + table.get(feature(5, sh(m), sh(c), sh(x)));
                }
                next_next2[c * n + x] = table.get(feature(9, sh(c), sh(x), 0));
            }
        }
        let mut since_rule = [[0; 2]; 9];
        for (bucket, row) in since_rule.iter_mut().enumerate() {
            for (rule, m) in row.iter_mut().enumerate() {
                *m = table.get(feature(7, bucket as u64, rule as u64, 0));
            }
        }
        SmallFeatures {
            prev_cur_next,
            next_next2,
            since_rule,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct MarginSlot {
    /// Top 16 bits of the feature hash, never 0 (0 marks an empty slot); the low bits chose
    /// the slot. A feature absent from the model matches a slot's tag once in 2^15 probes.
    tag: u16,
    margin: i16,
}

/// Feature → margin: linear probing, at most half full.
#[derive(Debug, Clone, Default, PartialEq)]
struct MarginTable {
    slots: Vec<MarginSlot>,
    mask: usize,
}

#[inline]
fn tag_of(key: FeatureKey) -> u16 {
    ((key >> 48) as u16) | 1
}

impl MarginTable {
    fn new(margins: &[(FeatureKey, i16)]) -> MarginTable {
        let cap = (margins.len() * 2).next_power_of_two().max(16);
        let mut t = MarginTable {
            slots: vec![MarginSlot::default(); cap],
            mask: cap - 1,
        };
        for &(key, margin) in margins {
            let mut i = key as usize & t.mask;
            while t.slots[i].tag != 0 {
                i = (i + 1) & t.mask;
            }
            t.slots[i] = MarginSlot {
                tag: tag_of(key),
                margin,
            };
        }
        t
    }

    #[inline]
    fn prefetch(&self, key: FeatureKey) {
        crate::perceptron::prefetch(self.slots.get(key as usize & self.mask));
    }

    #[inline]
    fn get(&self, key: FeatureKey) -> i32 {
        let tag = tag_of(key);
        let mut i = key as usize & self.mask;
        while let Some(slot) = self.slots.get(i) {
            if slot.tag == tag {
                return i32::from(slot.margin);
            }
            if slot.tag == 0 {
                return 0;
            }
            i = (i + 1) & self.mask;
        }
        0
    }
}

const MAGIC: &[u8; 8] = b"VIGIESEG";
/// Version of the boundary features: a model trained on other features is refused, not
/// misread (its hashes would mean nothing).
const FEATURES_VERSION: u32 = 2;

/// Shape bits of a token.
const UPPER: u8 = 1;
const LOWER: u8 = 2;
const DIGIT: u8 = 4;
const OTHER: u8 = 8;
const FIRST_UPPER: u8 = 16;

/// What the features read of one token, computed once per paragraph: the hash of its
/// lower-cased form and its shape.
#[derive(Debug, Clone, Copy, Default)]
struct TokenInfo {
    form: u64,
    shape: u8,
    /// Made of punctuation only.
    punct: bool,
    /// Starts with a capital, a digit or a mark: a sentence may start here.
    opens: bool,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[inline]
fn step(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(SEED)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The bytes of `w` (ASCII, below 0x80) within `lo..=hi`, as their high bit set: no carry
/// crosses a byte, so eight bytes are classified at once.
#[inline]
fn in_range(w: u64, lo: u8, hi: u8) -> u64 {
    let at_least = w.wrapping_add(ONES * u64::from(0x80 - lo));
    let above = w.wrapping_add(ONES * u64::from(0x7f - hi));
    at_least & !above & HIGH
}

impl TokenInfo {
    fn new(form: &str) -> TokenInfo {
        let bytes = form.as_bytes();
        let mut shape = 0u8;
        let mut h = bytes.len() as u64;
        if form.is_ascii() {
            // Eight bytes at a time: classified, lower-cased and hashed as one word.
            for chunk in bytes.chunks(8) {
                // Shifted in byte by byte: a short copy into a zeroed buffer would be a
                // memcpy call and a stalled load.
                let w = match <[u8; 8]>::try_from(chunk) {
                    Ok(b) => u64::from_le_bytes(b),
                    Err(_) => chunk.iter().rev().fold(0u64, |w, &b| w << 8 | u64::from(b)),
                };
                let valid = if chunk.len() == 8 {
                    HIGH
                } else {
                    HIGH & ((1u64 << (8 * chunk.len())) - 1)
                };
                let upper = in_range(w, b'A', b'Z');
                let lower = in_range(w, b'a', b'z');
                let digit = in_range(w, b'0', b'9');
                for (found, bit) in [
                    (upper, UPPER),
                    (lower, LOWER),
                    (digit, DIGIT),
                    (valid & !(upper | lower | digit), OTHER),
                ] {
                    if found != 0 {
                        shape |= bit;
                    }
                }
                // 0x80 >> 2 is the ASCII case bit.
                h = step(h, w | (upper >> 2));
            }
            let first = bytes.first().copied().unwrap_or(b'a');
            if first.is_ascii_uppercase() {
                shape |= FIRST_UPPER;
            }
            return TokenInfo {
                form: h,
                shape,
                punct: !bytes.is_empty() && shape & (UPPER | LOWER | DIGIT) == 0,
                opens: !first.is_ascii_lowercase(),
            };
        } else {
            // Two lower-cased characters at a time.
            let mut w = 0u64;
            let mut k = 0;
            for c in form.chars() {
                shape |= if c.is_uppercase() {
                    UPPER
                } else if c.is_lowercase() {
                    LOWER
                } else if c.is_numeric() {
                    DIGIT
                } else {
                    OTHER
                };
                for l in c.to_lowercase() {
                    w = (w << 32) | u64::from(l);
                    k += 1;
                    if k == 2 {
                        h = step(h, w);
                        (w, k) = (0, 0);
                    }
                }
            }
            if k > 0 {
                h = step(h, w);
            }
            if form.chars().next().is_some_and(char::is_uppercase) {
                shape |= FIRST_UPPER;
            }
        }
        let first = form.chars().next();
        TokenInfo {
            form: h,
            shape,
            punct: !form.is_empty() && shape & (UPPER | LOWER | DIGIT) == 0 && is_punct(form),
            opens: first
                .is_some_and(|c| c.is_uppercase() || c.is_numeric() || !c.is_alphanumeric()),
        }
    }
}

/// What decides whether a gap is a candidate, read from a token's first character: the
/// same `punct` and `opens` as [`TokenInfo::new`] computes, without hashing the form.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct GapFlags {
    punct: bool,
    opens: bool,
}

impl GapFlags {
    /// Read at every token: a word starting with an ASCII letter or digit is decided inline.
    #[inline(always)]
    fn new(form: &str) -> GapFlags {
        match form.as_bytes().first() {
            Some(b) if b.is_ascii_lowercase() => GapFlags {
                punct: false,
                opens: false,
            },
            Some(b) if b.is_ascii_alphanumeric() => GapFlags {
                punct: false,
                opens: true,
            },
            _ => GapFlags::other(form),
        }
    }

    #[inline(never)]
    fn other(form: &str) -> GapFlags {
        match form.as_bytes().first() {
            None => GapFlags::default(),
            Some(b) if b.is_ascii() => GapFlags {
                punct: is_punct(form),
                opens: true,
            },
            Some(_) => {
                let c = form.chars().next().unwrap_or(' ');
                GapFlags {
                    punct: !c.is_alphanumeric() && is_punct(form),
                    opens: c.is_uppercase() || c.is_numeric() || !c.is_alphanumeric(),
                }
            }
        }
    }
}

fn is_punct(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| !c.is_alphanumeric())
}

/// Hashes a template number with up to three values (word hashes, shapes, small integers).
#[inline]
fn feature(template: u64, a: u64, b: u64, c: u64) -> FeatureKey {
    let h = step(step(step(template.wrapping_mul(SEED), a), b), c);
    // Finaliser: the table uses the low bits.
    let h = (h ^ (h >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// Gaps worth a decision: after punctuation, before a capital, digit or mark, or where the
/// rules break. Elsewhere a sentence never ends.
#[inline]
fn candidate(t: &[BoundaryToken<'_>], info: &[TokenInfo], i: usize) -> bool {
    let Some(next) = info.get(i + 1) else {
        return false;
    };
    t[i].rule_break || t[i].newline_after || info[i].punct || next.opens
}

/// Hashes standing for the words before the paragraph and after it.
const BEFORE: TokenInfo = TokenInfo {
    form: 1,
    shape: 99,
    punct: false,
    opens: false,
};
const AFTER: TokenInfo = TokenInfo {
    form: 2,
    shape: 98,
    punct: false,
    opens: false,
};

/// Features of one gap.
const N_FEATURES: usize = 11;

fn features(
    t: &[BoundaryToken<'_>],
    info: &[TokenInfo],
    i: usize,
    since: usize,
) -> [FeatureKey; N_FEATURES] {
    let at = |j: Option<usize>| -> TokenInfo {
        match j {
            None => BEFORE,
            Some(j) => info.get(j).copied().unwrap_or(AFTER),
        }
    };
    let (m, c, n, n2) = (
        at(i.checked_sub(1)),
        at(Some(i)),
        at(Some(i + 1)),
        at(Some(i + 2)),
    );
    let rule = u64::from(t[i].rule_break);
    let sh = |x: TokenInfo| u64::from(x.shape);
    [
        feature(0, c.form, 0, 0),
        feature(1, n.form, 0, 0),
        feature(2, c.form, n.form, 0),
        feature(3, m.form, c.form, 0),
        feature(4, sh(c), sh(n), 0),
        feature(5, sh(m), sh(c), sh(n)),
        feature(6, rule, c.form, 0),
        feature(7, since.min(40) as u64 / 5, rule, 0),
        feature(8, c.form, sh(n), 0),
        feature(9, sh(n), sh(n2), 0),
        // A capitalised "Les" after a heading is not the "les" after a comma.
        feature(10, n.form, sh(n), 0),
    ]
}

impl BoundaryModel {
    fn from_margins(margins: Vec<(FeatureKey, i16)>) -> BoundaryModel {
        let table = MarginTable::new(&margins);
        BoundaryModel {
            small: SmallFeatures::new(&table),
            table,
            margins,
        }
    }

    /// Number of features with a weight.
    pub fn n_features(&self) -> usize {
        self.margins.len()
    }

    /// For each token, whether a sentence ends after it (the last token always ends one).
    pub fn predict(&self, t: &[BoundaryToken<'_>]) -> Vec<bool> {
        let mut out = Vec::new();
        self.predict_into(t, &mut BoundaryScratch::default(), &mut out);
        out
    }

    /// [`BoundaryModel::predict`] into `out` (cleared first), with the per-token data kept in
    /// `scratch`: one allocation for a whole document instead of two per paragraph.
    ///
    /// Only candidate gaps are scored, and only the tokens around one are hashed: whether a
    /// gap is a candidate reads the first character of the tokens on either side (and, for a
    /// token starting with punctuation, whether it holds a letter or digit).
    pub fn predict_into(
        &self,
        t: &[BoundaryToken<'_>],
        scratch: &mut BoundaryScratch,
        out: &mut Vec<bool>,
    ) {
        out.clear();
        out.resize(t.len(), false);
        // The data of tokens i - 1 ..= i + 2 around gap i, each in slot (index mod 4) with the
        // index it holds: computed once, only for tokens next to a candidate gap.
        let window = &mut scratch.window;
        *window = [(usize::MAX, TokenInfo::default()); 4];
        let mut info_at = |j: Option<usize>| -> TokenInfo {
            let Some(j) = j else { return BEFORE };
            let Some(tok) = t.get(j) else { return AFTER };
            let slot = &mut window[j & 3];
            if slot.0 != j {
                *slot = (j, TokenInfo::new(tok.form));
            }
            slot.1
        };
        let mut since = 0;
        let mut here = t
            .first()
            .map_or(GapFlags::default(), |x| GapFlags::new(x.form));
        for i in 0..t.len() {
            since += 1;
            let Some(next_token) = t.get(i + 1) else {
                break;
            };
            let next = GapFlags::new(next_token.form);
            let candidate = t[i].rule_break || t[i].newline_after || here.punct || next.opens;
            here = next;
            if !candidate {
                continue;
            }
            let gap = [
                info_at(i.checked_sub(1)),
                info_at(Some(i)),
                info_at(Some(i + 1)),
                info_at(Some(i + 2)),
            ];
            if self.margin(gap, t[i].rule_break, since) > 0 {
                out[i] = true;
                since = 0;
            }
        }
        if let Some(last) = out.last_mut() {
            *last = true;
        }
    }

    /// The sum of the margins of a gap's features (those of [`features`]) from the data of the
    /// tokens before, at, after and two after the gap, reading the shape and distance features
    /// from the precomputed tables.
    #[inline]
    fn margin(&self, gap: [TokenInfo; 4], rule_break: bool, since: usize) -> i32 {
        let [m, c, n, n2] = gap;
        let rule = usize::from(rule_break);
        let sh = |x: TokenInfo| u64::from(x.shape);
        let keys = [
            feature(0, c.form, 0, 0),
            feature(1, n.form, 0, 0),
            feature(2, c.form, n.form, 0),
            feature(3, m.form, c.form, 0),
            feature(6, rule as u64, c.form, 0),
            feature(8, c.form, sh(n), 0),
            feature(10, n.form, sh(n), 0),
        ];
        for &k in &keys {
            self.table.prefetch(k);
        }
        let (mi, ci, ni, n2i) = (
            shape_index(m.shape),
            shape_index(c.shape),
            shape_index(n.shape),
            shape_index(n2.shape),
        );
        let small = &self.small;
        let shapes = small
            .prev_cur_next
            .get((mi * N_SHAPES + ci) * N_SHAPES + ni)
            .copied()
            .unwrap_or(0)
            + small
                .next_next2
                .get(ni * N_SHAPES + n2i)
                .copied()
                .unwrap_or(0)
            + small.since_rule[since.min(40) / 5][rule];
        keys.iter().map(|&k| self.table.get(k)).sum::<i32>() + shapes
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
        let mut scores = Vec::new();
        let infos: Vec<Vec<TokenInfo>> = data
            .iter()
            .map(|(t, _)| t.iter().map(|x| TokenInfo::new(x.form)).collect())
            .collect();
        for _ in 0..epochs {
            rng.shuffle(&mut order);
            for &pi in &order {
                let (t, gold) = &data[pi];
                let info = &infos[pi];
                let mut since = 0;
                for (i, &ends) in gold.iter().enumerate().take(t.len()) {
                    since += 1;
                    if !candidate(t, info, i) {
                        continue;
                    }
                    let keys = features(t, info, i, since);
                    trainer.scores(&keys, &mut scores);
                    let guess = argmax(&scores, None);
                    let truth = usize::from(ends);
                    trainer.update(truth, guess, &keys);
                    trainer.tick();
                    if truth == 1 {
                        since = 0;
                    }
                }
            }
        }
        // Margins are sums of two quantised weights: scaled back into 16 bits.
        let margins = trainer.finish().margins();
        let max = margins
            .iter()
            .map(|m| m.1.unsigned_abs())
            .max()
            .unwrap_or(0);
        let scale = f64::from(max.max(32767)) / 32767.0;
        BoundaryModel::from_margins(
            margins
                .into_iter()
                .map(|(k, m)| (k, (f64::from(m) / scale).round() as i16))
                .filter(|m| m.1 != 0)
                .collect(),
        )
    }

    /// Magic, features version, count, then (feature hash u64, margin i16) sorted by feature.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + 10 * self.margins.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FEATURES_VERSION.to_le_bytes());
        out.extend_from_slice(&(self.margins.len() as u32).to_le_bytes());
        for (k, m) in &self.margins {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&m.to_le_bytes());
        }
        out
    }

    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<BoundaryModel, ModelError> {
        let mut r = Reader::new(bytes, name);
        r.header(MAGIC, FEATURES_VERSION)?;
        let n = r.u32()? as usize;
        let mut margins = Vec::with_capacity(n.min(bytes.len() / 10));
        for _ in 0..n {
            let k = u64::from_le_bytes(r.array::<8>()?);
            let m = i16::from_le_bytes(r.array::<2>()?);
            margins.push((k, m));
        }
        if !margins.windows(2).all(|w| w[0].0 < w[1].0) {
            return Err(r.error("features not sorted"));
        }
        Ok(BoundaryModel::from_margins(margins))
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
    fn token_data_ignores_case_and_reads_shapes() {
        let les = TokenInfo::new("Les");
        assert_eq!(les.form, TokenInfo::new("les").form);
        assert_eq!(les.form, TokenInfo::new("LES").form);
        assert_ne!(les.form, TokenInfo::new("lest").form);
        assert_eq!(les.shape, UPPER | LOWER | FIRST_UPPER);
        assert!(les.opens && !les.punct);
        // Past eight bytes, and outside ASCII.
        let long = TokenInfo::new("Constitution");
        assert_eq!(long.form, TokenInfo::new("constitution").form);
        assert_ne!(long.form, TokenInfo::new("constitutions").form);
        let etat = TokenInfo::new("ÉTAT");
        assert_eq!(etat.form, TokenInfo::new("état").form);
        assert_eq!(etat.shape, UPPER | FIRST_UPPER);
        let year = TokenInfo::new("2024");
        assert_eq!(year.shape, DIGIT);
        assert!(year.opens);
        for p in [".", "»", "...", ";"] {
            let x = TokenInfo::new(p);
            assert!(x.punct && x.opens, "{p}");
            assert_eq!(x.shape, OTHER);
        }
        assert!(!TokenInfo::new("et").opens);
    }

    const FORMS: &[&str] = &[
        "Les", "les", "LES", ".", "»", "«", "...", ",", "2024", "3,5", "État", "état", "é", "_x",
        "(", ")", "\"", "-", "--", "€", "Œuvre", "ÉTAT", "x2", "A.", "\u{301}", "日本", "½", "ǅ",
        "😀", "", "'s", "Mr.", "o'clock", "e-mail", "I",
    ];

    #[test]
    fn candidate_flags_are_those_of_the_token_data() {
        for f in FORMS {
            let info = TokenInfo::new(f);
            let flags = GapFlags::new(f);
            assert_eq!(
                (flags.punct, flags.opens),
                (info.punct, info.opens),
                "{f:?}"
            );
        }
    }

    #[test]
    fn fast_scoring_gives_the_margins_of_every_feature() {
        // A model that knows many of the features met below, with varied margins.
        let mut data = Vec::new();
        let mut rng = Rng::new(7);
        let below = |rng: &mut Rng, k: usize| (rng.next_u64() % k as u64) as usize;
        for _ in 0..60 {
            let n = 3 + below(&mut rng, 12);
            let forms: Vec<&str> = (0..n)
                .map(|_| FORMS[below(&mut rng, FORMS.len())])
                .collect();
            let gold: Vec<bool> = (0..n)
                .map(|k| k + 1 == n || below(&mut rng, 4) == 0)
                .collect();
            data.push((toks(&forms), gold));
        }
        let m = BoundaryModel::train(&data, 3, 1);
        assert!(m.n_features() > 100);
        for (t, _) in &data {
            let info: Vec<TokenInfo> = t.iter().map(|x| TokenInfo::new(x.form)).collect();
            for i in 0..t.len() {
                for since in [1, 4, 5, 17, 40, 41, 90] {
                    let slow: i32 = features(t, &info, i, since)
                        .iter()
                        .map(|&k| m.table.get(k))
                        .sum();
                    let at = |j: Option<usize>| match j {
                        None => BEFORE,
                        Some(j) => info.get(j).copied().unwrap_or(AFTER),
                    };
                    let gap = [
                        at(i.checked_sub(1)),
                        at(Some(i)),
                        at(Some(i + 1)),
                        at(Some(i + 2)),
                    ];
                    assert_eq!(m.margin(gap, t[i].rule_break, since), slow);
                }
            }
            // And the lazy prediction is the one every token's data would give.
            let mut slow = vec![false; t.len()];
            let mut since = 0;
            for (i, brk) in slow.iter_mut().enumerate() {
                since += 1;
                if candidate(t, &info, i) {
                    let margin: i32 = features(t, &info, i, since)
                        .iter()
                        .map(|&k| m.table.get(k))
                        .sum();
                    if margin > 0 {
                        *brk = true;
                        since = 0;
                    }
                }
            }
            if let Some(last) = slow.last_mut() {
                *last = true;
            }
            assert_eq!(m.predict(t), slow);
        }
    }

    #[test]
    fn damaged_model_files_are_errors() {
        let m = BoundaryModel::from_margins(vec![(3, 5), (9, -2)]);
        let bytes = m.to_bytes();
        assert_eq!(BoundaryModel::from_bytes(&bytes, "t").unwrap(), m);
        assert!(BoundaryModel::from_bytes(&bytes[..bytes.len() - 1], "t").is_err());
        let swapped = BoundaryModel {
            margins: vec![(9, -2), (3, 5)],
            table: MarginTable::default(),
            small: SmallFeatures::default(),
        };
        assert!(BoundaryModel::from_bytes(&swapped.to_bytes(), "t").is_err());
        assert_eq!(m.table.get(3), 5);
        assert_eq!(m.table.get(9), -2);
        assert_eq!(m.table.get(4), 0);
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

    #[test]
    fn a_reused_scratch_gives_the_same_breaks() {
        let m = BoundaryModel::train(
            &[(
                toks(&["Il", "pleut", ".", "Le", "Monde", "a", "dit", "."]),
                vec![false, false, true, false, false, false, false, true],
            )],
            3,
            1,
        );
        let long = toks(&[
            "Il", "pleut", ".", "Le", "Monde", "a", "dit", ".", "Oui", ".",
        ]);
        let short = toks(&["Le", "Monde", "."]);
        let (mut scratch, mut out) = (BoundaryScratch::default(), Vec::new());
        for t in [&long, &short, &long] {
            m.predict_into(t, &mut scratch, &mut out);
            assert_eq!(out, m.predict(t));
        }
        assert_eq!(out.len(), long.len());
    }
}
