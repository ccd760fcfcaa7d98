//! Labelled dependency parsing: a greedy arc-hybrid transition parser (Kuhlmann et al. 2011)
//! scored by an averaged perceptron and trained with Goldberg & Nivre's dynamic oracle, so that
//! it learns to recover from its own mistakes.
//!
//! Configuration: a stack (the root node at its bottom), a buffer of words, the arcs so far.
//! Transitions: SHIFT (buffer front onto the stack), LEFT-l (stack top becomes an l-dependent
//! of the buffer front, popped), RIGHT-l (stack top becomes an l-dependent of the word under
//! it, popped). The root gets exactly one dependent, attached last. Trees are projective;
//! training trees are projectivised by lifting crossing arcs.

use crate::io::{put_strings, Reader};
use crate::perceptron::{key, FeatureKey, Model, Trainer};
use crate::train::Rng;
use crate::ModelError;
use rustc_hash::FxHashMap;

/// Prepositions whose determinerless singular complement is no relative clause antecedent
/// (`data/bare-complement-prepositions.tsv`).
const BARE_COMPLEMENT_PREPOSITIONS: &str = include_str!("../data/bare-complement-prepositions.tsv");

fn bare_complement_prepositions() -> &'static [&'static str] {
    static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        BARE_COMPLEMENT_PREPOSITIONS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#') && *l != "preposition")
            .collect()
    })
}

/// A word as the parser sees it.
#[derive(Debug, Clone, Copy)]
pub struct ParserWord<'a> {
    pub form: &'a str,
    pub upos: &'a str,
    pub feats: &'a str,
}

/// The parse of one word: its head (0 = root, else 1-based word index) and relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arc {
    pub head: u32,
    pub label: u16,
}

/// The trained parser of one language.
#[derive(Debug, PartialEq)]
pub struct Parser {
    pub labels: Vec<String>,
    root_label: u16,
    templates: TemplateSet,
    model: Model,
}

const NO: u32 = u32::MAX;

/// Per-node features computed once per sentence.
#[derive(Clone, Copy)]
struct Node {
    word: u64,
    pos: u32,
    feats: u64,
    suffix: u64,
}

struct State {
    n: usize,
    stack: Vec<usize>,
    b: usize,
    heads: Vec<u32>,
    labels: Vec<u32>,
    // Leftmost two and rightmost two children of each node, and counts.
    lc: Vec<[u32; 2]>,
    rc: Vec<[u32; 2]>,
    nl: Vec<u8>,
    nr: Vec<u8>,
}

impl State {
    fn new(n: usize) -> State {
        State {
            n,
            stack: vec![0],
            b: 1,
            heads: vec![NO; n + 1],
            labels: vec![NO; n + 1],
            lc: vec![[NO; 2]; n + 1],
            rc: vec![[NO; 2]; n + 1],
            nl: vec![0; n + 1],
            nr: vec![0; n + 1],
        }
    }
    fn done(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }
    fn s(&self, i: usize) -> u32 {
        if self.stack.len() > i {
            self.stack[self.stack.len() - 1 - i] as u32
        } else {
            NO
        }
    }
    fn buf(&self, i: usize) -> u32 {
        let j = self.b + i;
        if j <= self.n {
            j as u32
        } else {
            NO
        }
    }
    fn add_arc(&mut self, head: usize, dep: usize, label: u32) {
        self.heads[dep] = head as u32;
        self.labels[dep] = label;
        if dep < head {
            let l = &mut self.lc[head];
            if l[0] == NO || (dep as u32) < l[0] {
                l[1] = l[0];
                l[0] = dep as u32;
            } else if l[1] == NO || (dep as u32) < l[1] {
                l[1] = dep as u32;
            }
            self.nl[head] = self.nl[head].saturating_add(1);
        } else {
            let r = &mut self.rc[head];
            if r[0] == NO || (dep as u32) > r[0] {
                r[1] = r[0];
                r[0] = dep as u32;
            } else if r[1] == NO || (dep as u32) > r[1] {
                r[1] = dep as u32;
            }
            self.nr[head] = self.nr[head].saturating_add(1);
        }
    }
}

/// Transition kinds. Class 0 is SHIFT; 1..=L are LEFT-l; L+1..=2L are RIGHT-l.
fn n_classes(n_labels: usize) -> usize {
    1 + 2 * n_labels
}

fn legal(st: &State, n_labels: usize, root_label: u16, out: &mut Vec<u16>) {
    out.clear();
    let has_buf = st.b <= st.n;
    if has_buf {
        out.push(0);
    }
    if st.stack.len() >= 2 {
        let s1 = st.stack[st.stack.len() - 2];
        if has_buf {
            for l in 0..n_labels as u16 {
                if l != root_label {
                    out.push(1 + l);
                }
            }
        }
        if s1 == 0 {
            if !has_buf && st.stack.len() == 2 {
                out.push(1 + n_labels as u16 + root_label);
            }
        } else {
            for l in 0..n_labels as u16 {
                if l != root_label {
                    out.push(1 + n_labels as u16 + l);
                }
            }
        }
    }
}

/// The best-scoring legal transition, the same as [`legal`] then
/// [`crate::perceptron::argmax`] (lowest class among equal scores) without building the list;
/// `None` when no transition is legal. The legal classes are a few runs of consecutive
/// classes, each searched for its maximum (a vectorised pass) and then for the first class
/// with it.
fn best_legal(st: &State, n_labels: usize, root_label: u16, scores: &[i32]) -> Option<usize> {
    let mut best: Option<(usize, i32)> = None;
    // Classes `range` in increasing order; later runs have higher classes, so a tie keeps
    // the earlier one.
    let mut consider = |range: std::ops::Range<usize>| {
        let Some(run) = scores.get(range.clone()) else {
            return;
        };
        let Some(&max) = run.iter().max() else {
            return;
        };
        if best.is_none_or(|(_, b)| max > b) {
            if let Some(i) = run.iter().position(|&s| s == max) {
                best = Some((range.start + i, max));
            }
        }
    };
    let has_buf = st.b <= st.n;
    if has_buf {
        consider(0..1);
    }
    if st.stack.len() >= 2 {
        let s1 = st.stack[st.stack.len() - 2];
        let root = (root_label as usize).min(n_labels);
        // Labels other than the root label, as classes from `base`.
        let mut labels_but_root = |base: usize| {
            consider(base..base + root);
            consider(base + root + 1..base + n_labels.max(root + 1));
        };
        if has_buf {
            labels_but_root(1);
        }
        if s1 == 0 {
            if !has_buf && st.stack.len() == 2 {
                consider(1 + n_labels + root..2 + n_labels + root);
            }
        } else {
            labels_but_root(1 + n_labels);
        }
    }
    best.map(|(c, _)| c)
}

fn apply(st: &mut State, class: usize, n_labels: usize) {
    if class == 0 {
        st.stack.push(st.b);
        st.b += 1;
    } else if class <= n_labels {
        if let Some(s0) = st.stack.pop() {
            let b = st.b;
            st.add_arc(b, s0, (class - 1) as u32);
        }
    } else if let Some(s0) = st.stack.pop() {
        if let Some(&s1) = st.stack.last() {
            st.add_arc(s1, s0, (class - 1 - n_labels) as u32);
        }
    }
}

