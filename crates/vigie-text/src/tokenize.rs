//! Tokenisation of normalised text for French and English.
//!
//! A single left-to-right scan cuts a paragraph into *chunks* (runs of letters and digits with
//! their inner joiners: `l'accord`, `Jean-Pierre`, `3,5`, `20/06/2024`, `U.S`), URLs, hashtags,
//! handles, punctuation and symbols; each chunk is then split by the language's rules (French
//! elisions and inverted clitics, English contractions) from the lists in `data/`. Offsets are
//! byte offsets into the *normalised* text; the caller maps them to the original.

use crate::lexicon::{AbbreviationRole, Lexicons};
use vigie_core::TokenKind;

/// The language rules a paragraph is tokenised with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    French,
    English,
    /// Any other language: language-independent rules only.
    Other,
}

impl Lang {
    /// Rules for an ISO 639-1 code.
    pub fn from_code(code: &str) -> Lang {
        match code {
            "fr" => Lang::French,
            "en" => Lang::English,
            _ => Lang::Other,
        }
    }
}

/// A token in normalised-text byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawToken {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// For abbreviations, how they behave at a sentence end.
    pub abbreviation: Option<AbbreviationRole>,
    /// For a surface token made of two syntactic words (English "don't" = "do" + "n't"), the
    /// byte offset where the second word starts; 0 otherwise.
    pub split_at: usize,
}

impl RawToken {
    fn new(start: usize, end: usize, kind: TokenKind) -> RawToken {
        RawToken {
            start,
            end,
            kind,
            abbreviation: None,
            split_at: 0,
        }
    }
}

#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}

/// The ASCII bytes that `char::is_whitespace` accepts.
#[inline]
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

#[inline]
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
        || (!c.is_ascii() && unicode_normalization::char::is_combining_mark(c))
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
}

fn is_emoji_continuation(c: char) -> bool {
    matches!(c as u32, 0xFE0F | 0x200D | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F | 0x20E3)
}

/// Punctuation (as opposed to symbols such as `€`, `%`, `+`).
fn is_punct(c: char) -> bool {
    match c {
        '$' | '%' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~' => false,
        c if c.is_ascii_punctuation() => true,
        '«' | '»' | '‹' | '›' | '‘' | '’' | '‚' | '“' | '”' | '„' | '–' | '—' | '―' | '…' | '¡'
        | '¿' | '·' | '•' | '‐' | '‑' | '‒' | '⁄' | '†' | '‡' | '§' | '¶' | '〈' | '〉' | '「'
        | '」' | '。' | '、' => true,
        _ => false,
    }
}

/// Cuts `s[start..end]` into tokens appended to `out`.
pub fn tokenize(s: &str, start: usize, end: usize, lang: Lang, out: &mut Vec<RawToken>) {
    let lex = Lexicons::builtin();
    let end = end.min(s.len());
    let bytes = s.as_bytes();
    let mut i = start;
    while i < end {
        // ASCII fast path: spaces, and chunks starting with a letter or digit, without decoding
        // a character (any other byte takes the general path below, with the same result).
        let b = bytes[i];
        if is_ascii_space(b) {
            i += 1;
            continue;
        }
        if b.is_ascii_alphanumeric() {
            // Only "www." and "http(s)://" start a URL.
            if matches!(b | 0x20, b'h' | b'w') {
                if let Some(url_end) = url_at(s, i, end) {
                    out.push(RawToken::new(i, url_end, TokenKind::Url));
                    i = url_end;
                    continue;
                }
            }
            let scanned = scan_chunk(s, i, end, lang);
            i = emit_chunk(s, i, scanned, end, lang, lex, out);
            continue;
        }
        let Some(c) = char_at(s, i) else { break };
        let clen = c.len_utf8();
        if c.is_whitespace() {
            i += clen;
            continue;
        }
        if let Some(url_end) = url_at(s, i, end) {
            out.push(RawToken::new(i, url_end, TokenKind::Url));
            i = url_end;
            continue;
        }
        if let Some(tag) = tag_token(s, i, c, end) {
            out.push(tag);
            i = tag.end;
            continue;
        }
        if is_word_char(c) {
            let scanned = scan_chunk(s, i, end, lang);
            i = emit_chunk(s, i, scanned, end, lang, lex, out);
            continue;
        }
        let mark = mark_token(s, i, c, end);
        out.push(mark);
        i = mark.end;
    }
}

