//! Pairing quotation marks: « … », “ … ”, " … ", ‹ … ›, „ … “, across the typographies of real
//! web text. Only outermost quotes are returned (a quote inside a quote belongs to it). A quote
//! still open at the end of a paragraph continues into the next one when that paragraph opens
//! with the same mark (the French and English conventions for quotes running over several
//! paragraphs); otherwise it is closed there and flagged `unbalanced`. A closing mark with no
//! opening one is ignored (and counted), never allowed to swallow text — except when it is the
//! paragraph's only mark: then the quotation began before the excerpt or the paragraph, and
//! runs from the paragraph's start to the mark (flagged `unbalanced`). ‘ … ’ pairs only around
//! words: a ’ between two letters is an apostrophe (l’amitié, don’t), never a closing mark.

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
    SingleCurly,
}

fn opener(c: char) -> Option<Kind> {
    match c {
        '«' => Some(Kind::Guillemet),
        '“' | '„' => Some(Kind::Curly),
        '‹' => Some(Kind::Single),
        '‘' => Some(Kind::SingleCurly),
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
        let first_here = out.len();
        let mut marks_here = 0usize;
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
            // ’ closes an open ‘ … ’ unless it sits between two letters (an apostrophe).
            let is_close = is_close.or_else(|| {
                let apostrophe = text[..pos]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphabetic)
                    && text[pos + c.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic);
                (c == '’' && depth.contains(&Kind::SingleCurly) && !apostrophe)
                    .then_some(Kind::SingleCurly)
            });
            if is_open.is_some() || is_close.is_some() {
                marks_here += 1;
            }
            // "“" also closes a German „ … “ quote.
            let is_close = is_close.or_else(|| {
                (c == '“'
                    && depth.last() == Some(&Kind::Curly)
                    && open.is_some()
                    && text[..pos].ends_with(|ch: char| !ch.is_whitespace()))
                .then_some(Kind::Curly)
            });
            // Historical typography repeats » at the start of every line a quotation runs
            // over; joined into running text it sits glued to a word, before more words in
            // lower case ("je me» sois occupé", "Quel» quefois"): no closing mark while a later
            // » closes the quotation with no « in between.
            if c == '»' && depth.last() == Some(&Kind::Guillemet) && continuation(par, off) {
                continue;
            }
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
                    None => {
                        strays += 1;
                        // The paragraph's only mark, closing: the quotation began before it.
                        let only = marks_here == 1 && out.len() == first_here && open.is_none();
                        let rest_has_mark = par[off + c.len_utf8()..]
                            .chars()
                            .any(|ch| opener(ch).is_some() || closer(ch).is_some() || ch == '"');
                        if only && !rest_has_mark && matches!(kind, Kind::Guillemet | Kind::Curly) {
                            let (s, e) = trim(text, a, pos);
                            if s < e {
                                out.push(MarkedQuote {
                                    start: s,
                                    end: e,
                                    outer_start: s,
                                    outer_end: pos + c.len_utf8(),
                                    unbalanced: true,
                                });
                            }
                        }
                    }
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
            // A lone straight mark with nothing but punctuation after it closes a quotation
            // that began before the paragraph ("… qu'ils nous le fassent savoir. \"").
            // So does one followed by an incise ("… malveillants" constatait Martial Bourquin",
            // "… productifs " explique X"): a comma or a word in lower case after it, words
            // before it.
            let after = text.get(content_start..b).unwrap_or("");
            let before = text.get(a..outer_start).unwrap_or("");
            let next = after.trim_start().chars().next();
            let incise_follows = next.is_some_and(|ch| ch == ',' || ch.is_lowercase())
                && before.chars().any(char::is_alphanumeric);
            let closes = kind == Kind::Straight
                && depth.len() == 1
                && marks_here == 1
                && out.len() == first_here
                && (!after.chars().any(char::is_alphanumeric) || incise_follows);
            let (s, e) = if closes {
                trim(text, a, outer_start)
            } else {
                trim(text, content_start, b)
            };
            if s < e {
                out.push(MarkedQuote {
                    start: s,
                    end: e,
                    outer_start: if closes { s } else { outer_start },
                    outer_end: if closes { content_start } else { e },
                    unbalanced: true,
                });
            }
            open = None;
            depth.clear();
        }
    }
    (out, strays)
}