/// Costs of the three unlabelled moves against gold heads (arc-hybrid dynamic oracle).
fn costs(st: &State, gold: &[u32]) -> (u32, u32, u32) {
    let in_buf = |k: u32| (k as usize) >= st.b && (k as usize) <= st.n && k != NO;
    let (mut shift, mut left, mut right) = (u32::MAX, u32::MAX, u32::MAX);
    if st.b <= st.n {
        let b = st.b;
        let s0 = st.stack.last().copied();
        let mut c = 0;
        for &k in &st.stack {
            if Some(k) != s0 && gold[b] == k as u32 {
                c += 1;
            }
            if k != 0 && gold[k] == b as u32 {
                c += 1;
            }
        }
        shift = c;
    }
    if st.stack.len() >= 2 {
        let s0 = st.stack[st.stack.len() - 1];
        let s1 = st.stack[st.stack.len() - 2];
        let deps_in_buf = (st.b..=st.n).filter(|&d| gold[d] == s0 as u32).count() as u32;
        if st.b <= st.n {
            let h = gold[s0];
            let lost_head = u32::from(h != st.b as u32 && (h == s1 as u32 || in_buf(h)));
            left = lost_head + deps_in_buf;
        }
        let h = gold[s0];
        right = u32::from(h != s1 as u32 && in_buf(h)) + deps_in_buf;
    }
    (shift, left, right)
}

/// Lifts crossing arcs until the tree is projective (heads: index 0 unused).
pub fn projectivize(heads: &mut [u32]) {
    let n = heads.len() - 1;
    let dominated = |heads: &[u32], h: usize, k: usize| -> bool {
        let mut x = k;
        for _ in 0..=n {
            if x == h {
                return true;
            }
            if x == 0 {
                return false;
            }
            x = heads[x] as usize;
            if x > n {
                return false;
            }
        }
        false
    };
    for _ in 0..n * n {
        let mut worst: Option<(usize, usize)> = None; // (span, dep)
        for d in 1..=n {
            let h = heads[d] as usize;
            if h > n {
                continue;
            }
            let (lo, hi) = if h < d { (h, d) } else { (d, h) };
            let crossing = (lo + 1..hi).any(|k| !dominated(heads, h, k));
            if crossing && worst.is_none_or(|(span, _)| hi - lo < span) {
                worst = Some((hi - lo, d));
            }
        }
        match worst {
            Some((_, d)) => {
                let h = heads[d] as usize;
                if h == 0 {
                    return;
                }
                heads[d] = heads[h];
            }
            None => return,
        }
    }
}

fn nodes(words: &[ParserWord<'_>], pos_ids: &dyn Fn(&str) -> u32) -> Vec<Node> {
    let mut out = Vec::with_capacity(words.len() + 1);
    out.push(Node {
        word: key(1000, &[b"<root>"]),
        pos: NO - 1,
        feats: 0,
        suffix: 0,
    });
    // One buffer for the lowercased forms (ASCII ones without allocating).
    let mut lower = String::new();
    for w in words {
        lower.clear();
        if w.form.is_ascii() {
            lower.push_str(w.form);
            lower.make_ascii_lowercase();
        } else {
            lower.push_str(&w.form.to_lowercase());
        }
        let sfx_start = lower.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
        out.push(Node {
            word: key(1000, &[lower.as_bytes()]),
            pos: pos_ids(w.upos),
            feats: key(1001, &[w.feats.as_bytes()]),
            suffix: key(1002, &[&lower.as_bytes()[sfx_start..]]),
        });
    }
    out
}

/// Receives the features of one configuration: template number (1-based, in the order of
/// [`TEMPLATE_NAMES`]), and the parts to hash.
trait FeatureSink {
    fn push(&mut self, template: u32, parts: &[u64]);
}

/// Hashes the features of the templates in a [`TemplateSet`] into a vector.
struct Keys<'a> {
    set: TemplateSet,
    out: &'a mut Vec<FeatureKey>,
}

impl FeatureSink for Keys<'_> {
    #[inline(always)]
    fn push(&mut self, template: u32, parts: &[u64]) {
        if self.set.has(template) {
            self.out.push(feature_key(template, parts));
        }
    }
}

/// The parser's feature templates sorted by what they read of a configuration, so that a
/// group's scores are summed once and reused for as long as what it reads stays the same
/// (the transitions only change the stack top, the buffer front and their children):
/// - [`GROUP_B`]: words of the buffer (`b0`, `b1`, `b2`, no children): changes with SHIFT only;
/// - [`GROUP_BL`]: the same with the buffer front's left children: SHIFT and LEFT;
/// - [`GROUP_S`]: the top three stack nodes, the top's left children, the second's children:
///   fixed for as long as the stack entry lives (a stack node never gains a left child, and
///   the second gains a right child only by popping the top);
/// - [`GROUP_SR`]: the stack top's right children: RIGHT changes them (a node gains right
///   children only when the node above it is popped by RIGHT);
/// - [`GROUP_X`]: stack and buffer together (and the distance between them): every time.
const GROUP_X: usize = 0;
const GROUP_B: usize = 1;
const GROUP_BL: usize = 2;
const GROUP_S: usize = 3;
const GROUP_SR: usize = 4;
const N_GROUPS: usize = 5;

/// The group of one part of a template name (see [`TEMPLATE_NAMES`]).
fn part_group(part: &str) -> usize {
    let (position, attribute) = part.split_once('.').unwrap_or((part, ""));
    match (position, attribute) {
        ("d1", _) => GROUP_S,
        ("b0" | "b1" | "b2", "nl" | "nr") => GROUP_BL,
        ("b0" | "b1" | "b2", _) => GROUP_B,
        ("s0", "nr") => GROUP_SR,
        (p, _) if p.starts_with("s0r") => GROUP_SR,
        (p, _) if p.starts_with('b') => GROUP_BL,
        (p, _) if p.starts_with('s') => GROUP_S,
        _ => GROUP_X,
    }
}

/// The group of a template, from its name: the group of its parts when they agree (a buffer
/// part with buffer-front children is [`GROUP_BL`], a stack part with the top's right
/// children [`GROUP_SR`]), else [`GROUP_X`].
fn template_group(name: &str) -> usize {
    let mut seen = [false; N_GROUPS];
    for part in name.split(' ') {
        seen[part_group(part)] = true;
    }
    match seen {
        [false, true, false, false, false] => GROUP_B,
        [false, _, true, false, false] => GROUP_BL,
        [false, false, false, true, false] => GROUP_S,
        [false, false, false, _, true] => GROUP_SR,
        _ => GROUP_X,
    }
}

