//! Exact-span scoring: a predicted mention counts when its start, end and type all equal a gold
//! mention's (CoNLL's measure).

use crate::{EntityType, MentionSpan};
use serde::Serialize;
use std::collections::BTreeMap;

/// True positives, false positives and false negatives of one type (or all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Counts per type over a test set, restricted to the types the gold set annotates.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NerScore {
    /// The types scored; a predicted mention of another type is ignored (neither right nor
    /// wrong), since the gold set does not annotate it.
    pub types: Vec<EntityType>,
    pub per_type: BTreeMap<EntityType, Counts>,
}

impl NerScore {
    pub fn new(types: &[EntityType]) -> NerScore {
        NerScore {
            types: types.to_vec(),
            per_type: types.iter().map(|&t| (t, Counts::default())).collect(),
        }
    }

    /// Adds one sentence's gold and predicted mentions.
    pub fn add(&mut self, gold: &[MentionSpan], predicted: &[MentionSpan]) {
        for &t in &self.types {
            let g: Vec<&MentionSpan> = gold.iter().filter(|m| m.label == t).collect();
            let p: Vec<&MentionSpan> = predicted.iter().filter(|m| m.label == t).collect();
            let tp = p.iter().filter(|m| g.contains(m)).count();
            if let Some(c) = self.per_type.get_mut(&t) {
                c.add(Counts {
                    tp,
                    fp: p.len() - tp,
                    fn_: g.len() - tp,
                });
            }
        }
    }

    /// Micro-averaged counts over the scored types.
    pub fn overall(&self) -> Counts {
        let mut c = Counts::default();
        for v in self.per_type.values() {
            c.add(*v);
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(start: usize, end: usize, label: EntityType) -> MentionSpan {
        MentionSpan { start, end, label }
    }

    #[test]
    fn exact_spans_only_and_unscored_types_ignored() {
        let mut s = NerScore::new(&[EntityType::Per, EntityType::Loc]);
        let gold = [m(0, 2, EntityType::Per), m(4, 5, EntityType::Loc)];
        let pred = [
            m(0, 2, EntityType::Per),
            m(3, 5, EntityType::Loc),
            m(6, 7, EntityType::Misc),
        ];
        s.add(&gold, &pred);
        let per = s.per_type[&EntityType::Per];
        assert_eq!((per.tp, per.fp, per.fn_), (1, 0, 0));
        let all = s.overall();
        assert_eq!((all.tp, all.fp, all.fn_), (1, 1, 1));
        assert!((all.f1() - 0.5).abs() < 1e-9);
    }
}
