//! The editable word lists the text layer reads (`crates/vigie-text/data/*.tsv`), parsed once.
//!
//! Each file is tab-separated, `#` starts a comment line. The files are compiled into the binary
//! so that `vigie` runs with no data directory; a test checks every line parses.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

/// How an abbreviation behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbreviationRole {
    /// Precedes a name: never ends a sentence ("M.", "Dr.").
    Title,
    /// Normally followed by more of the sentence ("cf.", "p.").
    Inner,
    /// May end a sentence when the next word is capitalised ("etc.", "Inc.").
    Any,
}

/// The word lists, parsed.
#[derive(Debug, Default)]
pub struct Lexicons {
    /// Abbreviations with their final period ("M.", "etc.").
    pub abbreviations: FxHashMap<String, AbbreviationRole>,
    /// French elided words, lower-case, with their apostrophe ("l'", "jusqu'").
    pub elisions: Vec<String>,
    /// French inverted clitics, lower-case, with their hyphen, longest first ("-t-il", "-il").
    pub inverted: Vec<String>,
    /// Words that look like they carry a clitic but are one token ("aujourd'hui").
    pub keep: FxHashSet<String>,
    /// English suffixes split off a word, lower-case ("n't", "'s").
    pub contractions: Vec<String>,
    /// English prefixes that stay joined by their hyphen ("e-mail", "anti-war").
    pub english_prefixes: FxHashSet<String>,
    /// Function words per language (lower-case), for the fast language check.
    pub function_words: Vec<(String, FxHashSet<String>)>,
    /// Words that begin a sentence after a dotted abbreviation ("The", "Le").
    pub sentence_starters: FxHashSet<String>,
    /// Boilerplate rules: (rule name, pattern).
    pub boilerplate: Vec<(String, String)>,
    /// Lines that could not be parsed, as `file:line: reason` (a test asserts there are none).
    pub problems: Vec<String>,
}

const ABBREVIATIONS: &str = include_str!("../data/abbreviations.tsv");
const CLITICS: &str = include_str!("../data/clitics.tsv");
const CONTRACTIONS: &str = include_str!("../data/contractions.tsv");
const ENGLISH_PREFIXES: &str = include_str!("../data/english-prefixes.tsv");
const FUNCTION_WORDS: &str = include_str!("../data/function-words.tsv");
const SENTENCE_STARTERS: &str = include_str!("../data/sentence-starters.tsv");
const BOILERPLATE: &str = include_str!("../data/boilerplate.tsv");

/// Non-comment, non-empty lines of a data file as (line number, columns).
fn rows<'a>(file: &'a str) -> impl Iterator<Item = (usize, Vec<&'a str>)> + 'a {
    file.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            None
        } else {
            Some((i + 1, line.split('\t').collect()))
        }
    })
}

impl Lexicons {
    /// The lists compiled into Vigie.
    pub fn builtin() -> &'static Lexicons {
        static LEX: LazyLock<Lexicons> = LazyLock::new(Lexicons::parse_builtin);
        &LEX
    }

    fn parse_builtin() -> Lexicons {
        let mut lex = Lexicons::default();
        for (n, cols) in rows(ABBREVIATIONS) {
            let role = match cols.get(1).copied() {
                Some("title") => AbbreviationRole::Title,
                Some("inner") => AbbreviationRole::Inner,
                Some("any") => AbbreviationRole::Any,
                other => {
                    lex.problems
                        .push(format!("abbreviations.tsv:{n}: unknown role {other:?}"));
                    continue;
                }
            };
            match cols.first() {
                Some(a) if a.ends_with('.') && a.len() > 1 => {
                    lex.abbreviations.insert((*a).to_string(), role);
                }
                _ => lex
                    .problems
                    .push(format!("abbreviations.tsv:{n}: must end with a period")),
            }
        }
        for (n, cols) in rows(CLITICS) {
            match (cols.first(), cols.get(1).copied()) {
                (Some(f), Some("elision")) if f.ends_with('\'') => {
                    lex.elisions.push(f.to_lowercase())
                }
                (Some(f), Some("inverted")) if f.starts_with('-') => {
                    lex.inverted.push(f.to_lowercase())
                }
                (Some(f), Some("keep")) => {
                    lex.keep.insert((*f).to_string());
                }
                _ => lex.problems.push(format!(
                    "clitics.tsv:{n}: expected form<TAB>elision|inverted|keep"
                )),
            }
        }
        lex.inverted.sort_by_key(|s| std::cmp::Reverse(s.len()));
        lex.elisions.sort_by_key(|s| std::cmp::Reverse(s.len()));
        for (n, cols) in rows(CONTRACTIONS) {
            match (cols.first(), cols.get(1).copied()) {
                (Some(f), Some("negation" | "clitic")) => lex.contractions.push(f.to_lowercase()),
                _ => lex.problems.push(format!(
                    "contractions.tsv:{n}: expected suffix<TAB>negation|clitic"
                )),
            }
        }
        lex.contractions.sort_by_key(|s| std::cmp::Reverse(s.len()));
        for (_, cols) in rows(ENGLISH_PREFIXES) {
            if let Some(p) = cols.first() {
                lex.english_prefixes.insert(p.to_lowercase());
            }
        }
        for (n, cols) in rows(FUNCTION_WORDS) {
            match (cols.first(), cols.get(1)) {
                (Some(lang), Some(word)) if word.len() <= 5 => {
                    let word = word.to_lowercase();
                    match lex.function_words.iter_mut().find(|(l, _)| l == lang) {
                        Some((_, words)) => {
                            words.insert(word);
                        }
                        None => lex
                            .function_words
                            .push(((*lang).to_string(), std::iter::once(word).collect())),
                    }
                }
                _ => lex.problems.push(format!(
                    "function-words.tsv:{n}: expected language<TAB>word of at most 5 bytes"
                )),
            }
        }
        for (_, cols) in rows(SENTENCE_STARTERS) {
            if let Some(w) = cols.first() {
                lex.sentence_starters.insert((*w).to_string());
            }
        }
        for (n, cols) in rows(BOILERPLATE) {
            match (cols.first(), cols.get(1)) {
                (Some(name), Some(pat)) if !name.is_empty() => lex
                    .boilerplate
                    .push(((*name).to_string(), (*pat).to_string())),
                _ => lex
                    .problems
                    .push(format!("boilerplate.tsv:{n}: expected name<TAB>pattern")),
            }
        }
        lex
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_line_parses() {
        let lex = Lexicons::builtin();
        assert_eq!(lex.problems, Vec::<String>::new());
        assert_eq!(lex.abbreviations.get("M."), Some(&AbbreviationRole::Title));
        assert!(lex.elisions.iter().any(|e| e == "jusqu'"));
        assert_eq!(
            lex.inverted.first().map(|s| s.len()),
            Some("-t-elles".len())
        );
    }
}
