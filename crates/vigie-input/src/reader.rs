//! One input (a file, standard input, bytes in memory) to documents: choosing its format,
//! enforcing the size limit, and giving each document its id and source.

use crate::decode::{self, SNIFF_LEN};
use crate::error::{InputError, Origin};
use crate::jsonl::{self, JsonlRecords};
use crate::{content_hash, html, ReadOptions};
use encoding_rs::Encoding;
use std::io::{BufReader, Cursor, Read};
use std::iter;
use vigie_core::{Document, InputFormat, Metadata, Source};

/// The documents of one or more inputs, in order; what the public iterators wrap.
pub(crate) type DocumentIter = Box<dyn Iterator<Item = Result<Document, InputError>> + Send>;

fn single(item: Result<Document, InputError>) -> DocumentIter {
    Box::new(iter::once(item))
}

/// Reads one input from `reader`. `size` is its length when known (a file's), used to refuse
/// a too-large input before reading it.
///
/// JSON Lines stream record by record, the limit applying to each line; other formats are read
/// whole, up to the limit.
pub(crate) fn read_stream(
    mut reader: Box<dyn Read + Send>,
    origin: Origin,
    size: Option<u64>,
    opts: &ReadOptions,
) -> DocumentIter {
    let mut prefix = Vec::with_capacity(SNIFF_LEN);
    if let Err(error) = (&mut reader)
        .take(SNIFF_LEN as u64)
        .read_to_end(&mut prefix)
    {
        return single(Err(InputError::io(&origin, error)));
    }
    let format = match sniff(&origin, &prefix, opts) {
        Ok(format) => format,
        Err(error) => return single(Err(error)),
    };
    let whole_json = origin.extension().as_deref() == Some("json")
        && size.is_some_and(|size| size <= opts.max_bytes);
    let utf16 = Encoding::for_bom(&prefix).is_some_and(|(e, _)| e != encoding_rs::UTF_8);
    if format == InputFormat::Jsonl && !whole_json && !utf16 {
        let reader = BufReader::new(Cursor::new(prefix).chain(reader));
        return Box::new(JsonlRecords::new(reader, origin, opts.max_bytes));
    }
    let too_large = |size| {
        single(Err(InputError::TooLarge {
            origin: origin.clone(),
            line: None,
            size,
            limit: opts.max_bytes,
        }))
    };
    if size.is_some_and(|size| size > opts.max_bytes) {
        return too_large(size);
    }
    let mut bytes = prefix;
    let rest = opts
        .max_bytes
        .saturating_add(1)
        .saturating_sub(bytes.len() as u64);
    if let Err(error) = reader.take(rest).read_to_end(&mut bytes) {
        return single(Err(InputError::io(&origin, error)));
    }
    if bytes.len() as u64 > opts.max_bytes {
        return too_large(size);
    }
    Box::new(read_whole(&bytes, &origin, format, opts).into_iter())
}

/// Reads an input held in memory, whatever its format.
pub(crate) fn read_bytes(
    bytes: &[u8],
    origin: &Origin,
    opts: &ReadOptions,
) -> Vec<Result<Document, InputError>> {
    let prefix = &bytes[..bytes.len().min(SNIFF_LEN)];
    let format = match sniff(origin, prefix, opts) {
        Ok(format) => format,
        Err(error) => return vec![Err(error)],
    };
    if format != InputFormat::Jsonl && bytes.len() as u64 > opts.max_bytes {
        return vec![Err(InputError::TooLarge {
            origin: origin.clone(),
            line: None,
            size: Some(bytes.len() as u64),
            limit: opts.max_bytes,
        })];
    }
    read_whole(bytes, origin, format, opts)
}

/// Refuses binary input and chooses the format, from the first bytes of an input.
fn sniff(origin: &Origin, prefix: &[u8], opts: &ReadOptions) -> Result<InputFormat, InputError> {
    if let Some(reason) = decode::sniff_binary(prefix) {
        return Err(InputError::Binary {
            origin: origin.clone(),
            reason,
        });
    }
    choose_format(origin, prefix, opts.format)
}

