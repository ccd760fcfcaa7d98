//! Typographic normalisation that never loses the way back to the original bytes.
//!
//! [`normalize`] returns a [`Normalized`] text for the later stages — plain apostrophes and
//! double quotes, ordinary spaces for the many Unicode spaces, no soft hyphens or zero-width
//! characters, decoded HTML entities, expanded ligatures, composed accents (NFC) — together with
//! an [`Alignment`] that maps any byte range of the normalised text back to the original text.
//!
//! The alignment is a sorted list of [`Edit`]s: every place where the normalised text differs
//! from the original. Between edits the two texts are byte-identical, so the common case (no
//! edit) costs nothing, and mapping an offset is a binary search.

use std::borrow::Cow;
use unicode_normalization::{
    char::canonical_combining_class, is_nfc_quick, IsNormalized, UnicodeNormalization,
};

/// One replacement: `orig` bytes of the original text became `norm` bytes of the normalised one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit {
    pub orig_start: usize,
    pub orig_end: usize,
    pub norm_start: usize,
    pub norm_end: usize,
}

/// Maps byte offsets of a normalised text back to its original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alignment {
    edits: Vec<Edit>,
}

impl Alignment {
    /// The edits, sorted by position.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// Whether the normalised text is identical to the original.
    pub fn is_identity(&self) -> bool {
        self.edits.is_empty()
    }

    /// Maps the start of a normalised range to the original. An offset inside a replacement
    /// maps to the start of the replaced original bytes; an offset right after a deleted
    /// character maps past it.
    pub fn original_start(&self, n: usize) -> usize {
        let i = self.edits.partition_point(|e| e.norm_start <= n);
        match i.checked_sub(1).and_then(|i| self.edits.get(i)) {
            Some(e) if n < e.norm_end => e.orig_start,
            Some(e) => e.orig_end + (n - e.norm_end),
            None => n,
        }
    }

    /// Maps the end of a normalised range to the original. An offset inside a replacement maps
    /// to the end of the replaced original bytes.
    pub fn original_end(&self, n: usize) -> usize {
        // Find the last edit whose normalised start is strictly before n, or an empty edit at n.
        let i = self.edits.partition_point(|e| e.norm_start < n);
        match i.checked_sub(1).and_then(|i| self.edits.get(i)) {
            Some(e) if n <= e.norm_end => e.orig_end,
            Some(e) => e.orig_end + (n - e.norm_end),
            None => n,
        }
    }

    /// Whether any edit touches the normalised range `start..end` (then the token's normalised
    /// form differs from its surface).
    pub fn touches(&self, start: usize, end: usize) -> bool {
        let i = self.edits.partition_point(|e| e.norm_end < start);
        for e in self.edits.iter().skip(i) {
            if e.norm_start >= end {
                break;
            }
            let hit = if e.norm_start == e.norm_end {
                start < e.norm_start
            } else {
                e.norm_end > start
            };
            if hit {
                return true;
            }
        }
        false
    }
}

/// A normalised text and its alignment to the original.
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    pub text: Cow<'a, str>,
    pub alignment: Alignment,
}

impl Normalized<'_> {
    /// The original byte range of the normalised range `start..end`.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.alignment.original_start(start);
        let e = self.alignment.original_end(end).max(s);
        (s, e)
    }
}

/// What a single character normalises to, if anything.
#[inline]
fn replacement(c: char) -> Option<&'static str> {
    Some(match c {
        // Apostrophes and single quotes used as apostrophes.
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' | '\u{FF07}' => "'",
        // Double quotes (guillemets « » are kept: they tell opening from closing).
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' => "\"",
        // Spaces: no-break, narrow no-break, thin, figure, en/em and friends.
        '\u{00A0}' | '\u{202F}' | '\u{2000}'..='\u{200A}' | '\u{205F}' | '\u{3000}' => " ",
        // Invisible characters: soft hyphen, zero-width space, word joiner, BOM.
        '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}' => "",
        // Hyphen look-alikes that are not dashes.
        '\u{2010}' | '\u{2011}' => "-",
        // Latin ligatures (œ and æ are letters of French and stay).
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        _ => return None,
    })
}

/// Longest HTML entity we try to decode (`&CounterClockwiseContourIntegral;` is 33 bytes).
const MAX_ENTITY_LEN: usize = 34;

