//! Pairing quotation marks: « … », “ … ”, " … ", ‹ … ›, „ … “, across the typographies of real
//! web text. Only outermost quotes are returned (a quote inside a quote belongs to it). A quote
//! still open at the end of a paragraph continues into the next one when that paragraph opens
//! with the same mark (the French and English conventions for quotes running over several
//! paragraphs); otherwise it is closed there and flagged `unbalanced`. A closing mark with no
//! opening one is ignored (and counted), never allowed to swallow text.

/// A quotation found by its marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkedQuote {
    /// Content (inside the marks, spaces trimmed), byte offsets into the text.
    pub start: usize,
    pub end: usize,
    /// The marks themselves: opening mark start, closing mark end (= `end` when unbalanced).
    pub outer_start: usize,
    pub outer_end: usize,
    /// The closing mark was missing: the extent was recovered at a paragraph end.
    pub unbalanced: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Guillemet,
    Curly,
    Straight,
    Single,
}

fn opener(c: char) -> Option<Kind> {
    match c {
        '«' => Some(Kind::Guillemet),
        '“' | '„' => Some(Kind::Curly),
        '‹' => Some(Kind::Single),
        _ => None,
    }
}

fn closer(c: char) -> Option<Kind> {
    match c {
        '»' => Some(Kind::Guillemet),
        '”' => Some(Kind::Curly),
        '›' => Some(Kind::Single),
        _ => None,
    }
}

/// Finds the quotations of `text` whose paragraphs are `paragraphs` (byte ranges, in order;
/// boilerplate paragraphs left out by the caller). Returns them in text order and the number of
/// stray closing marks ignored.
pub fn find(text: &str, paragraphs: &[(usize, usize)]) -> (Vec<MarkedQuote>, usize) {
    let mut out = Vec::new();
    let mut strays = 0;
    // The open outermost quote: (kind, outer start, content start).
    let mut open: Option<(Kind, usize, usize)> = None;
    let mut depth: Vec<Kind> = Vec::new();
    let mut skip_at: Option<usize> = None;
    for (pi, &(a, b)) in paragraphs.iter().enumerate() {
        let Some(par) = text.get(a..b) else { continue };
        for (off, c) in par.char_indices() {
            let pos = a + off;
            if skip_at == Some(pos) {
                skip_at = None;
                continue;
            }
            let straight = c == '"';
            let is_open = opener(c).or_else(|| {
                (straight && depth.last() != Some(&Kind::Straight)).then_some(Kind::Straight)
            });
            let is_close = closer(c).or_else(|| {
                (straight && depth.last() == Some(&Kind::Straight)).then_some(Kind::Straight)
            });
            // "“" also closes a German „ … “ quote.
            let is_close = is_close.or_else(|| {
                (c == '“'
                    && depth.last() == Some(&Kind::Curly)
                    && open.is_some()
                    && text[..pos].ends_with(|ch: char| !ch.is_whitespace()))
                .then_some(Kind::Curly)
            });
            if let Some(kind) = is_close {
                match depth.iter().rposition(|k| *k == kind) {
                    Some(level) => {
                        depth.truncate(level);
                        if depth.is_empty() {
                            if let Some((_, outer_start, content_start)) = open.take() {
                                let (s, e) = trim(text, content_start, pos);
                                if s < e {
                                    out.push(MarkedQuote {
                                        start: s,
                                        end: e,
                                        outer_start,
                                        outer_end: pos + c.len_utf8(),
                                        unbalanced: false,
                                    });
                                }
                            }
                        }
                    }
                    None => strays += 1,
                }
                continue;
            }
            if let Some(kind) = is_open {
                if depth.is_empty() {
                    open = Some((kind, pos, pos + c.len_utf8()));
                }
                depth.push(kind);
            }
        }
        // End of paragraph with a quote still open: continue only if the next paragraph
        // reopens with the same mark.
        if let Some((kind, outer_start, content_start)) = open {
            let continues = paragraphs.get(pi + 1).is_some_and(|&(na, nb)| {
                text.get(na..nb)
                    .and_then(|p| p.trim_start().chars().next())
                    .and_then(opener)
                    == Some(kind)
            });
            if continues && depth.len() == 1 {
                // The next paragraph's opening mark reopens this quote: skip it.
                if let Some(&(na, nb)) = paragraphs.get(pi + 1) {
                    let next = &text[na..nb];
                    skip_at = Some(na + next.len() - next.trim_start().len());
                }
                continue;
            }
            let (s, e) = trim(text, content_start, b);
            if s < e {
                out.push(MarkedQuote {
                    start: s,
                    end: e,
                    outer_start,
                    outer_end: e,
                    unbalanced: true,
                });
            }
            open = None;
            depth.clear();
        }
    }
    (out, strays)
}

fn trim(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e {
        match text[s..e].chars().next() {
            Some(c) if c.is_whitespace() => s += c.len_utf8(),
            _ => break,
        }
    }
    while e > s {
        match text[s..e].chars().next_back() {
            Some(c) if c.is_whitespace() => e -= c.len_utf8(),
            _ => break,
        }
    }
    (s, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<(String, bool)> {
        let paragraphs: Vec<(usize, usize)> = {
            let mut v = Vec::new();
            let mut start = 0;
            for line in text.split_inclusive('\n') {
                v.push((start, start + line.trim_end_matches('\n').len()));
                start += line.len();
            }
            v
        };
        find(text, &paragraphs)
            .0
            .iter()
            .map(|q| (text[q.start..q.end].to_string(), q.unbalanced))
            .collect()
    }

    #[test]
    fn every_typography() {
        assert_eq!(
            quotes("Il a dit « oui » puis «non»."),
            [("oui".into(), false), ("non".into(), false)]
        );
        assert_eq!(
            quotes("He said “yes” and \"no\"."),
            [("yes".into(), false), ("no".into(), false)]
        );
        assert_eq!(
            quotes("‹ un › et „zwei“"),
            [("un".into(), false), ("zwei".into(), false)]
        );
    }

    #[test]
    fn nested_quotes_belong_to_the_outer_one() {
        assert_eq!(
            quotes("« Il m'a dit “viens” hier », a-t-elle raconté."),
            [("Il m'a dit “viens” hier".into(), false)]
        );
    }

    #[test]
    fn unbalanced_and_stray_marks_do_not_swallow_text() {
        // The reference article's mixed marks: straight quotes pair, the stray » is ignored.
        let t =
            "il prévoit, \"entre autres choses, une assistance\". parties à ce traité. » La portée";
        assert_eq!(
            quotes(t),
            [("entre autres choses, une assistance".into(), false)]
        );
        // An opening mark never closed: recovered up to the end of its paragraph, flagged.
        assert_eq!(
            quotes("Il a dit « oui et puis\nAutre paragraphe."),
            [("oui et puis".into(), true)]
        );
    }

    #[test]
    fn a_quote_reopened_in_the_next_paragraph_continues() {
        let t = "« Premier paragraphe.\n« Second paragraphe. »";
        let q = quotes(t);
        assert_eq!(q.len(), 1);
        assert!(q[0].0.starts_with("Premier") && q[0].0.ends_with("Second paragraphe."));
        assert!(!q[0].1);
    }
}
