//! JSON Lines: one article per line, read lazily so corpora of any size stream through.
//!
//! Each non-blank line is an object with a `text` or an `html` field (`text` wins when both are
//! there) and optionally `id`, `url`, `date`, `title`, `author`, `site_name` and `lang` or
//! `language`; other fields are ignored. A line that cannot be used becomes an error item
//! naming the line, and reading goes on with the next one. Blank lines are skipped.

use crate::error::{InputError, Origin};
use crate::{content_hash, html};
use serde_json::{Map, Value};
use std::io::{self, BufRead};
use vigie_core::{Document, InputFormat, Metadata, Source};

/// The documents of a JSON Lines stream, one per non-blank line, in order.
pub(crate) struct JsonlRecords<R> {
    reader: R,
    origin: Origin,
    max_bytes: u64,
    /// Number of lines read so far (the 1-based number of the last one).
    line: u64,
    /// Byte offset of the next line from the start of the input.
    offset: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlRecords<R> {
    /// Reads records from `reader`, refusing lines longer than `max_bytes`.
    pub(crate) fn new(reader: R, origin: Origin, max_bytes: u64) -> JsonlRecords<R> {
        JsonlRecords {
            reader,
            origin,
            max_bytes,
            line: 0,
            offset: 0,
            buf: Vec::new(),
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for JsonlRecords<R> {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            let line_start = self.offset;
            let read = read_line_limited(&mut self.reader, &mut self.buf, self.max_bytes);
            let (consumed, too_long) = match read {
                Ok((0, _)) => break,
                Ok(read) => read,
                Err(error) => {
                    self.done = true;
                    return Some(Err(InputError::Io {
                        origin: self.origin.clone(),
                        line: Some(self.line + 1),
                        error,
                    }));
                }
            };
            self.line += 1;
            self.offset += consumed;
            if too_long {
                return Some(Err(InputError::TooLarge {
                    origin: self.origin.clone(),
                    line: Some(self.line),
                    size: Some(consumed),
                    limit: self.max_bytes,
                }));
            }
            let mut bytes = self.buf.as_slice();
            let mut content_start = line_start;
            if self.line == 1 {
                if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
                    bytes = rest;
                    content_start += 3;
                }
            }
            let bytes = trim_line_end(bytes);
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(record(bytes, &self.origin, self.line, content_start));
        }
        self.done = true;
        None
    }
}

fn trim_line_end(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    bytes.strip_suffix(b"\r").unwrap_or(bytes)
}

/// Reads one line, through its `\n`, into `buf`. Returns the bytes consumed (0 at the end of
/// the input) and whether the line, without its end, is longer than `max` bytes; a line that
/// long is consumed but not kept.
fn read_line_limited<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: u64,
) -> io::Result<(u64, bool)> {
    let mut consumed = 0u64;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            break;
        }
        let (chunk, line_end) = match available.iter().position(|&b| b == b'\n') {
            Some(at) => (&available[..=at], true),
            None => (available, false),
        };
        let n = chunk.len();
        consumed += n as u64;
        if consumed <= max.saturating_add(2) {
            buf.extend_from_slice(chunk);
        } else {
            buf.clear();
        }
        reader.consume(n);
        if line_end {
            break;
        }
    }
    let too_long = if consumed <= max.saturating_add(2) {
        trim_line_end(buf).len() as u64 > max
    } else {
        true
    };
    Ok((consumed, too_long))
}

/// The document of one JSON Lines record. `offset` is the byte offset of `bytes` in the input,
/// for error messages.
pub(crate) fn record(
    bytes: &[u8],
    origin: &Origin,
    line: u64,
    offset: u64,
) -> Result<Document, InputError> {
    let record_error = |message: String| InputError::Record {
        origin: origin.clone(),
        line,
        message,
    };
    let json = std::str::from_utf8(bytes).map_err(|e| InputError::NotUtf8 {
        origin: origin.clone(),
        line,
        offset: offset + e.valid_up_to() as u64,
    })?;
    let value: Value = serde_json::from_str(json).map_err(|e| InputError::Json {
        origin: origin.clone(),
        line,
        column: e.column() as u64,
        message: json_message(&e),
    })?;
    let Value::Object(fields) = value else {
        return Err(record_error(format!(
            "expected a JSON object, found {}",
            kind(&value)
        )));
    };
    let field = |names: &[&str]| string_field(&fields, names).map_err(record_error);
    let id = match fields.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            return Err(record_error(format!(
                "field `id` must be a string or a number, not {}",
                kind(other)
            )))
        }
    };
    let mut meta = Metadata {
        url: field(&["url"])?,
        title: field(&["title"])?,
        author: field(&["author"])?,
        date: field(&["date"])?,
        site_name: field(&["site_name"])?,
        declared_language: field(&["lang", "language"])?,
        source: Source {
            path: Some(origin.source_path()),
            line: Some(line),
            format: InputFormat::Jsonl,
            encoding: "UTF-8".to_owned(),
            bytes: bytes.len() as u64,
        },
    };
    let id = id
        .filter(|id| !id.is_empty())
        .or_else(|| meta.url.clone())
        .unwrap_or_else(|| match origin {
            Origin::Stdin => content_hash(bytes),
            _ => format!("{}:{line}", origin.source_path()),
        });
    let empty = |what| InputError::Empty {
        origin: origin.clone(),
        line: Some(line),
        what,
    };
    if let Some(text) = field(&["text"])? {
        if text.trim().is_empty() {
            return Err(empty("the `text` field is empty"));
        }
        return Ok(Document::new(id, text, meta));
    }
    let Some(page) = field(&["html"])? else {
        return Err(record_error("missing a `text` or `html` field".to_owned()));
    };
    let page = html::extract(&page).map_err(|message| InputError::Html {
        origin: origin.clone(),
        line: Some(line),
        message,
    })?;
    if page.text.trim().is_empty() {
        return Err(empty("the `html` field has no visible text"));
    }
    // The record's own fields win over what the page says.
    meta.url = meta.url.or(page.url);
    meta.title = meta.title.or(page.title);
    meta.author = meta.author.or(page.author);
    meta.date = meta.date.or(page.date);
    meta.site_name = meta.site_name.or(page.site_name);
    meta.declared_language = meta.declared_language.or(page.language);
    let mut doc = Document::new(id, page.text, meta);
    doc.warnings = page.warnings;
    Ok(doc)
}

