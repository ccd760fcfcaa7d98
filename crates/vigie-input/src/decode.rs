//! Bytes to text: byte-order marks, UTF-8, legacy encodings, and telling binary files apart.
//!
//! This module owns the decision "which encoding were these bytes written in" and nothing else.
//! The text it returns is exactly the decoded input, minus a leading byte-order mark: no line
//! endings or spaces are touched, so offsets computed later point into what the user gave.
//!
//! Order of decisions, each one final:
//! 1. known binary signatures (PNG, PDF, ZIP, ELF…) are rejected;
//! 2. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) decides;
//! 3. NUL bytes mean binary, unless they sit on every other byte (UTF-16 without a mark);
//! 4. valid UTF-8 is UTF-8;
//! 5. *mostly* valid UTF-8 (more valid multi-byte characters than invalid sequences) is UTF-8
//!    with U+FFFD replacements and an `invalid-utf8` warning: a damaged UTF-8 file, not a
//!    legacy one;
//! 6. an encoding the document declares (HTML `<meta charset>`) is trusted;
//! 7. otherwise `chardetng` guesses a legacy encoding (Windows-1252, ISO-8859-x, KOI8-R,
//!    Shift_JIS…), with a `guessed-encoding` warning.
//!
//! Finally, text where more than a tenth of the first characters are control characters is
//! rejected as binary.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use vigie_core::{Span, Warning};

/// How many leading bytes the binary checks look at (as git does).
pub(crate) const SNIFF_LEN: usize = 8192;

/// Text decoded from bytes, with the encoding used and what a user should know about it.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub warnings: Vec<Warning>,
}

/// Signatures of binary formats people are likely to point Vigie at by mistake.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document; extract its text first"),
    (b"PK\x03\x04", "ZIP archive or office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "old Microsoft Office document",
    ),
    (b"SQLite format 3\x00", "SQLite database"),
];

/// Decodes `bytes` to text, or says why they are not text.
///
/// `declared` is an encoding the document itself names (an HTML `<meta charset>`); it is used
/// only when the bytes are not UTF-8.
pub(crate) fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<Decoded, String> {
    if let Some(kind) = binary_signature(bytes) {
        return Err(kind.to_owned());
    }
    let decoded = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        decode_with(encoding, &bytes[bom_len..], Vec::new())
    } else if let Some(encoding) = nul_bytes(bytes)? {
        let guessed = Warning {
            code: "guessed-encoding".into(),
            message: format!(
                "decoded as {} without a byte-order mark (guessed from the position of NUL bytes)",
                encoding.name()
            ),
            span: None,
        };
        decode_with(encoding, bytes, vec![guessed])
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        Decoded {
            text: text.to_owned(),
            encoding: UTF_8,
            warnings: Vec::new(),
        }
    } else if let Some(decoded) = damaged_utf8(bytes) {
        decoded
    } else if let Some(encoding) = declared.filter(|e| e.is_ascii_compatible() && *e != UTF_8) {
        decode_with(encoding, bytes, Vec::new())
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
        let guessed = Warning {
            code: "guessed-encoding".into(),
            message: format!(
                "the input is not UTF-8; decoded as {} (guessed)",
                encoding.name()
            ),
            span: None,
        };
        decode_with(encoding, bytes, vec![guessed])
    };
    if let Some(reason) = control_characters(&decoded.text) {
        return Err(reason);
    }
    Ok(decoded)
}

/// The kind of binary file `bytes` start like, if any.
pub(crate) fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// Whether `prefix` (the first bytes of an input) shows it is binary; the reason if so.
///
/// The cheap check run before deciding how to read an input; [`decode`] repeats it.
pub(crate) fn sniff_binary(prefix: &[u8]) -> Option<String> {
    if let Some(kind) = binary_signature(prefix) {
        return Some(kind.to_owned());
    }
    if Encoding::for_bom(prefix).is_some() {
        return None;
    }
    nul_bytes(prefix).err()
}