/// Dialogue turns opened by a dash (— or –), the French typography of dialogue: the dash
/// opens a paragraph, or follows a sentence's final mark with no space when the paragraph
/// breaks of a scanned page are lost ("…sur l'épaule.— Bonjour, cher maître…"), and the next
/// word is capitalised. A turn runs to the next turn or the paragraph's end; its incise
/// ("— Nous partirons, dit-il.") names the speaker. A dash after a space and a full stop (". —
/// Nancy, 14 janvier. — Devant …": a dateline, a heading) or inside a sentence (an aside) opens
/// nothing.
pub fn dialogue_turns(text: &str, paragraphs: &[(usize, usize)]) -> Vec<MarkedQuote> {
    let mut out = Vec::new();
    for &(ps, pe) in paragraphs {
        let Some(par) = text.get(ps..pe) else {
            continue;
        };
        let mut opens: Vec<(usize, usize)> = Vec::new();
        for (off, c) in par.char_indices() {
            if c != '—' && c != '–' {
                continue;
            }
            let before = par[..off].chars().next_back();
            let at_start = par[..off].trim().is_empty();
            let glued = before.is_some_and(|b| matches!(b, '.' | '!' | '?' | '…' | ':'));
            let after = &par[off + c.len_utf8()..];
            let content = off + c.len_utf8() + (after.len() - after.trim_start().len());
            let capital = after
                .trim_start()
                .chars()
                .next()
                .is_some_and(|n| n.is_uppercase() || matches!(n, '«' | '"' | '“'));
            if (at_start || glued) && capital {
                opens.push((off, content));
            }
        }
        for (k, &(outer, content)) in opens.iter().enumerate() {
            let next = opens.get(k + 1).map_or(par.len(), |&(next, _)| next);
            // OCR loses paragraph breaks and glues the next paragraph to the turn's last
            // sentence ("Tu es mon idole adorée.Elle secoue la tête"): a turn ends there.
            let end = content + glued_paragraph_end(&par[content..next]).unwrap_or(next - content);
            let (s, e) = trim(text, ps + content, ps + end);
            if s < e {
                out.push(MarkedQuote {
                    start: s,
                    end: e,
                    outer_start: ps + outer,
                    outer_end: e,
                    unbalanced: false,
                });
            }
        }
    }
    out
}