/// The first of `names` present and not null, which must be a string.
fn string_field(fields: &Map<String, Value>, names: &[&str]) -> Result<Option<String>, String> {
    for name in names {
        match fields.get(*name) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) => return Ok(Some(s.clone())),
            Some(other) => {
                return Err(format!(
                    "field `{name}` must be a string, not {}",
                    kind(other)
                ))
            }
        }
    }
    Ok(None)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without the " at line L column C" it appends (we say it our way).
fn json_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    message
        .strip_suffix(&suffix)
        .map(str::to_owned)
        .unwrap_or(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &str, max: u64) -> Vec<Result<Document, InputError>> {
        JsonlRecords::new(input.as_bytes(), Origin::File("in.jsonl".into()), max).collect()
    }

    #[test]
    fn lines_become_documents_or_located_errors() {
        let input = "\u{feff}{\"id\": 7, \"text\": \"Bonjour\", \"lang\": \"fr\"}\r\n\
                     \n\
                     {\"url\": \"https://ex.org/a\", \"text\": \"B\"}\n\
                     {\"text\": 3}\n\
                     [1]\n\
                     {\"title\": \"x\"";
        let items = read_all(input, 1 << 20);
        assert_eq!(items.len(), 5);
        let doc = items[0].as_ref().expect("line 1");
        assert_eq!((doc.id.as_str(), doc.text.as_str()), ("7", "Bonjour"));
        assert_eq!(doc.meta.declared_language.as_deref(), Some("fr"));
        assert_eq!(doc.meta.source.line, Some(1));
        let doc = items[1].as_ref().expect("line 3");
        assert_eq!(
            (doc.id.as_str(), doc.meta.source.line),
            ("https://ex.org/a", Some(3))
        );
        let messages: Vec<String> = items[2..]
            .iter()
            .map(|item| item.as_ref().expect_err("bad line").to_string())
            .collect();
        assert_eq!(
            messages,
            [
                "in.jsonl:4: field `text` must be a string, not a number",
                "in.jsonl:5: expected a JSON object, found an array",
                "in.jsonl:6: not valid JSON at column 13: EOF while parsing an object",
            ]
        );
    }

    #[test]
    fn long_lines_are_refused_and_skipped() {
        let input = format!(
            "{{\"text\": \"{}\"}}\n{{\"text\": \"ok\"}}\n",
            "x".repeat(100)
        );
        let items = read_all(&input, 50);
        assert!(matches!(
            items[0],
            Err(InputError::TooLarge {
                line: Some(1),
                size: Some(113),
                ..
            })
        ));
        assert_eq!(items[1].as_ref().expect("line 2").text, "ok");
        // The limit is on the line, not its end.
        let exact = format!("{{\"text\": \"{}\"}}\r\n", "y".repeat(38));
        assert!(read_all(&exact, 50)[0].is_ok());
    }

    #[test]
    fn invalid_utf8_is_located_in_the_input() {
        let input = b"{\"text\": \"a\"}\n{\"text\": \"\xe9t\xe9\"}\n";
        let items: Vec<_> =
            JsonlRecords::new(&input[..], Origin::File("in.jsonl".into()), 1 << 20).collect();
        let err = items[1].as_ref().expect_err("latin-1 line");
        assert!(
            matches!(
                err,
                InputError::NotUtf8 {
                    line: 2,
                    offset: 24,
                    ..
                }
            ),
            "{err}"
        );
    }
}
