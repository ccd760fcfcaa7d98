//! Reading articles as users have them: plain text in any encoding, HTML pages, JSON Lines,
//! from files, directories, standard input or memory.
//!
//! Every entry point yields [`vigie_core::Document`]s holding only `id`, `meta`, `text` and
//! `warnings`; the pipeline adds everything else. Inputs that give no document yield an
//! [`InputError`] item in their place, and reading goes on with the next input (or the next
//! line of a JSON Lines file).
//!
//! Contracts, for every entry point:
//! - **The text is never rewritten.** For text inputs, `doc.text` is the decoded input exactly,
//!   minus a leading byte-order mark: line endings, spaces and typography are untouched, so
//!   offsets computed later point into what the user gave. HTML pages are the one exception:
//!   their text is the extracted main content, one paragraph per line (see below).
//! - **Encodings.** A byte-order mark (UTF-8, UTF-16LE/BE) decides; valid UTF-8 is UTF-8;
//!   otherwise a legacy encoding (Windows-1252, ISO-8859-x, …) is detected. The encoding used
//!   is recorded in `meta.source.encoding`; a guessed one or replaced bytes add a warning.
//! - **Binary input** (NUL bytes, many control characters, a PNG/PDF/ZIP/ELF signature) is
//!   rejected with [`InputError::Binary`].
//! - **Size.** An input above [`ReadOptions::max_bytes`] (64 MiB by default) is refused with
//!   [`InputError::TooLarge`]; in JSON Lines the limit applies to each line.
//! - **Empty input** (no bytes, only whitespace, a page without visible text) is an
//!   [`InputError::Empty`], not an empty document: no stage has anything to do with one. An
//!   empty JSON Lines file has no records and yields nothing; blank lines are skipped.
//! - **No panics** on any input: every failure is an `InputError` item.
//!
//! Formats, chosen by [`ReadOptions::format`], else by extension, else by content:
//! - *HTML* (`.html`, `.htm`, `.xhtml`, or content starting with page markup): main content
//!   found by `dom_smoothie` (see `CHOICE.md`), with title, author, date, site name, language
//!   and canonical URL in `meta`. Paragraphs, headings and list items are separated by exactly
//!   one `\n`. A page where no main content is found gives its whole visible `<body>` text and
//!   a `no-main-content` warning.
//! - *JSON Lines* (`.jsonl`, `.ndjson`, `.json` starting with `{`, content starting with `{`):
//!   one document per line from `{"id", "url", "date", "title", "author", "site_name",
//!   "lang" | "language", "text" | "html"}`; `meta.source.line` is the 1-based line.
//! - *Text*: anything else that decodes as text.
//!
//! Document ids: a JSON Lines record's `id`, else its `url`, else `path:line`; a file's path;
//! for standard input, the first 16 hex digits of the content's XXH3 hash (stable across runs
//! and releases).

mod decode;
mod error;
mod html;
mod jsonl;
mod reader;

pub use error::{InputError, Origin};
pub use vigie_core::InputFormat;

use reader::DocumentIter;
use std::fmt;
use std::fs::{self, File};
use std::io;
use std::iter;
use std::path::{Path, PathBuf};
use vigie_core::Document;

/// Default for [`ReadOptions::max_bytes`]: 64 MiB per document.
pub const DEFAULT_MAX_BYTES: u64 = 64 << 20;

/// How to read inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Largest input read as one document, in bytes; larger ones give
    /// [`InputError::TooLarge`]. In JSON Lines it limits each line, and files stream.
    pub max_bytes: u64,
    /// Read every input as this format instead of detecting it.
    pub format: Option<InputFormat>,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            format: None,
        }
    }
}

/// One input to read, as [`list_inputs`] finds it: a file, standard input (`-`), or a path
/// that could not be listed, whose error [`read_input`] reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file's path (`-` for standard input).
    pub path: PathBuf,
    /// Its size in bytes, for progress bars; 0 for standard input and paths that could not be
    /// listed.
    pub bytes: u64,
    /// Why the path could not be listed, kept to be reported in order by [`read_input`].
    unlisted: Option<(io::ErrorKind, String)>,
}

impl Input {
    /// Whether this input is standard input.
    pub fn is_stdin(&self) -> bool {
        self.path == Path::new("-")
    }

    fn file(path: PathBuf, bytes: u64) -> Input {
        Input {
            path,
            bytes,
            unlisted: None,
        }
    }

