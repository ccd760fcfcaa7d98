//! Search terms: how article and quote text becomes index terms, and a query becomes the same.
//!
//! Both backends need "déclaré" to find "declare" and "traités" to find "traité". SQLite's
//! FTS5 has no French or English stemmer, so the SQLite backend indexes a *terms* copy of the
//! text computed here: each word lower-cased, stemmed with the Snowball stemmer of the
//! document's language (French or English; other languages are not stemmed), then folded to
//! ASCII-like letters (accents removed). A query word is turned into the forms a stemmed
//! document could hold (French stem, English stem, the bare folded word), any of which
//! matches. The PostgreSQL backend stores the same terms as a ready `tsvector` ([`lexemes`])
//! and queries it with the same forms ([`pg_tsquery`]), so the server does no text analysis and
//! both backends find the same articles.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

fn french() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::French))
}

fn english() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// Lower-cases `s` and removes diacritics ("Déclaré" → "declare", "Œuvre" → "oeuvre").
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => {
                for d in c.to_lowercase().nfd() {
                    if !is_combining_mark(d) {
                        out.push(d);
                    }
                }
            }
        }
    }
    out
}

/// The words of `text`: maximal runs of alphanumeric characters (apostrophes and hyphens cut
/// words, so "l'accord" gives "l", "accord" and "Jong-un" gives "jong", "un").
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

fn stem_with(lang: Option<&str>, lower: &str) -> String {
    match lang {
        Some("fr") => fold(&french().stem(lower)),
        Some("en") => fold(&english().stem(lower)),
        _ => fold(lower),
    }
}

/// The index terms of `text` in language `lang` (ISO 639-1), separated by spaces.
pub fn index_terms(text: &str, lang: Option<&str>) -> String {
    let mut out = String::with_capacity(text.len());
    for w in words(text) {
        let lower = w.to_lowercase();
        let term = stem_with(lang, &lower);
        if term.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&term);
    }
    out
}

/// For each word of a user's query, the terms that match it in a stemmed index: its French
/// stem, its English stem and its bare folded form, deduplicated. Words are in query order.
pub fn query_terms(query: &str) -> Vec<Vec<String>> {
    words(query)
        .map(|w| {
            let lower = w.to_lowercase();
            let mut forms = Vec::with_capacity(4);
            for form in [
                stem_with(Some("fr"), &lower),
                fold(&french().stem(&fold(&lower))),
                stem_with(Some("en"), &lower),
                fold(&lower),
            ] {
                if !form.is_empty() && !forms.contains(&form) {
                    forms.push(form);
                }
            }
            forms
        })
        .filter(|f| !f.is_empty())
        .collect()
}

/// An FTS5 MATCH expression for `query`: every word must match (AND), each through any of its
/// forms (OR). Terms are quoted, so FTS5 operators typed by users are plain words. `None` when
/// the query has no word.
pub fn fts5_match(query: &str) -> Option<String> {
    let groups = query_terms(query);
    if groups.is_empty() {
        return None;
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|forms| {
            let alts: Vec<String> = forms.iter().map(|f| format!("\"{f}\"")).collect();
            format!("({})", alts.join(" OR "))
        })
        .collect();
    Some(parts.join(" AND "))
}

/// Longest lexeme PostgreSQL accepts, in bytes: longer terms are cut to their first
/// `PG_MAX_LEXEME` bytes (on a character boundary) in documents and queries alike.
pub const PG_MAX_LEXEME: usize = 2046;

fn pg_lexeme(term: &str) -> &str {
    let mut end = term.len().min(PG_MAX_LEXEME);
    while !term.is_char_boundary(end) {
        end -= 1;
    }
    &term[..end]
}
/// Most bytes of lexemes one `tsvector` holds here (PostgreSQL's limit is 1 MiB including
/// positions and headers; the terms beyond are not indexed).
pub const PG_MAX_TSVECTOR: usize = 900_000;

/// The distinct terms of an [`index_terms`] string, sorted, as the lexemes of a PostgreSQL
/// `tsvector` (`array_to_tsvector`): terms longer than [`PG_MAX_LEXEME`] are cut, and the
/// list stops before [`PG_MAX_TSVECTOR`] bytes.
pub fn lexemes(terms: &str) -> Vec<&str> {
    let mut out: Vec<&str> = terms
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(pg_lexeme)
        .collect();
    out.sort_unstable();
    out.dedup();
    let mut total = 0;
    let keep = out
        .iter()
        .take_while(|t| {
            total += t.len() + 8;
            total <= PG_MAX_TSVECTOR
        })
        .count();
    out.truncate(keep);
    out
}

