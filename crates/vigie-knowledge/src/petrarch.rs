//! Readers of PETRARCH's (and TABARI's) actor and agent dictionaries, the format of the
//! Phoenix dictionaries and of the dictionaries event-data users keep for their own actors.
//!
//! What the readers accept (the format as PETRARCH2 reads it):
//!
//! - Comments: lines starting with `#`; anything after a `#` on a line; XML comments
//!   `<!-- … -->`, on one line or spanning lines. Blank lines are skipped.
//! - Phrases: words joined by `_` or spaces (`VLADIMIR_PUTIN_`, `HAMAS WING`); a trailing `_`
//!   (TABARI's "no stemming" marker) is dropped. Phrases are stored with single spaces, in
//!   the case of the file.
//! - Actors: a root line starts an entry (`RUSSIAN_FEDERATION_  [RUS]`); `+` lines add
//!   synonyms to the current entry; codes in brackets follow a phrase on the same line or
//!   stand on their own (indented) lines below it, several per line allowed. A code is
//!   `[CODE]`, `[CODE >YYMMDD]` (from that date on), `[CODE <YYMMDD]` (until that date),
//!   `[CODE YYMMDD-YYMMDD]` (a closed range), with `YYYYMMDD` accepted too and spaces around
//!   `>`, `<` and `-` tolerated. A bare date (`[MNEGOV 20121204]`) is read as a start date.
//!   `[---]` is PETRARCH's null code ("recognise but do not code"); `[+++]` is kept as
//!   written too. A compound code `[ELR/GAL]` (the phrase names several actors) gives one
//!   code per part, with the same dates.
//! - Agents: `PHRASE [~CODE]` (the agent code goes after the actor's code) or `PHRASE
//!   [CODE~]` (before it, as for NGO~); `{PLURAL}` gives irregular plurals, `{}` none, and
//!   otherwise the regular English plural is generated (Y → IES, S → SES, else + S);
//!   `!NAME! = A, B, C` defines a substitution set and `!NAME!` in a phrase expands to each
//!   member (no plural generated for these).
//!
//! Malformed lines never stop reading: each is reported as a [`Diagnostic`] with its file and
//! line, and skipped.

use crate::date::Date;
use crate::error::Diagnostic;
use crate::model::DatedCode;
use rustc_hash::FxHashMap;

/// One actor entry of a PETRARCH actors dictionary.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorEntry {
    /// The root phrase, words separated by single spaces (`VLADIMIR PUTIN`).
    pub root: String,
    /// The `+` synonyms, same form as `root`.
    pub synonyms: Vec<String>,
    /// Codes in file order, with their validity dates. May contain the null code `---`.
    pub codes: Vec<DatedCode>,
    /// Text of the `#` comment on the root line (e.g. `CountryInfo.txt`), if any.
    pub comment: Option<String>,
    /// 1-based line of the root phrase.
    pub line: usize,
}

impl ActorEntry {
    /// The PETRARCH key of the entry, as written in the file with underscores
    /// (`VLADIMIR_PUTIN_`): the form Vigie uses in `phoenix:` identifiers.
    pub fn key(&self) -> String {
        let mut k = self.root.replace(' ', "_");
        k.push('_');
        k
    }
}

/// A parsed actors dictionary: its entries, and what was skipped.
#[derive(Debug, Clone, Default)]
pub struct ActorDictionary {
    pub entries: Vec<ActorEntry>,
    /// One per skipped line or code, with file and line.
    pub diagnostics: Vec<Diagnostic>,
}

/// Where an agent code goes relative to the actor code it qualifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentPlacement {
    /// `[~GOV]`: appended (RUS + GOV = RUSGOV). Most agents.
    After,
    /// `[NGO~]`: prepended (NGO + …), used for organisations.
    Before,
}

/// One agent phrase with its code (plurals and substitutions already expanded).
#[derive(Debug, Clone, PartialEq)]
pub struct AgentEntry {
    /// The phrase, words separated by single spaces (`FOREIGN MINISTER`).
    pub phrase: String,
    /// The code without its `~` (`GOV`).
    pub code: String,
    pub placement: AgentPlacement,
    /// 1-based line of the definition.
    pub line: usize,
}

