//! Readers of PETRARCH's verb dictionaries (`CAMEO.2.0.txt`, `PETR.Validate.verbs.txt`, a
//! user's own) and discard lists.
//!
//! What the verb reader accepts (the format as PETRARCH and PETRARCH2 read it):
//!
//! - Comments: `#` to the end of a line, `<!-- … -->` (one line or several), blank lines.
//! - Synsets: `&NAME` starts a set, each following `+MEMBER` line adds a member phrase
//!   (words joined by `_` or spaces; a member may itself be `&OTHER`, expanded at match time).
//! - Verb blocks: `--- NAME [code] ---` starts a block; the lines below that do not start with
//!   `-` are verb forms: `BAN {BANS BANNED}` (irregular inflections in braces, otherwise the
//!   regular ones are generated), `AIM [030]` (a form with its own code), `+BREAK_DOWN
//!   {+BROKE_DOWN …}` or `WIRE_+TAP` (a multi-word verb, `+` marking the verb itself).
//! - Patterns: `- words [code] # comment`, where `*` is the verb, `$` the source, `+` the
//!   target, `%` a compound actor, `^` a skipped word, `&NAME` any member of a synset, and
//!   PETRARCH2's `( … )` (prepositional phrase) and `{ … }` (noun phrase) groupings, read here
//!   as plain word sequences. `_` joins words that must be adjacent in the text; a space lets
//!   other words come between.
//! - Codes: `[042]`, `[---]` (recognised, not coded), `[032:033]` (source → target 032,
//!   target → source 033), `[:110]` (only the reverse), `[+++]` kept as written; a stray
//!   trailing `!` (`[080!]`, once in `CAMEO.2.0.txt`) is dropped.
//! - Transformations (`~ a (a b ATTACK) SAY = a b 015`) are counted and not interpreted.
//!
//! Malformed lines never stop reading: each becomes a [`Diagnostic`] and is skipped.

use crate::error::Diagnostic;

/// A CAMEO code as a verb dictionary writes it: `032`, `032:033`, `:110`, `---`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VerbCode {
    /// Source → target code; `None` for `---` or an empty left side.
    pub forward: Option<String>,
    /// Target → source code, from the right of `:`.
    pub reverse: Option<String>,
}

impl VerbCode {
    /// Parses the inside of a code bracket. `Err` on characters a code cannot hold.
    pub fn parse(inside: &str) -> Result<VerbCode, String> {
        let inside = inside.trim();
        let one = |s: &str| -> Result<Option<String>, String> {
            // `[080!]` occurs once in CAMEO.2.0.txt: the stray `!` is dropped.
            let t = s.trim();
            let s = t.strip_suffix('!').filter(|x| !x.is_empty()).unwrap_or(t);
            if s.is_empty() || s == "---" {
                Ok(None)
            } else if s == "+++" || s.chars().all(|c| c.is_ascii_alphanumeric()) {
                Ok(Some(s.to_ascii_uppercase()))
            } else {
                Err(format!("invalid verb code {inside:?}"))
            }
        };
        if inside.is_empty() {
            return Err("empty verb code".into());
        }
        match inside.split_once(':') {
            Some((a, b)) => Ok(VerbCode {
                forward: one(a)?,
                reverse: one(b)?,
            }),
            None => Ok(VerbCode {
                forward: one(inside)?,
                reverse: None,
            }),
        }
    }

    /// True when the code codes nothing (`---`).
    pub fn is_null(&self) -> bool {
        self.forward.is_none() && self.reverse.is_none()
    }
}

/// One element of a verb pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternElement {
    /// A literal word, upper case (`TIES`).
    Word(String),
    /// `&NAME`: any member phrase of that synset.
    Synset(String),
    /// `$`: the source actor.
    Source,
    /// `+`: the target actor.
    Target,
    /// `%`: a compound actor (both sides of "X and Y").
    Compound,
    /// `^`: one word skipped.
    Skip,
}

/// One pattern of a verb block.
#[derive(Debug, Clone, PartialEq)]
pub struct VerbPattern {
    /// Elements before the verb (`*`), in text order.
    pub before: Vec<PatternElement>,
    /// Elements after the verb, in text order.
    pub after: Vec<PatternElement>,
    /// Per element of `before`: joined by `_` to what follows it (the next element, or the
    /// verb for the last), so the words must be adjacent (`IN_*`).
    pub before_joined: Vec<bool>,
    /// Per element of `after`: joined by `_` to what precedes it (the previous element, or
    /// the verb for the first): `*_OUT`, `REAL_PLEASANT`.
    pub after_joined: Vec<bool>,
    pub code: VerbCode,
    /// The pattern as written, without its leading `-` and its comment.
    pub text: String,
    /// 1-based line.
    pub line: usize,
}