/// A hashtag or a handle starting with `c` at `i`, if one does ("#Kim", "@elysee").
fn tag_token(s: &str, i: usize, c: char, end: usize) -> Option<RawToken> {
    if !((c == '#' || c == '@') && char_at(s, i + 1).is_some_and(|n| n.is_alphabetic() || n == '_'))
    {
        return None;
    }
    let mut j = i + 1;
    while let Some(n) = char_at(s, j).filter(|&n| j < end && (is_word_char(n) || n == '_')) {
        j += n.len_utf8();
    }
    let kind = if c == '#' {
        TokenKind::Hashtag
    } else {
        TokenKind::Handle
    };
    Some(RawToken::new(i, j, kind))
}

/// The punctuation, symbol or emoji token starting with `c` at `i`.
fn mark_token(s: &str, i: usize, c: char, end: usize) -> RawToken {
    let bytes = s.as_bytes();
    let clen = c.len_utf8();
    // Punctuation and symbols. Runs of the same sentence-final mark form one token
    // ("...", "?!", "!!!"), as do runs of hyphens ("--").
    let mut j = i + clen;
    if matches!(c, '.' | '!' | '?' | '…') {
        while let Some(n) = char_at(s, j).filter(|&n| j < end && matches!(n, '.' | '!' | '?' | '…'))
        {
            j += n.len_utf8();
        }
    } else if c == '-' {
        while j < end && bytes[j] == b'-' {
            j += 1;
        }
    } else if is_emoji(c) {
        while let Some(n) = char_at(s, j).filter(|_| j < end) {
            if is_emoji_continuation(n) {
                j += n.len_utf8();
                if n == '\u{200D}' {
                    if let Some(m) = char_at(s, j).filter(|&m| j < end && is_emoji(m)) {
                        j += m.len_utf8();
                    }
                }
            } else if (0x1F1E6..=0x1F1FF).contains(&(c as u32))
                && (0x1F1E6..=0x1F1FF).contains(&(n as u32))
                && j == i + clen
            {
                j += n.len_utf8(); // a regional-indicator pair is one flag
            } else {
                break;
            }
        }
    } else if c == '°'
        && char_at(s, j).is_some_and(|n| j < end && matches!(n, 'C' | 'F'))
        && !char_at(s, j + 1).is_some_and(|n| j + 1 < end && is_word_char(n))
    {
        j += 1; // "°C" is one unit
    } else {
        // Combining marks left alone after a symbol stay with it.
        while let Some(n) = char_at(s, j).filter(|&n| j < end && is_mark(n)) {
            j += n.len_utf8();
        }
    }
    let kind = if is_emoji(c) {
        TokenKind::Emoji
    } else if is_punct(c) {
        TokenKind::Punct
    } else {
        TokenKind::Symbol
    };
    RawToken::new(i, j, kind)
}

/// The end of a URL starting at `i`, if one does.
fn url_at(s: &str, i: usize, end: usize) -> Option<usize> {
    let rest = s.get(i..end)?;
    // Called at every token start: compare bytes, allocate nothing.
    let starts = |prefix: &str| {
        rest.as_bytes()
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    let www = starts("www.");
    if !(www || starts("http://") || starts("https://")) {
        return None;
    }
    if i > 0 && s[..i].chars().next_back().is_some_and(is_word_char) {
        return None;
    }
    let mut j = i;
    let mut depth = 0i32;
    for (k, c) in rest.char_indices() {
        if c.is_whitespace() || matches!(c, '«' | '»' | '"' | '<' | '>' | '“' | '”') {
            break;
        }
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => break,
            ')' => depth -= 1,
            _ => {}
        }
        j = i + k + c.len_utf8();
    }
    // Trailing sentence punctuation is not part of the URL.
    while j > i {
        let Some(last) = s[..j].chars().next_back() else {
            break;
        };
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'') {
            j -= last.len_utf8();
        } else {
            break;
        }
    }
    let min = if www { 5 } else { 9 };
    (j - i >= min).then_some(j)
}

