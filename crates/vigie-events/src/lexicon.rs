//! The editable verb-and-noun lexicons that turn a predicate frame into a CAMEO code.
//!
//! Files: `data/verbs-fr.tsv`, `data/nouns-fr.tsv`, `data/verbs-en.tsv`, `data/nouns-en.tsv`
//! (embedded), and any user file given with `--events-lexicon` / `VIGIE_EVENTS_LEXICON`,
//! merged over them ([`Lexicon::merge`]): a user line is tried before the shipped lines of the
//! same lemma, and a line with code `-` turns a lemma (or a lemma + theme) off.
//!
//! Every file has the same tab-separated columns (see the header of `data/verbs-fr.tsv`):
//! `lang pos lemma code source target theme flags`.

use crate::DataError;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// Part of speech of a predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    Verb,
    Noun,
}

/// Where an actor or the theme is found in a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The subject (the agent "par X" when the verb is passive).
    Subj,
    /// The direct object (the passive subject when the verb is passive).
    Obj,
    /// The indirect object: `iobj`, or French "à X" / English "to X" obliques.
    Iobj,
    /// The agent of a passive ("par X", "by X"), or "de la part de X".
    Agent,
    /// A noun's possessor: "son", "sa", "his", "Russia's", "de la Russie".
    Poss,
    /// An oblique or noun modifier introduced by this preposition ("avec", "contre", "with").
    Prep(String),
    /// The place of the event, standing for its country or city's actor ("visite à Pyongyang").
    Place,
    /// The host at the event's place: the article's most mentioned person whose actor code is
    /// a role of the place's country ("Pyongyang" → Kim Jong-un, PRKGOV), else the place as
    /// for [`Role::Place`].
    Host,
}

impl Role {
    fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "subj" => Role::Subj,
            "obj" => Role::Obj,
            "iobj" => Role::Iobj,
            "agent" => Role::Agent,
            "poss" => Role::Poss,
            "place" => Role::Place,
            "host" => Role::Host,
            _ => Role::Prep(s.strip_prefix("prep:")?.to_string()),
        })
    }
}

/// One lexicon line.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub lang: String,
    pub pos: Pos,
    pub lemma: String,
    /// CAMEO code, or `None` for a line that says "no event" (code `-`).
    pub code: Option<String>,
    /// Alternatives, tried in order: the first that yields an actor wins.
    pub source: Vec<Role>,
    pub target: Vec<Role>,
    /// No event without a target actor (a trailing `!` on the target column).
    pub target_required: bool,
    /// Where the theme is (`obj`, `prep:de`…) and which lemmas it must have (empty: any).
    pub theme: Option<Role>,
    pub theme_lemmas: Vec<String>,
    /// `intent` (announces the embedded event: "promettre de", "prévoir"), `state` (a noun
    /// naming a situation, not a new event: "guerre", "soutien"), `reciprocal` (co-subjects act
    /// on each other: "se rencontrer"), `obj-control` (the object does the infinitive:
    /// "exhorter X à").
    pub flags: Vec<String>,
    /// `file:line`, recorded on each event as its rule.
    pub origin: String,
}

impl Entry {
    pub fn has_flag(&self, f: &str) -> bool {
        self.flags.iter().any(|x| x == f)
    }
}

/// The lexicon: entries by (language, part of speech, lemma), in trial order.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    entries: FxHashMap<(String, Pos, String), Vec<Entry>>,
}

const FILES: [(&str, &str); 4] = [
    ("verbs-fr.tsv", include_str!("../data/verbs-fr.tsv")),
    ("nouns-fr.tsv", include_str!("../data/nouns-fr.tsv")),
    ("verbs-en.tsv", include_str!("../data/verbs-en.tsv")),
    ("nouns-en.tsv", include_str!("../data/nouns-en.tsv")),
];

