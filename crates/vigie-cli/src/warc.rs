//! WARC archives (ISO 28500; the format of web crawls such as Common Crawl's CC-NEWS), plain
//! or gzip-compressed (`.warc.gz`, one gzip member per record, read as one stream).
//!
//! Each `response` record with an HTML or text payload, and each `resource`/`conversion`
//! record, becomes one document through `vigie_input::read_bytes` (so HTML extraction,
//! encodings and limits are those of every other input): the id and `meta.url` are the
//! record's `WARC-Target-URI`, and `meta.date` its `WARC-Date` when the page gives none.
//! Other records (`request`, `metadata`, `warcinfo`, non-HTML responses) are skipped. A
//! malformed record ends the archive with an error item; the documents before it are kept.

use flate2::read::MultiGzDecoder;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use vigie_core::{Document, InputFormat};
use vigie_input::ReadOptions;

/// Whether `path` names a WARC archive (`.warc`, `.warc.gz`).
pub fn is_warc(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// A document, or the error of one record (`archive#record-number: reason`).
pub type Item = Result<Document, String>;

/// Reads the archive at `path`, lazily, record by record.
pub fn read_warc(path: &Path, opts: &ReadOptions) -> Box<dyn Iterator<Item = Item> + Send> {
    let shown = path.display().to_string();
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return Box::new(std::iter::once(Err(format!("{shown}: cannot read: {e}")))),
    };
    let reader: Box<dyn Read + Send> = if shown.to_ascii_lowercase().ends_with(".gz") {
        Box::new(MultiGzDecoder::new(BufReader::new(file)))
    } else {
        Box::new(file)
    };
    Box::new(read_warc_from(reader, &shown, opts))
}

/// Reads WARC records from any reader (tests, stdin).
pub fn read_warc_from<R: Read + Send + 'static>(
    reader: R,
    name: &str,
    opts: &ReadOptions,
) -> impl Iterator<Item = Item> + Send {
    WarcDocuments {
        reader: BufReader::new(Box::new(reader) as Box<dyn Read + Send>),
        name: name.to_owned(),
        opts: opts.clone(),
        record: 0,
        done: false,
    }
}

struct WarcDocuments {
    reader: BufReader<Box<dyn Read + Send>>,
    name: String,
    opts: ReadOptions,
    record: u64,
    done: bool,
}

struct Record {
    headers: Vec<(String, String)>,
    block: Vec<u8>,
}

impl Record {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Largest header section accepted, in bytes: a guard against reading a binary file as WARC.
const MAX_HEADER_BYTES: usize = 64 << 10;

impl WarcDocuments {
    /// The next record, `Ok(None)` at the end of the archive.
    fn next_record(&mut self) -> Result<Option<Record>, String> {
        let mut line = Vec::new();
        // Skip blank lines between records.
        loop {
            line.clear();
            let n = self
                .reader
                .read_until(b'\n', &mut line)
                .map_err(|e| e.to_string())?;
            if n == 0 {
                return Ok(None);
            }
            if !line.iter().all(|b| b.is_ascii_whitespace()) {
                break;
            }
        }
        if !line.starts_with(b"WARC/") {
            return Err("not a WARC record (no `WARC/` version line)".into());
        }
        let mut headers = Vec::new();
        let mut header_bytes = line.len();
        loop {
            line.clear();
            let n = self
                .reader
                .read_until(b'\n', &mut line)
                .map_err(|e| e.to_string())?;
            header_bytes += n;
            if n == 0 {
                return Err("archive ends inside a record header".into());
            }
            if header_bytes > MAX_HEADER_BYTES {
                return Err("record header too long".into());
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            if let Some((k, v)) = text.split_once(':') {
                headers.push((k.trim().to_owned(), v.trim().to_owned()));
            }
        }
        let length: u64 = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.parse().ok())
            .ok_or("record without a valid Content-Length")?;
        if length > self.opts.max_bytes.saturating_mul(2) {
            // Too large to be an article: skip its bytes.
            std::io::copy(&mut (&mut self.reader).take(length), &mut std::io::sink())
                .map_err(|e| e.to_string())?;
            return Ok(Some(Record {
                headers,
                block: Vec::new(),
            }));
        }
        let mut block = Vec::with_capacity(length as usize);
        (&mut self.reader)
            .take(length)
            .read_to_end(&mut block)
            .map_err(|e| e.to_string())?;
        if (block.len() as u64) < length {
            return Err("archive ends inside a record (truncated)".into());
        }
        Ok(Some(Record { headers, block }))
    }
}

/// HTTP header names (lower-cased) and values.
type Headers = Vec<(String, String)>;

/// Splits an HTTP response into (headers, body), decoding chunked transfer and gzip.
fn http_payload(block: &[u8]) -> Option<(Headers, Vec<u8>)> {
    let end = block.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&block[..end]);
    let mut lines = head.lines();
    let status = lines.next()?;
    if !status.starts_with("HTTP/") {
        return None;
    }
    let code = status.split_whitespace().nth(1)?;
    if !code.starts_with('2') {
        return None;
    }
    let headers: Headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = block[end + 4..].to_vec();
    let has = |k: &str, v: &str| {
        headers
            .iter()
            .any(|(hk, hv)| hk == k && hv.to_ascii_lowercase().contains(v))
    };
    if has("transfer-encoding", "chunked") {
        body = dechunk(&body)?;
    }
    if has("content-encoding", "gzip") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&body[..])
            .read_to_end(&mut out)
            .ok()?;
        body = out;
    }
    Some((headers, body))
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..).unwrap_or(&[]);
    }
}