/// Decodes the HTML entity starting at `s[0] == '&'`, returning its byte length and value.
fn html_entity(s: &str) -> Option<(usize, String)> {
    let semi = s
        .as_bytes()
        .iter()
        .take(MAX_ENTITY_LEN)
        .position(|&b| b == b';')?;
    let candidate = &s[..=semi];
    let body = &candidate[1..semi];
    let valid = !body.is_empty()
        && (body.bytes().all(|b| b.is_ascii_alphanumeric())
            || (body.starts_with('#')
                && body.len() > 1
                && body[1..]
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || b == b'x' || b == b'X')));
    if !valid {
        return None;
    }
    let decoded = html_escape::decode_html_entities(candidate);
    if decoded == candidate {
        return None;
    }
    // Entities decode to characters that are themselves normalised (`&nbsp;` → space).
    let mut out = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        match replacement(c) {
            Some(r) => out.push_str(r),
            None if c == '\0' || (c.is_control() && c != '\n' && c != '\t') => {}
            None => out.push(c),
        }
    }
    Some((candidate.len(), out))
}

/// Normalises `text`; see the module documentation for what changes.
pub fn normalize(text: &str) -> Normalized<'_> {
    let needs_work = text.bytes().any(|b| b >= 0x80 || b == b'&');
    if !needs_work {
        return Normalized {
            text: Cow::Borrowed(text),
            alignment: Alignment::default(),
        };
    }
    let check_nfc = !nfc_quick_yes(text);
    // Without accents to compose, only `&` and non-ASCII characters can change.
    normalize_with(text, check_nfc, check_nfc)
}

/// Whether `text` is NFC by the quick check, as `is_nfc_quick` says. Characters below U+0300
/// are starters that are always allowed in NFC, so only the runs of characters from U+0300 up
/// (lead byte 0xCC or above) need the check.
fn nfc_quick_yes(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0xCC {
            i += 1;
            continue;
        }
        let run_start = i;
        while let Some(c) = text.get(i..).and_then(|r| r.chars().next()) {
            if bytes[i] < 0xCC {
                break;
            }
            i += c.len_utf8();
        }
        if i == run_start {
            return matches!(is_nfc_quick(text.chars()), IsNormalized::Yes);
        }
        if !matches!(is_nfc_quick(text[run_start..i].chars()), IsNormalized::Yes) {
            return false;
        }
    }
    true
}