/// Template number → group ([`template_group`] of each of [`TEMPLATE_NAMES`]).
fn template_groups() -> &'static [u8; 128] {
    static GROUPS: std::sync::OnceLock<[u8; 128]> = std::sync::OnceLock::new();
    GROUPS.get_or_init(|| {
        let mut groups = [GROUP_X as u8; 128];
        for (i, name) in TEMPLATE_NAMES.iter().enumerate() {
            if let Some(g) = groups.get_mut(i + 1) {
                *g = template_group(name) as u8;
            }
        }
        groups
    })
}

/// Hashes the features of the templates in `wanted` (bit t for template t: the parser's
/// templates in the groups whose scores are not valid any more) into one vector per group.
struct GroupKeys<'a> {
    wanted: u128,
    groups: &'static [u8; 128],
    out: &'a mut [Vec<FeatureKey>; N_GROUPS],
}

impl FeatureSink for GroupKeys<'_> {
    #[inline(always)]
    fn push(&mut self, template: u32, parts: &[u64]) {
        if template < 128 && self.wanted & (1u128 << template) != 0 {
            let g = self.groups.get(template as usize).copied().unwrap_or(0) as usize;
            if let Some(out) = self.out.get_mut(g) {
                out.push(feature_key(template, parts));
            }
        }
    }
}

/// Combines a template number and precomputed part hashes with integer mixing (the string
/// hashing is done once per word in [`nodes`]).
#[inline(always)]
fn feature_key(template: u32, parts: &[u64]) -> FeatureKey {
    let mut h = u64::from(template).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5851_f42d_4c95_7f2d;
    for &p in parts {
        h = (h ^ p).wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 32;
    }
    h ^= h >> 29;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 32)
}

/// Names of the feature templates, in template-number order (number = index + 1): `s0`, `s1`,
/// `s2` the stack from the top, `b0`… the buffer, `l1`/`r1` leftmost/rightmost child, `.w`
/// word, `.p` UPOS, `.f` features, `.x` suffix, `.lab` relation, `.nl`/`.nr` child counts,
/// `d` distance.
pub const TEMPLATE_NAMES: &[&str] = &[
    "s0.w",
    "s0.p",
    "s0.wp",
    "b0.w",
    "b0.p",
    "b0.wp",
    "b1.w",
    "b1.p",
    "b1.wp",
    "s1.w",
    "s1.p",
    "s1.wp",
    "b2.p",
    "s2.p",
    "b2.w",
    "s0.fp",
    "s0.xp",
    "b0.fp",
    "b0.xp",
    "s0.wp b0.wp",
    "s0.wp b0.p",
    "s0.p b0.wp",
    "s0.w b0.w",
    "s0.p b0.p",
    "b0.p b1.p",
    "s1.p s0.p",
    "s1.w s0.p",
    "s1.p s0.w",
    "s1.w s0.w",
    "s1.p b0.p",
    "s1.w b0.p",
    "s1.p b0.w",
    "b0.p b1.p b2.p",
    "s0.p b0.p b1.p",
    "s1.p s0.p b0.p",
    "s2.p s1.p s0.p",
    "s0.p s0l1.p b0.p",
    "s0.p s0r1.p b0.p",
    "s0.p b0.p b0l1.p",
    "s1.p s0.p s0r1.p",
    "s1.p s1r1.p s0.p",
    "s1.p s1l1.p s0.p",
    "s0.p s0l1.p s0l2.p",
    "s0.p s0r1.p s0r2.p",
    "b0.p b0l1.p b0l2.p",
    "d s0.p b0.p",
    "d s0.w",
    "d b0.w",
    "d1 s1.p s0.p",
    "s0.p s0.nl s0.nr",
    "s0.w s0.nr",
    "s0.w s0.nl",
    "b0.p b0.nl",
    "b0.w b0.nl",
    "s1.p s1.nr",
    "s0l1.w",
    "s0l1.p s0l1.lab",
    "s0r1.w",
    "s0r1.p s0r1.lab",
    "b0l1.w",
    "b0l1.p b0l1.lab",
    "s1r1.w",
    "s1r1.p s1r1.lab",
    "s0.p s0l1.lab s0l2.lab",
    "s0.p s0r1.lab s0r2.lab",
    "b0.p b0l1.lab b0l2.lab",
    "s0.p s0l1.lab b0.p",
    "s0.p s0r1.lab b0.p",
    "s1.p s1r1.lab s0.p",
    "s0.f b0.f",
    "s0.f b0.p",
    "s0.p b0.f",
    "s1.f s0.f",
];

/// The templates of the shipped French parser: the 46 drawing the most weight in a parser with
/// all of them (`examples/parser_templates.rs`, trained on Sequoia train, ranked on Sequoia
/// dev), then three lexical and pair templates that ranking undervalues (sparse but decisive).
/// On Sequoia dev (`examples/parser_dev.rs`, gold tags): LAS 87.93 against 88.25 with all 73
/// and 87.13 with the 35 shipped before.
pub const DEFAULT_TEMPLATES: &[&str] = &[
    "s0l1.p s0l1.lab",
    "b0l1.p b0l1.lab",
    "b0l1.w",
    "s2.p",
    "s0l1.w",
    "s1.p",
    "b2.p",
    "s0r1.p s0r1.lab",
    "b1.p",
    "s1r1.p s1r1.lab",
    "s0r1.w",
    "s1r1.w",
    "s1.p s1.nr",
    "b0.p",
    "b0.p b0.nl",
    "s0.p",
    "b0.fp",
    "b0.p b0l1.lab b0l2.lab",
    "b2.w",
    "b0.p b0l1.p b0l2.p",
    "s0.fp",
    "b0.p b1.p",
    "b1.w",
    "s0.p s0l1.lab s0l2.lab",
    "b1.wp",
    "s1.p b0.p",
    "s0.p s0l1.p s0l2.p",
    "b0.p b1.p b2.p",
    "s0.p s0.nl s0.nr",
    "s0.f b0.p",
    "s1.f s0.f",
    "s1.p s0.p",
    "s0.p s0r1.p s0r2.p",
    "s0.p s0r1.lab s0r2.lab",
    "s0.f b0.f",
    "b0.xp",
    "d1 s1.p s0.p",
    "s1.p s1l1.p s0.p",
    "s0.p b0.f",
    "s0.p b0.p b0l1.p",
    "s2.p s1.p s0.p",
    "s1.p s1r1.p s0.p",
    "s1.p s1r1.lab s0.p",
    "s0.p s0l1.lab b0.p",
    "d s0.p b0.p",
    "s0.p b0.p",
    "s0.w",
    "b0.w",
    "s1.p s0.p b0.p",
];