    fn unlisted(path: PathBuf, error: &io::Error) -> Input {
        Input {
            path,
            bytes: 0,
            unlisted: Some((error.kind(), error.to_string())),
        }
    }
}

/// Documents read lazily from one or more inputs, in order: each item is a document or the
/// reason an input (or a JSON Lines line) gave none.
pub struct Documents {
    inner: DocumentIter,
}

impl Iterator for Documents {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next()
    }
}

impl fmt::Debug for Documents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Documents").finish_non_exhaustive()
    }
}

/// Reads a file, a directory, or standard input (`-`).
///
/// A directory is walked recursively in file-name order (so runs are reproducible), following
/// symbolic links, skipping hidden entries (names starting with `.`) and files whose extension
/// marks them as not articles (images, archives, media, office documents, executables, fonts,
/// stylesheets, scripts). A file named explicitly is always read. Unreadable files and
/// directories are error items. Nothing is read before the iterator is advanced, and only one
/// input is held in memory at a time.
pub fn read_path(path: &Path, opts: &ReadOptions) -> Documents {
    let opts = opts.clone();
    Documents {
        inner: Box::new(walk(path).flat_map(move |input| read_input(&input, &opts))),
    }
}

/// Reads several paths one after the other, as [`read_path`] reads each.
pub fn read_paths<P: AsRef<Path>>(paths: &[P], opts: &ReadOptions) -> Documents {
    let readers: Vec<Documents> = paths.iter().map(|p| read_path(p.as_ref(), opts)).collect();
    Documents {
        inner: Box::new(readers.into_iter().flatten()),
    }
}

/// The inputs [`read_paths`] would read, in the same order, with their sizes: for a caller
/// that wants to count files or bytes (a progress bar) before reading each with
/// [`read_input`].
///
/// Listing never fails: a path that cannot be listed (missing, unreadable directory, symbolic
/// link loop) is an [`Input`] whose reading yields the error.
pub fn list_inputs<P: AsRef<Path>>(paths: &[P]) -> Vec<Input> {
    paths.iter().flat_map(|p| walk(p.as_ref())).collect()
}

/// Reads one input found by [`list_inputs`]: a file, standard input, or the error that kept
/// it from being listed.
pub fn read_input(input: &Input, opts: &ReadOptions) -> Documents {
    let origin = Origin::File(input.path.clone());
    let inner: DocumentIter = if let Some((kind, message)) = &input.unlisted {
        let error = InputError::io(&origin, io::Error::new(*kind, message.clone()));
        Box::new(iter::once(Err(error)))
    } else if input.is_stdin() {
        reader::read_stream(Box::new(io::stdin()), Origin::Stdin, None, opts)
    } else {
        match File::open(&input.path) {
            Ok(handle) => {
                let size = handle
                    .metadata()
                    .ok()
                    .filter(|m| m.is_file())
                    .map(|m| m.len());
                reader::read_stream(Box::new(handle), origin, size, opts)
            }
            Err(error) => Box::new(iter::once(Err(InputError::io(&origin, error)))),
        }
    };
    Documents { inner }
}

/// Reads standard input, detecting its format from its content (HTML, JSON Lines or text)
/// unless [`ReadOptions::format`] says.
///
/// JSON Lines stream line by line; other formats are read whole, up to
/// [`ReadOptions::max_bytes`].
pub fn read_stdin(opts: &ReadOptions) -> Documents {
    read_from(io::stdin(), Origin::Stdin, opts)
}

/// Reads one input from any reader (standard input, a network stream…), named by `origin`.
///
/// The format comes from [`ReadOptions::format`], else from `origin`'s extension, else from
/// the content. Reading starts when the iterator is first advanced.
pub fn read_from<R: io::Read + Send + 'static>(
    reader: R,
    origin: Origin,
    opts: &ReadOptions,
) -> Documents {
    let opts = opts.clone();
    let mut pending = Some((reader, origin));
    // Defer the first read, as the other entry points do.
    let lazy = iter::from_fn(move || pending.take()).flat_map(move |(reader, origin)| {
        reader::read_stream(Box::new(reader), origin, None, &opts)
    });
    Documents {
        inner: Box::new(lazy),
    }
}

