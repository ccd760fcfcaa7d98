//! Scoring tags, lemmas and dependencies the way the CoNLL 2018 shared task does, so that a
//! system working from raw text (its own tokens, words and sentences) is compared with gold
//! fairly.
//!
//! Both sides are CoNLL-U. Tokens are placed on the stream of non-whitespace characters of the
//! text; words outside multi-word tokens align when their tokens cover the same characters,
//! words inside overlapping multi-word tokens align by longest common subsequence of their
//! lower-cased forms. Each measure is an F1 over aligned words (precision over system words,
//! recall over gold words); with gold tokens it is plain accuracy. As in the shared task, LAS
//! compares universal relations (`obl:arg` counts as `obl`). Features are compared on the
//! subset Vigie predicts ([`vigie_syntax::KEPT_FEATURES`]).

use crate::EvalError;
use serde::Serialize;
use vigie_conllu::Sentence;

/// F1 (in %) of each measure, with the word counts.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct SyntaxScore {
    pub gold_words: usize,
    pub system_words: usize,
    pub tokens: f64,
    pub words: f64,
    pub upos: f64,
    pub feats: f64,
    pub lemma: f64,
    pub uas: f64,
    pub las: f64,
}

struct FlatWord<'a> {
    /// Character span (in the non-whitespace stream) of the token holding the word.
    span: (usize, usize),
    multi: bool,
    /// Index of the multi-word token (or word) region the word belongs to.
    form: &'a str,
    upos: &'a str,
    feats: String,
    lemma: &'a str,
    /// Global index of the head word; `None` for a root.
    head: Option<usize>,
    deprel: &'a str,
}