impl Lexicon {
    /// The shipped lexicons, parsed once.
    pub fn builtin() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| Lexicon::shipped().unwrap_or_default())
    }

    /// Parses the shipped files (a test checks that every line parses).
    pub fn shipped() -> Result<Lexicon, DataError> {
        let mut lex = Lexicon::default();
        for (name, text) in FILES {
            lex.add(Lexicon::parse(text, name)?, false);
        }
        Ok(lex)
    }

    /// Parses one lexicon file; `file` names it in errors and rules.
    pub fn parse(text: &str, file: &str) -> Result<Lexicon, DataError> {
        let mut lex = Lexicon::default();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') || line.starts_with("lang\t") {
                continue;
            }
            let err = |message: String| DataError {
                file: file.to_string(),
                line: line_no,
                message,
            };
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            if cols.len() < 6 {
                return Err(err(format!(
                    "expected the columns lang pos lemma code source target [theme] [flags], got {}",
                    cols.len()
                )));
            }
            let pos = match cols[1] {
                "verb" => Pos::Verb,
                "noun" => Pos::Noun,
                other => return Err(err(format!("pos `{other}` is neither verb nor noun"))),
            };
            let code = match cols[3] {
                "-" => None,
                c if (2..=4).contains(&c.len())
                    && c.bytes().all(|b| b.is_ascii_digit())
                    && crate::cameo::quad_class(c).is_some() =>
                {
                    Some(c.to_string())
                }
                c => return Err(err(format!("`{c}` is not a CAMEO code (or `-`)"))),
            };
            let roles = |s: &str| -> Result<Vec<Role>, DataError> {
                if s == "-" || s.is_empty() {
                    return Ok(Vec::new());
                }
                s.split('|')
                    .map(|r| Role::parse(r).ok_or_else(|| err(format!("unknown role `{r}`"))))
                    .collect()
            };
            let (theme, theme_lemmas) = match cols.get(6).copied().unwrap_or("-") {
                "-" | "" => (None, Vec::new()),
                t => {
                    let (role, lemmas) = t.split_once('=').unwrap_or((t, ""));
                    let role = Role::parse(role)
                        .ok_or_else(|| err(format!("unknown theme role `{role}`")))?;
                    let lemmas = lemmas
                        .split('|')
                        .filter(|l| !l.is_empty())
                        .map(|l| l.to_lowercase())
                        .collect();
                    (Some(role), lemmas)
                }
            };
            let flags: Vec<String> = match cols.get(7).copied().unwrap_or("-") {
                "-" | "" => Vec::new(),
                f => f.split(',').map(|x| x.trim().to_string()).collect(),
            };
            for f in &flags {
                if !["intent", "state", "reciprocal", "obj-control", "agentless"]
                    .contains(&f.as_str())
                {
                    return Err(err(format!("unknown flag `{f}`")));
                }
            }
            let entry = Entry {
                lang: cols[0].to_string(),
                pos,
                lemma: cols[2].to_lowercase(),
                code,
                source: roles(cols[4])?,
                target: roles(cols[5].trim_end_matches('!'))?,
                target_required: cols[5].ends_with('!'),
                theme,
                theme_lemmas,
                flags,
                origin: format!("{file}:{line_no}"),
            };
            lex.entries
                .entry((entry.lang.clone(), pos, entry.lemma.clone()))
                .or_default()
                .push(entry);
        }
        Ok(lex)
    }

    /// Adds `other`'s entries; with `first`, they are tried before this lexicon's own.
    fn add(&mut self, other: Lexicon, first: bool) {
        for (k, mut v) in other.entries {
            let slot = self.entries.entry(k).or_default();
            if first {
                v.append(slot);
                *slot = v;
            } else {
                slot.append(&mut v);
            }
        }
    }

    /// This lexicon with a user's entries tried first.
    pub fn merge(&self, user: Lexicon) -> Lexicon {
        let mut out = self.clone();
        out.add(user, true);
        out
    }

    /// The shipped lexicon merged with a user file's text.
    pub fn builtin_with(text: &str, file: &str) -> Result<Lexicon, DataError> {
        Ok(Lexicon::builtin().merge(Lexicon::parse(text, file)?))
    }

    /// Entries for a predicate, in trial order.
    pub fn entries(&self, lang: &str, pos: Pos, lemma: &str) -> &[Entry] {
        // Lemmas are stored lower-case; most lookups are already lower-case.
        let key = (lang.to_string(), pos, lemma.to_lowercase());
        self.entries.get(&key).map_or(&[], Vec::as_slice)
    }

    pub fn has(&self, lang: &str, pos: Pos, lemma: &str) -> bool {
        !self.entries(lang, pos, lemma).is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_files_parse_and_use_known_codes() {
        let lex = Lexicon::shipped().unwrap();
        assert!(lex.len() > 150, "{}", lex.len());
        let cameo = crate::cameo::CameoTable::builtin();
        for v in lex.entries.values() {
            for e in v {
                if let Some(c) = &e.code {
                    assert!(cameo.contains(c), "{}: code {c} not in cameo.tsv", e.origin);
                }
            }
        }
        for (lang, pos, lemma) in [
            ("fr", Pos::Verb, "signer"),
            ("fr", Pos::Verb, "rencontrer"),
            ("fr", Pos::Noun, "visite"),
            ("en", Pos::Verb, "meet"),
            ("en", Pos::Noun, "visit"),
        ] {
            assert!(lex.has(lang, pos, lemma), "{lemma}");
        }
    }

    #[test]
    fn user_lines_come_first_and_bad_lines_name_their_line() {
        let user = "# mine\nfr\tverb\tsigner\t-\tsubj\t-\tobj=pétition\t-\n";
        let lex = Lexicon::builtin_with(user, "mine.tsv").unwrap();
        let first = &lex.entries("fr", Pos::Verb, "signer")[0];
        assert_eq!(first.code, None);
        assert_eq!(first.origin, "mine.tsv:2");
        assert_eq!(first.theme_lemmas, vec!["pétition".to_string()]);
        let e = Lexicon::parse("fr\tverb\tsigner\t999\tsubj\t-\n", "bad.tsv").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("bad.tsv", 1));
        assert!(Lexicon::parse("fr\tverb\tsigner\t057\tsubject\t-\n", "bad.tsv").is_err());
    }
}
