//! Vigie's document model.
//!
//! A [`Document`] owns the original text of one article and carries every annotation as a
//! *stand-off* record: a [`Span`] of byte offsets into that text plus the annotation's data.
//! Nothing in this crate reads files, guesses languages or tokenises: it only defines the shapes
//! the pipeline fills in, and their JSON form (see `docs/schema.md`).
//!
//! Invariant: for every span `s` of a document `d`, `&d.text[s.start..s.end]` is valid (both ends
//! on UTF-8 character boundaries, `start <= end <= text.len()`). [`Document::check_spans`] checks
//! it and the test suites call it on every output.

mod document;
mod span;

pub use document::*;
pub use span::Span;

/// Version of the JSON schema written by [`Document`]'s `Serialize` implementation.
///
/// Bumped on any change a consumer could notice (renamed or removed field, changed meaning).
/// Adding an optional field keeps the version.
pub const SCHEMA_VERSION: u32 = 2;