/// A PostgreSQL `tsquery` (text form, to cast with `::tsquery`) for `query` over [`lexemes`]:
/// the same logic as [`fts5_match`], every word (AND) through any of its forms (OR), each
/// form a quoted lexeme, so nothing the user types is read as an operator. `None` when the
/// query has no word.
pub fn pg_tsquery(query: &str) -> Option<String> {
    let groups = query_terms(query);
    let parts: Vec<String> = groups
        .iter()
        .map(|forms| {
            let alts: Vec<String> = forms
                .iter()
                .map(|f| {
                    let mut q = String::with_capacity(f.len() + 2);
                    q.push('\'');
                    for c in pg_lexeme(f).chars() {
                        if matches!(c, '\'' | '\\') {
                            q.push('\\');
                        }
                        q.push(c);
                    }
                    q.push('\'');
                    q
                })
                .collect();
            format!("({})", alts.join(" | "))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" & "))
}

/// A short extract of `text` around the first word matching `query` (or its start), at most
/// about `width` bytes, cut on character boundaries.
pub fn snippet(text: &str, query: &str, lang: Option<&str>, width: usize) -> String {
    let groups = query_terms(query);
    let mut hit = None;
    if !groups.is_empty() {
        let mut offset = 0;
        for piece in text.split_inclusive(|c: char| !c.is_alphanumeric()) {
            let word = piece.trim_end_matches(|c: char| !c.is_alphanumeric());
            if !word.is_empty() {
                let term = stem_with(lang, &word.to_lowercase());
                if groups.iter().any(|forms| forms.contains(&term)) {
                    hit = Some(offset);
                    break;
                }
            }
            offset += piece.len();
        }
    }
    let center = hit.unwrap_or(0);
    let mut start = center.saturating_sub(width / 3);
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + width).min(text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(text[start..end].trim());
    if end < text.len() {
        out.push('…');
    }
    out.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_accents_and_ligatures() {
        assert_eq!(fold("Déclaré À Œuvre"), "declare a oeuvre");
    }

    #[test]
    fn accented_and_plain_forms_share_a_term() {
        let doc = index_terms("Le Kremlin a déclaré que les traités", Some("fr"));
        for q in ["declare", "déclaré", "DÉCLARER", "traité", "traites"] {
            let groups = query_terms(q);
            assert!(
                groups[0].iter().any(|f| doc.split(' ').any(|t| t == f)),
                "{q} → {groups:?} not in {doc}"
            );
        }
    }

    #[test]
    fn english_stemming_applies_to_english_documents() {
        let doc = index_terms("Russia signed treaties", Some("en"));
        let groups = query_terms("treaty");
        assert!(groups[0].iter().any(|f| doc.split(' ').any(|t| t == f)));
    }

    #[test]
    fn fts5_operators_are_quoted() {
        assert_eq!(fts5_match("  *** "), None);
        let m = fts5_match("NEAR OR \"x").unwrap_or_default();
        assert!(m.starts_with("(\"near\""), "{m}");
        assert!(!m.contains("\"\""), "{m}");
    }

    #[test]
    fn lexemes_are_distinct_sorted_and_bounded() {
        let terms = index_terms("Les traités, le traité et les TRAITÉS signés", Some("fr"));
        let lex = lexemes(&terms);
        let mut sorted = lex.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(lex, sorted);
        assert_eq!(
            lex.iter().filter(|l| l.starts_with("trait")).count(),
            1,
            "{lex:?}"
        );
        let long = "ж".repeat(PG_MAX_LEXEME);
        let terms = index_terms(&format!("{long} b"), None);
        let cut = lexemes(&terms);
        assert_eq!(cut.len(), 2);
        assert!(
            cut.iter().all(|l| l.len() <= PG_MAX_LEXEME),
            "{}",
            cut[1].len()
        );
        let q = pg_tsquery(&long).unwrap_or_default();
        assert!(
            q.contains(&format!("'{}'", cut[1])),
            "the query cuts the word alike"
        );
        let many: Vec<String> = (0..200_000).map(|i| format!("w{i}")).collect();
        let joined = many.join(" ");
        let bounded = lexemes(&joined);
        assert!(bounded.len() < many.len());
        assert!(bounded.iter().map(|l| l.len() + 8).sum::<usize>() <= PG_MAX_TSVECTOR);
    }

    #[test]
    fn tsquery_has_every_word_and_its_forms_quoted() {
        assert_eq!(pg_tsquery("  *** "), None);
        let q = pg_tsquery("Déclaré & traités").unwrap_or_default();
        assert!(q.starts_with("('declar"), "{q}");
        assert_eq!(q.matches(" & ").count(), 1, "{q}");
        assert!(q.contains("'trait'"), "{q}");
        // Operators typed by users are cut out by the word split; quotes could not survive it
        // either, but are escaped anyway.
        let q = pg_tsquery("a:* | !b <-> (c)").unwrap_or_default();
        assert_eq!(q, "('a') & ('b') & ('c')");
        assert!(!q.contains('!') && !q.contains(":*"), "{q}");
    }

    #[test]
    fn snippet_centres_on_the_match_and_never_splits_a_character() {
        let text = "é".repeat(200) + " Poutine a déclaré " + &"à".repeat(200);
        let s = snippet(&text, "declare", Some("fr"), 60);
        assert!(s.contains("déclaré"), "{s}");
    }
}
