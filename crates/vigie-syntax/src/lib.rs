//! Vigie's trained syntax models: part of speech, morphological features, lemmas
//! ([`Tagger`]) and labelled dependencies ([`Parser`]), with the code that trains them.
//!
//! Models are files in Vigie's binary layout ([`TaggerModel::to_bytes`], [`ParserModel`]),
//! written by `vigie train` and read back in milliseconds. This crate knows nothing of
//! documents: it tags and parses sentences given as words; `vigie-pipeline` maps its output
//! onto a `Document`.

pub mod boundary;
pub mod io;
pub mod lemma;
pub mod lexicon;
pub mod mwt;
pub mod parser;
pub mod perceptron;
pub mod tagger;
pub mod train;

pub use lexicon::Lexicon;
pub use parser::{
    Arc, Parser, ParserWord, TemplateSet, DEFAULT_TEMPLATES, EN_TEMPLATES, TEMPLATE_NAMES,
};
pub use tagger::{TaggedWord, Tagger, KEPT_FEATURES};

/// Errors reading or building models.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("model {name}: corrupt at byte {offset}: {message}")]
    Corrupt {
        name: String,
        offset: usize,
        message: String,
    },
    #[error("model {name}: format version {found}, this Vigie reads version {expected}; rebuild it with `vigie train`")]
    Version {
        name: String,
        found: u32,
        expected: u32,
    },
    #[error("{0}")]
    Data(String),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

const TAGGER_MAGIC: &[u8; 8] = b"VIGIETAG";
const PARSER_MAGIC: &[u8; 8] = b"VIGIEDEP";
/// Bumped whenever the binary layout or the features change.
pub const FORMAT_VERSION: u32 = 1;
/// The parser's own format version (bumped when its features or layout change).
pub const PARSER_FORMAT_VERSION: u32 = 2;

/// A tagger with the metadata of how it was built.
#[derive(Debug, PartialEq)]
pub struct TaggerModel {
    pub language: String,
    /// How it was trained (data files, epochs, seed): shown by `vigie models`.
    pub provenance: String,
    pub tagger: Tagger,
}

/// A parser with the metadata of how it was built.
#[derive(Debug, PartialEq)]
pub struct ParserModel {
    pub language: String,
    pub provenance: String,
    pub parser: Parser,
}

impl TaggerModel {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(TAGGER_MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        io::put_string(&mut out, &self.language);
        io::put_string(&mut out, &self.provenance);
        self.tagger.write_to(&mut out);
        out
    }

    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<TaggerModel, ModelError> {
        let mut r = io::Reader::new(bytes, name);
        r.header(TAGGER_MAGIC, FORMAT_VERSION)?;
        let language = r.string()?;
        let provenance = r.string()?;
        let tagger = Tagger::read_from(&mut r)?;
        Ok(TaggerModel {
            language,
            provenance,
            tagger,
        })
    }
}

impl ParserModel {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(PARSER_MAGIC);
        out.extend_from_slice(&PARSER_FORMAT_VERSION.to_le_bytes());
        io::put_string(&mut out, &self.language);
        io::put_string(&mut out, &self.provenance);
        self.parser.write_to(&mut out);
        out
    }

    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<ParserModel, ModelError> {
        let mut r = io::Reader::new(bytes, name);
        r.header(PARSER_MAGIC, PARSER_FORMAT_VERSION)?;
        let language = r.string()?;
        let provenance = r.string()?;
        let parser = Parser::read_from(&mut r)?;
        Ok(ParserModel {
            language,
            provenance,
            parser,
        })
    }
}

/// Reads a file into memory with the path in the error.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, ModelError> {
    std::fs::read(path).map_err(|source| ModelError::Io {
        path: path.display().to_string(),
        source,
    })
}
