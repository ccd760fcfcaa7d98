//! Event attributes read around the predicate: date (resolved against the article date),
//! place (a place entity in the clause, else the dateline), negation, modality (conditional,
//! intended, possible, demanded, hypothetical) and the quote an event is reported in.
//!
//! The words that signal them are data (`data/markers.tsv`).

use crate::frames::{preposition, Tree};
use crate::DataError;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;
use vigie_core::{Document, Span};

/// Marker words by (language, kind) → lemma → value.
#[derive(Debug, Clone, Default)]
pub struct Markers {
    map: FxHashMap<(String, String), FxHashMap<String, String>>,
}

impl Markers {
    pub fn builtin() -> &'static Markers {
        static M: OnceLock<Markers> = OnceLock::new();
        M.get_or_init(|| {
            Markers::parse(include_str!("../data/markers.tsv"), "markers.tsv").unwrap_or_default()
        })
    }

    pub fn parse(text: &str, file: &str) -> Result<Markers, DataError> {
        const KINDS: [&str; 11] = [
            "negation",
            "negation-ne",
            "condition-mark",
            "condition-noun",
            "intended",
            "possible",
            "demanded",
            "group",
            "reciprocal",
            "speech-act",
            "hypothetical",
        ];
        let mut m = Markers::default();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() || line.starts_with("lang\t") {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let err = |message: String| DataError {
                file: file.to_string(),
                line: i + 1,
                message,
            };
            if cols.len() != 4 {
                return Err(err(format!(
                    "expected 4 columns (lang kind word value), got {}",
                    cols.len()
                )));
            }
            if !KINDS.contains(&cols[1]) {
                return Err(err(format!("unknown kind `{}`", cols[1])));
            }
            m.map
                .entry((cols[0].to_string(), cols[1].to_string()))
                .or_default()
                .insert(cols[2].to_lowercase(), cols[3].to_string());
        }
        Ok(m)
    }

    /// The value of `word` for this language and kind, if listed.
    pub fn get(&self, lang: &str, kind: &str, word: &str) -> Option<&str> {
        self.map
            .get(&(lang.to_string(), kind.to_string()))?
            .get(&word.to_lowercase())
            .map(String::as_str)
    }

    pub fn is(&self, lang: &str, kind: &str, word: &str) -> bool {
        self.get(lang, kind, word).is_some()
    }
}

/// Whether the predicate `i` is negated: a negation adverb on it, on its auxiliary chain, or
/// on the verb it is the infinitive of ("n'a pas pu signer").
pub fn negated(doc: &Document, tree: &Tree, i: usize, lang: &str, m: &Markers) -> bool {
    // "jamais", "plus" negate only with "ne" ("le plus solide jamais signé" is not negated).
    let has_ne = |k: usize| {
        tree.children(k)
            .iter()
            .any(|&c| doc.words.get(c).is_some_and(|w| w.lemma.as_ref() == "ne"))
    };
    let own = |k: usize| {
        tree.children(k).iter().any(|&c| {
            doc.words.get(c).is_some_and(|w| {
                (w.deprel.starts_with("advmod") || w.deprel == "neg")
                    && (m.is(lang, "negation", &w.lemma)
                        || (m.is(lang, "negation-ne", &w.lemma) && has_ne(k)))
            }) || doc.words.get(c).is_some_and(|w| {
                // "sans signer": "sans" marks a negated infinitive.
                w.deprel == "mark" && (w.lemma.as_ref() == "sans" || w.lemma.as_ref() == "without")
            })
        })
    };
    if own(i) {
        return true;
    }
    let w = &doc.words[i];
    if w.deprel.starts_with("xcomp") {
        if let Some(h) = tree.head(doc, i) {
            return own(h);
        }
    }
    false
}