/// Reads a complete input of a known format.
fn read_whole(
    bytes: &[u8],
    origin: &Origin,
    format: InputFormat,
    opts: &ReadOptions,
) -> Vec<Result<Document, InputError>> {
    match format {
        InputFormat::Jsonl => read_jsonl(bytes, origin, opts),
        InputFormat::Text | InputFormat::Html => vec![read_document(bytes, origin, format)],
    }
}

fn read_jsonl(
    bytes: &[u8],
    origin: &Origin,
    opts: &ReadOptions,
) -> Vec<Result<Document, InputError>> {
    // JSON is UTF-8, but a Windows tool may have saved it as UTF-16 with a byte-order mark.
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        if encoding != encoding_rs::UTF_8 {
            let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            return read_jsonl(text.as_bytes(), origin, opts);
        }
    }
    // A `.json` file may hold one pretty-printed record rather than one per line.
    if origin.extension().as_deref() == Some("json") {
        let json = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        if let Ok(serde_json::Value::Object(_)) = serde_json::from_slice(json) {
            if json.contains(&b'\n') {
                return vec![jsonl::record(json, origin, 1, 0)];
            }
        }
    }
    JsonlRecords::new(bytes, origin.clone(), opts.max_bytes).collect()
}

/// One text or HTML document from a complete input.
fn read_document(
    bytes: &[u8],
    origin: &Origin,
    format: InputFormat,
) -> Result<Document, InputError> {
    let declared = match format {
        InputFormat::Html => decode::declared_charset(bytes),
        _ => None,
    };
    let decoded = decode::decode(bytes, declared).map_err(|reason| InputError::Binary {
        origin: origin.clone(),
        reason,
    })?;
    let empty = |what| InputError::Empty {
        origin: origin.clone(),
        line: None,
        what,
    };
    if decoded.text.trim().is_empty() {
        return Err(empty(if bytes.is_empty() {
            "the input is empty"
        } else {
            "the input holds only whitespace"
        }));
    }
    let id = match origin {
        Origin::File(_) => origin.source_path(),
        Origin::Named(name) if !name.is_empty() => name.clone(),
        Origin::Named(_) | Origin::Stdin => content_hash(bytes),
    };
    let mut meta = Metadata {
        source: Source {
            path: Some(origin.source_path()),
            line: None,
            format,
            encoding: decoded.encoding.name().to_owned(),
            bytes: bytes.len() as u64,
        },
        ..Metadata::default()
    };
    if format == InputFormat::Text {
        let mut doc = Document::new(id, decoded.text, meta);
        doc.warnings = decoded.warnings;
        return Ok(doc);
    }
    let page = html::extract(&decoded.text).map_err(|message| InputError::Html {
        origin: origin.clone(),
        line: None,
        message,
    })?;
    if page.text.is_empty() {
        return Err(empty("the page has no visible text"));
    }
    meta.url = page.url;
    meta.title = page.title;
    meta.author = page.author;
    meta.date = page.date;
    meta.site_name = page.site_name;
    meta.declared_language = page.language;
    let mut doc = Document::new(id, page.text, meta);
    // Spans of decoding warnings point into the page's markup, not into the extracted text.
    doc.warnings = decoded
        .warnings
        .into_iter()
        .map(|w| vigie_core::Warning { span: None, ..w })
        .chain(page.warnings)
        .collect();
    Ok(doc)
}

/// The format of an input: the caller's choice, else its extension, else its first bytes.
///
/// `.html`/`.htm`/`.xhtml` are HTML, `.jsonl`/`.ndjson` JSON Lines, `.json` JSON Lines when it
/// starts with `{`, `.txt` text; anything else is HTML if it starts with markup that looks like
/// a page, JSON Lines if it starts with `{`, and text otherwise.
fn choose_format(
    origin: &Origin,
    prefix: &[u8],
    forced: Option<InputFormat>,
) -> Result<InputFormat, InputError> {
    if let Some(format) = forced {
        return Ok(format);
    }
    let head = sniff_text(prefix);
    let first = head.chars().next();
    Ok(match origin.extension().as_deref() {
        Some("html" | "htm" | "xhtml" | "shtml") => InputFormat::Html,
        Some("jsonl" | "ndjson") => InputFormat::Jsonl,
        Some("txt" | "text") => InputFormat::Text,
        Some("json") if first == Some('[') => {
            return Err(InputError::Record {
                origin: origin.clone(),
                line: 1,
                message: "a JSON array is not supported: write one object per line \
                          (JSON Lines)"
                    .to_owned(),
            })
        }
        Some("json") if first == Some('{') => InputFormat::Jsonl,
        _ if first == Some('{') => InputFormat::Jsonl,
        _ if looks_like_html(&head) => InputFormat::Html,
        _ => InputFormat::Text,
    })
}