/// One verb form of a block: a verb, or a multi-word verb (`BREAK DOWN`, `WIRE TAP`).
#[derive(Debug, Clone, PartialEq)]
pub struct VerbForm {
    /// Words, upper case; `words[head]` is the verb itself.
    pub words: Vec<String>,
    pub head: usize,
    /// Inflected forms of the verb word (irregular ones from `{…}`, else generated).
    pub inflections: Vec<String>,
    /// The form's own code (`AIM [030]`), overriding the block's.
    pub code: Option<VerbCode>,
    pub line: usize,
}

/// A verb block: `--- NAME [code] ---`, its verb forms and patterns.
#[derive(Debug, Clone, PartialEq)]
pub struct VerbBlock {
    pub name: String,
    /// The block's default code (used when no pattern matches).
    pub code: VerbCode,
    pub forms: Vec<VerbForm>,
    pub patterns: Vec<VerbPattern>,
    pub line: usize,
}

/// A synset: `&NAME` and its member phrases (words upper case, separated by spaces; a member
/// may be `&OTHER`).
#[derive(Debug, Clone, PartialEq)]
pub struct Synset {
    pub name: String,
    pub members: Vec<Vec<String>>,
    pub line: usize,
}

/// A parsed verb dictionary.
#[derive(Debug, Clone, Default)]
pub struct VerbDictionary {
    pub synsets: Vec<Synset>,
    pub blocks: Vec<VerbBlock>,
    /// Transformation lines (`~ …`), counted but not interpreted.
    pub transformations: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl VerbDictionary {
    /// Number of verb forms over all blocks.
    pub fn verb_count(&self) -> usize {
        self.blocks.iter().map(|b| b.forms.len()).sum()
    }

    /// Number of patterns over all blocks.
    pub fn pattern_count(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }
}

/// One discard phrase: a sentence (or, with `story`, the whole story) containing it is not
/// coded.
#[derive(Debug, Clone, PartialEq)]
pub struct Discard {
    /// Words, upper case.
    pub words: Vec<String>,
    /// `+` in the file: the whole story is discarded, not only the sentence.
    pub story: bool,
    pub line: usize,
}

/// Removes `#` comments and `<!-- -->` comments; yields (line number, content).
fn content_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_xml = false;
    for (i, raw) in text.lines().enumerate() {
        let mut s = raw.to_string();
        let mut content = String::new();
        loop {
            if in_xml {
                match s.find("-->") {
                    Some(p) => {
                        in_xml = false;
                        s = s[p + 3..].to_string();
                    }
                    None => break,
                }
            } else {
                match s.find("<!--") {
                    Some(p) => {
                        content.push_str(&s[..p]);
                        in_xml = true;
                        s = s[p + 4..].to_string();
                    }
                    None => {
                        content.push_str(&s);
                        break;
                    }
                }
            }
        }
        let content = match content.find('#') {
            Some(p) => content[..p].to_string(),
            None => content,
        };
        if !content.trim().is_empty() {
            out.push((i + 1, content));
        }
    }
    out
}

/// Splits a phrase on `_` and spaces into upper-case words.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_uppercase())
        .collect()
}

/// The regular inflections PETRARCH generates for a verb: -S, -ED, -ING.
pub fn regular_inflections(verb: &str) -> Vec<String> {
    let v = verb.to_uppercase();
    let mut out = Vec::with_capacity(3);
    let consonant_y = v.len() > 1
        && v.ends_with('Y')
        && !matches!(v.as_bytes()[v.len() - 2], b'A' | b'E' | b'I' | b'O' | b'U');
    if consonant_y {
        let stem = &v[..v.len() - 1];
        out.push(format!("{stem}IES"));
        out.push(format!("{stem}IED"));
    } else if ["S", "X", "Z", "SH", "CH"].iter().any(|e| v.ends_with(e)) {
        out.push(format!("{v}ES"));
        out.push(format!("{v}ED"));
    } else if v.ends_with('E') {
        out.push(format!("{v}S"));
        out.push(format!("{v}D"));
    } else {
        out.push(format!("{v}S"));
        out.push(format!("{v}ED"));
    }
    if v.ends_with('E') && v.len() > 2 && !v.ends_with("EE") {
        out.push(format!("{}ING", &v[..v.len() - 1]));
    } else {
        out.push(format!("{v}ING"));
    }
    out
}

