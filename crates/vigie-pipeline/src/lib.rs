//! The pipeline: one [`Pipeline::process`] that every entry point (CLI, server, batch ingest)
//! calls, running each component over a [`Document`] in order.
//!
//! Components today: the text layer (normalisation, paragraphs, boilerplate, languages,
//! tokens, sentences), then [`syntax`] (multi-word tokens, part of speech, features, lemmas,
//! dependencies), then [`ner`] (PER, ORG, LOC, MISC mentions), quotations and their speakers
//! (`vigie-quotes`), entity linking (`vigie-link`), and events (`vigie-events`).

pub mod ner;
pub mod sentences;
pub mod syntax;

use vigie_core::{Document, Metadata};
use vigie_text::TextOptions;

/// Settings shared by every component.
#[derive(Debug, Clone, Default)]
pub struct PipelineOptions {
    /// Force the document language (ISO 639-1) instead of identifying it.
    pub language: Option<String>,
    /// Stop after the text layer (no tagging or parsing).
    pub text_only: bool,
    /// Skip mention recognition (tagging and parsing still run).
    pub no_mentions: bool,
    /// Skip the event stage.
    pub no_events: bool,
    /// Options of the event stage: a user lexicon merged over the shipped one, a coder for
    /// English (PETRARCH).
    pub events: vigie_events::EventOptions,
    /// The knowledge base entities are linked to; `None` is the built-in one. A user's
    /// actors: `Knowledge::from_files` (built-in data plus their files).
    pub knowledge: Option<std::sync::Arc<vigie_knowledge::Knowledge>>,
}

/// Runs Vigie's components over documents. Cheap to share across threads.
#[derive(Debug)]
pub struct Pipeline {
    text: TextOptions,
    syntax: bool,
    mentions: bool,
    events: Option<vigie_events::EventOptions>,
    knowledge: Option<std::sync::Arc<vigie_knowledge::Knowledge>>,
}

impl Default for Pipeline {
    fn default() -> Pipeline {
        Pipeline::with_options(PipelineOptions::default())
    }
}

impl Pipeline {
    /// The default pipeline.
    pub fn new() -> Pipeline {
        Pipeline::default()
    }

    pub fn with_options(opts: PipelineOptions) -> Pipeline {
        Pipeline {
            text: TextOptions {
                language: opts.language,
            },
            syntax: !opts.text_only,
            mentions: !opts.text_only && !opts.no_mentions,
            events: (!opts.text_only && !opts.no_events).then_some(opts.events),
            knowledge: opts.knowledge,
        }
    }

    /// Annotates `doc` in place: paragraphs, languages, sentences, tokens, words, mentions.
    /// Existing annotations from these stages are replaced; `text` is never modified.
    pub fn process(&self, doc: &mut Document) {
        vigie_text::annotate(doc, &self.text);
        // Learnt sentence boundaries for the document's language (part of the text layer).
        if let Some(model) = doc
            .language
            .as_ref()
            .and_then(|l| sentences::model(&l.code))
        {
            sentences::resegment(doc, model);
        }
        if self.syntax {
            syntax::annotate(doc);
            if self.mentions {
                ner::annotate(doc);
            }
            vigie_quotes::annotate(doc, vigie_quotes::Lexicon::builtin());
            let kb = self
                .knowledge
                .as_deref()
                .unwrap_or_else(|| vigie_knowledge::Knowledge::builtin());
            vigie_link::annotate(doc, kb);
            if let Some(events) = &self.events {
                vigie_events::events(doc, events);
            }
        }
    }

    /// A document from a bare text, annotated.
    pub fn process_text(&self, id: &str, text: &str) -> Document {
        let mut doc = Document::new(id, text, Metadata::default());
        self.process(&mut doc);
        doc
    }
}
