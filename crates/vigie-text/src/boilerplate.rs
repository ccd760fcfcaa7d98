//! Web boilerplate: "LIRE AUSSI", "Read more", share and subscribe lines.
//!
//! The rules are the regular expressions of `data/boilerplate.tsv`; a paragraph is boilerplate
//! when one matches its whole (trimmed, normalised) text. Long paragraphs never are.

use crate::lexicon::Lexicons;
use regex::{RegexBuilder, RegexSet, RegexSetBuilder};
use std::sync::LazyLock;

/// Paragraphs longer than this (in bytes) are article text, whatever they start with.
pub const MAX_BOILERPLATE_LEN: usize = 200;

struct Rules {
    /// Names of the rules that compiled, in file order: the set's pattern indices.
    names: Vec<String>,
    /// All the rules at once: one search per paragraph instead of one per rule.
    set: RegexSet,
    problems: Vec<String>,
}

static RULES: LazyLock<Rules> = LazyLock::new(|| {
    let mut names = Vec::new();
    let mut patterns = Vec::new();
    let mut problems = Vec::new();
    for (name, pattern) in &Lexicons::builtin().boilerplate {
        match RegexBuilder::new(pattern).case_insensitive(true).build() {
            Ok(_) => {
                names.push(name.clone());
                patterns.push(pattern.as_str());
            }
            Err(e) => problems.push(format!("boilerplate rule {name}: {e}")),
        }
    }
    let set = match RegexSetBuilder::new(&patterns)
        .case_insensitive(true)
        .build()
    {
        Ok(set) => set,
        Err(e) => {
            problems.push(format!("boilerplate rules together: {e}"));
            names.clear();
            RegexSet::empty()
        }
    };
    Rules {
        names,
        set,
        problems,
    }
});

/// The name of the rule a paragraph matches, if any (the first in file order).
pub fn classify(paragraph: &str) -> Option<&'static str> {
    let p = paragraph.trim();
    if p.is_empty() || p.len() > MAX_BOILERPLATE_LEN {
        return None;
    }
    let first = RULES.set.matches(p).iter().next()?;
    RULES.names.get(first).map(String::as_str)
}

/// Rules that failed to compile (a test asserts there are none).
pub fn problems() -> &'static [String] {
    &RULES.problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_compile_and_match_french_and_english_boilerplate() {
        assert!(problems().is_empty(), "{:?}", problems());
        assert_eq!(classify("LIRE AUSSI"), Some("read-also"));
        assert_eq!(
            classify("Lire aussi : Kim Jong Un reçoit Poutine"),
            Some("read-also")
        );
        assert_eq!(
            classify("LIRE LES AUTRES NOUVELLES DU MONDE"),
            Some("more-news")
        );
        assert_eq!(classify("Read more: Putin in Pyongyang"), Some("read-also"));
        assert_eq!(classify("Advertisement"), Some("advertisement"));
        assert_eq!(
            classify("Partager : Facebook Twitter E-mail"),
            Some("share")
        );
        assert_eq!(
            classify("Abonnez-vous à notre newsletter"),
            Some("subscribe")
        );
        assert_eq!(classify("Lire aussi la déclaration du Kremlin, qui a été publiée lundi et qui précise les termes de l'accord de défense mutuelle signé entre la Russie et la Corée du Nord, selon laquelle les deux pays s'engagent à se porter assistance."), None);
        assert_eq!(
            classify("Kim a déclaré qu'il s'agissait du traité le plus solide."),
            None
        );
    }

    #[test]
    fn the_set_answers_as_the_rules_tried_one_by_one_in_file_order() {
        let rules: Vec<(&str, regex::Regex)> = Lexicons::builtin()
            .boilerplate
            .iter()
            .filter_map(|(name, pattern)| {
                let re = RegexBuilder::new(pattern).case_insensitive(true).build();
                re.ok().map(|re| (name.as_str(), re))
            })
            .collect();
        let paragraphs = [
            "LIRE AUSSI",
            "Read more news",
            "More news",
            "Publicité",
            "Partager sur Facebook",
            "Photo : AFP",
            "3 commentaires",
            "We use cookies to improve your experience",
            "Le président a parlé.",
            "Kim Jong Un reçoit Vladimir Poutine à Pyongyang",
            "",
        ];
        for p in paragraphs {
            let one_by_one = rules.iter().find(|(_, re)| re.is_match(p.trim()));
            assert_eq!(classify(p), one_by_one.map(|(name, _)| *name), "{p}");
        }
    }
}
