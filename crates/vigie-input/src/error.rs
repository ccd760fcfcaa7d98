//! [`InputError`]: everything that can go wrong while reading an input, with the context a user
//! needs to find the culprit (which file, which line, which byte).

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Where the bytes of an input come from. Names the input in ids, in
/// [`vigie_core::Source::path`] and in error messages.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A file on disk.
    File(PathBuf),
    /// Standard input (`-` on the command line).
    Stdin,
    /// Bytes handed over by a caller (an HTTP request body, a test), under a name of its choice.
    /// The name's extension, if any, helps detect the format (`"page.html"`).
    Named(String),
}

impl Origin {
    /// The value stored in [`vigie_core::Source::path`]: the path as text, `-` for standard
    /// input, the name for named bytes.
    pub fn source_path(&self) -> String {
        match self {
            Origin::File(path) => path.to_string_lossy().into_owned(),
            Origin::Stdin => "-".to_owned(),
            Origin::Named(name) => name.clone(),
        }
    }

    /// The file-name extension, lower-cased, when the origin has one.
    pub(crate) fn extension(&self) -> Option<String> {
        let name = match self {
            Origin::File(path) => path.file_name()?.to_string_lossy().into_owned(),
            Origin::Stdin => return None,
            Origin::Named(name) => name.rsplit(['/', '\\']).next()?.to_owned(),
        };
        let (stem, ext) = name.rsplit_once('.')?;
        (!stem.is_empty()).then(|| ext.to_ascii_lowercase())
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Stdin => f.write_str("<stdin>"),
            Origin::Named(name) => f.write_str(name),
        }
    }
}

/// Why an input (a file, a line of a JSON Lines file, standard input) gave no document.
///
/// Every variant names its [`Origin`] and, inside JSON Lines, the 1-based line; its `Display`
/// is a sentence a user understands, prefixed `path:line:` like a compiler's.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The input could not be read: missing file, permission denied, a directory that links
    /// back to itself…
    #[error("{origin}{}: cannot read: {error}", at_line(*line))]
    Io {
        origin: Origin,
        line: Option<u64>,
        error: io::Error,
    },
    /// The input is not text: an image, an archive, an executable…
    #[error("{origin}: binary file ({reason}), not text")]
    Binary { origin: Origin, reason: String },
    /// The input (or one JSON Lines record) is larger than [`crate::ReadOptions::max_bytes`].
    #[error("{origin}{}: {}", at_line(*line), too_large(*size, *limit))]
    TooLarge {
        origin: Origin,
        line: Option<u64>,
        /// Size in bytes when known (standard input is only read up to the limit).
        size: Option<u64>,
        limit: u64,
    },
    /// The input holds no text: empty, only whitespace, an HTML page with no visible text, or a
    /// JSON Lines record whose `text` is empty.
    #[error("{origin}{}: no text ({what})", at_line(*line))]
    Empty {
        origin: Origin,
        line: Option<u64>,
        what: &'static str,
    },
    /// A JSON Lines line that is not valid JSON.
    #[error("{origin}:{line}: not valid JSON at column {column}: {message}")]
    Json {
        origin: Origin,
        line: u64,
        /// 1-based column (in bytes) within the line.
        column: u64,
        message: String,
    },
    /// A JSON Lines line that is not UTF-8 (JSON must be).
    #[error(
        "{origin}:{line}: not valid UTF-8 at byte offset {offset} of the input \
         (JSON Lines must be UTF-8)"
    )]
    NotUtf8 {
        origin: Origin,
        line: u64,
        /// Byte offset of the first invalid byte from the start of the input.
        offset: u64,
    },
    /// Valid JSON that is not a usable record: not an object, no `text` or `html`, a field of
    /// the wrong type.
    #[error("{origin}:{line}: {message}")]
    Record {
        origin: Origin,
        line: u64,
        message: String,
    },
    /// The HTML extractor failed on a page (a bug in it, caught so that one page costs one
    /// document and not a whole batch).
    #[error("{origin}{}: HTML extraction failed: {message}", at_line(*line))]
    Html {
        origin: Origin,
        line: Option<u64>,
        message: String,
    },
}

impl InputError {
    /// The input the error concerns.
    pub fn origin(&self) -> &Origin {
        match self {
            InputError::Io { origin, .. }
            | InputError::Binary { origin, .. }
            | InputError::TooLarge { origin, .. }
            | InputError::Empty { origin, .. }
            | InputError::Json { origin, .. }
            | InputError::NotUtf8 { origin, .. }
            | InputError::Record { origin, .. }
            | InputError::Html { origin, .. } => origin,
        }
    }

    /// The 1-based JSON Lines line the error concerns, if any.
    pub fn line(&self) -> Option<u64> {
        match self {
            InputError::Io { line, .. }
            | InputError::TooLarge { line, .. }
            | InputError::Empty { line, .. }
            | InputError::Html { line, .. } => *line,
            InputError::Json { line, .. }
            | InputError::NotUtf8 { line, .. }
            | InputError::Record { line, .. } => Some(*line),
            InputError::Binary { .. } => None,
        }
    }

    pub(crate) fn io(origin: &Origin, error: io::Error) -> InputError {
        InputError::Io {
            origin: origin.clone(),
            line: None,
            error,
        }
    }
}

fn at_line(line: Option<u64>) -> String {
    line.map(|l| format!(":{l}")).unwrap_or_default()
}

fn too_large(size: Option<u64>, limit: u64) -> String {
    match size {
        Some(size) => format!(
            "{} is above the limit of {} per document",
            human_bytes(size),
            human_bytes(limit)
        ),
        None => format!(
            "larger than the limit of {} per document",
            human_bytes(limit)
        ),
    }
}

/// `n` bytes in the largest binary unit that keeps it above 1 (`"512 bytes"`, `"64 MiB"`,
/// `"80.5 MiB"`).
pub(crate) fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_bytes(512), "512 bytes");
        assert_eq!(human_bytes(64 << 20), "64 MiB");
        assert_eq!(human_bytes(80 * (1 << 20) + (1 << 19)), "80.5 MiB");
    }

    #[test]
    fn messages_name_file_and_line() {
        let err = InputError::Json {
            origin: Origin::File("news.jsonl".into()),
            line: 3,
            column: 7,
            message: "expected `:`".into(),
        };
        assert_eq!(
            err.to_string(),
            "news.jsonl:3: not valid JSON at column 7: expected `:`"
        );
        let err = InputError::TooLarge {
            origin: Origin::Stdin,
            line: None,
            size: None,
            limit: 64 << 20,
        };
        assert_eq!(
            err.to_string(),
            "<stdin>: larger than the limit of 64 MiB per document"
        );
    }

    #[test]
    fn extensions_come_from_the_file_name() {
        assert_eq!(
            Origin::File("a/b.HTML".into()).extension().as_deref(),
            Some("html")
        );
        assert_eq!(Origin::File("a.d/README".into()).extension(), None);
        assert_eq!(Origin::Named(".jsonl".into()).extension(), None);
        assert_eq!(Origin::Stdin.extension(), None);
    }
}