/// A parsed agents dictionary.
#[derive(Debug, Clone, Default)]
pub struct AgentDictionary {
    pub entries: Vec<AgentEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A content line with its comments removed.
struct Line<'a> {
    /// 1-based line number in the file.
    number: usize,
    content: String,
    /// Text after `#`, if any.
    comment: Option<&'a str>,
}

/// Splits a dictionary into content lines, removing `#` and `<!-- -->` comments and blanks.
fn content_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut in_xml_comment = false;
    for (i, raw) in text.lines().enumerate() {
        let mut s = raw;
        if in_xml_comment {
            match s.find("-->") {
                Some(p) => {
                    in_xml_comment = false;
                    s = &s[p + 3..];
                }
                None => continue,
            }
        }
        if s.trim_start().starts_with('#') {
            continue;
        }
        let (before_hash, comment) = match s.find('#') {
            Some(p) => (&s[..p], Some(s[p + 1..].trim())),
            None => (s, None),
        };
        let mut content = String::with_capacity(before_hash.len());
        let mut rest = before_hash;
        while let Some(p) = rest.find("<!--") {
            content.push_str(&rest[..p]);
            match rest[p..].find("-->") {
                Some(q) => rest = &rest[p + q + 3..],
                None => {
                    in_xml_comment = true;
                    rest = "";
                }
            }
        }
        content.push_str(rest);
        if content.trim_start().starts_with("<!") || content.trim().is_empty() {
            continue;
        }
        lines.push(Line {
            number: i + 1,
            content,
            comment,
        });
    }
    lines
}

/// Turns `VLADIMIR_PUTIN_` or `HAMAS WING` into `VLADIMIR PUTIN` / `HAMAS WING`.
fn phrase(s: &str) -> String {
    s.split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits `PHRASE [A] [B >1] rest` into the phrase part and the bracket contents.
/// `Err` on an unclosed bracket.
fn split_codes(s: &str) -> Result<(&str, Vec<&str>), String> {
    let head_end = s.find('[').unwrap_or(s.len());
    let mut codes = Vec::new();
    let mut rest = &s[head_end..];
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            return Err(format!("unclosed '[' in {:?}", s.trim()));
        };
        codes.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    Ok((&s[..head_end], codes))
}

/// Parses the inside of an actor code bracket: `RUSGOV >080508`, `HOB < 950601`,
/// `HOBGOV 19950601 - 19990815`, `IGOUNO`, and TABARI's compound codes `ELR/GAL` (one code
/// per part, same dates) and markers `---` / `+++` (kept verbatim).
pub(crate) fn parse_actor_code(inside: &str) -> Result<Vec<DatedCode>, String> {
    let inside = inside.trim();
    let (code, dates) = match inside.find(char::is_whitespace) {
        Some(p) => (&inside[..p], inside[p..].trim()),
        None => (inside, ""),
    };
    let marker = code == "---" || code == "+++";
    let valid_part = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric());
    if code.is_empty() {
        return Err("empty code".into());
    }
    if !marker && !code.split('/').all(valid_part) {
        return Err(format!("invalid code {code:?}"));
    }
    let dates: String = dates.chars().filter(|c| !c.is_whitespace()).collect();
    let bad = || format!("invalid date in [{inside}]");
    let (from, to) = if dates.is_empty() {
        (None, None)
    } else if let Some(d) = dates.strip_prefix('>') {
        (Some(Date::parse_petrarch(d).ok_or_else(bad)?), None)
    } else if let Some(d) = dates.strip_prefix('<') {
        (None, Some(Date::parse_petrarch(d).ok_or_else(bad)?))
    } else if let Some((a, b)) = dates.split_once('-') {
        let from = Date::parse_petrarch(a).ok_or_else(bad)?;
        let to = Date::parse_petrarch(b).ok_or_else(bad)?;
        (Some(from), Some(to))
    } else {
        (Some(Date::parse_petrarch(&dates).ok_or_else(bad)?), None)
    };
    let parts: Vec<&str> = if marker {
        vec![code]
    } else {
        code.split('/').collect()
    };
    Ok(parts
        .into_iter()
        .map(|c| DatedCode {
            code: c.to_ascii_uppercase(),
            from,
            to,
        })
        .collect())
}