/// The templates of the shipped English parser: the 46 drawing the most weight in a parser
/// with all of them (trained on EWT train, ranked on EWT dev), then four lexical and pair
/// templates that ranking undervalues (sparse but decisive). On EWT dev (gold tags): LAS 86.58
/// against 86.39 with all 73, 85.20 with the French set of 35 shipped before and 85.50 with
/// the English top 30 + 5 (which made "Vladimir Putin" a second subject of "Olaf Scholz
/// accused Vladimir Putin of war crimes").
pub const EN_TEMPLATES: &[&str] = &[
    "b0l1.p b0l1.lab",
    "s0l1.p s0l1.lab",
    "b1.p",
    "b2.p",
    "b0l1.w",
    "s0l1.w",
    "s2.p",
    "s1.p",
    "s0r1.p s0r1.lab",
    "s0r1.w",
    "s1r1.p s1r1.lab",
    "s1r1.w",
    "s1.p s1.nr",
    "b0.p b0.nl",
    "b2.w",
    "s0.p",
    "b0.fp",
    "b0.p",
    "b0.p b0l1.lab b0l2.lab",
    "b1.w",
    "b0.p b0l1.p b0l2.p",
    "b1.wp",
    "b0.p b1.p",
    "s0.fp",
    "s0.p s0l1.lab s0l2.lab",
    "s0.p s0.nl s0.nr",
    "b0.p b1.p b2.p",
    "s1.p b0.p",
    "s0.p s0l1.p s0l2.p",
    "s1.f s0.f",
    "s0.p s0r1.p s0r2.p",
    "s0.p s0r1.lab s0r2.lab",
    "b0.xp",
    "s0.f b0.f",
    "s0.f b0.p",
    "s0.p b0.f",
    "s1.p s0.p",
    "d1 s1.p s0.p",
    "s1.w",
    "s0.p b0.p b0l1.p",
    "s1.wp",
    "s1.p s0.p s0r1.p",
    "s0.xp",
    "s1.p s1l1.p s0.p",
    "d s0.p b0.p",
    "s2.p s1.p s0.p",
    "s0.w",
    "b0.w",
    "s1.p s0.p b0.p",
    "s0.p b0.p",
];

/// Which templates a parser uses: bit t for template number t.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateSet(u128);

impl TemplateSet {
    /// The shipped parsers' templates ([`DEFAULT_TEMPLATES`]).
    pub fn default_set() -> TemplateSet {
        TemplateSet::from_names(DEFAULT_TEMPLATES.iter().copied()).unwrap_or(TemplateSet::all())
    }

    /// The shipped parser's templates for a language: [`EN_TEMPLATES`] for `en`, else
    /// [`DEFAULT_TEMPLATES`].
    pub fn for_language(lang: &str) -> TemplateSet {
        let names = if lang == "en" {
            EN_TEMPLATES
        } else {
            DEFAULT_TEMPLATES
        };
        TemplateSet::from_names(names.iter().copied()).unwrap_or(TemplateSet::all())
    }

    /// A set written as `all` or as a comma-separated list of [`TEMPLATE_NAMES`].
    pub fn parse(spec: &str) -> Result<TemplateSet, String> {
        if spec.trim() == "all" {
            Ok(TemplateSet::all())
        } else {
            TemplateSet::from_names(spec.split(',').filter(|t| !t.trim().is_empty()))
        }
    }

    /// Every template of [`TEMPLATE_NAMES`].
    pub fn all() -> TemplateSet {
        TemplateSet(((1u128 << TEMPLATE_NAMES.len()) - 1) << 1)
    }

    /// The templates named (names of [`TEMPLATE_NAMES`]); an unknown name is an error.
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<TemplateSet, String> {
        let mut bits = 0u128;
        for name in names {
            let i = TEMPLATE_NAMES
                .iter()
                .position(|t| *t == name.trim())
                .ok_or_else(|| format!("unknown parser feature template {name:?}"))?;
            bits |= 1u128 << (i + 1);
        }
        Ok(TemplateSet(bits))
    }

    #[inline(always)]
    fn has(self, template: u32) -> bool {
        template < 128 && self.0 & (1u128 << template) != 0
    }

    /// Names of the templates in the set, in template order.
    pub fn names(self) -> Vec<&'static str> {
        TEMPLATE_NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.has(*i as u32 + 1))
            .map(|(_, n)| *n)
            .collect()
    }
}

fn features(st: &State, nodes: &[Node], sink: &mut impl FeatureSink) {
    const NONE: Node = Node {
        word: 1,
        pos: NO,
        feats: 2,
        suffix: 3,
    };
    let node = |i: u32| if i == NO { NONE } else { nodes[i as usize] };
    let lab = |i: u32| u64::from(if i == NO { NO } else { st.labels[i as usize] });
    let (s0i, s1i, s2i) = (st.s(0), st.s(1), st.s(2));
    let (b0i, b1i, b2i) = (st.buf(0), st.buf(1), st.buf(2));
    let (s0, s1, s2, b0, b1, b2) = (
        node(s0i),
        node(s1i),
        node(s2i),
        node(b0i),
        node(b1i),
        node(b2i),
    );
    let child = |i: u32, left: bool, k: usize| -> u32 {
        if i == NO {
            NO
        } else if left {
            st.lc[i as usize][k]
        } else {
            st.rc[i as usize][k]
        }
    };
    let s0l1 = child(s0i, true, 0);
    let s0l2 = child(s0i, true, 1);
    let s0r1 = child(s0i, false, 0);
    let s0r2 = child(s0i, false, 1);
    let s1r1 = child(s1i, false, 0);
    let s1l1 = child(s1i, true, 0);
    let b0l1 = child(b0i, true, 0);
    let b0l2 = child(b0i, true, 1);
    let p = |n: Node| u64::from(n.pos);
    let mut t = 0u32;
    let mut push = |parts: &[u64]| {
        t += 1;
        sink.push(t, parts);
    };
    // Single positions.
    for n in [s0, b0, b1, s1] {
        push(&[n.word]);
        push(&[p(n)]);
        push(&[n.word, p(n)]);
    }
    push(&[p(b2)]);
    push(&[p(s2)]);
    push(&[b2.word]);
    for n in [s0, b0] {
        push(&[n.feats, p(n)]);
        push(&[n.suffix, p(n)]);
    }
    // Pairs.
    push(&[s0.word, p(s0), b0.word, p(b0)]);
    push(&[s0.word, p(s0), p(b0)]);
    push(&[p(s0), b0.word, p(b0)]);
    push(&[s0.word, b0.word]);
    push(&[p(s0), p(b0)]);
    push(&[p(b0), p(b1)]);
    push(&[p(s1), p(s0)]);
    push(&[s1.word, p(s0)]);
    push(&[p(s1), s0.word]);
    push(&[s1.word, s0.word]);
    push(&[p(s1), p(b0)]);
    push(&[s1.word, p(b0)]);
    push(&[p(s1), b0.word]);
    // Triples.
    push(&[p(b0), p(b1), p(b2)]);
    push(&[p(s0), p(b0), p(b1)]);
    push(&[p(s1), p(s0), p(b0)]);
    push(&[p(s2), p(s1), p(s0)]);
    push(&[p(s0), p(node(s0l1)), p(b0)]);
    push(&[p(s0), p(node(s0r1)), p(b0)]);
    push(&[p(s0), p(b0), p(node(b0l1))]);
    push(&[p(s1), p(s0), p(node(s0r1))]);
    push(&[p(s1), p(node(s1r1)), p(s0)]);
    push(&[p(s1), p(node(s1l1)), p(s0)]);
    push(&[p(s0), p(node(s0l1)), p(node(s0l2))]);
    push(&[p(s0), p(node(s0r1)), p(node(s0r2))]);
    push(&[p(b0), p(node(b0l1)), p(node(b0l2))]);
    // Distance and valency.
    let dist = if s0i != NO && b0i != NO {
        u64::from((b0i - s0i).min(6))
    } else {
        0
    };
    let dist1 = if s1i != NO && s0i != NO {
        u64::from((s0i - s1i).min(6))
    } else {
        0
    };
    push(&[dist, p(s0), p(b0)]);
    push(&[dist, s0.word]);
    push(&[dist, b0.word]);
    push(&[dist1, p(s1), p(s0)]);
    let nl = |i: u32| {
        if i == NO {
            0
        } else {
            u64::from(st.nl[i as usize])
        }
    };
    let nr = |i: u32| {
        if i == NO {
            0
        } else {
            u64::from(st.nr[i as usize])
        }
    };
    push(&[p(s0), nl(s0i), nr(s0i)]);
    push(&[s0.word, nr(s0i)]);
    push(&[s0.word, nl(s0i)]);
    push(&[p(b0), nl(b0i)]);
    push(&[b0.word, nl(b0i)]);
    push(&[p(s1), nr(s1i)]);
    // Children words and labels.
    for c in [s0l1, s0r1, b0l1, s1r1] {
        push(&[node(c).word]);
        push(&[p(node(c)), lab(c)]);
    }
    push(&[p(s0), lab(s0l1), lab(s0l2)]);
    push(&[p(s0), lab(s0r1), lab(s0r2)]);
    push(&[p(b0), lab(b0l1), lab(b0l2)]);
    push(&[p(s0), lab(s0l1), p(b0)]);
    push(&[p(s0), lab(s0r1), p(b0)]);
    push(&[p(s1), lab(s1r1), p(s0)]);
    // Morphology pairs (agreement, verb forms).
    push(&[s0.feats, b0.feats]);
    push(&[s0.feats, p(b0)]);
    push(&[p(s0), b0.feats]);
    push(&[s1.feats, s0.feats]);
}