/// Splits `text [code] rest` into text before the first bracket and the bracket's inside.
fn split_code(s: &str) -> Result<(&str, Option<&str>), String> {
    match s.find('[') {
        None => Ok((s, None)),
        Some(open) => match s[open..].find(']') {
            Some(close) => Ok((&s[..open], Some(&s[open + 1..open + close]))),
            None => Err(format!("unclosed '[' in {:?}", s.trim())),
        },
    }
}

/// Parses a verb-form line: `BREAK { BROKE BROKEN }`, `+BREAK_DOWN {+BROKE_DOWN}`,
/// `WIRE_+TAP`, `AIM [030]`.
fn parse_form(s: &str, line: usize) -> Result<VerbForm, String> {
    let (head, code) = split_code(s)?;
    let code = code.map(VerbCode::parse).transpose()?;
    let (phrase, braces) = match head.find('{') {
        Some(open) => {
            let close = head[open..]
                .find('}')
                .map(|c| open + c)
                .ok_or_else(|| format!("missing '}}' in {:?}", s.trim()))?;
            (&head[..open], Some(&head[open + 1..close]))
        }
        None => (head, None),
    };
    let (ws, verb_at) = marked_words(phrase);
    if ws.is_empty() {
        return Err(format!("no verb in {:?}", s.trim()));
    }
    let head_i = verb_at.unwrap_or(0);
    let inflections = match braces {
        Some(b) => b
            .split_whitespace()
            .filter_map(|f| {
                let (fw, at) = marked_words(f);
                fw.get(at.unwrap_or(0)).cloned()
            })
            .collect(),
        None => regular_inflections(&ws[head_i]),
    };
    Ok(VerbForm {
        words: ws,
        head: head_i,
        inflections,
        code,
        line,
    })
}

/// Words of a multi-word verb phrase and the index of the word marked with `+`.
fn marked_words(phrase: &str) -> (Vec<String>, Option<usize>) {
    let mut ws = Vec::new();
    let mut at = None;
    for w in phrase.split(|c: char| c == '_' || c.is_whitespace()) {
        if w.is_empty() {
            continue;
        }
        match w.strip_prefix('+') {
            Some(v) if !v.is_empty() => {
                at = Some(ws.len());
                ws.push(v.to_uppercase());
            }
            Some(_) => {}
            None => ws.push(w.to_uppercase()),
        }
    }
    (ws, at)
}

/// Parses a pattern line (without its leading `-`).
fn parse_pattern(s: &str, line: usize) -> Result<VerbPattern, String> {
    let (body, code) = split_code(s)?;
    let code = VerbCode::parse(code.ok_or_else(|| format!("pattern without a code {s:?}"))?)?;
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut before_joined = Vec::new();
    let mut after_joined = Vec::new();
    let mut seen_verb = false;
    // Tokens with their "joined to the previous token by `_`" flag. `*` may touch its
    // neighbours through `_` (`IN_*`, `*_OUT`); a trailing `_` (`KNOWN_ *`) joins the next.
    let spaced = body.replace(['(', ')', '{', '}'], " ");
    let mut toks: Vec<(String, bool)> = Vec::new();
    let mut join_next = false;
    for chunk in spaced.split_whitespace() {
        let chunk = chunk.replace('*', "_*_");
        let mut first = true;
        for piece in chunk.split('_') {
            if piece.is_empty() {
                continue;
            }
            toks.push((piece.to_string(), !first || join_next));
            first = false;
            join_next = false;
        }
        join_next = chunk.ends_with('_') && !chunk.ends_with("_*_");
        if chunk.ends_with("_*_") {
            // `IN_*` : the verb itself was the last piece; nothing joins the next chunk.
            join_next = false;
        }
    }
    // Drop empty words (a lone `+` prefix) before reading adjacency.
    toks.retain(|(t, _)| !t.trim_matches('+').is_empty() || t == "+");
    for (i, (tok, joined)) in toks.iter().enumerate() {
        let el = match tok.as_str() {
            "*" => {
                if seen_verb {
                    return Err(format!("two verbs '*' in {:?}", body.trim()));
                }
                seen_verb = true;
                continue;
            }
            "$" => PatternElement::Source,
            "+" => PatternElement::Target,
            "%" => PatternElement::Compound,
            "^" => PatternElement::Skip,
            t if t.starts_with('&') && t.len() > 1 => PatternElement::Synset(t[1..].to_uppercase()),
            t => PatternElement::Word(t.trim_matches('+').to_uppercase()),
        };
        if seen_verb {
            after.push(el);
            after_joined.push(*joined);
        } else {
            before.push(el);
            before_joined.push(toks.get(i + 1).is_some_and(|(_, j)| *j));
        }
    }
    if !seen_verb {
        return Err(format!("pattern without '*' {:?}", body.trim()));
    }
    Ok(VerbPattern {
        before,
        after,
        before_joined,
        after_joined,
        code,
        text: body.split_whitespace().collect::<Vec<_>>().join(" "),
        line,
    })
}