/// The modality of predicate `i`: `hypothetical` (it is the condition itself: "en cas
/// d'agression"), `conditional` (it holds under a condition: "une assistance … en cas de …",
/// "si …"), `intended`, `possible`, `demanded`; `None` when asserted.
pub fn modality(
    doc: &Document,
    tree: &Tree,
    i: usize,
    lang: &str,
    m: &Markers,
) -> Option<&'static str> {
    let is_condition_noun = |k: usize| {
        let w = &doc.words[k];
        m.get(lang, "condition-noun", &w.lemma)
            .is_some_and(|p| preposition(doc, tree, k).as_deref() == Some(p))
    };
    // Governed by "cas" ("en cas de X"): X is hypothetical.
    if let Some(h) = tree.head(doc, i) {
        if is_condition_noun(h) {
            return Some("hypothetical");
        }
    }
    let w = &doc.words[i];
    if w.feats.contains("Mood=Cnd") {
        return Some("possible");
    }
    // Walk up the clause: conditions, intentions, possibility, demands.
    let mut cur = i;
    let mut path = vec![i];
    path.extend(tree.ancestors(doc, i));
    for (depth, &k) in path.iter().enumerate() {
        for &c in tree.children(k) {
            let cw = &doc.words[c];
            if cw.deprel == "mark" && m.is(lang, "condition-mark", &cw.lemma) {
                return Some("conditional");
            }
            if (cw.deprel.starts_with("nmod") || cw.deprel.starts_with("obl"))
                && is_condition_noun(c)
            {
                return Some("conditional");
            }
            if cw.deprel.starts_with("aux") && m.is(lang, "possible", &cw.lemma) {
                return Some("possible");
            }
        }
        if depth > 0 {
            let kw = &doc.words[k];
            let via = &doc.words[cur].deprel;
            let embedded = via.starts_with("xcomp")
                || via.starts_with("ccomp")
                || via.starts_with("obj")
                || via.starts_with("appos")
                || via.starts_with("conj");
            if embedded && kw.upos == "VERB" {
                if m.is(lang, "intended", &kw.lemma) {
                    return Some("intended");
                }
                if m.is(lang, "possible", &kw.lemma) {
                    return Some("possible");
                }
                if m.is(lang, "demanded", &kw.lemma) {
                    return Some("demanded");
                }
            }
            // Stop at the first finite clause above the event.
            if kw.feats.contains("VerbForm=Fin") && !via.starts_with("xcomp") {
                break;
            }
        }
        cur = k;
        if depth > 6 {
            break;
        }
    }
    None
}

/// Index of the innermost quote whose span holds `span`.
pub fn reported_in(doc: &Document, span: Span) -> Option<u32> {
    doc.quotes
        .iter()
        .enumerate()
        .filter(|(_, q)| q.span.start <= span.start && span.end <= q.span.end)
        .min_by_key(|(_, q)| q.span.end - q.span.start)
        .map(|(k, _)| k as u32)
}

/// Where: a place entity in an oblique or modifier of the predicate ("à Pyongyang", "in
/// Kyiv"), looked for one level down as well ("à son arrivée à Pyongyang").
pub fn place(
    doc: &Document,
    tree: &Tree,
    i: usize,
    entity_of: &dyn Fn(usize) -> Option<(u32, Span)>,
) -> Option<(u32, Span)> {
    const PLACE_PREPS: [&str; 8] = ["à", "en", "dans", "in", "at", "au", "near", "sur"];
    let mut frontier = vec![i];
    for _depth in 0..2 {
        let mut next = Vec::new();
        for &k in &frontier {
            for &c in tree.children(k) {
                let cw = &doc.words[c];
                if cw.deprel.starts_with("obj") {
                    // "emmené Kim à Pyongyang", parsed with "à Pyongyang" under the object.
                    next.push(c);
                    continue;
                }
                if !(cw.deprel.starts_with("obl") || cw.deprel.starts_with("nmod")) {
                    continue;
                }
                let Some(p) = preposition(doc, tree, c) else {
                    continue;
                };
                if PLACE_PREPS.contains(&p.as_str()) {
                    if let Some((e, s)) = entity_of(c) {
                        if doc
                            .entities
                            .get(e as usize)
                            .is_some_and(|en| en.label == "LOC" || en.label == "GPE")
                        {
                            return Some((e, s));
                        }
                    }
                }
                next.push(c);
            }
        }
        frontier = next;
    }
    None
}