/// The end of the run of ASCII letters from `j` (at most `end`), eight bytes at a time: a
/// word ends in one step instead of one branch per letter.
#[inline]
fn ascii_letters_end(bytes: &[u8], mut j: usize, end: usize) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    while j < end {
        let Some(block) = bytes
            .get(j..j + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
        else {
            break;
        };
        let w = u64::from_le_bytes(block);
        // Lower-cased 7-bit bytes: no sum below carries into the next byte.
        let lower = (w & LOW7) | (ONES * 0x20);
        let at_least_a = lower.wrapping_add(ONES * u64::from(0x80 - b'a'));
        let above_z = lower.wrapping_add(ONES * u64::from(0x7f - b'z'));
        let letters = at_least_a & !above_z & !w & HIGH;
        let others = !letters & HIGH;
        if others != 0 {
            let k = (others.trailing_zeros() / 8) as usize;
            return (j + k).min(end);
        }
        j += 8;
    }
    while j < end && bytes[j].is_ascii_alphabetic() {
        j += 1;
    }
    j.min(end)
}

/// The joiners inside a chunk that the rules of [`emit_chunk`] look for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Joiners {
    at: bool,
    period: bool,
    /// An apostrophe or a hyphen: a clitic or a compound to split.
    split: bool,
}

impl Joiners {
    fn add(&mut self, b: u8) {
        match b {
            b'@' => self.at = true,
            b'.' => self.period = true,
            b'\'' | b'-' => self.split = true,
            _ => {}
        }
    }

    /// By reading every byte of a chunk (for the reference tokenizer of the tests).
    #[cfg(test)]
    fn of(chunk: &str) -> Joiners {
        let mut j = Joiners::default();
        for &b in chunk.as_bytes() {
            j.add(b);
        }
        j
    }
}

/// Scans a chunk: word characters with inner joiners, and French/English number groups.
/// Returns its end and the joiners met (those bytes occur in a chunk only as joiners).
fn scan_chunk(s: &str, start: usize, end: usize, lang: Lang) -> (usize, Joiners) {
    let bytes = s.as_bytes();
    let mut joiners = Joiners::default();
    let mut j = start;
    let mut digits_only = true; // the chunk so far is digits and group separators
    let mut group_len = 0usize; // length of the current run of digits
    while j < end {
        let b = bytes[j];
        let c = if b < 0x80 {
            // ASCII: a letter or digit continues the chunk without decoding a character.
            if b.is_ascii_digit() {
                group_len += 1;
                j += 1;
                continue;
            }
            if b.is_ascii_alphabetic() {
                digits_only = false;
                j = ascii_letters_end(bytes, j + 1, end);
                continue;
            }
            char::from(b)
        } else {
            let Some(c) = char_at(s, j) else { break };
            if is_word_char(c) {
                digits_only = false;
                j += c.len_utf8();
                continue;
            }
            c
        };
        // Most chunks end at a space or a punctuation mark that never joins: decided before
        // decoding the characters on either side.
        let may_join = match c {
            '\'' | '-' | '.' | ',' | ':' | '/' | '(' | '@' | '_' | '&' => true,
            ' ' => digits_only && (1..=3).contains(&group_len) && lang == Lang::French,
            _ => false,
        };
        if !may_join {
            break;
        }
        let prev = s[start..j].chars().next_back();
        let next = char_at(s, j + c.len_utf8()).filter(|_| j + c.len_utf8() < end);
        let (Some(p), Some(n)) = (prev, next) else {
            break;
        };
        let join = match c {
            '\'' => p.is_alphabetic() && n.is_alphabetic(),
            '-' => is_word_char(n),
            '.' => {
                (p.is_ascii_digit() && n.is_ascii_digit())
                    || (p.is_lowercase() && n.is_lowercase() && !digits_only)
                    || (p.is_alphabetic()
                        && n.is_alphabetic()
                        && is_single_letter_before(s, start, j))
            }
            ',' | ':' => p.is_ascii_digit() && n.is_ascii_digit(),
            '/' => p.is_ascii_digit() && n.is_ascii_digit(),
            // "traité(e)", "NUMERO(S)": a parenthesised ending of one to three letters.
            '(' => p.is_alphabetic() && paren_ending(s, j, end).is_some(),
            '@' => p.is_alphanumeric() && n.is_alphanumeric() && email_like(s, start, end),
            '_' => is_word_char(n),
            '&' => p.is_uppercase() && n.is_uppercase(),
            // Every group after the first has exactly three digits, so this also holds there.
            ' ' if digits_only && (1..=3).contains(&group_len) && lang == Lang::French => {
                // "1 000", "25 785": a space before exactly three digits.
                let k = j + 1;
                let three = k + 3 <= end && bytes[k..k + 3].iter().all(u8::is_ascii_digit);
                let after = char_at(s, k + 3).filter(|_| k + 3 < end);
                three && !after.is_some_and(is_word_char)
            }
            _ => false,
        };
        if !join {
            break;
        }
        if c.is_ascii() {
            joiners.add(c as u8);
        }
        if !matches!(c, ' ' | ',' | '.' | '/' | ':' | '-') {
            digits_only = false;
        }
        group_len = 0;
        if c == '(' {
            match paren_ending(s, j, end) {
                Some(close) => {
                    j = close;
                    break;
                }
                None => break,
            }
        }
        j += c.len_utf8();
    }
    (j, joiners)
}