/// Reads an actors dictionary from its text. `file` names it in diagnostics.
///
/// Never fails: malformed lines and codes become diagnostics and are skipped; an entry left
/// without any code is reported and dropped (PETRARCH could never code it).
pub fn read_actors(text: &str, file: &str) -> ActorDictionary {
    let mut dict = ActorDictionary::default();
    let mut current: Option<ActorEntry> = None;
    let diag = |dict: &mut ActorDictionary, line: usize, message: String| {
        dict.diagnostics.push(Diagnostic {
            file: file.to_string(),
            line,
            message,
        })
    };
    let finish = |dict: &mut ActorDictionary, entry: Option<ActorEntry>| {
        if let Some(e) = entry {
            if e.codes.is_empty() {
                dict.diagnostics.push(Diagnostic {
                    file: file.to_string(),
                    line: e.line,
                    message: format!("actor {:?} has no code; skipped", e.key()),
                });
            } else {
                dict.entries.push(e);
            }
        }
    };
    for line in content_lines(text) {
        let trimmed = line.content.trim();
        let (head, codes) = match split_codes(trimmed) {
            Ok(x) => x,
            Err(m) => {
                diag(&mut dict, line.number, format!("{m}; line skipped"));
                continue;
            }
        };
        let mut parsed = Vec::with_capacity(codes.len());
        for c in codes {
            match parse_actor_code(c) {
                Ok(dc) => parsed.extend(dc),
                Err(m) => diag(&mut dict, line.number, format!("{m}; code skipped")),
            }
        }
        let head = head.trim();
        if head.is_empty() {
            // A code line: belongs to the current entry.
            match current.as_mut() {
                Some(e) => e.codes.extend(parsed),
                None => diag(
                    &mut dict,
                    line.number,
                    "code line before any actor; skipped".into(),
                ),
            }
        } else if let Some(syn) = head.strip_prefix('+') {
            let p = phrase(syn);
            match current.as_mut() {
                Some(e) if !p.is_empty() => {
                    e.synonyms.push(p);
                    e.codes.extend(parsed);
                }
                Some(_) => diag(&mut dict, line.number, "empty synonym; skipped".into()),
                None => diag(
                    &mut dict,
                    line.number,
                    "synonym before any actor; skipped".into(),
                ),
            }
        } else {
            let p = phrase(head);
            if p.is_empty() || head.starts_with(']') {
                diag(
                    &mut dict,
                    line.number,
                    format!("no phrase in {trimmed:?}; skipped"),
                );
                continue;
            }
            finish(&mut dict, current.take());
            current = Some(ActorEntry {
                root: p,
                synonyms: Vec::new(),
                codes: parsed,
                comment: line.comment.filter(|c| !c.is_empty()).map(str::to_string),
                line: line.number,
            });
        }
    }
    finish(&mut dict, current);
    dict
}

/// The regular English plural PETRARCH generates for agents: Y → IES, S → SES, else + S.
fn regular_plural(p: &str) -> String {
    if let Some(stem) = p.strip_suffix('Y').or_else(|| p.strip_suffix('y')) {
        format!("{stem}IES")
    } else if p.ends_with('S') || p.ends_with('s') {
        format!("{p}ES")
    } else {
        format!("{p}S")
    }
}

