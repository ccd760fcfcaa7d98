//! Arbitrary input never panics: readers report, lookups answer.

use proptest::prelude::*;
use vigie_knowledge::petrarch::{read_actors, read_agents};
use vigie_knowledge::{normalize, Knowledge};

fn dictionary_text() -> impl Strategy<Value = String> {
    // Lines built from the format's own symbols, so that every branch is exercised.
    let piece = prop::sample::select(vec![
        "+", "[", "]", "{", "}", "!", "=", "~", "#", "<!--", "-->", "_", " ", "\t", ">", "<", "-",
        "/", "---", "PUTIN", "GOV", "080508", "19991231", "é", "ŏ", "'",
    ]);
    prop::collection::vec(prop::collection::vec(piece, 0..12), 0..20).prop_map(|lines| {
        lines
            .into_iter()
            .map(|l| l.concat())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

proptest! {
    #[test]
    fn readers_never_panic(text in dictionary_text()) {
        let a = read_actors(&text, "x.actors.txt");
        for e in &a.entries {
            prop_assert!(!e.root.is_empty() && !e.codes.is_empty());
        }
        let g = read_agents(&text, "x.agents.txt");
        for e in &g.entries {
            prop_assert!(!e.phrase.is_empty() && !e.code.is_empty());
        }
    }

    #[test]
    fn lookups_never_panic_and_spans_are_boundaries(text in "\\PC{0,80}") {
        let kb = Knowledge::builtin();
        let _ = kb.lookup(&text);
        let _ = kb.agent(&text);
        let _ = normalize(&text);
        for m in kb.find_all(&text) {
            prop_assert!(m.start < m.end && text.get(m.start..m.end).is_some());
            prop_assert!(!m.actors.is_empty());
        }
        let tokens: Vec<&str> = text.split(' ').collect();
        if let Some((n, actors)) = kb.longest_match(&tokens) {
            prop_assert!(n >= 1 && n <= tokens.len() && !actors.is_empty());
        }
    }
}
