//! Gazetteers: lists of known names with a type, looked up by the tagger as features.
//!
//! A [`Gazetteer`] answers "which types does this lower-cased, space-joined name have?"; the
//! tagger turns the answers into BILU features over the words a name covers. The shipped
//! lists are `data/gazetteer.tsv` ([`TsvGazetteer::shipped`]: given names, surnames, places);
//! an actor knowledge base can plug in by implementing the trait with the same type names.

use crate::NerError;
use rustc_hash::FxHashMap;

/// A source of known names. Names are lower-case with single spaces between words.
pub trait Gazetteer {
    /// Bit set of the types `name` has (bit `i` = `self.type_name(i)`), 0 when unknown.
    fn lookup(&self, name: &str) -> u32;
    /// Name of type bit `i` (`FIRST`, `LAST`, `LOC`, …); it is what the features see, so two
    /// gazetteers with the same type names are interchangeable.
    fn type_name(&self, bit: u32) -> &str;
    /// Longest name in words.
    fn max_words(&self) -> usize;
    /// Bit set of the types of the names that `words` (two words or more) begins without
    /// being one ("kim jong" begins "kim jong il"); names are often known only in part.
    fn prefix_of(&self, words: &str) -> u32 {
        let _ = words;
        0
    }
}

/// A gazetteer read from `name<TAB>type` lines (`#` comments and blank lines skipped).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TsvGazetteer {
    names: FxHashMap<Box<str>, u32>,
    /// Proper word prefixes (two words or more) of multi-word names, with their types.
    prefixes: FxHashMap<Box<str>, u32>,
    types: Vec<String>,
    max_words: usize,
}

/// The shipped lists (sources and licences in `data/README.md`).
pub const SHIPPED_TSV: &str = include_str!("../data/gazetteer.tsv");

/// Lower-cases and joins words by single spaces, the form gazetteer names are stored in.
pub fn normalise(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

impl TsvGazetteer {
    /// Parses `name<TAB>type` lines; a malformed line is an error naming `source` and the line.
    pub fn from_tsv(tsv: &str, source: &str) -> Result<TsvGazetteer, NerError> {
        let mut g = TsvGazetteer::default();
        for (n, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((name, typ)) = line.split_once('\t') else {
                return Err(NerError::Format {
                    path: source.to_string(),
                    line: n + 1,
                    message: "expected `name<TAB>type`".into(),
                });
            };
            let (name, typ) = (normalise(name), typ.trim());
            if name.is_empty() || typ.is_empty() {
                return Err(NerError::Format {
                    path: source.to_string(),
                    line: n + 1,
                    message: "empty name or type".into(),
                });
            }
            let bit = match g.types.iter().position(|t| t == typ) {
                Some(b) => b,
                None if g.types.len() < 32 => {
                    g.types.push(typ.to_string());
                    g.types.len() - 1
                }
                None => {
                    return Err(NerError::Format {
                        path: source.to_string(),
                        line: n + 1,
                        message: "more than 32 types".into(),
                    })
                }
            };
            g.max_words = g.max_words.max(name.split(' ').count());
            let spaces: Vec<usize> = name.match_indices(' ').map(|(i, _)| i).collect();
            for &cut in spaces.iter().skip(1) {
                *g.prefixes.entry(name[..cut].into()).or_default() |= 1 << bit;
            }
            *g.names.entry(name.into_boxed_str()).or_default() |= 1 << bit;
        }
        Ok(g)
    }

    /// The lists shipped in `data/gazetteer.tsv`.
    pub fn shipped() -> Result<TsvGazetteer, NerError> {
        TsvGazetteer::from_tsv(SHIPPED_TSV, "vigie-ner/data/gazetteer.tsv")
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// The names of type `typ`, sorted (for deterministic training-data augmentation).
    pub fn names_of_type(&self, typ: &str) -> Vec<&str> {
        let Some(bit) = self.types.iter().position(|t| t == typ) else {
            return Vec::new();
        };
        let mut v: Vec<&str> = self
            .names
            .iter()
            .filter(|(_, &bits)| bits & (1 << bit) != 0)
            .map(|(n, _)| &**n)
            .collect();
        v.sort_unstable();
        v
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

impl Gazetteer for TsvGazetteer {
    fn lookup(&self, name: &str) -> u32 {
        self.names.get(name).copied().unwrap_or(0)
    }
    fn type_name(&self, bit: u32) -> &str {
        self.types.get(bit as usize).map_or("", String::as_str)
    }
    fn max_words(&self) -> usize {
        self.max_words
    }
    fn prefix_of(&self, words: &str) -> u32 {
        self.prefixes.get(words).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_gazetteer_parses_and_knows_places_and_names() {
        let g = TsvGazetteer::shipped().expect("every line parses");
        assert!(g.len() > 40_000);
        let types = |n: &str| {
            let bits = g.lookup(n);
            (0..32)
                .filter(|b| bits & (1 << b) != 0)
                .map(|b| g.type_name(b).to_string())
                .collect::<Vec<_>>()
        };
        assert!(types("pyongyang").contains(&"LOC".to_string()));
        assert!(types("corée du nord").contains(&"LOC".to_string()));
        assert!(types("john").contains(&"FIRST".to_string()));
        assert!(types("table").is_empty());
        assert_ne!(g.prefix_of("kim jong"), 0);
        assert_eq!(g.prefix_of("kim"), 0);
    }

    #[test]
    fn a_malformed_line_is_reported_with_its_number() {
        let err = TsvGazetteer::from_tsv("paris\tLOC\nno tab here\n", "g.tsv").unwrap_err();
        assert_eq!(err.to_string(), "g.tsv:2: expected `name<TAB>type`");
    }
}
