//! Sentence segmentation over the tokens of one paragraph.
//!
//! A sentence ends after a sentence-final mark (`.`, `!`, `?`, `...`) and the closing quotes and
//! brackets attached to it, when the next token can start a sentence (a capital, a digit, an
//! opening quote or dash). Abbreviations carry their period inside the token, so "M. Poutine"
//! never splits; "etc." and "Inc." may end a sentence. Quote marks are not counted, so the
//! unbalanced quotes of real web text cannot swallow the rest of a paragraph. A paragraph end
//! always ends a sentence (headlines need no final punctuation).

use crate::lexicon::{AbbreviationRole, Lexicons};
use crate::tokenize::RawToken;
use vigie_core::TokenKind;

fn text<'a>(s: &'a str, t: &RawToken) -> &'a str {
    s.get(t.start..t.end).unwrap_or("")
}

#[inline]
fn is_terminal(s: &str, t: &RawToken) -> bool {
    t.kind == TokenKind::Punct
        && text(s, t)
            .chars()
            .all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

/// Closing marks that stay with the sentence they close. A straight quote closes only when it
/// is glued to the previous token ("fin." vs ` "Début`).
fn is_closer(s: &str, t: &RawToken, prev_end: usize) -> bool {
    match text(s, t) {
        "»" | "”" | "’" | "›" | ")" | "]" | "}" => true,
        "\"" | "'" => t.start == prev_end,
        _ => false,
    }
}

fn can_start_sentence(s: &str, t: &RawToken) -> bool {
    let Some(c) = text(s, t).chars().next() else {
        return false;
    };
    c.is_uppercase()
        || c.is_numeric()
        || matches!(
            c,
            '«' | '“' | '"' | '\'' | '‹' | '(' | '[' | '-' | '–' | '—' | '¿' | '¡' | '‘'
        )
        || (t.kind == TokenKind::Word && !c.is_lowercase() && c.is_alphabetic())
}

/// A full stop or question/exclamation mark (not an ellipsis, not an abbreviation) followed by a
/// lower-case word: informal text and headlines glued to their article start sentences this way.
fn lowercase_after_full_stop(s: &str, terminal: &RawToken, next: &RawToken) -> bool {
    terminal.abbreviation.is_none()
        && matches!(text(s, terminal), "." | "?" | "!" | "?!" | "!!" | "!!!")
        && next.kind == TokenKind::Word
        && text(s, next).chars().next().is_some_and(char::is_lowercase)
}

/// Splits a paragraph's tokens into sentences, as ranges of token indices into `toks`.
pub fn sentences(s: &str, toks: &[RawToken]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    sentences_into(s, toks, &mut out);
    out
}

/// [`sentences`] appended to `out`, a buffer reused from one paragraph to the next.
pub fn sentences_into(s: &str, toks: &[RawToken], out: &mut Vec<(usize, usize)>) {
    let mut begin = 0;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let ends = if is_terminal(s, t) {
            // "1. Introduction": a list number is not a sentence.
            !(text(s, t) == "." && i == begin + 1 && toks[begin].kind == TokenKind::Number)
        } else if let Some(role) = t.abbreviation {
            match role {
                AbbreviationRole::Any => true,
                AbbreviationRole::Inner => toks
                    .get(i + 1)
                    .is_some_and(|n| Lexicons::builtin().sentence_starters.contains(text(s, n))),
                AbbreviationRole::Title => false,
            }
        } else {
            false
        };
        if !ends {
            i += 1;
            continue;
        }
        // Absorb further final marks and the closing quotes and brackets after them.
        let mut j = i + 1;
        while j < toks.len()
            && (is_terminal(s, &toks[j]) || is_closer(s, &toks[j], toks[j - 1].end))
        {
            j += 1;
        }
        match toks.get(j) {
            None => break,
            Some(next)
                if can_start_sentence(s, next) || lowercase_after_full_stop(s, &toks[i], next) =>
            {
                out.push((begin, j));
                begin = j;
            }
            Some(_) => {}
        }
        i = j;
    }
    if begin < toks.len() {
        out.push((begin, toks.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::{tokenize, Lang};

    fn split(text: &str, lang: Lang) -> Vec<String> {
        let mut toks = Vec::new();
        tokenize(text, 0, text.len(), lang, &mut toks);
        sentences(text, &toks)
            .into_iter()
            .map(|(a, b)| text[toks[a].start..toks[b - 1].end].to_string())
            .collect()
    }

    #[test]
    fn abbreviations_initials_and_titles_do_not_split() {
        assert_eq!(
            split(
                "M. Poutine a rencontré Mme Dupont. Le Dr. Kim est arrivé.",
                Lang::French
            ),
            [
                "M. Poutine a rencontré Mme Dupont.",
                "Le Dr. Kim est arrivé."
            ]
        );
        assert_eq!(
            split(
                "Mr. Smith met J. K. Rowling at 3 p.m. in St. Louis. She left.",
                Lang::English
            ),
            [
                "Mr. Smith met J. K. Rowling at 3 p.m. in St. Louis.",
                "She left."
            ]
        );
    }

    #[test]
    fn quotes_that_end_or_continue_sentences() {
        assert_eq!(
            split(
                "« Nous gagnerons. » Il a ajouté : « C'est sûr ! », a-t-il dit. Fin.",
                Lang::French
            ),
            [
                "« Nous gagnerons. »",
                "Il a ajouté : « C'est sûr ! », a-t-il dit.",
                "Fin."
            ]
        );
        assert_eq!(
            split(
                "He said \"We will win.\" Then he left...  And so on... really.",
                Lang::English
            ),
            [
                "He said \"We will win.\"",
                "Then he left...",
                "And so on... really."
            ]
        );
    }

    #[test]
    fn numbers_and_unbalanced_quotes() {
        assert_eq!(
            split(
                "Il y a 3,5 millions d'habitants en 2024. 300 sont partis.",
                Lang::French
            ),
            [
                "Il y a 3,5 millions d'habitants en 2024.",
                "300 sont partis."
            ]
        );
        assert_eq!(
            split("l'accord \"est un document\" qui prévoit \"une assistance\". parties à ce traité. » La portée", Lang::French),
            [
                "l'accord \"est un document\" qui prévoit \"une assistance\".",
                "parties à ce traité. »",
                "La portée"
            ]
        );
    }
}
