//! Events: who did what to whom, where and when.
//!
//! The stage reads the dependency parse (`Document::words`), the linked entities and the quotes,
//! and adds [`vigie_core::Event`]s coded in CAMEO (with Goldstein score and QuadClass) and
//! PLOVER.
//!
//! - [`cameo`]: the CAMEO code table (label, Goldstein, QuadClass) and the CAMEO → PLOVER map,
//!   read from `data/cameo.tsv`.
//! - [`frames`]: predicate–argument frames from Universal Dependencies (subjects, objects,
//!   obliques with their preposition; passives, coordination, relative clauses, infinitives).
//! - [`lexicon`]: the editable verb-and-noun lexicons (`data/verbs-fr.tsv`, …) that map a frame
//!   to a CAMEO code.
//! - [`petrarch`]: PETRARCH-style coding of English sentences with PETRARCH verb dictionaries
//!   (`CAMEO.2.0.txt`, or a user's own), over Vigie's parse.
//! - [`attributes`]: date, place, negation, modality (`data/markers.tsv`).
//! - [`stage`]: the pipeline stage putting it together ([`stage::events`]).

pub mod attributes;
pub mod cameo;
pub mod export;
pub mod frames;
pub mod lexicon;
pub mod petrarch;
pub mod stage;

pub use lexicon::Lexicon;
pub use stage::{events, Coder, EventOptions};

/// A line of a data file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct DataError {
    pub file: String,
    pub line: usize,
    pub message: String,
}