/// Reads an agents dictionary from its text. `file` names it in diagnostics.
///
/// Never fails: a line without a code, with an unknown `!SET!`, an unclosed `{`, or a code
/// without `~` is reported and skipped.
pub fn read_agents(text: &str, file: &str) -> AgentDictionary {
    let mut dict = AgentDictionary::default();
    let mut sets: FxHashMap<String, Vec<String>> = FxHashMap::default();
    for line in content_lines(text) {
        let s = line.content.trim();
        let mut diag = |message: String| {
            dict.diagnostics.push(Diagnostic {
                file: file.to_string(),
                line: line.number,
                message,
            })
        };
        if s.starts_with('!') && s.contains('=') {
            let (name, members) = s.split_once('=').unwrap_or((s, ""));
            let name = name.trim();
            match name.strip_prefix('!').and_then(|n| n.strip_suffix('!')) {
                Some(n) if !n.is_empty() && !n.contains('!') => {
                    let m: Vec<String> = members
                        .split(',')
                        .map(|x| x.trim().to_string())
                        .filter(|x| !x.is_empty())
                        .collect();
                    sets.insert(n.to_string(), m);
                }
                _ => diag(format!("bad substitution set definition {s:?}; skipped")),
            }
            continue;
        }
        let (head, codes) = match split_codes(s) {
            Ok(x) => x,
            Err(m) => {
                diag(format!("{m}; line skipped"));
                continue;
            }
        };
        let Some(raw_code) = codes.first().map(|c| c.trim()) else {
            diag(format!("agent without a code {s:?}; skipped"));
            continue;
        };
        let (code, placement) = if let Some(c) = raw_code.strip_prefix('~') {
            (c, AgentPlacement::After)
        } else if let Some(c) = raw_code.strip_suffix('~') {
            (c, AgentPlacement::Before)
        } else {
            diag(format!("agent code {raw_code:?} without '~'; skipped"));
            continue;
        };
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            diag(format!("invalid agent code {raw_code:?}; skipped"));
            continue;
        }
        let code = code.to_ascii_uppercase();
        let head = head.trim();
        // Forms: substitution sets, explicit plurals, or regular plural.
        let forms: Vec<String> = if let Some(open) = head.find('!') {
            let Some(close) = head[open + 1..].find('!').map(|c| open + 1 + c) else {
                diag(format!("unclosed substitution marker in {head:?}; skipped"));
                continue;
            };
            let name = &head[open + 1..close];
            let Some(members) = sets.get(name) else {
                diag(format!("substitution set !{name}! not defined; skipped"));
                continue;
            };
            members
                .iter()
                .map(|m| format!("{}{}{}", &head[..open], m, &head[close + 1..]))
                .collect()
        } else if let Some(open) = head.find('{') {
            let Some(close) = head[open..].find('}').map(|c| open + c) else {
                diag(format!("missing '}}' in {head:?}; skipped"));
                continue;
            };
            let mut f = vec![head[..open].to_string()];
            f.extend(head[open + 1..close].split_whitespace().map(str::to_string));
            f
        } else {
            let singular = head.trim_end_matches('_').to_string();
            let plural = regular_plural(&singular);
            vec![head.to_string(), plural]
        };
        for f in forms {
            let p = phrase(&f);
            if p.is_empty() {
                continue;
            }
            dict.entries.push(AgentEntry {
                phrase: p,
                code: code.clone(),
                placement,
                line: line.number,
            });
        }
        if dict.entries.last().is_none_or(|e| e.line != line.number) {
            dict.diagnostics.push(Diagnostic {
                file: file.to_string(),
                line: line.number,
                message: format!("no phrase in {s:?}; skipped"),
            });
        }
    }
    dict
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_brackets() {
        let one = |s: &str| parse_actor_code(s).unwrap().remove(0);
        let c = one("RUSGOV >080508");
        assert_eq!((c.from, c.to), (Date::new(2008, 5, 8), None));
        let c = one("HOB < 950601");
        assert_eq!((c.from, c.to), (None, Date::new(1995, 6, 1)));
        let c = one("HOBGOV 19950601 - 19990815");
        assert_eq!(c.to, Date::new(1999, 8, 15));
        assert_eq!(one("pse").code, "PSE");
        let compound: Vec<String> = parse_actor_code("FRO/BIL/SAM")
            .unwrap()
            .into_iter()
            .map(|c| c.code)
            .collect();
        assert_eq!(compound, ["FRO", "BIL", "SAM"]);
        assert_eq!(one("+++").code, "+++");
        assert!(parse_actor_code("A//B").is_err());
        assert!(parse_actor_code("KORGOVBUS 2004017-20061201").is_err());
        assert!(parse_actor_code("").is_err());
    }

    #[test]
    fn plurals() {
        assert_eq!(regular_plural("SECRETARY"), "SECRETARIES");
        assert_eq!(regular_plural("CONGRESS"), "CONGRESSES");
        assert_eq!(regular_plural("TROOP"), "TROOPS");
    }
}