/// For `s[j] == '('` followed by one to three letters and `)` and no further letter, the offset
/// just past the `)`.
fn paren_ending(s: &str, j: usize, end: usize) -> Option<usize> {
    let rest = s.get(j + 1..end)?;
    let close = rest.find(')')?;
    let inner = &rest[..close];
    let after = j + 1 + close + 1;
    let ok = (1..=3).contains(&inner.chars().count())
        && inner.chars().all(char::is_alphabetic)
        && !char_at(s, after).is_some_and(|c| after < end && is_word_char(c));
    ok.then_some(after)
}

/// Whether `s[start..j]` is single letters separated by periods ("U", "U.S", "e.g").
fn is_single_letter_before(s: &str, start: usize, j: usize) -> bool {
    s[start..j]
        .split('.')
        .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

/// Whether the chunk starting at `start` looks like an e-mail address (`name@domain.tld`).
fn email_like(s: &str, start: usize, end: usize) -> bool {
    let rest = &s[start..end];
    let word_end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
    let word = rest[..word_end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
    match word.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && domain
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
        }
        None => false,
    }
}

/// Classifies and splits the chunk `s[start..chunk_end]` (with the joiners [`scan_chunk`]
/// met in it), appends its tokens, and returns where scanning resumes (past a final
/// abbreviation period, when there is one).
fn emit_chunk(
    s: &str,
    start: usize,
    (chunk_end, joiners): (usize, Joiners),
    end: usize,
    lang: Lang,
    lex: &Lexicons,
    out: &mut Vec<RawToken>,
) -> usize {
    let chunk = &s[start..chunk_end];
    let first = match chunk.as_bytes().first() {
        Some(&b) if b.is_ascii() => char::from(b),
        _ => chunk.chars().next().unwrap_or(' '),
    };
    let next_is_period = chunk_end < end && s.as_bytes()[chunk_end] == b'.';
    let Joiners {
        at: has_at,
        period: has_period,
        split: has_split,
    } = joiners;

    if has_at {
        out.push(RawToken::new(start, chunk_end, TokenKind::Email));
        return chunk_end;
    }
    if first.is_ascii_digit() {
        if lang == Lang::French {
            // "12h30", "9h": number, "h", number (as in French treebanks).
            if let Some(h) = chunk.find('h') {
                let (hours, minutes) = (&chunk[..h], &chunk[h + 1..]);
                let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
                if (1..=2).contains(&hours.len())
                    && digits(hours)
                    && (minutes.is_empty() || (minutes.len() == 2 && digits(minutes)))
                {
                    out.push(RawToken::new(start, start + h, TokenKind::Number));
                    out.push(RawToken::new(start + h, start + h + 1, TokenKind::Word));
                    if !minutes.is_empty() {
                        out.push(RawToken::new(start + h + 1, chunk_end, TokenKind::Number));
                    }
                    return chunk_end;
                }
            }
        }
        let kind = number_kind(chunk);
        out.push(RawToken::new(start, chunk_end, kind));
        return chunk_end;
    }
    // "J.-P.": hyphenated initials are one token.
    if next_is_period && first.is_uppercase() && chunk.chars().count() == 1 {
        let tail = s.get(chunk_end..end).unwrap_or("");
        let mut it = tail.chars();
        if let (Some('.'), Some('-'), Some(c), Some('.')) =
            (it.next(), it.next(), it.next(), it.next())
        {
            if c.is_uppercase() {
                let stop = chunk_end + 2 + c.len_utf8() + 1;
                out.push(RawToken {
                    start,
                    end: stop,
                    kind: TokenKind::Abbreviation,
                    abbreviation: Some(AbbreviationRole::Title),
                    split_at: 0,
                });
                return stop;
            }
        }
    }
    if next_is_period {
        let with_period = &s[start..chunk_end + 1];
        let role = lex.abbreviations.get(with_period).copied().or_else(|| {
            // "J." is an initial; "U.S." and "e.g." dotted abbreviations.
            if !is_single_letter_before(s, start, chunk_end) {
                None
            } else if has_period {
                Some(AbbreviationRole::Inner)
            } else if first.is_uppercase() {
                Some(AbbreviationRole::Title)
            } else {
                None
            }
        });
        if let Some(role) = role {
            out.push(RawToken {
                start,
                end: chunk_end + 1,
                kind: TokenKind::Abbreviation,
                abbreviation: Some(role),
                split_at: 0,
            });
            return chunk_end + 1;
        }
    }
    if has_period && chunk.chars().any(char::is_lowercase) && looks_like_domain(chunk) {
        out.push(RawToken::new(start, chunk_end, TokenKind::Url));
        return chunk_end;
    }
    if !has_split {
        // Nothing for the clitic rules (as `split_word` finds first).
        out.push(RawToken::new(start, chunk_end, TokenKind::Word));
        return chunk_end;
    }
    split_word(s, start, chunk_end, lang, lex, out);
    chunk_end
}