enum State {
    None,
    Synset,
    Block,
}

/// Reads a verb dictionary from its text. `file` names it in diagnostics. Never fails.
pub fn read_verbs(text: &str, file: &str) -> VerbDictionary {
    let mut dict = VerbDictionary::default();
    let mut state = State::None;
    let diag = |dict: &mut VerbDictionary, line: usize, message: String| {
        dict.diagnostics.push(Diagnostic {
            file: file.to_string(),
            line,
            message,
        })
    };
    for (number, content) in content_lines(text) {
        let s = content.trim();
        if s.starts_with("---") {
            let inner = s.trim_matches('-').trim();
            match split_code(inner) {
                Ok((name, code)) => {
                    let code = match code.map(VerbCode::parse).transpose() {
                        Ok(c) => c.unwrap_or_default(),
                        Err(m) => {
                            diag(&mut dict, number, format!("{m}; block code ignored"));
                            VerbCode::default()
                        }
                    };
                    dict.blocks.push(VerbBlock {
                        name: words(name).join(" "),
                        code,
                        forms: Vec::new(),
                        patterns: Vec::new(),
                        line: number,
                    });
                    state = State::Block;
                }
                Err(m) => diag(&mut dict, number, format!("{m}; block skipped")),
            }
        } else if let Some(name) = s.strip_prefix('&') {
            let name = name.trim().trim_end_matches('_').to_uppercase();
            if name.is_empty() || name.contains(char::is_whitespace) {
                diag(&mut dict, number, format!("bad synset name {s:?}; skipped"));
                continue;
            }
            dict.synsets.push(Synset {
                name,
                members: Vec::new(),
                line: number,
            });
            state = State::Synset;
        } else if s.starts_with('~') {
            dict.transformations += 1;
        } else if let Some(p) = s.strip_prefix('-') {
            match (&state, dict.blocks.last_mut()) {
                (State::Block, Some(block)) => match parse_pattern(p, number) {
                    Ok(pat) => block.patterns.push(pat),
                    Err(m) => diag(&mut dict, number, format!("{m}; pattern skipped")),
                },
                _ => diag(
                    &mut dict,
                    number,
                    "pattern outside a verb block; skipped".into(),
                ),
            }
        } else if let (State::Synset, Some(member)) = (&state, s.strip_prefix('+')) {
            let ws = words(member);
            match dict.synsets.last_mut() {
                Some(set) if !ws.is_empty() => set.members.push(ws),
                _ => diag(&mut dict, number, "empty synset member; skipped".into()),
            }
        } else if let (State::Block, Some(block)) = (&state, dict.blocks.last_mut()) {
            match parse_form(s, number) {
                Ok(f) => block.forms.push(f),
                Err(m) => diag(&mut dict, number, format!("{m}; verb skipped")),
            }
        } else {
            diag(
                &mut dict,
                number,
                format!("line {s:?} outside any block or synset; skipped"),
            );
        }
    }
    dict
}