/// NUL bytes in the first [`SNIFF_LEN`] bytes: none (`Ok(None)`), laid out like UTF-16 text
/// without a byte-order mark (`Ok(Some(encoding))`), or anything else (`Err`: binary).
fn nul_bytes(bytes: &[u8]) -> Result<Option<&'static Encoding>, String> {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    let mut nuls = [0usize; 2];
    for (i, &b) in sample.iter().enumerate() {
        if b == 0 {
            nuls[i % 2] += 1;
        }
    }
    if nuls == [0, 0] {
        return Ok(None);
    }
    // ASCII-heavy UTF-16 has a NUL in (nearly) every unit's high byte and none in the low one.
    let half = sample.len() / 2;
    let utf16 = |high: usize, low: usize| sample.len() >= 8 && low == 0 && high * 5 >= half;
    if utf16(nuls[1], nuls[0]) {
        Ok(Some(UTF_16LE))
    } else if utf16(nuls[0], nuls[1]) {
        Ok(Some(UTF_16BE))
    } else {
        Err("contains NUL bytes".to_owned())
    }
}

/// Rejects text where more than 10% of the first characters are control characters other than
/// tab, line feed, form feed, carriage return and escape (terminal colours in logs).
fn control_characters(text: &str) -> Option<String> {
    let (mut total, mut control) = (0usize, 0usize);
    for c in text.chars().take(SNIFF_LEN) {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\x0c' | '\r' | '\x1b') && c < '\u{80}' {
            control += 1;
        }
    }
    (control * 10 > total).then(|| {
        format!(
            "{}% of the first characters are control characters",
            control * 100 / total.max(1)
        )
    })
}

/// Decodes UTF-8 that has a few invalid sequences, replacing each with U+FFFD, when valid
/// multi-byte characters outnumber the invalid sequences; `None` otherwise (a legacy encoding
/// is likelier).
fn damaged_utf8(bytes: &[u8]) -> Option<Decoded> {
    let (mut valid_multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    if valid_multibyte < invalid {
        return None;
    }
    let mut text = String::with_capacity(bytes.len());
    let mut first: Option<(usize, usize)> = None; // (offset in text, offset in input)
    let mut input_offset = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        input_offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            first.get_or_insert((text.len(), input_offset));
            text.push(char::REPLACEMENT_CHARACTER);
            input_offset += chunk.invalid().len();
        }
    }
    let (at_text, at_input) = first.unwrap_or_default();
    Some(Decoded {
        text,
        encoding: UTF_8,
        warnings: vec![Warning {
            code: "invalid-utf8".into(),
            message: format!(
                "{invalid} invalid UTF-8 sequence{} replaced with U+FFFD (first at byte {at_input} \
                 of the input)",
                if invalid == 1 { "" } else { "s" }
            ),
            span: Some(Span::new(
                at_text,
                at_text + char::REPLACEMENT_CHARACTER.len_utf8(),
            )),
        }],
    })
}

/// Decodes `bytes` (without a byte-order mark) as `encoding`, warning about replaced bytes.
fn decode_with(encoding: &'static Encoding, bytes: &[u8], mut warnings: Vec<Warning>) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let text = text.into_owned();
    if had_errors {
        let span = text
            .find(char::REPLACEMENT_CHARACTER)
            .map(|at| Span::new(at, at + char::REPLACEMENT_CHARACTER.len_utf8()));
        warnings.push(Warning {
            code: if encoding == UTF_8 {
                "invalid-utf8".into()
            } else {
                "decoding-errors".into()
            },
            message: format!(
                "some bytes are not valid {} and were replaced with U+FFFD",
                encoding.name()
            ),
            span,
        });
    }
    Decoded {
        text,
        encoding,
        warnings,
    }
}