/// Whether a chunk such as `lemonde.fr` is a bare domain name.
fn looks_like_domain(chunk: &str) -> bool {
    let Some((_, tld)) = chunk.rsplit_once('.') else {
        return false;
    };
    (2..=6).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_lowercase())
        && !chunk.contains('\'')
}

/// Number, date or word, for a chunk starting with a digit.
fn number_kind(chunk: &str) -> TokenKind {
    let b = chunk.as_bytes();
    let is_date = |sep: u8, parts: &[usize]| {
        let pieces: Vec<&[u8]> = b.split(|&x| x == sep).collect();
        pieces.len() == parts.len()
            && pieces.iter().zip(parts).all(|(p, &n)| {
                (p.len() == n || (n == 2 && p.len() == 1)) && p.iter().all(u8::is_ascii_digit)
            })
    };
    if is_date(b'-', &[4, 2, 2])
        || is_date(b'/', &[2, 2, 4])
        || is_date(b'.', &[2, 2, 4])
        || is_date(b'/', &[2, 2, 2])
    {
        return TokenKind::Date;
    }
    if chunk
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | ':' | '/' | '-'))
    {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

fn first_is_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Splits a word chunk by the language's clitic rules and appends the pieces.
fn split_word(
    s: &str,
    start: usize,
    end: usize,
    lang: Lang,
    lex: &Lexicons,
    out: &mut Vec<RawToken>,
) {
    let chunk = &s[start..end];
    // Most words have neither an apostrophe nor a hyphen: nothing to split.
    if !chunk.as_bytes().iter().any(|&b| b == b'\'' || b == b'-') {
        out.push(RawToken::new(start, end, TokenKind::Word));
        return;
    }
    if lex.keep.contains(chunk) || lex.keep.contains(chunk.to_lowercase().as_str()) {
        out.push(RawToken::new(start, end, TokenKind::Word));
        return;
    }
    match lang {
        Lang::French => {
            // Elisions at the front: "l'", "qu'", "jusqu'"; possibly more than one ("qu'l'…" is
            // not French, but "s'" after "qu'" is split by the loop in the scan).
            if let Some(apos) = chunk.find('\'') {
                let head = &chunk[..=apos];
                let lower = head.to_lowercase();
                if apos + 1 < chunk.len() && lex.elisions.contains(&lower) {
                    out.push(RawToken::new(start, start + apos + 1, TokenKind::Word));
                    split_word(s, start + apos + 1, end, lang, lex, out);
                    return;
                }
            }
            // Inverted clitics at the back: "a-t-il", "dit-elle", "donne-le-moi".
            let mut tail = Vec::new();
            let mut stem_end = end;
            loop {
                let stem = &s[start..stem_end];
                let lower = stem.to_lowercase();
                let Some(clitic) = lex
                    .inverted
                    .iter()
                    .find(|c| lower.ends_with(c.as_str()) && lower.len() > c.len())
                else {
                    break;
                };
                let cut = stem_end - clitic.len();
                // Only after a lower-case verb-like stem: "Jean-Le" or "Aix-les" are names.
                let stem_last = s[start..cut].chars().next_back();
                let clitic_text = &s[cut..stem_end];
                if !stem_last.is_some_and(char::is_alphabetic)
                    || clitic_text.chars().any(char::is_uppercase)
                {
                    break;
                }
                tail.push(RawToken::new(cut, stem_end, TokenKind::Word));
                stem_end = cut;
                if lex.keep.contains(&s[start..stem_end]) {
                    break;
                }
            }
            out.push(RawToken::new(start, stem_end, TokenKind::Word));
            out.extend(tail.into_iter().rev());
        }
        Lang::English => {
            let lower = chunk.to_lowercase();
            let contraction = lex
                .contractions
                .iter()
                .find(|suffix| lower.ends_with(suffix.as_str()) && lower.len() > suffix.len());
            // A contraction stays one surface token ("don't"), its two words recorded.
            let (body_end, split) = match contraction {
                Some(suffix) => (end - suffix.len(), end - suffix.len()),
                None => (end, 0),
            };
            let body = &s[start..body_end];
            let keep_whole = !body.contains('-')
                || first_is_upper(body)
                || body
                    .split('-')
                    .next()
                    .is_some_and(|p| lex.english_prefixes.contains(&p.to_lowercase()));
            if keep_whole {
                let mut t = RawToken::new(start, end, TokenKind::Word);
                t.split_at = split;
                out.push(t);
                return;
            }
            // "long-term" → long - term, as in UD English.
            let mut pos = start;
            for (k, part) in body.split('-').enumerate() {
                if k > 0 {
                    out.push(RawToken::new(pos, pos + 1, TokenKind::Punct));
                    pos += 1;
                }
                if !part.is_empty() {
                    out.push(RawToken::new(pos, pos + part.len(), TokenKind::Word));
                }
                pos += part.len();
            }
            if let (Some(last), true) = (out.last_mut(), split > 0) {
                last.end = end;
                last.split_at = split;
            }
        }
        Lang::Other => out.push(RawToken::new(start, end, TokenKind::Word)),
    }
}

/// The tokenizer before its ASCII fast paths, character by character: the tests check that
/// the fast paths change nothing.
#[cfg(test)]
mod reference {
    use super::*;

    pub(super) fn tokenize_reference(
        s: &str,
        start: usize,
        end: usize,
        lang: Lang,
        out: &mut Vec<RawToken>,
    ) {
        let lex = Lexicons::builtin();
        let end = end.min(s.len());
        let mut i = start;
        while i < end {
            let Some(c) = char_at(s, i) else { break };
            let clen = c.len_utf8();
            if c.is_whitespace() {
                i += clen;
                continue;
            }
            if let Some(url_end) = url_at(s, i, end) {
                out.push(RawToken::new(i, url_end, TokenKind::Url));
                i = url_end;
                continue;
            }
            if let Some(tag) = tag_token(s, i, c, end) {
                out.push(tag);
                i = tag.end;
                continue;
            }
            if is_word_char(c) {
                let chunk_end = scan_chunk_reference(s, i, end, lang);
                let joiners = Joiners::of(&s[i..chunk_end]);
                i = emit_chunk(s, i, (chunk_end, joiners), end, lang, lex, out);
                continue;
            }
            let mark = mark_token(s, i, c, end);
            out.push(mark);
            i = mark.end;
        }
    }

    fn scan_chunk_reference(s: &str, start: usize, end: usize, lang: Lang) -> usize {
        let bytes = s.as_bytes();
        let mut j = start;
        let mut digits_only = true; // the chunk so far is digits and group separators
        let mut group_len = 0usize; // length of the current run of digits
        while j < end {
            let Some(c) = char_at(s, j) else { break };
            if is_word_char(c) {
                if c.is_ascii_digit() {
                    group_len += 1;
                } else {
                    digits_only = false;
                }
                j += c.len_utf8();
                continue;
            }
            let prev = s[start..j].chars().next_back();
            let next = char_at(s, j + c.len_utf8()).filter(|_| j + c.len_utf8() < end);
            let (Some(p), Some(n)) = (prev, next) else {
                break;
            };
            let join = match c {
                '\'' => p.is_alphabetic() && n.is_alphabetic(),
                '-' => is_word_char(n),
                '.' => {
                    (p.is_ascii_digit() && n.is_ascii_digit())
                        || (p.is_lowercase() && n.is_lowercase() && !digits_only)
                        || (p.is_alphabetic()
                            && n.is_alphabetic()
                            && is_single_letter_before(s, start, j))
                }
                ',' | ':' => p.is_ascii_digit() && n.is_ascii_digit(),
                '/' => p.is_ascii_digit() && n.is_ascii_digit(),
                // "traité(e)", "NUMERO(S)": a parenthesised ending of one to three letters.
                '(' => p.is_alphabetic() && paren_ending(s, j, end).is_some(),
                '@' => p.is_alphanumeric() && n.is_alphanumeric() && email_like(s, start, end),
                '_' => is_word_char(n),
                '&' => p.is_uppercase() && n.is_uppercase(),
                // Every group after the first has exactly three digits, so this also holds there.
                ' ' if digits_only && (1..=3).contains(&group_len) && lang == Lang::French => {
                    // "1 000", "25 785": a space before exactly three digits.
                    let k = j + 1;
                    let three = k + 3 <= end && bytes[k..k + 3].iter().all(u8::is_ascii_digit);
                    let after = char_at(s, k + 3).filter(|_| k + 3 < end);
                    three && !after.is_some_and(is_word_char)
                }
                _ => false,
            };
            if !join {
                break;
            }
            if !matches!(c, ' ' | ',' | '.' | '/' | ':' | '-') {
                digits_only = false;
            }
            group_len = 0;
            if c == '(' {
                match paren_ending(s, j, end) {
                    Some(close) => {
                        j = close;
                        break;
                    }
                    None => break,
                }
            }
            j += c.len_utf8();
        }
        j
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str, lang: Lang) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, 0, text.len(), lang, &mut out);
        out.iter().map(|t| &text[t.start..t.end]).collect()
    }

    #[test]
    fn french_elisions_and_clitics() {
        assert_eq!(
            toks(
                "Jusqu'où l'accord ira-t-il, lorsqu'on sait qu'aujourd'hui",
                Lang::French
            ),
            [
                "Jusqu'",
                "où",
                "l'",
                "accord",
                "ira",
                "-t-il",
                ",",
                "lorsqu'",
                "on",
                "sait",
                "qu'",
                "aujourd'hui"
            ]
        );
        assert_eq!(
            toks("« Oui », dit-elle.", Lang::French),
            ["«", "Oui", "»", ",", "dit", "-elle", "."]
        );
        assert_eq!(
            toks("un rendez-vous à Saint-Jean-de-Luz", Lang::French),
            ["un", "rendez-vous", "à", "Saint-Jean-de-Luz"]
        );
    }

    #[test]
    fn numbers_dates_and_percentages() {
        assert_eq!(
            toks("1 000 soldats, 3,5 % le 20/06/2024", Lang::French),
            ["1 000", "soldats", ",", "3,5", "%", "le", "20/06/2024"]
        );
        assert_eq!(
            toks("In 2024 500 people paid $1,000.50.", Lang::English),
            ["In", "2024", "500", "people", "paid", "$", "1,000.50", "."]
        );
    }

    #[test]
    fn english_contractions_and_possessives() {
        assert_eq!(
            toks("I don't think Putin's aides can't", Lang::English),
            ["I", "don't", "think", "Putin's", "aides", "can't"]
        );
    }

    #[test]
    fn urls_emails_hashtags() {
        assert_eq!(
            toks("Voir https://example.com/a(b)?x=1. Écrire à redaction@lemonde.fr #Pyongyang @kremlin lemonde.fr", Lang::French),
            ["Voir", "https://example.com/a(b)?x=1", ".", "Écrire", "à", "redaction@lemonde.fr", "#Pyongyang", "@kremlin", "lemonde.fr"]
        );
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            toks("M. Poutine et J. K. Rowling aux U.S. etc.", Lang::French),
            ["M.", "Poutine", "et", "J.", "K.", "Rowling", "aux", "U.S.", "etc."]
        );
    }

    #[test]
    fn letter_runs_end_where_a_byte_scan_ends_them() {
        let text = "Constitutionnellement été AZaz@[`{ abcdefghijklmnopqrstuvwxyzABCDEFGH9 xé\u{1F600}Zz\tq";
        let bytes = text.as_bytes();
        for start in 0..bytes.len() {
            for end in start..=bytes.len() {
                let mut j = start;
                while j < end && bytes[j].is_ascii_alphabetic() {
                    j += 1;
                }
                assert_eq!(ascii_letters_end(bytes, start, end), j, "{start}..{end}");
            }
        }
    }

    /// Pieces that exercise every branch of the scan: joiners, numbers, URLs, clitics,
    /// abbreviations, non-ASCII letters, marks, spaces and emoji.
    const PIECES: &[&str] = &[
        "l'",
        "accord",
        "Jean-Pierre",
        "-t-il",
        "dit-elle",
        "3,5",
        "1 000",
        "20/06/2024",
        "12h30",
        "U.S.",
        "M.",
        "etc.",
        "e.g.",
        "J.-P.",
        "https://example.com/a(b)?x=1",
        "www.lemonde.fr",
        "lemonde.fr",
        "a@b.fr",
        "#Kim",
        "@kremlin",
        "traité(e)",
        "AT&T",
        "don't",
        "Putin's",
        "long-term",
        "e-mail",
        "été",
        "Œuvre",
        "e\u{301}",
        "«",
        "»",
        "\"",
        "...",
        "?!",
        "--",
        "—",
        "…",
        "°C",
        "😀\u{200D}😀",
        "🇫🇷",
        "\u{A0}",
        "\u{85}",
        " ",
        "  ",
        "\n",
        "\t",
        ".",
        ",",
        ":",
        "(",
        ")",
        "_x",
        "$",
        "%",
        "2024",
        "h",
        "w",
        "x",
        "É",
        "ß",
        "\u{301}",
        "'",
        "-",
        "/",
        "&",
        "@",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn fast_paths_change_no_token(
            picks in proptest::collection::vec(0..PIECES.len(), 0..24),
            lang in proptest::sample::select(vec![Lang::French, Lang::English, Lang::Other]),
        ) {
            let text: String = picks.iter().map(|&k| PIECES[k]).collect();
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            tokenize(&text, 0, text.len(), lang, &mut fast);
            reference::tokenize_reference(&text, 0, text.len(), lang, &mut slow);
            proptest::prop_assert_eq!(fast, slow, "{:?}", text);
        }

        #[test]
        fn fast_paths_change_no_token_on_any_string(text in proptest::prelude::any::<String>()) {
            for lang in [Lang::French, Lang::English] {
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                tokenize(&text, 0, text.len(), lang, &mut fast);
                reference::tokenize_reference(&text, 0, text.len(), lang, &mut slow);
                proptest::prop_assert_eq!(fast, slow);
            }
        }
    }
}