/// The start of an input as text for sniffing: decoded per its byte-order mark, lossily, with
/// leading whitespace removed and at most 1024 characters, lower-cased.
fn sniff_text(prefix: &[u8]) -> String {
    let text = match Encoding::for_bom(prefix) {
        Some((encoding, bom_len)) => encoding.decode_without_bom_handling(&prefix[bom_len..]).0,
        None => String::from_utf8_lossy(prefix),
    };
    text.trim_start()
        .chars()
        .take(1024)
        .collect::<String>()
        .to_lowercase()
}

fn looks_like_html(head: &str) -> bool {
    head.starts_with('<')
        && [
            "<!doctype html",
            "<html",
            "<head",
            "<body",
            "<p>",
            "<p ",
            "<div",
            "<article",
        ]
        .iter()
        .any(|tag| head.contains(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format_of(name: &str, bytes: &[u8]) -> Result<InputFormat, InputError> {
        choose_format(&Origin::Named(name.to_owned()), bytes, None)
    }

    #[test]
    fn formats_follow_extension_then_content() {
        use InputFormat::*;
        assert_eq!(format_of("a.HTM", b"plain").ok(), Some(Html));
        assert_eq!(format_of("a.txt", b"<html><p>x").ok(), Some(Text));
        assert_eq!(format_of("a.ndjson", b"").ok(), Some(Jsonl));
        assert_eq!(format_of("a.json", b"  {\"a\":1}").ok(), Some(Jsonl));
        assert!(format_of("a.json", b"[{\"a\":1}]").is_err());
        assert_eq!(format_of("-", b"\n<!DOCTYPE html><html>").ok(), Some(Html));
        assert_eq!(
            format_of("page", b"<div><p>Bonjour</p></div>").ok(),
            Some(Html)
        );
        assert_eq!(format_of("page", b"<<Breaking>> news").ok(), Some(Text));
        assert_eq!(format_of("x.dat", b"{\"text\":\"a\"}").ok(), Some(Jsonl));
        assert_eq!(format_of("notes", b"Le chef du Kremlin").ok(), Some(Text));
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("<html><body>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(format_of("page", &utf16).ok(), Some(Html));
    }

    #[test]
    fn a_pretty_printed_json_file_is_one_record() {
        let json = b"{\n  \"id\": \"a1\",\n  \"text\": \"Bonjour\"\n}\n";
        let items = read_bytes(
            json,
            &Origin::Named("one.json".into()),
            &ReadOptions::default(),
        );
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].as_ref().expect("record").id, "a1");
    }

    #[test]
    fn size_limit_applies_per_document() {
        let opts = ReadOptions {
            max_bytes: 10,
            ..ReadOptions::default()
        };
        let items = read_bytes(b"0123456789A", &Origin::Named("t.txt".into()), &opts);
        assert!(matches!(
            items[0],
            Err(InputError::TooLarge { size: Some(11), .. })
        ));
        let stream = read_stream(
            Box::new(Cursor::new(b"0123456789A".to_vec())),
            Origin::Stdin,
            None,
            &opts,
        );
        let items: Vec<_> = stream.collect();
        assert!(matches!(
            items[0],
            Err(InputError::TooLarge { size: None, .. })
        ));
        let opts = ReadOptions {
            max_bytes: 12,
            ..ReadOptions::default()
        };
        let jsonl = b"{\"text\":\"a\"}\n{\"text\":\"abcdef\"}\n";
        let items = read_bytes(jsonl, &Origin::Named("t.jsonl".into()), &opts);
        assert!(items[0].is_ok());
        assert!(matches!(
            items[1],
            Err(InputError::TooLarge { line: Some(2), .. })
        ));
    }
}
