//! The compiled knowledge base and its lookups.

use crate::builder::KnowledgeBuilder;
use crate::date::Date;
use crate::error::{Diagnostic, KnowledgeError};
use crate::model::{Actor, ActorId, ActorKind, Agent};
use crate::normalize::{normalize, normalize_into, strip_article, surface_case, CaseRule};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

/// Longest phrase, in tokens, that [`Knowledge::longest_match`] tries.
pub const MAX_MATCH_TOKENS: usize = 16;

/// A knowledge base: actors, their aliases compiled into an `fst::Map` over normalised keys
/// (see [`crate::normalize`]), and agent nouns.
pub struct Knowledge {
    pub(crate) actors: Vec<Actor>,
    pub(crate) ids: FxHashMap<String, ActorId>,
    pub(crate) map: fst::Map<Vec<u8>>,
    /// Per key: `[start, any_end, capital_end, end]` into `postings`; `start..any_end`
    /// match any surface, `start..capital_end` a capitalised one, `start..end` one in
    /// capitals (see [`CaseRule`]).
    pub(crate) entries: Vec<[u32; 4]>,
    pub(crate) postings: Vec<ActorId>,
    pub(crate) agents: FxHashMap<String, Agent>,
    /// The keys of `agents`, sorted, for [`Knowledge::agent_key_starts_with`].
    pub(crate) agent_keys: Vec<Box<str>>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) build_time: Duration,
}

/// An occurrence of a known alias in a text ([`Knowledge::find_all`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match<'k> {
    /// Byte offsets into the text given to `find_all`.
    pub start: usize,
    pub end: usize,
    /// The actors the alias names (several when ambiguous), in data-file order.
    pub actors: &'k [ActorId],
}

/// Counts for `vigie kb stats`.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub actors: usize,
    pub by_kind: BTreeMap<ActorKind, usize>,
    /// Actors per source (an actor merged from several sources counts in each).
    pub by_source: BTreeMap<String, usize>,
    pub alias_keys: usize,
    pub agents: usize,
    pub diagnostics: usize,
    pub build_time: Duration,
}

static BUILTIN: OnceLock<Knowledge> = OnceLock::new();

impl std::fmt::Debug for Knowledge {
    /// Counts only: the index itself is not worth printing.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Knowledge")
            .field("actors", &self.actors.len())
            .field("alias_keys", &self.entries.len())
            .field("agents", &self.agents.len())
            .field("diagnostics", &self.diagnostics.len())
            .finish()
    }
}