/// Reads a discards file: one phrase a line, `+` for story-level discards.
pub fn read_discards(text: &str, _file: &str) -> Vec<Discard> {
    content_lines(text)
        .into_iter()
        .filter_map(|(line, c)| {
            let s = c.trim();
            let (story, phrase) = match s.strip_prefix('+') {
                Some(p) => (true, p),
                None => (false, s),
            };
            let ws = words(phrase);
            (!ws.is_empty()).then_some(Discard {
                words: ws,
                story,
                line,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXCERPT: &str = "<!-- SYNSETS -->
&CURRENCY
+DOLLARS
+SWISS FRANCS   # comment

&TIES
+&CURRENCY
+DIPLOMATIC_TIES

####### VERB PATTERNS #######
--- BREAK [1717] ---
BREAK { BROKE BROKEN  }
+BREAK_DOWN {+BREAKS_DOWN +BROKE_DOWN }
WIRE_+TAP
AIM [030]
- + KNOWN_ * IN_ $  [076]  #  pattern CONNECT-15D
- * (TO {BANNED PARTIES}) +   [032:033]
- % * [:110]
- * &TIES [---]
- NO VERB [010]
~ a (a b ATTACK) SAY = a b 015
";

    #[test]
    fn reads_synsets_blocks_forms_patterns() {
        let d = read_verbs(EXCERPT, "x.txt");
        assert_eq!(d.synsets.len(), 2);
        assert_eq!(d.synsets[0].members[1], ["SWISS", "FRANCS"]);
        assert_eq!(d.synsets[1].members[0], ["&CURRENCY"]);
        assert_eq!(d.blocks.len(), 1);
        let b = &d.blocks[0];
        assert_eq!(b.name, "BREAK");
        assert_eq!(b.code.forward.as_deref(), Some("1717"));
        assert_eq!(b.forms.len(), 4);
        assert_eq!(b.forms[0].inflections, ["BROKE", "BROKEN"]);
        assert_eq!(
            (b.forms[1].words.clone(), b.forms[1].head),
            (vec!["BREAK".to_string(), "DOWN".into()], 0)
        );
        assert_eq!(b.forms[1].inflections, ["BREAKS", "BROKE"]);
        assert_eq!(b.forms[2].head, 1);
        assert_eq!(b.forms[2].inflections, ["TAPS", "TAPED", "TAPING"]);
        assert_eq!(
            b.forms[3]
                .code
                .as_ref()
                .and_then(|c| c.forward.clone())
                .as_deref(),
            Some("030")
        );
        assert_eq!(b.patterns.len(), 4, "{:?}", d.diagnostics);
        use PatternElement::*;
        assert_eq!(b.patterns[0].before, [Target, Word("KNOWN".into())]);
        assert_eq!(b.patterns[0].after, [Word("IN".into()), Source]);
        // `+ KNOWN_ * IN_ $`: KNOWN touches the verb, IN touches $ (trailing `_`), not the verb.
        assert_eq!(b.patterns[0].before_joined, [false, true]);
        assert_eq!(b.patterns[0].after_joined, [false, true]);
        assert_eq!(b.patterns[1].after_joined, [false, false, false, false]);
        assert_eq!(
            b.patterns[1].after,
            [
                Word("TO".into()),
                Word("BANNED".into()),
                Word("PARTIES".into()),
                Target
            ]
        );
        assert_eq!(b.patterns[1].code.reverse.as_deref(), Some("033"));
        assert_eq!(b.patterns[2].code.forward, None);
        assert_eq!(b.patterns[2].code.reverse.as_deref(), Some("110"));
        assert!(b.patterns[3].code.is_null());
        assert_eq!(b.patterns[3].after, [Synset("TIES".into())]);
        // "- NO VERB" has no '*': reported with its line.
        assert_eq!(d.diagnostics.len(), 1);
        assert_eq!(d.diagnostics[0].line, 20);
        assert_eq!(d.transformations, 1);
    }

    #[test]
    fn bad_lines_are_diagnostics() {
        let d = read_verbs(
            "- * X [010]\n--- A [0?1] ---\nA\n- * B [01\n- * C [!!]\n",
            "y",
        );
        assert_eq!(d.blocks.len(), 1);
        assert_eq!(d.blocks[0].forms.len(), 1);
        assert_eq!(d.pattern_count(), 0);
        assert_eq!(d.diagnostics.len(), 4);
    }

    #[test]
    fn inflections() {
        assert_eq!(
            regular_inflections("RESTORE"),
            ["RESTORES", "RESTORED", "RESTORING"]
        );
        assert_eq!(
            regular_inflections("CARRY"),
            ["CARRIES", "CARRIED", "CARRYING"]
        );
        assert_eq!(regular_inflections("PUSH"), ["PUSHES", "PUSHED", "PUSHING"]);
    }

    #[test]
    fn discards() {
        let d = read_discards(
            "# c\nMONTHS LATER\n+World Golf Championships   # pas\n",
            "d",
        );
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[0].words.join(" "), d[0].story),
            ("MONTHS LATER".into(), false)
        );
        assert_eq!(
            (d[1].words.join(" "), d[1].story),
            ("WORLD GOLF CHAMPIONSHIPS".into(), true)
        );
    }
}