impl Parser {
    fn pos_lookup(&self) -> impl Fn(&str) -> u32 + '_ {
        |p: &str| {
            let mut h = 0u32;
            for b in p.bytes() {
                h = h.wrapping_mul(31).wrapping_add(u32::from(b));
            }
            h & 0x7fff_ffff
        }
    }

    /// Parses one sentence; returns one arc per word.
    pub fn parse(&self, words: &[ParserWord<'_>]) -> Vec<Arc> {
        self.parse_seeing(words, |_| {})
    }

    /// [`Parser::parse`], showing `seen` the scores of every configuration met.
    fn parse_seeing(&self, words: &[ParserWord<'_>], mut seen: impl FnMut(&[i32])) -> Vec<Arc> {
        let n = words.len();
        if n == 0 {
            return Vec::new();
        }
        let lookup = self.pos_lookup();
        let nodes = nodes(words, &lookup);
        let n_labels = self.labels.len();
        let nc = self.model.n_classes();
        let mut st = State::new(n);
        let mut feats: [Vec<FeatureKey>; N_GROUPS] =
            std::array::from_fn(|_| Vec::with_capacity(TEMPLATE_NAMES.len()));
        // Summed scores of each group (see [`GROUP_X`]): the buffer's, and one row per stack
        // depth for the stack's (a stack entry's rows stay valid while it lives).
        let mut buffer_row = vec![0i32; nc];
        let mut front_row = vec![0i32; nc];
        // Grown as the stack deepens (rarely to the sentence's length).
        let mut stack_rows: Vec<i32> = Vec::with_capacity(nc * 16);
        let mut right_rows: Vec<i32> = Vec::with_capacity(nc * 16);
        let mut scores = vec![0i32; nc];
        let groups = template_groups();
        // The parser's templates of each group.
        let mut group_templates = [0u128; N_GROUPS];
        for t in 1..=TEMPLATE_NAMES.len().min(127) {
            if self.templates.has(t as u32) {
                group_templates[groups[t] as usize % N_GROUPS] |= 1u128 << t;
            }
        }
        let mut stale = (1 << GROUP_B) | (1 << GROUP_BL) | (1 << GROUP_S) | (1 << GROUP_SR);
        while !st.done() {
            for f in &mut feats {
                f.clear();
            }
            features(
                &st,
                &nodes,
                &mut GroupKeys {
                    wanted: (0..N_GROUPS)
                        .filter(|g| (stale | (1 << GROUP_X)) & (1 << g) != 0)
                        .fold(0, |m, g| m | group_templates[g]),
                    groups,
                    out: &mut feats,
                },
            );
            // All the slots at once, so that the memory system fetches them in parallel.
            for f in &feats {
                self.model.prefetch_features(f);
            }
            let depth = st.stack.len() - 1;
            let rows = depth * nc..(depth + 1) * nc;
            if stack_rows.len() < rows.end {
                // A new depth is only reached by SHIFT, which makes its rows stale (below).
                stack_rows.resize(rows.end, 0);
                right_rows.resize(rows.end, 0);
            }
            let (Some(stack_row), Some(right_row)) =
                (stack_rows.get_mut(rows.clone()), right_rows.get_mut(rows))
            else {
                break;
            };
            for (g, row) in [
                (GROUP_B, &mut buffer_row[..]),
                (GROUP_BL, &mut front_row[..]),
                (GROUP_S, &mut stack_row[..]),
                (GROUP_SR, &mut right_row[..]),
            ] {
                if stale & (1 << g) != 0 {
                    row.fill(0);
                    self.model.add_scores(&feats[g], row);
                }
            }
            for ((((s, b), f), t), r) in scores
                .iter_mut()
                .zip(&buffer_row)
                .zip(&front_row)
                .zip(&*stack_row)
                .zip(&*right_row)
            {
                *s = b.wrapping_add(*f).wrapping_add(*t).wrapping_add(*r);
            }
            self.model.add_scores(&feats[GROUP_X], &mut scores);
            seen(&scores);
            let Some(best) = best_legal(&st, n_labels, self.root_label, &scores) else {
                break;
            };
            apply(&mut st, best, n_labels);
            stale = if best == 0 {
                // SHIFT: a new buffer front and a new stack entry.
                (1 << GROUP_B) | (1 << GROUP_BL) | (1 << GROUP_S) | (1 << GROUP_SR)
            } else if best <= n_labels {
                // LEFT: the buffer front has a new left child; the stack entry below is as
                // it was.
                1 << GROUP_BL
            } else {
                // RIGHT: the new stack top has a new right child.
                1 << GROUP_SR
            };
        }
        self.lift_relative_clauses(words, &mut st);
        (1..=n)
            .map(|i| {
                if st.heads[i] == NO {
                    Arc {
                        head: 0,
                        label: self.root_label,
                    }
                } else {
                    Arc {
                        head: st.heads[i],
                        label: st.labels[i] as u16,
                    }
                }
            })
            .collect()
    }

    /// Moves each relative clause off a determinerless singular noun introduced by one of
    /// [`BARE_COMPLEMENT_PREPOSITIONS`] ("de luxe", "de fabrication") to the noun that noun
    /// modifies: such complements name kinds and are not antecedents.
    fn lift_relative_clauses(&self, words: &[ParserWord<'_>], st: &mut State) {
        let id = |name: &str| self.labels.iter().position(|l| l == name).map(|i| i as u32);
        let (Some(relcl), Some(nmod), Some(case)) = (id("acl:relcl"), id("nmod"), id("case"))
        else {
            return;
        };
        let n = words.len();
        let word = |i: u32| words.get((i as usize).wrapping_sub(1));
        // A bare complement: a singular NOUN, nmod of its head, with a case child from the
        // list and no determiner child.
        let bare = |st: &State, h: u32| -> bool {
            let Some(w) = word(h) else {
                return false;
            };
            if w.upos != "NOUN" || !w.feats.contains("Number=Sing") || st.labels[h as usize] != nmod
            {
                return false;
            }
            let mut has_case = false;
            for d in 1..=n {
                if st.heads[d] != h {
                    continue;
                }
                let label = self
                    .labels
                    .get(st.labels[d] as usize)
                    .map_or("", String::as_str);
                if label == "det" || label.starts_with("det:") {
                    return false;
                }
                if st.labels[d] == case
                    && words.get(d - 1).is_some_and(|c| {
                        bare_complement_prepositions().contains(&c.form.to_lowercase().as_str())
                    })
                {
                    has_case = true;
                }
            }
            has_case
        };
        for d in 1..=n {
            if st.labels[d] != relcl {
                continue;
            }
            let mut h = st.heads[d];
            // At most n steps: heads form a tree.
            for _ in 0..n {
                if h == NO || h == 0 || !bare(st, h) {
                    break;
                }
                let up = st.heads[h as usize];
                if up == NO || up == 0 || up as usize == d {
                    break;
                }
                h = up;
            }
            if h != st.heads[d] && h != NO && h != 0 {
                st.heads[d] = h;
            }
        }
    }

    /// The feature templates this parser uses.
    pub fn templates(&self) -> TemplateSet {
        self.templates
    }

    /// Adds, for every template, the weight each configuration met while parsing `words` draws
    /// from it (sum of absolute weights of the feature's row, quantised units), and returns
    /// the number of configurations: a measure of which templates matter.
    pub fn template_usage(&self, words: &[ParserWord<'_>], usage: &mut [f64]) -> usize {
        struct Usage<'a> {
            model: &'a Model,
            usage: &'a mut [f64],
        }
        impl FeatureSink for Usage<'_> {
            fn push(&mut self, template: u32, parts: &[u64]) {
                let mass = self.model.row_mass(feature_key(template, parts));
                if let Some(u) = self.usage.get_mut(template as usize - 1) {
                    *u += mass as f64;
                }
            }
        }
        let n = words.len();
        if n == 0 {
            return 0;
        }
        let nodes = nodes(words, &self.pos_lookup());
        let n_labels = self.labels.len();
        let mut st = State::new(n);
        let (mut feats, mut scores, mut allowed) = (Vec::new(), Vec::new(), Vec::new());
        let mut configurations = 0;
        while !st.done() {
            legal(&st, n_labels, self.root_label, &mut allowed);
            if allowed.is_empty() {
                break;
            }
            features(
                &st,
                &nodes,
                &mut Usage {
                    model: &self.model,
                    usage,
                },
            );
            feats.clear();
            features(
                &st,
                &nodes,
                &mut Keys {
                    set: self.templates,
                    out: &mut feats,
                },
            );
            self.model.scores(&feats, &mut scores);
            apply(
                &mut st,
                crate::perceptron::argmax(&scores, Some(&allowed)),
                n_labels,
            );
            configurations += 1;
        }
        configurations
    }

    pub fn label_name(&self, id: u16) -> &str {
        self.labels.get(id as usize).map_or("dep", String::as_str)
    }

    /// Trains a parser on UD sentences (gold tags as input, or `tags` given per sentence) with
    /// the default feature templates ([`TemplateSet::default_set`]).
    pub fn train(
        sentences: &[vigie_conllu::Sentence],
        tags: Option<&[Vec<(String, String)>]>,
        epochs: usize,
        seed: u64,
        prune: f32,
        progress: impl FnMut(&str),
    ) -> Parser {
        Parser::train_with(
            sentences,
            tags,
            epochs,
            seed,
            prune,
            TemplateSet::default_set(),
            progress,
        )
    }

    /// [`Parser::train`] with the feature templates given.
    pub fn train_with(
        sentences: &[vigie_conllu::Sentence],
        tags: Option<&[Vec<(String, String)>]>,
        epochs: usize,
        seed: u64,
        prune: f32,
        templates: TemplateSet,
        mut progress: impl FnMut(&str),
    ) -> Parser {
        let mut label_ids: FxHashMap<String, u16> = FxHashMap::default();
        let mut labels: Vec<String> = vec!["root".to_string()];
        label_ids.insert("root".into(), 0);
        let mut data = Vec::new();
        let mut lifted = 0usize;
        for (si, s) in sentences.iter().enumerate() {
            if s.words.iter().any(|w| w.head.is_none()) {
                continue;
            }
            let mut heads: Vec<u32> = std::iter::once(NO)
                .chain(s.words.iter().map(|w| w.head.unwrap_or(0) as u32))
                .collect();
            if heads.iter().skip(1).filter(|&&h| h == 0).count() != 1 {
                continue;
            }
            let before = heads.clone();
            projectivize(&mut heads);
            lifted += before.iter().zip(&heads).filter(|(a, b)| a != b).count();
            let mut gold_labels = vec![NO];
            for w in &s.words {
                let next = labels.len() as u16;
                let id = *label_ids.entry(w.deprel.clone()).or_insert_with(|| {
                    labels.push(w.deprel.clone());
                    next
                });
                gold_labels.push(u32::from(id));
            }
            data.push((si, heads, gold_labels));
        }
        progress(&format!(
            "parser: {} sentences, {} labels, {lifted} arcs lifted to projectivise",
            data.len(),
            labels.len()
        ));
        let n_labels = labels.len();
        let mut parser = Parser {
            labels,
            root_label: 0,
            templates,
            model: Trainer::new(1).finish(),
        };
        let mut trainer = Trainer::new(n_classes(n_labels));
        let lookup = parser.pos_lookup();
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = Rng::new(seed);
        let mut feats = Vec::new();
        let mut scores = Vec::new();
        let mut allowed = Vec::new();
        for epoch in 0..epochs {
            rng.shuffle(&mut order);
            let (mut right, mut total) = (0usize, 0usize);
            for &di in &order {
                let (si, heads, gold_labels) = &data[di];
                let s = &sentences[*si];
                let words: Vec<ParserWord<'_>> = s
                    .words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        let (upos, feats) =
                            match tags.and_then(|t| t.get(*si)).and_then(|t| t.get(i)) {
                                Some((u, f)) => (u.as_str(), f.as_str()),
                                None => (w.upos.as_str(), w.feats.as_str()),
                            };
                        ParserWord {
                            form: &w.form,
                            upos,
                            feats,
                        }
                    })
                    .collect();
                let nodes = nodes(&words, &lookup);
                let mut st = State::new(words.len());
                while !st.done() {
                    legal(&st, n_labels, 0, &mut allowed);
                    if allowed.is_empty() {
                        break;
                    }
                    feats.clear();
                    features(
                        &st,
                        &nodes,
                        &mut Keys {
                            set: templates,
                            out: &mut feats,
                        },
                    );
                    trainer.scores(&feats, &mut scores);
                    let (cs, cl, cr) = costs(&st, heads);
                    let cost = |c: u16| -> u32 {
                        let c = c as usize;
                        if c == 0 {
                            cs
                        } else if c <= n_labels {
                            let s0 = st.stack[st.stack.len() - 1];
                            let l = (c - 1) as u32;
                            cl.saturating_add(u32::from(
                                heads[s0] == st.b as u32 && gold_labels[s0] != l,
                            ))
                        } else {
                            let s0 = st.stack[st.stack.len() - 1];
                            let s1 = st.stack[st.stack.len() - 2];
                            let l = (c - 1 - n_labels) as u32;
                            cr.saturating_add(u32::from(
                                heads[s0] == s1 as u32 && gold_labels[s0] != l,
                            ))
                        }
                    };
                    let pred = crate::perceptron::argmax(&scores, Some(&allowed));
                    let min_cost = allowed.iter().map(|&c| cost(c)).min().unwrap_or(0);
                    let zero: Vec<u16> = allowed
                        .iter()
                        .copied()
                        .filter(|&c| cost(c) == min_cost)
                        .collect();
                    let best_right = crate::perceptron::argmax(&scores, Some(&zero));
                    let pred_ok = cost(pred as u16) == min_cost;
                    if !pred_ok {
                        trainer.update(best_right, pred, &feats);
                    }
                    trainer.tick();
                    right += usize::from(pred_ok);
                    total += 1;
                    let follow = if pred_ok || (epoch > 0 && rng.next_f64() < 0.9) {
                        pred
                    } else {
                        best_right
                    };
                    apply(&mut st, follow, n_labels);
                }
            }
            progress(&format!(
                "parser epoch {}/{epochs}: {:.2}% transitions right",
                epoch + 1,
                100.0 * right as f64 / total.max(1) as f64
            ));
        }
        drop(lookup);
        parser.model = trainer.finish_pruned(prune);
        parser
    }

    pub(crate) fn write_to(&self, out: &mut Vec<u8>) {
        put_strings(out, &self.labels);
        out.extend_from_slice(&self.root_label.to_le_bytes());
        out.extend_from_slice(&self.templates.0.to_le_bytes());
        self.model.write_to(out);
    }

    pub(crate) fn read_from(r: &mut Reader<'_>) -> Result<Parser, ModelError> {
        let labels = r.strings()?;
        let root_label = u16::from_le_bytes(r.array::<2>()?);
        if root_label as usize >= labels.len() {
            return Err(r.error("root label out of range"));
        }
        let templates = TemplateSet(u128::from_le_bytes(r.array::<16>()?));
        if templates.0 & !TemplateSet::all().0 != 0 {
            return Err(r.error("unknown feature templates"));
        }
        let model = Model::read_from(r)?;
        if model.n_classes() != n_classes(labels.len()) {
            return Err(r.error("model classes do not match the label set"));
        }
        Ok(Parser {
            labels,
            root_label,
            templates,
            model,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "une limousine de luxe de fabrication russe qu' il a offerte", parsed with the relative
    /// clause on "fabrication": the relative clause's head after the lift. `plural`: a plural
    /// "fabrication"; `fabrication_det`: "de la fabrication".
    fn lifted_head(plural: bool, fabrication_det: bool) -> u32 {
        let labels: Vec<String> = [
            "root",
            "det",
            "nmod",
            "case",
            "amod",
            "acl:relcl",
            "obj",
            "nsubj",
            "aux",
        ]
        .iter()
        .map(|l| l.to_string())
        .collect();
        let parser = Parser {
            labels,
            root_label: 0,
            templates: TemplateSet::all(),
            model: Trainer::new(1).finish(),
        };
        let sing = "Gender=Fem|Number=Sing";
        let plur = "Gender=Fem|Number=Plur";
        let w = |form, upos, feats| ParserWord { form, upos, feats };
        let mut words = vec![
            w("une", "DET", "_"),
            w("limousine", "NOUN", sing),
            w("de", "ADP", "_"),
            w("luxe", "NOUN", "Gender=Masc|Number=Sing"),
            w("de", "ADP", "_"),
        ];
        if fabrication_det {
            words.push(w("la", "DET", "_"));
        }
        words.extend([
            w("fabrication", "NOUN", if plural { plur } else { sing }),
            w("russe", "ADJ", "_"),
            w("qu'", "PRON", "_"),
            w("il", "PRON", "_"),
            w("a", "AUX", "_"),
            w("offerte", "VERB", "_"),
        ]);
        let n = words.len();
        let k = usize::from(fabrication_det);
        let fab = 6 + k as u32;
        // (dependent, head, label)
        let mut arcs = vec![
            (1, 2, "det"),
            (2, 0, "root"),
            (3, 4, "case"),
            (4, 2, "nmod"),
            (5, fab as usize, "case"),
            (fab as usize, 4, "nmod"),
            (7 + k, fab as usize, "amod"),
            (8 + k, 11 + k, "obj"),
            (9 + k, 11 + k, "nsubj"),
            (10 + k, 11 + k, "aux"),
            (11 + k, fab as usize, "acl:relcl"),
        ];
        if fabrication_det {
            arcs.push((6, fab as usize, "det"));
        }
        let mut st = State::new(n);
        for (d, h, l) in arcs {
            let label = parser.labels.iter().position(|x| x == l).unwrap() as u32;
            st.heads[d] = h as u32;
            st.labels[d] = label;
        }
        parser.lift_relative_clauses(&words, &mut st);
        st.heads[11 + k]
    }

    #[test]
    fn a_relative_clause_leaves_a_bare_de_complement_for_the_noun_it_modifies() {
        // "de fabrication", "de luxe" name kinds: up to "limousine".
        assert_eq!(lifted_head(false, false), 2);
        // A plural ("de patients qui…") or a determiner ("de la fabrication qui…") can be
        // the antecedent: left alone.
        assert_eq!(lifted_head(true, false), 6);
        assert_eq!(lifted_head(false, true), 7);
    }

    #[test]
    fn the_best_legal_move_is_the_argmax_over_the_legal_list() {
        // Every configuration met while following varied moves through a 6-word sentence,
        // with pseudo-random scores (ties included): both ways pick the same transition.
        let n_labels = 4;
        let mut rng = Rng::new(7);
        let mut allowed = Vec::new();
        let mut checked = 0;
        for round in 0..400 {
            // The root label first (as trained parsers have it), or among the others.
            let root = if round % 2 == 0 { 0u16 } else { 2 };
            let mut st = State::new(6);
            loop {
                legal(&st, n_labels, root, &mut allowed);
                let scores: Vec<i32> = (0..n_classes(n_labels))
                    .map(|_| (rng.next_f64() * 5.0) as i32 - 2)
                    .collect();
                let floats: Vec<f32> = scores.iter().map(|&s| s as f32).collect();
                let fast = best_legal(&st, n_labels, root, &scores);
                if allowed.is_empty() {
                    assert_eq!(fast, None);
                    break;
                }
                let slow = crate::perceptron::argmax(&floats, Some(&allowed));
                assert_eq!(fast, Some(slow));
                checked += 1;
                let pick =
                    allowed[(rng.next_f64() * allowed.len() as f64) as usize % allowed.len()];
                apply(&mut st, pick as usize, n_labels);
            }
        }
        assert!(checked > 1000);
    }

    /// The scores of every configuration [`Parser::parse`] meets, computed the plain way: every
    /// feature of every template looked up for every configuration.
    fn plain_scores(parser: &Parser, words: &[ParserWord<'_>]) -> Vec<Vec<i32>> {
        let nodes = nodes(words, &parser.pos_lookup());
        let n_labels = parser.labels.len();
        let mut st = State::new(words.len());
        let (mut feats, mut scores, mut all) = (Vec::new(), Vec::new(), Vec::new());
        while !st.done() {
            feats.clear();
            features(
                &st,
                &nodes,
                &mut Keys {
                    set: parser.templates,
                    out: &mut feats,
                },
            );
            parser.model.scores_i32(&feats, &mut scores);
            all.push(scores.clone());
            let Some(best) = best_legal(&st, n_labels, parser.root_label, &scores) else {
                break;
            };
            apply(&mut st, best, n_labels);
        }
        all
    }

    #[test]
    fn cached_group_scores_are_the_plain_scores_of_every_configuration() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini-fr.conllu");
        let sentences = vigie_conllu::read_file(std::path::Path::new(path)).unwrap();
        let words_of = |s: &vigie_conllu::Sentence| -> Vec<(String, String, String)> {
            s.words
                .iter()
                .map(|w| (w.form.clone(), w.upos.clone(), w.feats.clone()))
                .collect()
        };
        // Every template, so that every group is exercised; few epochs, so that the parser
        // still makes varied (wrong) moves on the shuffled sentences below.
        for (templates, epochs) in [
            (TemplateSet::all(), 2),
            (TemplateSet::for_language("fr"), 5),
        ] {
            let parser = Parser::train_with(&sentences, None, epochs, 3, 0.0, templates, |_| {});
            let mut inputs: Vec<Vec<(String, String, String)>> =
                sentences.iter().map(words_of).collect();
            // The same words in other orders and sentences run together: other trees.
            let mut rng = Rng::new(11);
            let all: Vec<_> = inputs.iter().flatten().cloned().collect();
            for len in [3, 7, 12, 25, 40] {
                for _ in 0..10 {
                    let mut words = all.clone();
                    rng.shuffle(&mut words);
                    words.truncate(len);
                    inputs.push(words);
                }
            }
            let mut configurations = 0;
            for input in &inputs {
                let words: Vec<ParserWord<'_>> = input
                    .iter()
                    .map(|(form, upos, feats)| ParserWord { form, upos, feats })
                    .collect();
                let mut cached = Vec::new();
                parser.parse_seeing(&words, |s| cached.push(s.to_vec()));
                let plain = plain_scores(&parser, &words);
                assert_eq!(cached, plain, "{:?}", input);
                configurations += plain.len();
            }
            assert!(configurations > 1000);
        }
    }

    #[test]
    fn template_groups_read_what_their_names_say() {
        assert_eq!(template_group("b0.p b1.p b2.p"), GROUP_B);
        assert_eq!(template_group("b0.p b0l1.lab b0l2.lab"), GROUP_BL);
        assert_eq!(template_group("b0.w b0.nl"), GROUP_BL);
        assert_eq!(template_group("s2.p s1.p s0.p"), GROUP_S);
        assert_eq!(template_group("s1.p s1r1.lab s0.p"), GROUP_S);
        assert_eq!(template_group("d1 s1.p s0.p"), GROUP_S);
        assert_eq!(template_group("s0.p s0.nl s0.nr"), GROUP_SR);
        assert_eq!(template_group("s1.p s0.p s0r1.p"), GROUP_SR);
        assert_eq!(template_group("s0.p b0.p"), GROUP_X);
        assert_eq!(template_group("d s0.w"), GROUP_X);
        assert_eq!(template_group("s0.p s0l1.lab b0.p"), GROUP_X);
    }

    #[test]
    fn template_sets_name_their_templates() {
        let set = TemplateSet::from_names(["s0.p", "b0.w"]).unwrap();
        assert_eq!(set.names(), vec!["s0.p", "b0.w"]);
        assert!(TemplateSet::from_names(["s9.q"]).is_err());
        assert_eq!(TemplateSet::all().names().len(), TEMPLATE_NAMES.len());
        assert!(DEFAULT_TEMPLATES.iter().all(|t| TEMPLATE_NAMES.contains(t)));
        assert!(EN_TEMPLATES.iter().all(|t| TEMPLATE_NAMES.contains(t)));
        assert_eq!(
            TemplateSet::for_language("en").names().len(),
            EN_TEMPLATES.len()
        );
        assert_eq!(TemplateSet::parse("all"), Ok(TemplateSet::all()));
        assert_eq!(TemplateSet::parse("s0.p, b0.w"), Ok(set));
        assert!(TemplateSet::parse("s0.p,s9.q").is_err());
        assert_eq!(
            TemplateSet::default_set().names().len(),
            DEFAULT_TEMPLATES.len()
        );
    }

    #[test]
    fn projectivize_lifts_a_crossing_arc() {
        // 1 <- 3, 2 <- 4 crossing; root 3.  heads[0] unused.
        let mut heads = vec![NO, 3, 4, 0, 3];
        projectivize(&mut heads);
        // 2's head lifted from 4 to 3.
        assert_eq!(heads, vec![NO, 3, 3, 0, 3]);
        let mut proj = vec![NO, 2, 0, 2];
        projectivize(&mut proj);
        assert_eq!(proj, vec![NO, 2, 0, 2]);
    }

    #[test]
    fn the_oracle_reaches_the_gold_tree_at_zero_cost() {
        // "Poutine a offert une limousine à Kim"
        let gold = vec![NO, 3, 3, 0, 5, 3, 7, 3];
        let n = 7;
        let mut st = State::new(n);
        let mut allowed = Vec::new();
        let n_labels = 2; // "root" and one other label
        while !st.done() {
            legal(&st, n_labels, 0, &mut allowed);
            let (cs, cl, cr) = costs(&st, &gold);
            let c = allowed
                .iter()
                .copied()
                .find(|&c| match c {
                    0 => cs == 0,
                    1 | 2 => cl == 0,
                    _ => cr == 0,
                })
                .expect("a zero-cost move exists");
            apply(&mut st, c as usize, n_labels);
        }
        assert_eq!(&st.heads[1..], &gold[1..]);
    }
}
