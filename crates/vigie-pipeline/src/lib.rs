//! The pipeline: one [`Pipeline::process`] that every entry point (CLI, server, batch ingest)
//! calls, running each component over a [`Document`] in order.

use vigie_core::{Document, Metadata};

/// Runs Vigie's components over documents.
#[derive(Debug, Default)]
pub struct Pipeline {}

impl Pipeline {
    pub fn new() -> Pipeline {
        Pipeline {}
    }

    /// Annotates `doc` in place (paragraphs, language, sentences, tokens, …).
    pub fn process(&self, doc: &mut Document) {
        vigie_text::annotate(doc, &vigie_text::TextOptions::default());
    }

    /// Convenience: a document from a bare text, annotated.
    pub fn process_text(&self, id: &str, text: &str) -> Document {
        let mut doc = Document::new(id, text, Metadata::default());
        self.process(&mut doc);
        doc
    }
}
