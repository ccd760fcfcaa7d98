//! Vigie's knowledge base of actors: people, organisations, countries and cities with their
//! names and aliases in French and English, CAMEO actor codes with validity dates, roles,
//! and agent nouns ("président", "rebelles", "foreign minister") with their CAMEO agent codes.
//!
//! - [`Knowledge::builtin`] loads the data files of `data/` (compiled into the binary) on
//!   first use: `countries.tsv`, `cities.tsv`, `organisations.tsv`, `people.tsv`,
//!   `agents.tsv`, and the Phoenix dictionaries converted to `phoenix_actors.tsv` /
//!   `phoenix_agents.tsv`. [`Knowledge::from_files`] adds users' own files, PETRARCH format
//!   included.
//! - Lookups: [`Knowledge::lookup`] (an exact alias), [`Knowledge::longest_match`] (over a
//!   sentence's tokens, for the NER and linking stages), [`Knowledge::find_all`] (in raw
//!   text), [`Knowledge::code_at`] (the CAMEO code on a date), [`Knowledge::agent`].
//! - [`petrarch`] reads PETRARCH/TABARI actor and agent dictionaries.
//!
//! ```
//! use vigie_knowledge::{Date, Knowledge};
//! let kb = Knowledge::builtin();
//! let putin = kb.lookup("Vladimir Poutine")[0];
//! assert_eq!(kb.actor(putin).id, "Q7747");
//! assert_eq!(kb.code_at(putin, Date::new(2024, 6, 19).unwrap()), Some("RUSGOV"));
//! assert_eq!(kb.agent("ministre des Affaires étrangères"), Some("GOV"));
//! ```
//!
//! This crate never reads files unless asked ([`Knowledge::from_files`]) and never guesses
//! which actor a mention means in context: it returns every candidate, linking decides.

mod builder;
mod date;
mod error;
mod knowledge;
mod model;
mod normalize;
pub mod petrarch;
pub mod petrarch_verbs;

pub use builder::{guess_phoenix_kind, KnowledgeBuilder};
pub use date::Date;
pub use error::{Diagnostic, KnowledgeError};
pub use knowledge::{Knowledge, Match, Stats, MAX_MATCH_TOKENS};
pub use model::{Actor, ActorId, ActorKind, Agent, DatedCode, Lang, Role};
pub use normalize::{is_skipped_mark, normalize, normalize_into, CaseRule};
pub use petrarch::AgentPlacement;
