//! Scoring tokens and sentences against gold segmentation, as the CoNLL 2018 shared task does:
//! a token (or sentence) is correct when both its ends coincide with a gold one over the same
//! raw text.

use crate::conllu::GoldDocument;
use serde::Serialize;
use vigie_pipeline::Pipeline;

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Prf {
    pub gold: usize,
    pub system: usize,
    pub correct: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.system)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub fn add(&mut self, other: Prf) {
        self.gold += other.gold;
        self.system += other.system;
        self.correct += other.correct;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Compares two sorted lists of spans.
pub fn score_spans(gold: &[(usize, usize)], system: &[(usize, usize)]) -> Prf {
    let mut g: Vec<(usize, usize)> = gold.to_vec();
    let mut s: Vec<(usize, usize)> = system.to_vec();
    g.sort_unstable();
    s.sort_unstable();
    let (mut i, mut j, mut correct) = (0, 0, 0);
    while i < g.len() && j < s.len() {
        match g[i].cmp(&s[j]) {
            std::cmp::Ordering::Equal => {
                correct += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    Prf {
        gold: g.len(),
        system: s.len(),
        correct,
    }
}

/// A system's segmentation of one document, in byte offsets of the document's text.
#[derive(Debug, Clone, Default)]
pub struct Segmentation {
    pub sentences: Vec<(usize, usize)>,
    pub tokens: Vec<(usize, usize)>,
}

/// Token and sentence scores.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct SegmentationScore {
    pub tokens: Prf,
    pub sentences: Prf,
}

impl SegmentationScore {
    pub fn add(&mut self, other: SegmentationScore) {
        self.tokens.add(other.tokens);
        self.sentences.add(other.sentences);
    }
}

/// Scores a segmentation against a gold document.
pub fn score(gold: &GoldDocument, system: &Segmentation) -> SegmentationScore {
    SegmentationScore {
        tokens: score_spans(&gold.tokens, &system.tokens),
        sentences: score_spans(&gold.sentences, &system.sentences),
    }
}

/// Vigie's segmentation of a raw text.
pub fn vigie_segmentation(pipeline: &Pipeline, id: &str, text: &str) -> Segmentation {
    let doc = pipeline.process_text(id, text);
    Segmentation {
        sentences: doc
            .sentences
            .iter()
            .map(|s| (s.span.start as usize, s.span.end as usize))
            .collect(),
        tokens: doc
            .tokens
            .iter()
            .map(|t| (t.span.start as usize, t.span.end as usize))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_counts_exact_matches_only() {
        let p = score_spans(&[(0, 2), (3, 5), (6, 7)], &[(0, 2), (3, 7)]);
        assert_eq!((p.gold, p.system, p.correct), (3, 2, 1));
        assert!((p.precision() - 0.5).abs() < 1e-9);
        assert!((p.recall() - 1.0 / 3.0).abs() < 1e-9);
        assert!((p.f1() - 0.4).abs() < 1e-9);
    }

    #[test]
    fn vigie_on_a_small_gold_document() {
        let gold = crate::conllu::parse(
            "# text = M. Dupont est là.\n1\tM.\t_\t_\t_\t_\t0\t_\t_\t_\n2\tDupont\t_\t_\t_\t_\t0\t_\t_\t_\n3\test\t_\t_\t_\t_\t0\t_\t_\t_\n4\tlà\t_\t_\t_\t_\t0\t_\t_\tSpaceAfter=No\n5\t.\t_\t_\t_\t_\t0\t_\t_\t_\n\n# text = Il part.\n1\tIl\t_\t_\t_\t_\t0\t_\t_\t_\n2\tpart\t_\t_\t_\t_\t0\t_\t_\tSpaceAfter=No\n3\t.\t_\t_\t_\t_\t0\t_\t_\t_\n\n",
            "t",
        )
        .unwrap();
        let seg = vigie_segmentation(&Pipeline::new(), "t", &gold[0].text);
        let s = score(&gold[0], &seg);
        assert_eq!(s.tokens.correct, 8);
        assert_eq!(s.sentences.correct, 2);
    }
}
