//! Text layer (work in progress).
use vigie_core::Document;

/// Adds paragraphs, languages, sentences and tokens to `doc`.
pub fn annotate(_doc: &mut Document) {}