impl Knowledge {
    /// The built-in knowledge base (data files compiled into the binary), built on first use
    /// and shared. Never fails: should the index not build, it is empty and
    /// [`diagnostics`](Knowledge::diagnostics) says why.
    pub fn builtin() -> &'static Knowledge {
        BUILTIN.get_or_init(|| {
            KnowledgeBuilder::new()
                .with_builtin()
                .build()
                .unwrap_or_else(|e| Knowledge::empty_with(e.to_string()))
        })
    }

    fn empty_with(message: String) -> Knowledge {
        Knowledge {
            actors: Vec::new(),
            ids: FxHashMap::default(),
            map: fst::Map::default(),
            entries: Vec::new(),
            postings: Vec::new(),
            agents: FxHashMap::default(),
            agent_keys: Vec::new(),
            diagnostics: vec![Diagnostic {
                file: "builtin".into(),
                line: 0,
                message,
            }],
            build_time: Duration::ZERO,
        }
    }

    /// The built-in data plus users' files: PETRARCH `*.actors.txt` / `*.agents.txt`
    /// dictionaries or Vigie TSV files (told by their header). Errors only when a file cannot
    /// be read or its format is unknown; malformed lines are in
    /// [`diagnostics`](Knowledge::diagnostics).
    pub fn from_files<P: AsRef<Path>>(paths: &[P]) -> Result<Knowledge, KnowledgeError> {
        let mut b = KnowledgeBuilder::new().with_builtin();
        for p in paths {
            b.add_file(p.as_ref())?;
        }
        b.build()
    }

    /// The actor behind an id returned by this knowledge base.
    ///
    /// Panics if `id` comes from another `Knowledge` and is out of range; use
    /// [`get`](Knowledge::get) when unsure.
    pub fn actor(&self, id: ActorId) -> &Actor {
        &self.actors[id.0 as usize]
    }

    /// The actor behind `id`, if in range.
    pub fn get(&self, id: ActorId) -> Option<&Actor> {
        self.actors.get(id.0 as usize)
    }

    /// Resolves a stable identifier: a QID (`Q7747`), `phoenix:VLADIMIR_PUTIN_`,
    /// `geonames:1871859`, `iso3166:RUS`, `cameo:RUS`…
    pub fn by_id(&self, id: &str) -> Option<ActorId> {
        self.ids.get(id).copied()
    }

    /// Every actor, in load order.
    pub fn actors(&self) -> impl Iterator<Item = (ActorId, &Actor)> {
        self.actors
            .iter()
            .enumerate()
            .map(|(i, a)| (ActorId(i as u32), a))
    }

    /// Postings of a normalised key that a surface written with case `case` may match.
    fn postings_of(&self, key: &str, case: CaseRule) -> Option<&[ActorId]> {
        let entry = self.map.get(key)?;
        self.slice(entry, case)
    }

    fn slice(&self, entry: u64, case: CaseRule) -> Option<&[ActorId]> {
        let &[start, any_end, capital_end, end] = self.entries.get(entry as usize)?;
        let end = match case {
            CaseRule::Any => any_end,
            CaseRule::Capital => capital_end,
            CaseRule::Upper => end,
        };
        let s = self.postings.get(start as usize..end as usize)?;
        (!s.is_empty()).then_some(s)
    }

    /// Exact alias lookup after [`normalize`](crate::normalize): "Poutine", "Vladimir
    /// Poutine", "PUTIN", "Kim Jong-un", "P'yŏngyang" all resolve. A leading article ("le
    /// président russe", "l'OTAN", "the Kremlin") is tried without when the whole text is not
    /// an alias. Case matters only as [`CaseRule`] says: an acronym of three letters or
    /// fewer ("UN", "AU", "US") matches only when written in capitals, a one-word Phoenix
    /// name only when capitalised ("Marche" the region, not "marche"). Returns an empty slice when nothing matches.
    pub fn lookup(&self, text: &str) -> &[ActorId] {
        if let Some(s) = self.postings_of(&normalize(text), surface_case([text])) {
            return s;
        }
        strip_article(text)
            .and_then(|rest| self.postings_of(&normalize(rest), surface_case([rest])))
            .unwrap_or(&[])
    }

    /// The longest alias starting at `tokens[0]`: `(number of tokens, actors)`. Tokens are
    /// joined as [`normalize`](crate::normalize) would join the text they come from (a token
    /// ending in an apostrophe, like "d'" or "l'", is glued to the next one); tokens that
    /// normalise to nothing (punctuation) are skipped inside a phrase. At most
    /// [`MAX_MATCH_TOKENS`] tokens are tried. Case rule as in [`lookup`](Knowledge::lookup).
    pub fn longest_match(&self, tokens: &[&str]) -> Option<(usize, &[ActorId])> {
        let fst = self.map.as_fst();
        let mut node = fst.root();
        let mut out = fst::raw::Output::zero();
        let mut finals: Vec<(usize, u64)> = Vec::new();
        let mut glue = true; // no separator before the first token
        let mut any = false;
        // One buffer for every token's key (this runs at every token of every sentence).
        let mut norm = String::new();
        'tokens: for (i, tok) in tokens.iter().take(MAX_MATCH_TOKENS).enumerate() {
            norm.clear();
            normalize_into(tok, &mut norm);
            if norm.is_empty() {
                if !any {
                    return None;
                }
                continue;
            }
            let sep: &[u8] = if glue { b"" } else { b" " };
            for &b in sep.iter().chain(norm.as_bytes()) {
                match node.find_input(b) {
                    Some(t) => {
                        let tr = node.transition(t);
                        out = out.cat(tr.out);
                        node = fst.node(tr.addr);
                    }
                    None => break 'tokens,
                }
            }
            any = true;
            glue = tok.ends_with(['\'', '’', 'ʼ']);
            if node.is_final() && !glue {
                finals.push((i + 1, out.cat(node.final_output()).value()));
            }
        }
        // Longest first; a phrase whose case does not fit gives way to a shorter one.
        finals.into_iter().rev().find_map(|(len, entry)| {
            let case = surface_case(tokens[..len].iter().copied());
            self.slice(entry, case).map(|s| (len, s))
        })
    }

    /// Every known alias in `text`, longest first, left to right, non-overlapping. Words are
    /// runs of letters and digits (with inner `-` and `.`, and `'` ending a word as in "l'"),
    /// so "l'OTAN" gives OTAN and "Kim Jong-un" one three-word phrase. Offsets are bytes.
    pub fn find_all(&self, text: &str) -> Vec<Match<'_>> {
        let words = words(text);
        let mut found = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let toks: Vec<&str> = words[i..(i + MAX_MATCH_TOKENS).min(words.len())]
                .iter()
                .map(|&(s, e)| &text[s..e])
                .collect();
            match self.longest_match(&toks) {
                Some((n, actors)) => {
                    let end = words[i + n - 1].1;
                    let end = text[..end]
                        .trim_end_matches(['\'', '’', 'ʼ'])
                        .len()
                        .max(words[i].0);
                    found.push(Match {
                        start: words[i].0,
                        end,
                        actors,
                    });
                    i += n;
                }
                None => i += 1,
            }
        }
        found
    }

    /// The CAMEO code of actor `id` on `date` (see [`Actor::code_at`]).
    pub fn code_at(&self, id: ActorId, date: Date) -> Option<&str> {
        self.get(id)?.code_at(date)
    }

    /// The CAMEO agent code of an agent noun ("président" → `GOV`, "ministre des Affaires
    /// étrangères" → `GOV`, "rebelles" → `REB`, "soldiers" → `MIL`), after normalisation and
    /// without a leading article.
    pub fn agent(&self, noun: &str) -> Option<&str> {
        self.agent_entry(noun).map(|a| a.code.as_str())
    }

    /// Like [`agent`](Knowledge::agent), with placement, language and source.
    pub fn agent_entry(&self, noun: &str) -> Option<&Agent> {
        self.agents
            .get(&normalize(noun))
            .or_else(|| strip_article(noun).and_then(|rest| self.agents.get(&normalize(rest))))
    }

    /// Whether some agent noun's key (normalised as [`normalize`] does) starts with `prefix`
    /// (a normalised string). Since the key of a text starts with the key of any beginning of
    /// that text, a false answer for the key of a phrase's first word rules out every phrase
    /// starting with that word (without a leading article: [`agent_entry`] also tries the
    /// text without one), so callers can skip those lookups.
    ///
    /// [`agent_entry`]: Knowledge::agent_entry
    pub fn agent_key_starts_with(&self, prefix: &str) -> bool {
        let at = self.agent_keys.partition_point(|k| &**k < prefix);
        self.agent_keys
            .get(at)
            .is_some_and(|k| k.starts_with(prefix))
    }

    /// Whether `key` (normalised) is an agent noun's key.
    pub fn is_agent_key(&self, key: &str) -> bool {
        self.agents.contains_key(key)
    }

    /// Every agent noun (normalised as [`normalize`] does) with its entry, in no set order.
    pub fn agents(&self) -> impl Iterator<Item = (&str, &Agent)> {
        self.agents.iter().map(|(k, a)| (k.as_str(), a))
    }

    /// Lines skipped while loading.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Time taken to load the data and build the index.
    pub fn build_time(&self) -> Duration {
        self.build_time
    }

    /// Counts by kind and source.
    pub fn stats(&self) -> Stats {
        let mut s = Stats {
            actors: self.actors.len(),
            alias_keys: self.entries.len(),
            agents: self.agents.len(),
            diagnostics: self.diagnostics.len(),
            build_time: self.build_time,
            ..Default::default()
        };
        for a in &self.actors {
            *s.by_kind.entry(a.kind).or_default() += 1;
            for src in &a.sources {
                *s.by_source.entry(src.clone()).or_default() += 1;
            }
        }
        s
    }
}

/// Word spans for [`Knowledge::find_all`].
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_word = chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || (start.is_some() && unicode_mark(c)) {
            start.get_or_insert(i);
        } else if start.is_some() && matches!(c, '-' | '.' | '‐' | '‑') && next_is_word {
            // inner hyphen or dot: same word
        } else if let Some(s) = start.take() {
            if matches!(c, '\'' | '’' | 'ʼ') {
                out.push((s, i + c.len_utf8()));
            } else {
                out.push((s, i));
            }
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn unicode_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_spans() {
        let t = "l'OTAN et Kim Jong-un, U.N. P'yŏngyang.";
        let w: Vec<&str> = words(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(
            w,
            [
                "l'",
                "OTAN",
                "et",
                "Kim",
                "Jong-un",
                "U.N",
                "P'",
                "yŏngyang"
            ]
        );
    }
}