/// The dateline place: a place mention opening the article, followed by a comma, a dash or
/// a parenthesis ("KYIV, June 3 (Reuters) –", "PARIS (AFP) -").
pub fn dateline(doc: &Document) -> Option<(u32, Span)> {
    let first = doc.paragraphs.iter().find(|p| !p.is_boilerplate())?;
    let m = doc
        .mentions
        .iter()
        .find(|m| m.span.start >= first.span.start && m.span.start <= first.span.start + 2)?;
    let e = m.entity?;
    let ent = doc.entities.get(e as usize)?;
    if ent.label != "LOC" && ent.label != "GPE" {
        return None;
    }
    let after = doc.text.get(m.span.end as usize..)?.trim_start();
    let next = after.chars().next()?;
    // Datelines are written in capitals ("KYIV,", "MOSCOU,") or followed by the agency.
    let capitals = !doc.slice(m.span).chars().any(char::is_lowercase);
    let dateline = match next {
        '(' | '—' | '–' => true,
        ',' | '-' => capitals,
        _ => false,
    };
    dateline.then_some((e, m.span))
}

// ---- dates ----

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Parses the start of an ISO date ("2024-06-19", "2024-06-19T08:00:00Z") into days.
pub fn parse_iso(s: &str) -> Option<i64> {
    let s = s.get(..10)?;
    let mut it = s.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| days_from_civil(y, m, d))
}

