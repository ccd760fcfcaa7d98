//! Evaluation of Vigie against held-out gold data.
//!
//! Each evaluation reads a public gold set, runs Vigie's [`Pipeline`](vigie_pipeline::Pipeline)
//! on the raw text, optionally runs an anchor (a peer tool, via the scripts in
//! `scripts/anchors/`) on the same text, and scores both with the same scorer. Nothing here is
//! used at run time by the other crates.

pub mod anchor;
pub mod attribution;
pub mod conllu;
pub mod quotes;
pub mod segmentation;
pub mod syntax;

/// Errors an evaluation can meet: missing data, malformed gold files, a failing anchor.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Format {
        path: String,
        line: usize,
        message: String,
    },
    #[error("anchor {tool} failed: {message}")]
    Anchor { tool: String, message: String },
}
