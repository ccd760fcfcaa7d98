//! Errors (what stops loading) and diagnostics (what was skipped while loading).

use std::fmt;
use std::path::PathBuf;

/// Why a knowledge base could not be built from user files.
#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file's name or header says nothing Vigie can read.
    #[error("{path}: unknown dictionary format ({reason})")]
    UnknownFormat { path: PathBuf, reason: String },
    /// The alias index could not be built (a bug, reported rather than a panic).
    #[error("building the alias index: {0}")]
    Index(String),
}

/// A line (or a code on a line) that was skipped while reading a dictionary or data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file name as given to the reader.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What was wrong and what was done ("…; skipped").
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}