pub fn iso(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn weekday(lemma: &str) -> Option<i64> {
    // 0 = Monday.
    Some(match lemma {
        "lundi" | "monday" => 0,
        "mardi" | "tuesday" => 1,
        "mercredi" | "wednesday" => 2,
        "jeudi" | "thursday" => 3,
        "vendredi" | "friday" => 4,
        "samedi" | "saturday" => 5,
        "dimanche" | "sunday" => 6,
        _ => return None,
    })
}

fn month(lemma: &str) -> Option<u32> {
    Some(match lemma {
        "janvier" | "january" | "jan" => 1,
        "février" | "fevrier" | "february" | "feb" => 2,
        "mars" | "march" | "mar" => 3,
        "avril" | "april" | "apr" => 4,
        "mai" | "may" => 5,
        "juin" | "june" | "jun" => 6,
        "juillet" | "july" | "jul" => 7,
        "août" | "aout" | "august" | "aug" => 8,
        "septembre" | "september" | "sept" | "sep" => 9,
        "octobre" | "october" | "oct" => 10,
        "novembre" | "november" | "nov" => 11,
        "décembre" | "decembre" | "december" | "dec" => 12,
        _ => return None,
    })
}

fn number(s: &str) -> Option<i64> {
    if let Ok(n) = s.parse::<i64>() {
        return Some(n);
    }
    Some(match s {
        "un" | "une" | "a" | "an" | "one" => 1,
        "deux" | "two" => 2,
        "trois" | "three" => 3,
        "quatre" | "four" => 4,
        "cinq" | "five" => 5,
        "six" => 6,
        "sept" | "seven" => 7,
        "huit" | "eight" => 8,
        "neuf" | "nine" => 9,
        "dix" | "ten" => 10,
        _ => return None,
    })
}

fn unit_days(s: &str) -> Option<i64> {
    Some(match s {
        "jour" | "jours" | "day" | "days" => 1,
        "semaine" | "semaines" | "week" | "weeks" => 7,
        "mois" | "month" | "months" => 30,
        "an" | "ans" | "année" | "années" | "year" | "years" => 365,
        _ => return None,
    })
}

/// A date expression found in a run of lower-cased forms, as (first, last) index in the run
/// and the day it denotes relative to `today`. `future` says the clause is in the future tense
/// (a bare weekday then points forward).
pub fn resolve_date(forms: &[&str], today: i64, future: bool) -> Option<(usize, usize, i64)> {
    let today_wd = (today + 3).rem_euclid(7); // 1970-01-01 was a Thursday (3).
    let n = forms.len();
    for k in 0..n {
        let f = forms[k];
        let next = forms.get(k + 1).copied().unwrap_or("");
        let prev = if k > 0 { forms[k - 1] } else { "" };
        match f {
            "hier" | "yesterday" => return Some((k, k, today - 1)),
            "avant-hier" => return Some((k, k, today - 2)),
            "aujourd'hui" | "today" | "tonight" => return Some((k, k, today)),
            "demain" | "tomorrow" => return Some((k, k, today + 1)),
            _ => {}
        }
        // "il y a deux semaines"
        if f == "il" && next == "y" && forms.get(k + 2) == Some(&"a") {
            if let (Some(q), Some(u)) = (
                forms.get(k + 3).and_then(|s| number(s)),
                forms.get(k + 4).and_then(|s| unit_days(s)),
            ) {
                return Some((k, k + 4, today - q * u));
            }
        }
        // "two weeks ago"
        if let (Some(q), Some(u)) = (number(f), unit_days(next)) {
            if forms.get(k + 2) == Some(&"ago") {
                return Some((k, k + 2, today - q * u));
            }
        }
        // "la semaine dernière", "last week", "le mois dernier"
        if let Some(u) = unit_days(f) {
            if matches!(next, "dernier" | "dernière" | "passé" | "passée") || prev == "last" {
                let start = if prev == "last" { k - 1 } else { k };
                let end = if prev == "last" { k } else { k + 1 };
                return Some((start, end, today - u));
            }
            if matches!(next, "prochain" | "prochaine") || prev == "next" {
                let start = if prev == "next" { k - 1 } else { k };
                let end = if prev == "next" { k } else { k + 1 };
                return Some((start, end, today + u));
            }
        }
        if let Some(wd) = weekday(f) {
            // "lundi 19 juin" → the explicit date wins below.
            if number(next).is_some() && forms.get(k + 2).and_then(|s| month(s)).is_some() {
                continue;
            }
            let back = (today_wd - wd).rem_euclid(7);
            let fwd = (wd - today_wd).rem_euclid(7);
            let (end, day) = if matches!(next, "dernier" | "passé") || prev == "last" {
                (k + 1, today - if back == 0 { 7 } else { back })
            } else if matches!(next, "prochain") || prev == "next" {
                (k + 1, today + if fwd == 0 { 7 } else { fwd })
            } else if future {
                (k, today + fwd)
            } else {
                (k, today - back)
            };
            let start = if prev == "last" || prev == "next" {
                k - 1
            } else {
                k
            };
            let end = if prev == "last" || prev == "next" {
                k
            } else {
                end
            };
            return Some((start, end, day));
        }
        // "19 juin [2024]", "le 1er juin"
        let day_num = number(
            f.trim_end_matches("er")
                .trim_end_matches("th")
                .trim_end_matches("st"),
        );
        if let (Some(d), Some(m)) = (day_num, month(next)) {
            if (1..=31).contains(&d) {
                let (y, end) = match forms.get(k + 2).and_then(|s| s.parse::<i64>().ok()) {
                    Some(y) if (1900..=2100).contains(&y) => (y, k + 2),
                    _ => (civil_from_days(today).0, k + 1),
                };
                let mut day = days_from_civil(y, m, d as u32);
                // A date without year more than two months ahead of a past-tense article is
                // last year's.
                if end == k + 1 && !future && day > today + 60 {
                    day = days_from_civil(y - 1, m, d as u32);
                }
                return Some((k, end, day));
            }
        }
        // "June 19[, 2024]"
        if let Some(m) = month(f) {
            let d = number(next.trim_end_matches(','));
            if let Some(d) = d.filter(|d| (1..=31).contains(d)) {
                let (y, end) = match forms
                    .get(k + 2)
                    .and_then(|s| s.trim_start_matches(',').parse::<i64>().ok())
                {
                    Some(y) if (1900..=2100).contains(&y) => (y, k + 2),
                    _ => (civil_from_days(today).0, k + 1),
                };
                return Some((k, end, days_from_civil(y, m, d as u32)));
            }
        }
    }
    None
}

/// The event date of predicate `i`: a date expression among the words of its temporal
/// modifiers (`obl`, `advmod`, `nmod` children and their subtrees), resolved against the
/// article date. Returns the ISO day and the words' span.
pub fn date(doc: &Document, tree: &Tree, i: usize) -> Option<(String, Span)> {
    let today = parse_iso(doc.meta.date.as_deref()?)?;
    let future = doc.words[i].feats.contains("Tense=Fut")
        || tree.children(i).iter().any(|&c| {
            doc.words[c].feats.contains("Tense=Fut") || doc.words[c].lemma.as_ref() == "will"
        });
    for &c in tree.children(i) {
        let cw = &doc.words[c];
        if !(cw.deprel.starts_with("obl")
            || cw.deprel.starts_with("advmod")
            || cw.deprel.starts_with("nmod")
            || cw.deprel.starts_with("advcl"))
        {
            continue;
        }
        let mut words = tree.subtree(c);
        words.sort_unstable();
        if words.len() > 8 {
            continue;
        }
        let forms: Vec<String> = words
            .iter()
            .map(|&w| doc.words[w].form.to_lowercase())
            .collect();
        let refs: Vec<&str> = forms.iter().map(String::as_str).collect();
        if let Some((a, b, day)) = resolve_date(&refs, today, future) {
            let ta = doc.tokens.get(doc.words[words[a]].token as usize)?;
            let tb = doc.tokens.get(doc.words[words[b]].token as usize)?;
            return Some((iso(day), span_of_bytes(ta.span.start, tb.span.end)));
        }
    }
    None
}

/// A span from two byte offsets (callers keep `start <= end`).
pub(crate) fn span_of_bytes(start: u32, end: u32) -> Span {
    Span {
        start,
        end: end.max(start),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> i64 {
        parse_iso(s).unwrap()
    }

    fn resolve(text: &str, today: &str, future: bool) -> Option<String> {
        let forms: Vec<&str> = text.split(' ').collect();
        resolve_date(&forms, day(today), future).map(|(_, _, d)| iso(d))
    }

    #[test]
    fn civil_dates_round_trip() {
        for s in ["1970-01-01", "2024-02-29", "2024-06-19", "1999-12-31"] {
            assert_eq!(iso(day(s)), s);
        }
    }

    #[test]
    fn relative_dates_resolve_against_the_article_date() {
        // 2024-06-19 is a Wednesday.
        let t = "2024-06-19";
        assert_eq!(resolve("hier", t, false).as_deref(), Some("2024-06-18"));
        assert_eq!(
            resolve("aujourd'hui", t, false).as_deref(),
            Some("2024-06-19")
        );
        assert_eq!(resolve("lundi", t, false).as_deref(), Some("2024-06-17"));
        assert_eq!(
            resolve("mercredi dernier", t, false).as_deref(),
            Some("2024-06-12")
        );
        assert_eq!(resolve("vendredi", t, true).as_deref(), Some("2024-06-21"));
        assert_eq!(
            resolve("il y a deux semaines", t, false).as_deref(),
            Some("2024-06-05")
        );
        assert_eq!(
            resolve("le 19 juin", t, false).as_deref(),
            Some("2024-06-19")
        );
        assert_eq!(
            resolve("le 3 décembre", t, false).as_deref(),
            Some("2023-12-03")
        );
        assert_eq!(
            resolve("12 mars 2022", t, false).as_deref(),
            Some("2022-03-12")
        );
        assert_eq!(
            resolve("on tuesday", t, false).as_deref(),
            Some("2024-06-18")
        );
        assert_eq!(
            resolve("yesterday", t, false).as_deref(),
            Some("2024-06-18")
        );
        assert_eq!(
            resolve("last week", t, false).as_deref(),
            Some("2024-06-12")
        );
        assert_eq!(resolve("june 3", t, false).as_deref(), Some("2024-06-03"));
        assert_eq!(resolve("the talks", t, false), None);
    }

    #[test]
    fn shipped_markers_parse() {
        let m = Markers::parse(include_str!("../data/markers.tsv"), "markers.tsv").unwrap();
        assert!(m.is("fr", "negation", "pas"));
        assert_eq!(m.get("fr", "condition-noun", "cas"), Some("en"));
        assert_eq!(m.get("en", "speech-act", "threat"), Some("130"));
        assert!(Markers::parse("fr\tnope\tx\t-\n", "m.tsv").is_err());
    }
}