/// The normalisation proper: `check_nfc` composes accents (the text is not NFC),
/// `char_by_char` visits every character instead of jumping to the next `&` or non-ASCII byte
/// (required when composing: an ASCII letter may be the base of a combining accent).
fn normalize_with(text: &str, check_nfc: bool, char_by_char: bool) -> Normalized<'_> {
    let mut out = String::with_capacity(text.len());
    let mut edits = Vec::new();
    let mut copied_to = 0; // original offset up to which `out` mirrors `text`
    let mut record = |i: usize, orig_len: usize, value: &str, out: &mut String| {
        out.push_str(&text[copied_to..i]);
        let norm_start = out.len();
        out.push_str(value);
        edits.push(Edit {
            orig_start: i,
            orig_end: i + orig_len,
            norm_start,
            norm_end: out.len(),
        });
        copied_to = i + orig_len;
        copied_to
    };
    if char_by_char {
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let (orig_len, value): (usize, Cow<'static, str>) = if c == '&' {
                match html_entity(&text[i..]) {
                    Some((len, v)) => (len, Cow::Owned(v)),
                    None => continue,
                }
            } else if let Some(r) = replacement(c) {
                (c.len_utf8(), Cow::Borrowed(r))
            } else if check_nfc
                && iter
                    .peek()
                    .is_some_and(|&(_, n)| canonical_combining_class(n) != 0)
            {
                // A base character followed by combining marks: compose the cluster.
                let mut end = i + c.len_utf8();
                while let Some(&(j, n)) = iter.peek() {
                    if canonical_combining_class(n) == 0 {
                        break;
                    }
                    end = j + n.len_utf8();
                    iter.next();
                }
                let composed: String = text[i..end].nfc().collect();
                if composed == text[i..end] {
                    continue;
                }
                (end - i, Cow::Owned(composed))
            } else {
                continue;
            };
            let resume = record(i, orig_len, &value, &mut out);
            // Skip the characters an entity consumed.
            while iter.peek().is_some_and(|&(j, _)| j < resume) {
                iter.next();
            }
        }
    } else {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 && b != b'&' {
                i += 1;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
                i += 1;
                continue;
            };
            if c == '&' {
                match html_entity(&text[i..]) {
                    Some((len, v)) => i = record(i, len, &v, &mut out),
                    None => i += 1,
                }
            } else if let Some(r) = replacement(c) {
                i = record(i, c.len_utf8(), r, &mut out);
            } else {
                i += c.len_utf8();
            }
        }
    }
    if edits.is_empty() {
        return Normalized {
            text: Cow::Borrowed(text),
            alignment: Alignment::default(),
        };
    }
    out.push_str(&text[copied_to..]);
    Normalized {
        text: Cow::Owned(out),
        alignment: Alignment { edits },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orig<'a>(text: &'a str, n: &Normalized, s: usize, e: usize) -> &'a str {
        let (a, b) = n.original_range(s, e);
        &text[a..b]
    }

    #[test]
    fn plain_text_is_borrowed() {
        let n = normalize("Plain ASCII text.");
        assert!(matches!(n.text, Cow::Borrowed(_)));
        assert!(n.alignment.is_identity());
    }

    #[test]
    fn apostrophes_spaces_and_quotes_are_normalised_and_map_back() {
        let text = "L\u{2019}accord\u{202F}: \u{201C}oui\u{201D}";
        let n = normalize(text);
        assert_eq!(n.text, "L'accord : \"oui\"");
        let start = n.text.find("accord").unwrap();
        assert_eq!(orig(text, &n, start, start + 6), "accord");
        assert_eq!(orig(text, &n, 0, 2), "L\u{2019}");
        let q = n.text.find("\"oui\"").unwrap();
        assert_eq!(orig(text, &n, q, q + 5), "\u{201C}oui\u{201D}");
    }

    #[test]
    fn soft_hyphen_is_removed_inside_a_word() {
        let text = "inter\u{AD}national";
        let n = normalize(text);
        assert_eq!(n.text, "international");
        assert_eq!(orig(text, &n, 0, n.text.len()), text);
        assert!(n.alignment.touches(0, n.text.len()));
        assert_eq!(orig(text, &n, 0, 5), "inter");
    }

    #[test]
    fn html_entities_and_ligatures() {
        let text = "Tom &amp; Jerry &eacute;t&eacute; &#8217; of\u{FB01}ce &bogus; & x";
        let n = normalize(text);
        assert_eq!(n.text, "Tom & Jerry été ' office &bogus; & x");
        let s = n.text.find("été").unwrap();
        assert_eq!(orig(text, &n, s, s + "été".len()), "&eacute;t&eacute;");
        let s = n.text.find("office").unwrap();
        assert_eq!(orig(text, &n, s, s + 6), "of\u{FB01}ce");
    }

    #[test]
    fn decomposed_accents_are_composed() {
        let text = "e\u{301}te\u{301}";
        let n = normalize(text);
        assert_eq!(n.text, "été");
        assert_eq!(orig(text, &n, 0, n.text.len()), text);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn fast_paths_change_nothing(
            picks in proptest::collection::vec(0..PIECES.len(), 0..24),
            text in proptest::prelude::any::<String>(),
        ) {
            let tricky: String = picks.iter().map(|&k| PIECES[k]).collect();
            for t in [tricky.as_str(), text.as_str()] {
                let yes = matches!(is_nfc_quick(t.chars()), IsNormalized::Yes);
                proptest::prop_assert_eq!(nfc_quick_yes(t), yes, "{:?}", t);
                let n = normalize(t);
                let slow = normalize_with(t, !yes, true);
                proptest::prop_assert_eq!(&n.text, &slow.text);
                proptest::prop_assert_eq!(&n.alignment, &slow.alignment);
            }
        }
    }

    const PIECES: &[&str] = &[
        "a",
        "e",
        "\u{301}",
        "\u{300}",
        "\u{327}",
        "\u{340}",
        "\u{344}",
        "é",
        "&amp;",
        "&eacute;",
        "&#8217;",
        "&bogus;",
        "&",
        ";",
        "\u{2019}",
        "\u{A0}",
        "\u{AD}",
        "\u{FB01}",
        "«",
        " ",
        "x",
        "\u{1E0B}\u{323}",
        "\u{F900}",
        "\u{2126}",
        "ǅ",
        "\u{2FF}",
    ];
}