/// The encoding an HTML or XML document declares in its first 1024 bytes (`<meta charset>`,
/// `<meta http-equiv content="…; charset=…">`, `<?xml encoding=…?>`).
///
/// A declared UTF-16 is read as UTF-8, as browsers do: a document whose bytes could be scanned
/// for ASCII markup is not UTF-16.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.to_ascii_lowercase();
    let key_at = |key: &[u8]| {
        head.windows(key.len())
            .position(|w| w == key)
            .map(|at| at + key.len())
    };
    let start = key_at(b"charset=").or_else(|| {
        head.starts_with(b"<?xml")
            .then(|| key_at(b"encoding="))
            .flatten()
    })?;
    let rest = &head[start..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| {
            matches!(
                b,
                b'"' | b'\'' | b';' | b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r'
            )
        })
        .unwrap_or(rest.len());
    let encoding = Encoding::for_label(&rest[..end])?;
    Some(if encoding == UTF_16LE || encoding == UTF_16BE {
        UTF_8
    } else {
        encoding
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_ok(bytes: &[u8]) -> Decoded {
        match decode(bytes, None) {
            Ok(decoded) => decoded,
            Err(reason) => panic!("rejected as binary: {reason}"),
        }
    }

    #[test]
    fn utf8_is_kept_as_is_and_bom_is_stripped() {
        let d = decode_ok("Il a dit\u{a0}: «\u{a0}oui\u{a0}».\r\n".as_bytes());
        assert_eq!(d.text, "Il a dit\u{a0}: «\u{a0}oui\u{a0}».\r\n");
        assert_eq!(d.encoding.name(), "UTF-8");
        assert!(d.warnings.is_empty());
        let d = decode_ok(b"\xef\xbb\xbfHello");
        assert_eq!(d.text, "Hello");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut le = vec![0xff, 0xfe];
        le.extend("Kremlin déclare".encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode_ok(&le);
        assert_eq!(
            (d.text.as_str(), d.encoding.name()),
            ("Kremlin déclare", "UTF-16LE")
        );

        let be: Vec<u8> = "Le chef du Kremlin a déclaré"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let d = decode_ok(&be);
        assert_eq!(d.text, "Le chef du Kremlin a déclaré");
        assert_eq!(d.encoding.name(), "UTF-16BE");
        assert_eq!(d.warnings[0].code, "guessed-encoding");
    }

    #[test]
    fn legacy_encodings_are_detected() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("Le chef du Kremlin a déclaré « l'été » à la télévision. Où ça ? Là-bas.");
        let d = decode_ok(&bytes);
        assert_eq!(d.encoding.name(), "windows-1252");
        assert!(d.text.contains("déclaré « l'été »"), "{}", d.text);
        assert_eq!(d.warnings[0].code, "guessed-encoding");
    }

    #[test]
    fn damaged_utf8_stays_utf8_with_a_located_warning() {
        let mut bytes = "Élysée, Kremlin, déclaré, été: ".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xc3 x \xff");
        let d = decode_ok(&bytes);
        assert_eq!(d.encoding.name(), "UTF-8");
        assert_eq!(d.text, "Élysée, Kremlin, déclaré, été: \u{fffd} x \u{fffd}");
        let w = &d.warnings[0];
        assert_eq!(w.code, "invalid-utf8");
        assert!(
            w.message.starts_with("2 invalid UTF-8 sequences"),
            "{}",
            w.message
        );
        let span = w.span.expect("span");
        assert_eq!(&d.text[span.range()], "\u{fffd}");
    }

    #[test]
    fn declared_charset_is_used_for_non_utf8_bytes() {
        let html = b"<html><head><meta charset=\"iso-8859-15\"></head><body>\xa4 5</body></html>";
        assert_eq!(
            declared_charset(html).map(Encoding::name),
            Some("ISO-8859-15")
        );
        let d = decode(html, declared_charset(html)).expect("text");
        assert!(d.text.contains("€ 5"));
        assert!(d.warnings.is_empty());
        let xml = b"<?xml version='1.0' encoding='windows-1251'?><html/>";
        assert_eq!(
            declared_charset(xml).map(Encoding::name),
            Some("windows-1251")
        );
        let meta = b"<meta http-equiv=Content-Type content=\"text/html; charset=UTF-16\">";
        assert_eq!(declared_charset(meta).map(Encoding::name), Some("UTF-8"));
    }

    #[test]
    fn binary_inputs_are_rejected() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(decode(png, None).unwrap_err(), "PNG image");
        let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0";
        assert_eq!(decode(elf, None).unwrap_err(), "ELF executable");
        let nul = b"abc\0\0\0\x01\x02\0\0\0xyz\0";
        assert_eq!(decode(nul, None).unwrap_err(), "contains NUL bytes");
        let controls = b"\x01\x02\x03\x04 ab\x05\x06";
        assert!(decode(controls, None)
            .unwrap_err()
            .contains("control characters"));
        assert!(decode(b"", None).is_ok());
    }
}