/// The end of the first sentence of `turn` glued to a capital with no space between them (a
/// paragraph break lost by OCR: "adorée.Elle", "mon amant!...Pour"), if any. An ellipsis alone
/// ("vestibule...C'est") and an abbreviation ("M.Gambetta") end nothing.
fn glued_paragraph_end(turn: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = turn.char_indices().collect();
    for (k, &(off, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let Some(&(next_off, next)) = chars.get(k + 1) else {
            break;
        };
        if !next.is_uppercase() {
            continue;
        }
        // The run of end marks this one closes ("!...", "?…").
        let mut first = k;
        while first > 0 && matches!(chars[first - 1].1, '.' | '!' | '?' | '…') {
            first -= 1;
        }
        let run: String = chars[first..=k].iter().map(|&(_, c)| c).collect();
        if !run.contains(['!', '?']) && (run == "..." || run == "…" || run.len() > 3) {
            continue;
        }
        let word: String = chars[..first]
            .iter()
            .rev()
            .map(|&(_, c)| c)
            .take_while(|c| c.is_alphanumeric())
            .collect();
        if run == "."
            && word.chars().count() <= 3
            && word.chars().last().is_some_and(char::is_uppercase)
        {
            continue;
        }
        let _ = off;
        return Some(next_off);
    }
    None
}

/// The quotations by marks and the dialogue turns together: a quotation inside a turn belongs
/// to it, a dash inside a quotation opens no turn.
pub fn with_dialogue_turns(marked: Vec<MarkedQuote>, turns: Vec<MarkedQuote>) -> Vec<MarkedQuote> {
    let inside =
        |q: &MarkedQuote, t: &MarkedQuote| t.outer_start <= q.outer_start && q.end <= t.end;
    let kept_turns: Vec<MarkedQuote> = turns
        .into_iter()
        .filter(|t| {
            !marked
                .iter()
                .any(|q| q.outer_start < t.outer_start && t.outer_start < q.outer_end.max(q.end))
        })
        .collect();
    let mut out: Vec<MarkedQuote> = marked
        .into_iter()
        .filter(|q| !kept_turns.iter().any(|t| inside(q, t)))
        .collect();
    out.extend(kept_turns);
    out.sort_by_key(|q| (q.start, q.end));
    out
}

/// The » at byte `off` of the paragraph `par` continues the quotation rather than closing it:
/// glued to the letter before it, followed by a space and a lower-case word, and another »
/// later in the paragraph with no « before it.
fn continuation(par: &str, off: usize) -> bool {
    let glued = par[..off]
        .chars()
        .next_back()
        .is_some_and(char::is_alphabetic);
    let rest = &par[off + '»'.len_utf8()..];
    let spaced = rest.starts_with(char::is_whitespace)
        && rest
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
    let later_close = rest.find('»').is_some_and(|k| !rest[..k].contains('«'));
    glued && spaced && later_close
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

    fn turns(text: &str) -> Vec<String> {
        let (marked, _) = find(text, &[(0, text.len())]);
        let turns = dialogue_turns(text, &[(0, text.len())]);
        with_dialogue_turns(marked, turns)
            .iter()
            .map(|q| text[q.start..q.end].to_string())
            .collect()
    }

    #[test]
    fn dialogue_dashes_open_turns() {
        // HIPE-2022 NewsEye dev2 (a serialised novel; paragraph breaks lost by the OCR).
        let text = "— En effet, dit Mario, quelque maisonbrûle encore derrière cette colline; \
                    nevoyez-vous pas de la fumée ?— C'est peu de chose, dit l'abbé. Quelque \
                    petite masure.";
        assert_eq!(
            turns(text),
            [
                "En effet, dit Mario, quelque maisonbrûle encore derrière cette colline; \
                 nevoyez-vous pas de la fumée ?",
                "C'est peu de chose, dit l'abbé. Quelque petite masure."
            ]
        );
        // A turn holding marks keeps them.
        let text = "Vieux diplomate, vous aviez vn clair !— On ne pourra pas dire que nous ne \
                    soyons pas des« gens très éclairés », me dit l'ami.";
        assert_eq!(turns(text).len(), 1);
        assert!(turns(text)[0].starts_with("On ne pourra"));
    }

    #[test]
    fn datelines_and_asides_open_no_turn() {
        let text = "La Banque Renauld suspend ses paiements. — Nancy,14 janvier. — Devant \
                    l'afflux des demandes, la banque a décidé — non sans regret — de fermer.";
        assert!(turns(text).is_empty(), "{:?}", turns(text));
    }

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
    fn a_lone_closing_mark_closes_a_quotation_begun_before_the_paragraph() {
        assert_eq!(
            quotes("Il me l'a dit à la Haye ».\nAutre paragraphe."),
            [("Il me l'a dit à la Haye".into(), true)]
        );
        assert_eq!(
            quotes("qu'ils nous le fassent savoir. \""),
            [("qu'ils nous le fassent savoir.".into(), true)]
        );
        assert_eq!(
            quotes("I will not resign.” He left."),
            [("I will not resign.".into(), true)]
        );
        // Not when the paragraph has other marks: the stray one swallows nothing.
        assert_eq!(quotes("« oui » et puis non »."), [("oui".into(), false)]);
    }

    #[test]
    fn single_curly_quotes_pair_around_words_not_apostrophes() {
        assert_eq!(
            quotes("He said ‘I don’t know’ and left."),
            [("I don’t know".into(), false)]
        );
        assert_eq!(
            quotes("Il a parlé de ‘l’amitié ardente’ hier."),
            [("l’amitié ardente".into(), false)]
        );
        // Apostrophes with no opening ‘ are never closing marks.
        assert!(quotes("l’amitié, aujourd’hui, the workers’ union").is_empty());
    }

    #[test]
    fn titles_in_marks_inside_a_quotation_belong_to_it() {
        assert_eq!(
            quotes("« J'ai revu “Casablanca” hier », dit-il."),
            [("J'ai revu “Casablanca” hier".into(), false)]
        );
        assert_eq!(
            quotes("“We watched ‘Casablanca’ again,” she said."),
            [("We watched ‘Casablanca’ again,".into(), false)]
        );
    }

    #[test]
    fn a_lone_straight_mark_before_an_incise_closes_a_quotation_begun_before() {
        // Sequoia dev annodis.er_00336 and GSD dev fr-ud-dev_00387: the opening mark is in an
        // earlier sentence.
        let t = "Pour éviter une reprise du feu mais aussi pour prévenir des actes malveillants\" constatait Martial Bourquin.";
        assert_eq!(
            quotes(t),
            [(
                "Pour éviter une reprise du feu mais aussi pour prévenir des actes malveillants"
                    .into(),
                true
            )]
        );
        let t = "donc plus productifs \" explique Raphael Gruman de la société Dietatwork.";
        assert_eq!(quotes(t), [("donc plus productifs".into(), true)]);
        // An opening mark before a quotation in lower case stays an opening mark.
        let t = "Julien Georges souligne : \"Le théâtre doit être léger.";
        assert_eq!(quotes(t), [("Le théâtre doit être léger.".into(), true)]);
    }

    #[test]
    fn historical_continuation_marks_do_not_close_the_quotation() {
        // HIPE-2022 NewsEye: » repeated at each line of a quotation, joined into running text.
        let t = "« Bien que toute ma vie, dit-il, je me» sois occupé d'objets scientifiques. Quel» quefois je reçois des» lettres. Je n'ex» prime point un regret, j'énonce un» fait. » Il ajoute.";
        let q = quotes(t);
        assert_eq!(q.len(), 1, "{q:?}");
        assert!(q[0].0.ends_with("j'énonce un» fait."), "{q:?}");
        assert!(!q[0].1);
        // Two quotations in the modern style keep their own closing marks.
        assert_eq!(
            quotes("« très raisonnable» et « non » dit-il."),
            [("très raisonnable".into(), false), ("non".into(), false)]
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