impl Iterator for WarcDocuments {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            self.record += 1;
            let record = match self.next_record() {
                Ok(Some(r)) => r,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(format!("{}#{}: {e}", self.name, self.record)));
                }
            };
            let kind = record
                .header("WARC-Type")
                .unwrap_or("")
                .to_ascii_lowercase();
            let date = record.header("WARC-Date").map(str::to_owned);
            let uri = record
                .header("WARC-Target-URI")
                .map(|u| u.trim_matches(['<', '>']).to_owned());
            let (payload, content_type) = match kind.as_str() {
                "response" => match http_payload(&record.block) {
                    Some((headers, body)) => {
                        let ct = headers
                            .iter()
                            .find(|(k, _)| k == "content-type")
                            .map(|(_, v)| v.to_ascii_lowercase())
                            .unwrap_or_default();
                        (body, ct)
                    }
                    None => continue,
                },
                "resource" | "conversion" => {
                    let ct = record
                        .header("Content-Type")
                        .unwrap_or("text/plain")
                        .to_ascii_lowercase();
                    (record.block, ct)
                }
                _ => continue,
            };
            let format = if content_type.contains("html") {
                InputFormat::Html
            } else if content_type.starts_with("text/") {
                InputFormat::Text
            } else {
                continue;
            };
            if payload.is_empty() {
                continue;
            }
            let name = uri
                .clone()
                .unwrap_or_else(|| format!("{}#{}", self.name, self.record));
            let mut items = vigie_input::read_bytes(&payload, &name, Some(format), &self.opts);
            let Some(item) = items.drain(..).next() else {
                continue;
            };
            return Some(match item {
                Ok(mut doc) => {
                    if doc.meta.url.is_none() {
                        doc.meta.url = uri;
                    }
                    if doc.meta.date.is_none() {
                        doc.meta.date = date;
                    }
                    Ok(doc)
                }
                Err(e) => Err(format!("{}#{}: {e}", self.name, self.record)),
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
             WARC-Date: 2024-06-19T08:00:00Z\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    #[test]
    fn responses_become_documents_and_the_rest_is_skipped() {
        let html = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
            <html><body><article><h1>Sommet</h1><p>Vladimir Poutine est arriv\xc3\xa9 \
            \xc3\xa0 Pyongyang pour signer un trait\xc3\xa9 avec Kim Jong-un.</p></article></body></html>";
        let chunked =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n\
            5\r\nHello\r\n6\r\n world\r\n0\r\n\r\n";
        let mut warc = record("warcinfo", "", b"software: test");
        warc.extend(record(
            "request",
            "https://a.example/1",
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        warc.extend(record("response", "https://a.example/1", html));
        warc.extend(record(
            "response",
            "https://a.example/img",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        warc.extend(record("response", "https://a.example/2", chunked));
        warc.extend(record(
            "response",
            "https://a.example/404",
            b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>no</p>",
        ));
        let docs: Vec<Item> = read_warc_from(
            std::io::Cursor::new(warc),
            "t.warc",
            &ReadOptions::default(),
        )
        .collect();
        assert_eq!(docs.len(), 2, "{docs:?}");
        let first = docs[0].as_ref().unwrap();
        assert_eq!(first.id, "https://a.example/1");
        assert_eq!(first.meta.url.as_deref(), Some("https://a.example/1"));
        assert!(first.text.contains("Pyongyang"));
        assert_eq!(first.meta.date.as_deref(), Some("2024-06-19T08:00:00Z"));
        assert_eq!(docs[1].as_ref().unwrap().text, "Hello world");
    }

    #[test]
    fn a_truncated_archive_keeps_what_came_before_and_reports_the_rest() {
        let mut warc = record("resource", "https://a.example/1", b"Un texte complet.");
        warc.extend_from_slice(
            b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 500\r\n\r\ncourt",
        );
        let docs: Vec<Item> = read_warc_from(
            std::io::Cursor::new(warc),
            "t.warc",
            &ReadOptions::default(),
        )
        .collect();
        assert_eq!(docs.len(), 2);
        assert!(docs[0].is_ok());
        let err = docs[1].as_ref().unwrap_err();
        assert!(
            err.starts_with("t.warc#2: archive ends inside a record"),
            "{err}"
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bytes in [
            &b"\x00\x01garbage"[..],
            b"WARC/1.0\r\nContent-Length: x\r\n\r\n",
            b"WARC/1.0",
        ] {
            let docs: Vec<Item> = read_warc_from(
                std::io::Cursor::new(bytes.to_vec()),
                "g.warc",
                &ReadOptions::default(),
            )
            .collect();
            assert_eq!(docs.len(), 1);
            assert!(docs[0].is_err());
        }
    }
}