/// Reads one input held in memory (a test fixture, an HTTP request body).
///
/// `name` names it in ids, `meta.source.path` and errors (`-` means standard input: the id is
/// then a content hash), and its extension helps detect the format. The format is `format`,
/// else [`ReadOptions::format`], else detected from `name` and the content. Returns one item,
/// or one per JSON Lines line.
///
/// ```
/// use vigie_input::{read_bytes, ReadOptions};
///
/// let jsonl = b"{\"id\": \"a1\", \"text\": \"Le Kremlin a d\xc3\xa9clar\xc3\xa9...\"}\n{\"id\": 2}\n";
/// let items = read_bytes(jsonl, "feed.jsonl", None, &ReadOptions::default());
/// let doc = items[0].as_ref().unwrap();
/// assert_eq!((doc.id.as_str(), doc.text.as_str()), ("a1", "Le Kremlin a déclaré..."));
/// let error = items[1].as_ref().unwrap_err();
/// assert_eq!(error.to_string(), "feed.jsonl:2: missing a `text` or `html` field");
/// ```
pub fn read_bytes(
    bytes: &[u8],
    name: &str,
    format: Option<InputFormat>,
    opts: &ReadOptions,
) -> Vec<Result<Document, InputError>> {
    let origin = match name {
        "-" => Origin::Stdin,
        _ => Origin::Named(name.to_owned()),
    };
    let opts = ReadOptions {
        format: format.or(opts.format),
        ..opts.clone()
    };
    reader::read_bytes(bytes, &origin, &opts)
}

/// The first 16 hex digits of the XXH3-64 hash of `bytes`: an id stable across runs, platforms
/// and releases.
pub(crate) fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

type InputIter = Box<dyn Iterator<Item = Input> + Send>;

/// The inputs under `path`, lazily, as [`read_path`] reads them.
fn walk(path: &Path) -> InputIter {
    if path == Path::new("-") {
        return Box::new(iter::once(Input::file(path.to_owned(), 0)));
    }
    match fs::metadata(path) {
        Err(error) => Box::new(iter::once(Input::unlisted(path.to_owned(), &error))),
        Ok(meta) if !meta.is_dir() => {
            Box::new(iter::once(Input::file(path.to_owned(), meta.len())))
        }
        Ok(_) => {
            let root = path.to_owned();
            let entries = walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()))
                .filter_map(move |entry| match entry {
                    Ok(entry) if entry.file_type().is_file() && !is_non_article(entry.path()) => {
                        let bytes = entry.metadata().map_or(0, |m| m.len());
                        Some(Input::file(entry.into_path(), bytes))
                    }
                    Ok(_) => None,
                    Err(error) => {
                        let path = error.path().unwrap_or(&root).to_owned();
                        Some(Input::unlisted(path, &io::Error::from(error)))
                    }
                });
            Box::new(entries)
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Extensions of files that are never articles, skipped when walking a directory.
const NON_ARTICLE_EXTENSIONS: &[&str] = &[
    // images
    "png", "jpg", "jpeg", "gif", "webp", "avif", "heic", "bmp", "tif", "tiff", "ico", "svg",
    // archives
    "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "tar", // audio and video
    "mp3", "mp4", "m4a", "wav", "ogg", "flac", "avi", "mov", "mkv", "webm",
    // documents that need their own text extraction
    "pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "ppt", "pptx", "odp", "epub",
    // executables, libraries, bytecode
    "exe", "dll", "so", "dylib", "bin", "o", "a", "class", "jar", "wasm", "pyc",
    // fonts and web assets
    "woff", "woff2", "ttf", "otf", "eot", "css", "js", "map",
    // databases and columnar data
    "db", "sqlite", "parquet", "arrow",
];

fn is_non_article(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.ends_with('~') {
        return true; // editor backups
    }
    path.extension().is_some_and(|ext| {
        let ext = ext.to_string_lossy().to_ascii_lowercase();
        NON_ARTICLE_EXTENSIONS.contains(&ext.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_is_stable() {
        // Pinned: ids must not change between releases.
        assert_eq!(content_hash(b"Bonjour"), content_hash(b"Bonjour"));
        assert_eq!(content_hash(b"").len(), 16);
        assert_eq!(content_hash(b""), "2d06800538d394c2");
    }

    #[test]
    fn non_articles_are_recognised_by_extension() {
        assert!(is_non_article(Path::new("a/photo.JPG")));
        assert!(is_non_article(Path::new("a/notes.txt~")));
        assert!(!is_non_article(Path::new("a/article.html")));
        assert!(!is_non_article(Path::new("a/README")));
    }
}
