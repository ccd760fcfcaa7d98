//! Paragraph detection.
//!
//! News text puts one paragraph per line. Some plain-text sources (mail, wire copy, books)
//! hard-wrap lines at ~70 characters and separate paragraphs with blank lines; those are
//! recognised and their lines joined. Offsets are byte offsets into the text given.

/// The line breaks (the scan [`next_line_break`] finds them byte by byte).
#[cfg(test)]
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The first line break at or after byte `from` (a character boundary), found byte by byte:
/// the bytes tested never occur inside another character's encoding.
fn next_line_break(s: &str, from: usize) -> Option<(usize, char)> {
    let b = s.as_bytes();
    let mut i = from;
    while let Some(&x) = b.get(i) {
        let c = match x {
            b'\n' | b'\r' | 0x0B | 0x0C => Some(char::from(x)),
            0xC2 if b.get(i + 1) == Some(&0x85) => Some('\u{85}'),
            0xE2 if b.get(i + 1) == Some(&0x80) => match b.get(i + 2) {
                Some(0xA8) => Some('\u{2028}'),
                Some(0xA9) => Some('\u{2029}'),
                _ => None,
            },
            _ => None,
        };
        if let Some(c) = c {
            return Some((i, c));
        }
        i += 1;
    }
    None
}

/// Lines as (start, end) without their terminators, trimmed of surrounding whitespace; blank
/// lines are kept as `None` to mark breaks.
fn lines(s: &str) -> Vec<Option<(usize, usize)>> {
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let next_break = next_line_break(s, start);
        let end = next_break.map_or(s.len(), |(i, _)| i);
        let line = &s[start..end];
        let trimmed_start = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        out.push(
            (!trimmed.is_empty())
                .then(|| (start + trimmed_start, start + trimmed_start + trimmed.len())),
        );
        match next_break {
            Some((i, c)) => {
                start = i + c.len_utf8();
                // "\r\n" is one break.
                if c == '\r' && s.as_bytes().get(start) == Some(&b'\n') {
                    start += 1;
                }
            }
            None => break,
        }
    }
    out
}

/// Whether the lines look hard-wrapped: blank lines between blocks of several lines of similar
/// length that mostly do not end a sentence.
fn hard_wrapped(s: &str, lines: &[Option<(usize, usize)>]) -> bool {
    let blanks = lines.iter().filter(|l| l.is_none()).count();
    if blanks == 0 {
        return false;
    }
    let mut in_blocks = 0usize;
    let mut wrapped_like = 0usize;
    for (i, l) in lines.iter().enumerate() {
        let Some((a, b)) = *l else { continue };
        let next_is_text = lines.get(i + 1).is_some_and(Option::is_some);
        if !next_is_text {
            continue; // last line of a block: may be short and end with a period
        }
        in_blocks += 1;
        let line = &s[a..b];
        let n = line.chars().count();
        let ends_sentence = line.ends_with(['.', '!', '?', '»', '"', ':']);
        if (40..=100).contains(&n) && !ends_sentence {
            wrapped_like += 1;
        }
    }
    in_blocks >= 2 && wrapped_like * 10 >= in_blocks * 7
}

/// Paragraph ranges of `s`.
pub fn paragraphs(s: &str) -> Vec<(usize, usize)> {
    let lines = lines(s);
    if !hard_wrapped(s, &lines) {
        return lines.into_iter().flatten().collect();
    }
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for l in lines {
        match (l, current) {
            (Some((a, b)), None) => current = Some((a, b)),
            (Some((_, b)), Some((a, _))) => current = Some((a, b)),
            (None, Some(p)) => {
                out.push(p);
                current = None;
            }
            (None, None) => {}
        }
    }
    out.extend(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_paragraph_per_line_in_news_text() {
        let s = "Titre\r\nPremier paragraphe.\n\n  Deuxième.  \nLIRE AUSSI";
        let p: Vec<&str> = paragraphs(s).into_iter().map(|(a, b)| &s[a..b]).collect();
        assert_eq!(
            p,
            ["Titre", "Premier paragraphe.", "Deuxième.", "LIRE AUSSI"]
        );
    }

    #[test]
    fn hard_wrapped_blocks_are_joined() {
        let s = "The quick brown fox jumps over the lazy dog and then it\nruns away into the forest where nobody can find it\nanymore.\n\nA second paragraph that is also wrapped at a fixed\nwidth like an old e-mail message would be written.\n";
        let p = paragraphs(s);
        assert_eq!(p.len(), 2);
        assert!(s[p[0].0..p[0].1].ends_with("anymore."));
    }

    #[test]
    fn every_line_break_is_found_as_a_character_scan_finds_it() {
        let s = "a\rb\r\nc\u{0B}d\u{0C}e\u{85}f\u{2028}g\u{2029}h\u{2027}i\u{A085}é\u{C5}\n";
        let mut from = 0;
        let mut found = Vec::new();
        while let Some((i, c)) = next_line_break(s, from) {
            found.push((i, c));
            from = i + c.len_utf8();
        }
        let expected: Vec<(usize, char)> = s
            .char_indices()
            .filter(|&(_, c)| is_line_break(c))
            .collect();
        assert_eq!(found, expected);
        assert_eq!(found.len(), 9);
    }
}