fn flatten(sentences: &[Sentence]) -> (Vec<FlatWord<'_>>, Vec<(usize, usize)>) {
    let mut words = Vec::new();
    let mut tokens = Vec::new();
    let mut pos = 0usize;
    for s in sentences {
        let base = words.len();
        for t in &s.tokens {
            let len = t.form.chars().filter(|c| !c.is_whitespace()).count();
            let span = (pos, pos + len);
            pos += len;
            tokens.push(span);
            for wi in t.words.clone() {
                let Some(w) = s.words.get(wi) else { continue };
                words.push(FlatWord {
                    span,
                    multi: t.words.len() > 1,
                    form: &w.form,
                    upos: &w.upos,
                    feats: vigie_conllu::filter_feats(&w.feats, vigie_syntax::KEPT_FEATURES),
                    lemma: &w.lemma,
                    head: match w.head {
                        Some(0) | None => None,
                        Some(h) => Some(base + h - 1),
                    },
                    deprel: &w.deprel,
                });
            }
        }
    }
    (words, tokens)
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

fn f1(correct: usize, gold: usize, system: usize) -> f64 {
    if gold + system == 0 {
        return 100.0;
    }
    200.0 * correct as f64 / (gold + system) as f64
}

/// Aligns system words to gold words: `align[g] = Some(s)`.
fn align(gold: &[FlatWord<'_>], system: &[FlatWord<'_>]) -> Vec<Option<usize>> {
    let mut out = vec![None; gold.len()];
    let (mut gi, mut si) = (0usize, 0usize);
    while gi < gold.len() && si < system.len() {
        let (g, s) = (&gold[gi], &system[si]);
        if g.multi || s.multi {
            if g.span.1 <= s.span.0 {
                gi += 1;
                continue;
            }
            if s.span.1 <= g.span.0 {
                si += 1;
                continue;
            }
            // The region of overlapping tokens on both sides.
            let (mut ge, mut se) = (gi, si);
            let mut end = g.span.1.max(s.span.1);
            loop {
                let mut grew = false;
                while ge < gold.len() && gold[ge].span.0 < end {
                    end = end.max(gold[ge].span.1);
                    ge += 1;
                    grew = true;
                }
                while se < system.len() && system[se].span.0 < end {
                    end = end.max(system[se].span.1);
                    se += 1;
                    grew = true;
                }
                if !grew {
                    break;
                }
            }
            // LCS on lower-cased forms.
            let gw: Vec<String> = gold[gi..ge].iter().map(|w| w.form.to_lowercase()).collect();
            let sw: Vec<String> = system[si..se]
                .iter()
                .map(|w| w.form.to_lowercase())
                .collect();
            let mut table = vec![vec![0u32; sw.len() + 1]; gw.len() + 1];
            for a in (0..gw.len()).rev() {
                for b in (0..sw.len()).rev() {
                    table[a][b] = if gw[a] == sw[b] {
                        table[a + 1][b + 1] + 1
                    } else {
                        table[a + 1][b].max(table[a][b + 1])
                    };
                }
            }
            let (mut a, mut b) = (0, 0);
            while a < gw.len() && b < sw.len() {
                if gw[a] == sw[b] {
                    out[gi + a] = Some(si + b);
                    a += 1;
                    b += 1;
                } else if table[a + 1][b] >= table[a][b + 1] {
                    a += 1;
                } else {
                    b += 1;
                }
            }
            gi = ge;
            si = se;
        } else if g.span == s.span {
            out[gi] = Some(si);
            gi += 1;
            si += 1;
        } else if g.span.0 < s.span.0 || (g.span.0 == s.span.0 && g.span.1 < s.span.1) {
            gi += 1;
        } else {
            si += 1;
        }
    }
    out
}

/// Scores `system` against `gold`. Both must cover the same characters (whitespace aside).
pub fn score(gold: &[Sentence], system: &[Sentence]) -> Result<SyntaxScore, EvalError> {
    let (gw, gt) = flatten(gold);
    let (sw, st) = flatten(system);
    let (gchars, schars) = (gt.last().map_or(0, |t| t.1), st.last().map_or(0, |t| t.1));
    if gchars != schars {
        return Err(EvalError::Anchor {
            tool: "scorer".into(),
            message: format!(
                "gold and system texts differ: {gchars} vs {schars} non-space characters"
            ),
        });
    }
    let tokens_right = {
        let set: std::collections::HashSet<&(usize, usize)> = gt.iter().collect();
        st.iter().filter(|t| set.contains(t)).count()
    };
    let alignment = align(&gw, &sw);
    let mut reverse = vec![None; sw.len()];
    for (g, s) in alignment.iter().enumerate() {
        if let Some(s) = s {
            reverse[*s] = Some(g);
        }
    }
    let (mut words, mut upos, mut feats, mut lemma, mut uas, mut las) = (0, 0, 0, 0, 0, 0);
    for (g, s) in alignment.iter().enumerate() {
        let Some(s) = *s else { continue };
        let (a, b) = (&gw[g], &sw[s]);
        words += 1;
        upos += usize::from(a.upos == b.upos);
        feats += usize::from(a.feats == b.feats);
        lemma += usize::from(a.lemma == b.lemma);
        let head_ok = match (a.head, b.head) {
            (None, None) => true,
            (Some(gh), Some(sh)) => alignment[gh] == Some(sh),
            _ => false,
        };
        if head_ok {
            uas += 1;
            las += usize::from(universal(a.deprel) == universal(b.deprel));
        }
    }
    let (n_g, n_s) = (gw.len(), sw.len());
    Ok(SyntaxScore {
        gold_words: n_g,
        system_words: n_s,
        tokens: f1(tokens_right, gt.len(), st.len()),
        words: f1(words, n_g, n_s),
        upos: f1(upos, n_g, n_s),
        feats: f1(feats, n_g, n_s),
        lemma: f1(lemma, n_g, n_s),
        uas: f1(uas, n_g, n_s),
        las: f1(las, n_g, n_s),
    })
}

/// Vigie's annotation of a document as CoNLL-U sentences (surface tokens as written in the
/// original text, multi-word tokens as ranges), for scoring.
pub fn document_to_conllu(doc: &vigie_core::Document) -> Vec<Sentence> {
    let mut out = Vec::new();
    for s in &doc.sentences {
        let mut sent = Sentence::default();
        let words = &doc.words[s.words.range()];
        let first_word = s.words.start as usize;
        for ti in s.tokens.range() {
            let Some(t) = doc.tokens.get(ti) else {
                continue;
            };
            let start = sent.words.len();
            for w in words.iter().filter(|w| w.token as usize == ti) {
                sent.words.push(vigie_conllu::Word {
                    form: w.form.to_string(),
                    lemma: w.lemma.to_string(),
                    upos: w.upos.to_string(),
                    xpos: String::new(),
                    feats: w.feats.to_string(),
                    head: Some(w.head.map_or(0, |h| h as usize + 1 - first_word)),
                    deprel: w.deprel.to_string(),
                    misc: String::new(),
                });
            }
            if sent.words.len() == start {
                // A sentence the tagger skipped: the token as one untagged word.
                sent.words.push(vigie_conllu::Word {
                    form: t.surface(&doc.text).to_string(),
                    head: Some(0),
                    ..Default::default()
                });
            }
            sent.tokens.push(vigie_conllu::Token {
                form: t.surface(&doc.text).to_string(),
                words: start..sent.words.len(),
                space_after: true,
            });
        }
        out.push(sent);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = "1-2\tdu\t_\t_\t_\t_\t_\t_\t_\t_\n1\tde\tde\tADP\t_\t_\t3\tcase\t_\t_\n2\tle\tle\tDET\t_\t_\t3\tdet\t_\t_\n3\tcôté\tcôté\tNOUN\t_\t_\t0\troot\t_\t_\n4\trusse\trusse\tADJ\t_\t_\t3\tamod\t_\t_\n\n";

    #[test]
    fn perfect_system_scores_100() {
        let g = vigie_conllu::read(GOLD, "g").unwrap();
        let s = score(&g, &g).unwrap();
        assert_eq!(s.las, 100.0);
        assert_eq!(s.words, 100.0);
    }

    #[test]
    fn unsplit_multiword_token_loses_words_but_keeps_the_rest() {
        let g = vigie_conllu::read(GOLD, "g").unwrap();
        let sys = "1\tdu\tdu\tDET\t_\t_\t2\tdet\t_\t_\n2\tcôté\tcôté\tNOUN\t_\t_\t0\troot\t_\t_\n3\trusse\trusse\tADJ\t_\t_\t2\tamod:x\t_\t_\n\n";
        let s = vigie_conllu::read(sys, "s").unwrap();
        let sc = score(&g, &s).unwrap();
        // côté and russe align (2 of 4 gold words, 2 of 3 system words).
        assert!((sc.words - 200.0 * 2.0 / 7.0).abs() < 1e-9, "{sc:?}");
        assert_eq!(
            sc.las, sc.words,
            "subtypes are ignored, heads map through the alignment"
        );
        assert_eq!(sc.tokens, 100.0);
    }

    #[test]
    fn different_texts_are_an_error() {
        let g = vigie_conllu::read(GOLD, "g").unwrap();
        let s = vigie_conllu::read("1\tx\tx\tX\t_\t_\t0\troot\t_\t_\n\n", "s").unwrap();
        assert!(score(&g, &s).is_err());
    }
}
