//! Role nouns (`data/role_nouns.tsv`): nouns that name a person already met in the article
//! ("l'assistant", "le dictateur"), grouped in classes whose nouns stand for each other.

use std::collections::HashMap;
use std::sync::OnceLock;
use vigie_knowledge::normalize;

/// The built-in list, compiled in.
pub const BUILTIN_ROLE_NOUNS: &str = include_str!("../data/role_nouns.tsv");

/// The built-in place nouns (`lang forms source`), compiled in.
pub const BUILTIN_PLACE_NOUNS: &str = include_str!("../data/place_nouns.tsv");

/// Nouns of places whose name follows them ("résidence", "aéroport"), normalised.
pub fn place_nouns() -> &'static std::collections::HashSet<String> {
    static NOUNS: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    NOUNS.get_or_init(|| parse_place_nouns(BUILTIN_PLACE_NOUNS))
}

/// Reads a place-noun file: comment lines, the header `lang forms source`, then lines.
pub fn parse_place_nouns(text: &str) -> std::collections::HashSet<String> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .filter_map(|l| l.split('\t').nth(1))
        .flat_map(|forms| forms.split('|'))
        .map(normalize)
        .filter(|f| !f.is_empty())
        .collect()
}

const HEADER: &str = "class\tlang\tforms\tsource";

/// Longest role noun, in tokens ("chef d'état-major" is three with the apostrophe glued).
pub const MAX_ROLE_TOKENS: usize = 4;

/// A line of the role-noun file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct RoleNounError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Normalised role noun → its class.
#[derive(Debug, Clone, Default)]
pub struct RoleNouns {
    classes: HashMap<String, String>,
}

impl RoleNouns {
    /// The built-in list. Lines that do not parse are skipped (a test keeps it clean).
    pub fn builtin() -> &'static RoleNouns {
        static BUILTIN: OnceLock<RoleNouns> = OnceLock::new();
        BUILTIN.get_or_init(|| RoleNouns::parse(BUILTIN_ROLE_NOUNS, "role_nouns.tsv").0)
    }

    /// Reads a role-noun file (`class lang forms source`, `#` comments); returns the nouns
    /// and the lines skipped.
    pub fn parse(text: &str, file: &str) -> (RoleNouns, Vec<RoleNounError>) {
        let mut out = RoleNouns::default();
        let mut errors = Vec::new();
        let mut header = false;
        for (n, line) in text.lines().enumerate() {
            let err = |message: String| RoleNounError {
                file: file.to_string(),
                line: n + 1,
                message,
            };
            let line = line.trim_end_matches('\r');
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !header {
                if line != HEADER {
                    errors.push(err(format!("header should be {HEADER:?}")));
                    return (out, errors);
                }
                header = true;
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 4 || f[0].is_empty() || !matches!(f[1], "fr" | "en") {
                errors.push(err("expected class, lang (fr|en), forms, source".into()));
                continue;
            }
            for form in f[2].split('|').map(str::trim).filter(|s| !s.is_empty()) {
                out.classes
                    .entry(normalize(form))
                    .or_insert_with(|| f[0].to_string());
            }
        }
        (out, errors)
    }

    /// The class of a role noun (any case, accents as written or not).
    pub fn class_of(&self, noun: &str) -> Option<&str> {
        self.classes.get(&normalize(noun)).map(String::as_str)
    }

    /// Number of forms.
    pub fn len(&self) -> usize {
        self.classes.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_loads_clean() {
        let (nouns, errors) = RoleNouns::parse(BUILTIN_ROLE_NOUNS, "role_nouns.tsv");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(nouns.class_of("Assistant"), nouns.class_of("conseiller"));
        assert_eq!(nouns.class_of("dictateur"), Some("leader"));
        assert_ne!(nouns.class_of("dictateur"), nouns.class_of("conseillère"));
        assert_eq!(nouns.class_of("voiture"), None);
    }

    #[test]
    fn place_nouns_load() {
        let nouns = parse_place_nouns(BUILTIN_PLACE_NOUNS);
        assert!(nouns.contains("residence") && nouns.contains("aeroport"));
        assert!(!nouns.contains("lang"), "the header is not a noun");
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let (nouns, errors) = RoleNouns::parse(
            "# c\nclass\tlang\tforms\tsource\nadviser\tfr\taide\tmanual\nbroken\n",
            "x.tsv",
        );
        assert_eq!(nouns.len(), 1);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 4);
    }
}
