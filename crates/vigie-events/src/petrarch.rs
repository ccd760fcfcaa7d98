//! PETRARCH-style coding of English sentences with PETRARCH dictionaries, over Vigie's own
//! parse (PETRARCH2 reads a constituency tree handed to it; Vigie parses the raw text).
//!
//! How a sentence is coded:
//! 1. Discards: a sentence holding a discard phrase is not coded.
//! 2. Actors: the actor and agent dictionaries are matched over the words, longest phrase
//!    first. Each noun phrase (a nominal and its dependents, without clauses and appositions)
//!    composes one code from its first actor and its agents, as PETRARCH does: `Gondor's
//!    government` → GONGOV, `MSF Arnor diplomat` → NGOARNGOV; conjuncts give one code each.
//! 3. Verbs: each verb (its surface form, else its lemma, against the dictionary's forms;
//!    multi-word verbs need their other words next to it) has its block's patterns matched:
//!    words after `*` in the verb's clause after it, words before `*` before it, in order, on
//!    their surface forms (as PETRARCH: `EFFORT` does not match "efforts"); `_` requires
//!    adjacency, a space allows words between; `$` and `+` bind to actor phrases; `&SET` to
//!    any member; `^` skips a noun phrase. The pattern with most elements wins; none → the
//!    verb's default code.
//! 4. Source: `$`, else the subject, read as a compound phrase from the verb's left
//!    dependents (segments split at conjunctions and commas, agents distributed: "Lawmakers
//!    and officials in Fornost and Gondor" → FORLEG, GONLEG, FORGOV, GONGOV); the by-agent of
//!    a passive; the controller of an infinitive or conjoined verb; for a pronoun subject of a
//!    complement clause, the governing clause's subject. Target: `+`, else the first actor
//!    phrase after the verb in its clause (the passive subject for passives). `%` before the
//!    verb: every ordered pair of the conjoined subjects. `[a:b]` codes source → target `a`
//!    and target → source `b`.
//! 5. A negated verb ("not", "n't", "never") is coded only by a pattern that spells the
//!    negation (a word or a synset such as `&NEGATVAUXVRB`), and both actors must be known
//!    (PETRARCH's `require_dyad`, on by default; off, a missing side is the null actor `---`,
//!    see [`PetrarchCoder::set_require_dyad`]); an actor is never coded with itself. Agents
//!    without an actor are PETRARCH's anonymous agents (`a senior official` → `---GOV`).

pub mod records;

use rustc_hash::{FxHashMap, FxHashSet};
use vigie_core::{Document, Event, Span, Word};
use vigie_knowledge::petrarch::{ActorDictionary, AgentDictionary, AgentPlacement};
use vigie_knowledge::petrarch_verbs::{Discard, PatternElement, VerbDictionary};
use vigie_knowledge::{Date, DatedCode};

/// The CAMEO verb dictionary shipped with PETRARCH2 (MIT, Open Event Data Alliance).
pub const CAMEO_VERBS: &str = include_str!("../data/CAMEO.2.0.txt");

/// One actor phrase of the dictionary.
#[derive(Debug, Clone)]
struct ActorPhrase {
    words: Vec<String>,
    codes: Vec<DatedCode>,
}

#[derive(Debug, Clone)]
struct AgentPhrase {
    words: Vec<String>,
    code: String,
    placement: AgentPlacement,
}

/// A PETRARCH-style event coder over Vigie's parse.
#[derive(Debug, Clone)]
pub struct PetrarchCoder {
    verbs: VerbDictionary,
    /// Verb word (base or inflected form, upper case) → (block, form) indices.
    verb_index: FxHashMap<String, Vec<(usize, usize)>>,
    /// The other words of multi-word verbs (`WIRE` of `WIRE_+TAP`) → (block, form, index of
    /// the word in the form), for a verb the tagger found on one of those words.
    verb_part_index: FxHashMap<String, Vec<(usize, usize, usize)>>,
    synsets: FxHashMap<String, Vec<Vec<String>>>,
    actors: Vec<ActorPhrase>,
    agents: Vec<AgentPhrase>,
    /// First word → phrase indices, for actors and agents.
    actor_index: FxHashMap<String, Vec<usize>>,
    agent_index: FxHashMap<String, Vec<usize>>,
    discards: Vec<Discard>,
    /// The file named in `Event::rule`.
    verb_file: String,
    /// PETRARCH's `require_dyad`: code an event only when both its actors are known (the
    /// default); when off, a missing side is coded as the null actor `---`.
    require_dyad: bool,
    /// PETRARCH's `new_actor_length`: an actor slot without a dictionary actor takes the
    /// text of its noun phrase when it has at most this many words (0: off, the default).
    new_actor_length: usize,
}

/// PETRARCH's null actor: a side of an event that is not known.
pub const NULL_ACTOR: &str = "---";

/// What a span of words was recognised as.
#[derive(Debug, Clone)]
enum Found {
    Actor(usize),
    Agent(usize),
}

/// A recognised phrase over word indices `start..end` of the sentence.
#[derive(Debug, Clone)]
struct Mention {
    start: usize,
    end: usize,
    found: Found,
}

/// One composed actor: its code and the words it came from (sentence word indices).
#[derive(Debug, Clone)]
struct ActorRef {
    code: String,
    start: usize,
    end: usize,
}

/// A sentence ready for coding: words (with heads relative to the sentence) and mentions.
struct Sentence<'a> {
    words: &'a [Word],
    /// Upper-case forms and lemmas.
    forms: Vec<String>,
    lemmas: Vec<String>,
    heads: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    /// Mention covering each word, if any.
    mention_at: Vec<Option<usize>>,
    mentions: Vec<Mention>,
}

impl Sentence<'_> {
    fn deprel(&self, i: usize) -> &str {
        &self.words[i].deprel
    }
    fn base_rel(&self, i: usize) -> &str {
        let d = self.deprel(i);
        d.split(':').next().unwrap_or(d)
    }
    fn kids<'s>(&'s self, i: usize, rel: &'s str) -> impl Iterator<Item = usize> + 's {
        self.children[i]
            .iter()
            .copied()
            .filter(move |&c| self.deprel(c) == rel || self.base_rel(c) == rel)
    }
}

fn is_noun(s: &Sentence<'_>, i: usize) -> bool {
    matches!(&*s.words[i].upos, "NOUN" | "PROPN")
}

/// A verb the tagger read as an adverb, adjective or noun, between an auxiliary and the verb
/// the parser made their head ("Arnor will abandon improved relations", "abandon" an adverb
/// of "improved"): that head. Adverbs in "-ly" are adverbs.
fn displaced_verb(s: &Sentence<'_>, v: usize) -> Option<usize> {
    if !matches!(&*s.words[v].upos, "ADV" | "ADJ" | "NOUN") || s.forms[v].ends_with("LY") {
        return None;
    }
    let h = s.heads[v].filter(|&h| h == v + 1 && s.words[h].upos == "VERB")?;
    let aux = v.checked_sub(1)?;
    (s.words[aux].upos == "AUX" && s.heads[aux] == Some(h)).then_some(h)
}

/// A verb the tagger read as a noun led by an actor ("Ethiopia departs from Libya",
/// "departs" a noun with "Ethiopia" its compound): no determiner, the actor right before it.
fn actor_led_verb(s: &Sentence<'_>, v: usize) -> bool {
    s.words[v].upos == "NOUN"
        && s.kids(v, "det").next().is_none()
        && v.checked_sub(1).is_some_and(|c| {
            s.heads[c] == Some(v)
                && s.base_rel(c) == "compound"
                && s.mention_at[c].is_some_and(|m| matches!(s.mentions[m].found, Found::Actor(_)))
        })
}

fn upper(s: &str) -> String {
    s.to_uppercase()
}

/// A dictionary phrase as upper-case words.
fn phrase_words(p: &str) -> Vec<String> {
    p.split([' ', '_'])
        .filter(|w| !w.is_empty())
        .map(upper)
        .collect()
}

const NEGATIONS: &[&str] = &["NOT", "N'T", "NEVER", "NO"];

impl PetrarchCoder {
    /// A coder from parsed dictionaries. `verb_file` names the verb dictionary in
    /// `Event::rule` (`CAMEO.2.0.txt:1234: * (TO) +`).
    pub fn from_dictionaries(
        verbs: VerbDictionary,
        actors: &ActorDictionary,
        agents: &AgentDictionary,
        discards: Vec<Discard>,
        verb_file: &str,
    ) -> PetrarchCoder {
        let actor_phrases = actors.entries.iter().flat_map(|e| {
            std::iter::once(&e.root)
                .chain(e.synonyms.iter())
                .map(|p| (p.clone(), e.codes.clone()))
        });
        let agent_phrases = agents
            .entries
            .iter()
            .map(|e| (e.phrase.clone(), e.code.clone(), e.placement));
        PetrarchCoder::from_parts(verbs, actor_phrases, agent_phrases, discards, verb_file)
    }

    /// The coder for real English news: PETRARCH2's `CAMEO.2.0.txt` verb patterns (embedded)
    /// with the actors and English agents of Vigie's knowledge base (Phoenix dictionaries and
    /// Vigie's own), built once on first use.
    pub fn builtin() -> &'static PetrarchCoder {
        static CODER: std::sync::OnceLock<PetrarchCoder> = std::sync::OnceLock::new();
        CODER.get_or_init(|| {
            let kb = vigie_knowledge::Knowledge::builtin();
            let verbs = vigie_knowledge::petrarch_verbs::read_verbs(CAMEO_VERBS, "CAMEO.2.0.txt");
            let actor_phrases = kb.actors().flat_map(|(_, a)| {
                let codes = a.codes.clone();
                a.name_en
                    .iter()
                    .chain(a.aliases.iter())
                    .map(move |p| (p.clone(), codes.clone()))
                    .collect::<Vec<_>>()
            });
            let agent_phrases = kb
                .agents()
                .filter(|(_, a)| a.lang == vigie_knowledge::Lang::En)
                .map(|(k, a)| (k.to_string(), a.code.clone(), a.placement));
            PetrarchCoder::from_parts(
                verbs,
                actor_phrases,
                agent_phrases,
                Vec::new(),
                "CAMEO.2.0.txt",
            )
        })
    }

    fn from_parts(
        verbs: VerbDictionary,
        actor_phrases: impl Iterator<Item = (String, Vec<DatedCode>)>,
        agent_phrases: impl Iterator<Item = (String, String, AgentPlacement)>,
        discards: Vec<Discard>,
        verb_file: &str,
    ) -> PetrarchCoder {
        let mut verb_index: FxHashMap<String, Vec<(usize, usize)>> = FxHashMap::default();
        let mut verb_part_index: FxHashMap<String, Vec<(usize, usize, usize)>> =
            FxHashMap::default();
        for (bi, block) in verbs.blocks.iter().enumerate() {
            for (fi, form) in block.forms.iter().enumerate() {
                for (k, w) in form.words.iter().enumerate() {
                    if k != form.head {
                        verb_part_index
                            .entry(w.clone())
                            .or_default()
                            .push((bi, fi, k));
                    }
                }
                let Some(head) = form.words.get(form.head) else {
                    continue;
                };
                let mut keys: Vec<&String> = vec![head];
                keys.extend(form.inflections.iter());
                for k in keys {
                    let e = verb_index.entry(k.clone()).or_default();
                    if !e.contains(&(bi, fi)) {
                        e.push((bi, fi));
                    }
                }
            }
        }
        let synsets = verbs
            .synsets
            .iter()
            .map(|s| (s.name.clone(), s.members.clone()))
            .collect();
        let mut actor_list = Vec::new();
        let mut actor_index: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (p, codes) in actor_phrases {
            if codes.is_empty() {
                continue;
            }
            let words = phrase_words(&p);
            // A text may write the phrase as one token joined by `_` (`Dol_Amroth`).
            let joined = (words.len() > 1).then(|| vec![words.join("_")]);
            for words in std::iter::once(words).chain(joined) {
                if let Some(first) = words.first() {
                    actor_index
                        .entry(first.clone())
                        .or_default()
                        .push(actor_list.len());
                    actor_list.push(ActorPhrase {
                        words,
                        codes: codes.clone(),
                    });
                }
            }
        }
        let mut agent_list = Vec::new();
        let mut agent_index: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (p, code, placement) in agent_phrases {
            let words = phrase_words(&p);
            if let Some(first) = words.first() {
                agent_index
                    .entry(first.clone())
                    .or_default()
                    .push(agent_list.len());
                agent_list.push(AgentPhrase {
                    words,
                    code,
                    placement,
                });
            }
        }
        PetrarchCoder {
            verbs,
            verb_index,
            verb_part_index,
            synsets,
            actors: actor_list,
            agents: agent_list,
            actor_index,
            agent_index,
            discards,
            verb_file: verb_file.to_string(),
            require_dyad: true,
            new_actor_length: 0,
        }
    }

    /// Sets PETRARCH's `require_dyad` option (on by default): when off, an event whose source
    /// or target is not found is still coded, with the null actor `---` on that side (at
    /// least one side must be known).
    pub fn set_require_dyad(&mut self, on: bool) {
        self.require_dyad = on;
    }

    /// Sets PETRARCH's `new_actor_length` option (0, off, by default): a source or target
    /// with no actor or agent of the dictionaries is coded as the upper-case text of its noun
    /// phrase in double quotes (`"INJURY TOLL"`) when the phrase has at most `words` words
    /// (a possessive `'s` and punctuation not counted).
    pub fn set_new_actor_length(&mut self, words: usize) {
        self.new_actor_length = words;
    }

    /// The verb dictionary in use.
    pub fn verbs(&self) -> &VerbDictionary {
        &self.verbs
    }

    /// Codes every content sentence of a parsed document; actor codes are taken as of the
    /// document's date when it has one.
    pub fn code_document(&self, doc: &Document) -> Vec<Event> {
        let date = doc
            .meta
            .date
            .as_deref()
            .and_then(|d| Date::parse_iso(d).or_else(|| Date::parse_petrarch(d)));
        self.code_document_on(doc, date)
    }

    /// As [`PetrarchCoder::code_document`], with an explicit date for dated actor codes.
    pub fn code_document_on(&self, doc: &Document, date: Option<Date>) -> Vec<Event> {
        let mut out = Vec::new();
        for (_, s) in doc.content_sentences() {
            let range = s.words.range();
            let Some(words) = doc.words.get(range.clone()) else {
                continue;
            };
            if words.is_empty() {
                continue;
            }
            let offset = range.start;
            let span_of = |a: usize, b: usize| -> Option<Span> {
                let first = doc.tokens.get(words.get(a)?.token as usize)?;
                let last = doc
                    .tokens
                    .get(words.get(b.checked_sub(1)?)?.token as usize)?;
                Some(Span::new(first.span.start as usize, last.span.end as usize))
            };
            for c in self.code_words(words, offset, date) {
                let Some(trigger) = span_of(c.verb, c.verb + 1) else {
                    continue;
                };
                // The null actor has no words.
                let side =
                    |r: &ActorRef| (r.start < r.end).then(|| span_of(r.start, r.end)).flatten();
                out.push(Event {
                    code: c.code,
                    span: s.span,
                    source_span: side(&c.source),
                    target_span: side(&c.target),
                    source_actor: Some(c.source.code),
                    target_actor: Some(c.target.code),
                    trigger: Some(trigger),
                    trigger_lemma: words.get(c.verb).map(|w| w.lemma.to_string()),
                    rule: Some(c.rule),
                    confidence: 0.5,
                    ..Event::default()
                });
            }
        }
        out
    }

    /// Codes one sentence given as its words (heads are document word indices, `offset` is the
    /// index of the sentence's first word).
    fn code_words(&self, words: &[Word], offset: usize, date: Option<Date>) -> Vec<Coded> {
        let n = words.len();
        let forms: Vec<String> = words.iter().map(|w| upper(&w.form)).collect();
        if self.discarded(&forms) {
            return Vec::new();
        }
        let lemmas: Vec<String> = words.iter().map(|w| upper(&w.lemma)).collect();
        let heads: Vec<Option<usize>> = words
            .iter()
            .map(|w| {
                w.head
                    .and_then(|h| (h as usize).checked_sub(offset))
                    .filter(|&h| h < n)
            })
            .collect();
        let mut children = vec![Vec::new(); n];
        for (i, h) in heads.iter().enumerate() {
            if let Some(h) = h {
                children[*h].push(i);
            }
        }
        let mentions = self.find_mentions(&forms);
        let mut mention_at = vec![None; n];
        for (mi, m) in mentions.iter().enumerate() {
            for slot in &mut mention_at[m.start..m.end] {
                *slot = Some(mi);
            }
        }
        let s = Sentence {
            words,
            forms,
            lemmas,
            heads,
            children,
            mention_at,
            mentions,
        };
        let mut out = Vec::new();
        let mut seen = FxHashSet::default();
        for v in 0..n {
            // A word recognised as an actor is not a verb, whatever its tag ("Pyongyang").
            if (s.words[v].upos != "VERB"
                && displaced_verb(&s, v).is_none()
                && !actor_led_verb(&s, v))
                || s.mention_at[v].is_some()
            {
                continue;
            }
            for c in self.code_verb(&s, v, date) {
                if seen.insert((c.source.code.clone(), c.target.code.clone(), c.code.clone())) {
                    out.push(c);
                }
            }
        }
        out
    }

    fn discarded(&self, forms: &[String]) -> bool {
        self.discards.iter().any(|d| {
            !d.words.is_empty()
                && forms
                    .windows(d.words.len())
                    .any(|w| w.iter().zip(&d.words).all(|(a, b)| a == b))
        })
    }

    /// Longest-match actor and agent phrases over the words, left to right.
    fn find_mentions(&self, forms: &[String]) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < forms.len() {
            // The number of tokens from `i` spelling the phrase; a token may join several of
            // its words with `_` ("Prince of Dol_Amroth" for PRINCE OF DOL AMROTH).
            let tokens_for = |words: &[String]| -> Option<usize> {
                let mut k = 0;
                let mut t = i;
                while k < words.len() {
                    let form = forms.get(t)?;
                    if words.get(k) == Some(form) {
                        k += 1;
                        t += 1;
                        continue;
                    }
                    for part in form.split('_') {
                        if words.get(k).is_none_or(|w| w != part) {
                            return None;
                        }
                        k += 1;
                    }
                    t += 1;
                }
                Some(t - i)
            };
            let mut best: Option<(usize, usize, Found)> = None;
            let first = forms[i].split('_').next().unwrap_or_default();
            let keys = if first == forms[i] {
                vec![first]
            } else {
                vec![forms[i].as_str(), first]
            };
            for key in &keys {
                for &ai in self.actor_index.get(*key).into_iter().flatten() {
                    let a = &self.actors[ai];
                    if let Some(t) = tokens_for(&a.words) {
                        if best.as_ref().is_none_or(|(l, _, _)| a.words.len() > *l) {
                            best = Some((a.words.len(), t, Found::Actor(ai)));
                        }
                    }
                }
                for &gi in self.agent_index.get(*key).into_iter().flatten() {
                    let g = &self.agents[gi];
                    if let Some(t) = tokens_for(&g.words) {
                        if best.as_ref().is_none_or(|(l, _, _)| g.words.len() > *l) {
                            best = Some((g.words.len(), t, Found::Agent(gi)));
                        }
                    }
                }
            }
            match best {
                Some((_, len, found)) => {
                    out.push(Mention {
                        start: i,
                        end: i + len,
                        found,
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }

    /// The codes of actor phrase `ai` on `date`: the dated codes valid then, else the
    /// undated ones. Several codes are a compound actor (`[ELR/GAL]`): one event each.
    fn actor_codes(&self, ai: usize, date: Option<Date>) -> Vec<String> {
        let Some(a) = self.actors.get(ai) else {
            return Vec::new();
        };
        // Without a date, the current code: an undated one, else one still open (no end).
        let valid = |c: &&DatedCode| match date {
            Some(d) => c.valid_on(d),
            None => c.to.is_none() && !a.codes.iter().any(|c| !c.is_dated()),
        };
        // The first valid dated code wins, with the other parts of its compound (same dates).
        if let Some(first) = a.codes.iter().filter(|c| c.is_dated()).find(valid) {
            return a
                .codes
                .iter()
                .filter(|c| c.from == first.from && c.to == first.to)
                .map(|c| c.code.clone())
                .collect();
        }
        a.codes
            .iter()
            .filter(|c| !c.is_dated())
            .map(|c| c.code.clone())
            .collect()
    }

    /// The words of the noun phrase headed by `h`: `h` and its dependents, without clauses,
    /// appositions, and conjuncts of `h` itself.
    fn np_words(&self, s: &Sentence<'_>, h: usize, out: &mut Vec<usize>, top: bool) {
        out.push(h);
        for &c in &s.children[h] {
            let rel = s.base_rel(c);
            let skip = matches!(
                rel,
                "acl" | "appos" | "advcl" | "ccomp" | "xcomp" | "parataxis" | "punct" | "cc"
            ) || (top && rel == "conj")
                || s.deprel(c) == "acl:relcl";
            if !skip {
                self.np_words(s, c, out, false);
            }
        }
    }

    /// The actor codes of the phrase headed by `h` and of its conjuncts.
    fn actors_of(&self, s: &Sentence<'_>, h: usize, date: Option<Date>) -> Vec<ActorRef> {
        let mut heads = vec![h];
        let mut k = 0;
        while k < heads.len() {
            let x = heads[k];
            heads.extend(
                s.kids(x, "conj")
                    .filter(|c| !s.words[*c].upos.starts_with('V')),
            );
            k += 1;
        }
        let mut out = Vec::new();
        for x in heads {
            out.extend(self.compose(s, x, date));
        }
        out
    }

    /// PETRARCH's composition over one noun phrase: its first actor (and actors conjoined to
    /// it) with its agents, `Before` agents prefixed, `After` agents appended.
    fn compose(&self, s: &Sentence<'_>, h: usize, date: Option<Date>) -> Vec<ActorRef> {
        let mut ws = Vec::new();
        self.np_words(s, h, &mut ws, true);
        ws.sort_unstable();
        let mut mentions: Vec<usize> = ws.iter().filter_map(|&w| s.mention_at[w]).collect();
        mentions.dedup();
        let (mut actors, mut agents) = (Vec::new(), Vec::new());
        for &mi in &mentions {
            let m = &s.mentions[mi];
            match m.found {
                Found::Actor(ai) => actors.push((mi, ai)),
                Found::Agent(gi) => agents.push(gi),
            }
        }
        let (start, end) = match (ws.first(), ws.last()) {
            (Some(&a), Some(&b)) => (a, b + 1),
            _ => return Vec::new(),
        };
        if actors.is_empty() {
            // Agents without an actor: PETRARCH's anonymous agent ("students" → `---EDU`).
            return self
                .anonymous(&agents)
                .map(|code| ActorRef { code, start, end })
                .into_iter()
                .collect();
        }
        // The first actor, and those conjoined to it inside the phrase ("of A, B and C").
        let root_of = |mi: usize| {
            let m = &s.mentions[mi];
            (m.start..m.end)
                .find(|&w| s.heads[w].is_none_or(|h| h < m.start || h >= m.end))
                .unwrap_or(m.start)
        };
        let first = root_of(actors[0].0);
        let mut chosen = vec![actors[0]];
        for &(mi, ai) in &actors[1..] {
            let mut r = root_of(mi);
            let mut linked = false;
            while s.base_rel(r) == "conj" {
                match s.heads[r] {
                    Some(hh) if hh == first => {
                        linked = true;
                        break;
                    }
                    Some(hh) => r = hh,
                    None => break,
                }
            }
            if linked {
                chosen.push((mi, ai));
            }
        }
        let single = chosen.len() == 1;
        let mut out = Vec::new();
        for (mi, ai) in chosen {
            let m = &s.mentions[mi];
            // One actor: the whole phrase is its evidence; several: each its own words.
            let (a, b) = if single {
                (start, end)
            } else {
                (m.start, m.end)
            };
            for base in self.actor_codes(ai, date) {
                if base == "---" {
                    continue;
                }
                let mut code = String::new();
                for &gi in &agents {
                    let g = &self.agents[gi];
                    if g.placement == AgentPlacement::Before && !code.contains(&g.code) {
                        code.push_str(&g.code);
                    }
                }
                code.push_str(&base);
                for &gi in &agents {
                    let g = &self.agents[gi];
                    if g.placement == AgentPlacement::After && !base.ends_with(&g.code) {
                        code.push_str(&g.code);
                    }
                }
                out.push(ActorRef {
                    code,
                    start: a,
                    end: b,
                });
            }
        }
        out
    }

    /// PETRARCH's anonymous agent: agents found without an actor compose with the null actor
    /// (`a senior official` → `---GOV`).
    fn anonymous(&self, agents: &[usize]) -> Option<String> {
        if agents.is_empty() {
            return None;
        }
        let mut code = NULL_ACTOR.to_string();
        for &gi in agents {
            let g = &self.agents[gi];
            if !code[NULL_ACTOR.len()..].contains(&g.code) {
                code.push_str(&g.code);
            }
        }
        Some(code)
    }

    /// The subject actors of verb `v`, read as PETRARCH reads the noun phrases before the
    /// verb: the actors of `v`'s dependents to its left (subjects, and words the parser
    /// attached otherwise — not obliques, clauses or markers), else those of the verb it is an
    /// infinitive complement or conjunct of.
    fn subject_actors(&self, s: &Sentence<'_>, v: usize, date: Option<Date>) -> Vec<ActorRef> {
        let mut x = v;
        // Climbing from an infinitive complement into a passive verb, its passive subject is
        // the infinitive's ("Gollum was seen to break into …").
        let mut via_complement = false;
        for _ in 0..6 {
            let mut refs: Vec<usize> = Vec::new();
            // Two subjects on one verb with a comma between them ("five years after crowds
            // burned its embassy, a senior official said"): the one next to the verb is its
            // subject, the other a phrase the parser misplaced.
            let subjects: Vec<usize> = s.kids(x, "nsubj").filter(|&c| c < x).collect();
            let holds_clause = |c: usize| {
                let mut stack = s.children[c].clone();
                let mut steps = 0;
                while let Some(w) = stack.pop() {
                    steps += 1;
                    if s.words[w].upos == "VERB" {
                        return true;
                    }
                    if steps > s.words.len() {
                        break;
                    }
                    stack.extend_from_slice(&s.children[w]);
                }
                false
            };
            let displaced = |c: usize| {
                holds_clause(c)
                    && subjects
                        .iter()
                        .any(|&d| d > c && (c + 1..d).any(|k| s.forms[k] == ","))
            };
            for &c in s.children[x].iter().filter(|&&c| c < x) {
                let rel = s.base_rel(c);
                if s.deprel(c) == "nsubj:pass" && via_complement {
                    self.clause_free_subtree(s, c, &mut refs);
                    continue;
                }
                if s.deprel(c) == "nsubj" && displaced(c) {
                    continue;
                }
                if matches!(
                    rel,
                    "obl"
                        | "advcl"
                        | "ccomp"
                        | "xcomp"
                        | "parataxis"
                        | "mark"
                        | "aux"
                        | "cop"
                        | "discourse"
                        | "vocative"
                        | "expl"
                ) || s.deprel(c) == "nsubj:pass"
                {
                    continue;
                }
                self.clause_free_subtree(s, c, &mut refs);
                self.close_appositions(s, c, x, &mut refs);
            }
            refs.sort_unstable();
            let refs = self.compound_phrase(s, &refs, date);
            if !refs.is_empty() {
                return refs;
            }
            // A pronoun subject of a complement clause ("Ethiopia indicated it would act")
            // stands for the subject of the clause it complements.
            // So does a missing one ("Ethiopia indicated it should have acted", "it" read as
            // the object of "indicated").
            let pronoun_subject = s
                .kids(x, "nsubj")
                .all(|c| s.words[c].upos == "PRON" && s.mention_at[c].is_none());
            // An infinitive of purpose without a subject ("vowed to wage war", "signed an
            // accord to supply Gondor"), parsed as an adverbial clause, is controlled by the
            // subject of the verb it modifies, as a complement is.
            let subjectless_infinitive = self.infinitive_of_purpose(s, x);
            via_complement = matches!(s.base_rel(x), "xcomp") || subjectless_infinitive;
            match (s.base_rel(x), s.heads[x]) {
                ("xcomp" | "conj", Some(h)) if h < x => x = h,
                ("advcl", Some(h)) if h < x && subjectless_infinitive => x = h,
                ("ccomp", Some(h)) if h < x && pronoun_subject => x = h,
                // A verb the tagger read as a participle of the noun after it ("Calenardhon
                // welcomed memos", `amod`): the words before it in that noun's phrase.
                ("amod", Some(h)) if h > x => {
                    let mut ws = Vec::new();
                    for &c in s.children[h].iter().filter(|&&c| c < x) {
                        self.clause_free_subtree(s, c, &mut ws);
                    }
                    // Nothing of that noun's phrase before the verb: the noun is the object
                    // the parser gave to the subject ("Russian police arrested students",
                    // "students" the object of "police").
                    if ws.is_empty() {
                        if let Some(hh) = s.heads[h].filter(|&hh| hh < x && is_noun(s, hh)) {
                            self.clause_free_subtree(s, hh, &mut ws);
                            ws.retain(|&w| w < x);
                        }
                    }
                    ws.sort_unstable();
                    return self.compound_phrase(s, &ws, date);
                }
                // A verb without a subject hung as an apposition on the noun phrase before it
                // ("Bree Prime Minister Romendacil most certainly did not clash …", the verb
                // an apposition of "Bree"): that phrase is its subject.
                ("appos", Some(h))
                    if h < x && is_noun(s, h) && s.kids(x, "nsubj").next().is_none() =>
                {
                    let mut ws = Vec::new();
                    self.clause_free_subtree(s, h, &mut ws);
                    ws.retain(|&w| w < x);
                    ws.sort_unstable();
                    return self.compound_phrase(s, &ws, date);
                }
                // A clause attached to an actor phrase the tagger read as a verb or adverb
                // ("Pyongyang on Thursday fired …", Pyongyang tagged VERB): that phrase.
                (_, Some(h))
                    if h < x
                        && !matches!(&*s.words[h].upos, "NOUN" | "PROPN" | "PRON")
                        && s.mention_at[h]
                            .is_some_and(|m| matches!(s.mentions[m].found, Found::Actor(_))) =>
                {
                    let m = &s.mentions[s.mention_at[h].unwrap_or_default()];
                    let ws: Vec<usize> = (m.start..m.end).collect();
                    return self.compound_phrase(s, &ws, date);
                }
                _ => return Vec::new(),
            }
        }
        Vec::new()
    }

    /// Is `x` an active infinitive without a subject parsed as an adverbial clause ("signed
    /// an accord to supply Gondor")? PETRARCH reads it inside the verb phrase it follows, as
    /// a complement.
    fn infinitive_of_purpose(&self, s: &Sentence<'_>, x: usize) -> bool {
        s.base_rel(x) == "advcl"
            && !s.children[x].iter().any(|&c| {
                matches!(s.base_rel(c), "nsubj" | "csubj" | "expl") || s.deprel(c) == "aux:pass"
            })
            && s.kids(x, "mark").any(|c| s.forms[c] == "TO")
    }

    /// PETRARCH's new actor: the text of a noun phrase given as its words in order, when
    /// `new_actor_length` is on and the phrase is a nominal of at most that many words.
    fn new_actor(&self, s: &Sentence<'_>, words: &[usize]) -> Option<ActorRef> {
        if self.new_actor_length == 0
            || !words
                .iter()
                .any(|&w| matches!(&*s.words[w].upos, "NOUN" | "PROPN"))
        {
            return None;
        }
        let text: Vec<&str> = words
            .iter()
            .filter(|&&w| {
                let upos = &*s.words[w].upos;
                upos != "PUNCT" && !(upos == "PART" && s.forms[w].starts_with('\''))
            })
            .map(|&w| s.forms[w].as_str())
            .collect();
        if text.is_empty() || text.len() > self.new_actor_length {
            return None;
        }
        Some(ActorRef {
            code: format!("\"{}\"", text.join(" ")),
            start: *words.first()?,
            end: words.last()? + 1,
        })
    }

    /// The new actor of the first noun phrase among `words` (see [`Self::new_actor`]).
    fn new_actor_after(&self, s: &Sentence<'_>, words: &[usize]) -> Option<ActorRef> {
        if self.new_actor_length == 0 {
            return None;
        }
        let &first = words
            .iter()
            .find(|&&w| matches!(&*s.words[w].upos, "NOUN" | "PROPN"))?;
        let mut h = first;
        for _ in 0..8 {
            match (s.base_rel(h), s.heads[h]) {
                ("compound" | "flat" | "amod" | "det" | "nummod", Some(p))
                    if !s.words[p].upos.starts_with('V') =>
                {
                    h = p
                }
                _ => break,
            }
        }
        let mut ws = Vec::new();
        self.np_words(s, h, &mut ws, true);
        // The phrase's own preposition is not part of it ("for the Ministry of Magic").
        ws.retain(|&w| !(s.heads[w] == Some(h) && matches!(s.base_rel(w), "case" | "mark")));
        ws.sort_unstable();
        self.new_actor(s, &ws)
    }

    /// Appositions of `c` before `limit` that no punctuation sets off ("Gryffindor's head
    /// Minerva McGonagall left"): part of the noun phrase, as PETRARCH's tree has them.
    fn close_appositions(&self, s: &Sentence<'_>, c: usize, limit: usize, out: &mut Vec<usize>) {
        for &a in s.children[c].iter().filter(|&&a| a < limit) {
            if s.base_rel(a) != "appos" || s.kids(a, "punct").next().is_some() {
                continue;
            }
            let mut ws = Vec::new();
            self.clause_free_subtree(s, a, &mut ws);
            let first = ws.iter().copied().min().unwrap_or(a);
            let set_off = first
                .checked_sub(1)
                .is_some_and(|k| s.words[k].upos == "PUNCT");
            if !set_off && ws.iter().all(|&w| w < limit) {
                out.extend(ws);
            }
        }
    }

    /// The words that follow the verb's clause (its own words ending before `own_end`, its
    /// phrase `after`) up to the next clause: a verb, subordinator or punctuation. PETRARCH
    /// reads them inside the verb phrase; the parser may hang them elsewhere ("deplored
    /// Libya almost five years after …", "Libya" a compound of "years").
    fn stranded_words(&self, s: &Sentence<'_>, own_end: usize, after: &[usize]) -> Vec<usize> {
        let from = after.iter().map(|&w| w + 1).max().unwrap_or(0).max(own_end);
        (from..s.words.len())
            .take_while(|&w| {
                !matches!(&*s.words[w].upos, "VERB" | "AUX" | "SCONJ" | "PUNCT")
                    && !after.contains(&w)
            })
            .collect()
    }

    /// `w` and its dependents, without nested clauses and appositions.
    fn clause_free_subtree(&self, s: &Sentence<'_>, w: usize, out: &mut Vec<usize>) {
        out.push(w);
        for &c in &s.children[w] {
            if !matches!(
                s.base_rel(c),
                "acl" | "advcl" | "ccomp" | "xcomp" | "parataxis" | "appos"
            ) {
                self.clause_free_subtree(s, c, out);
            }
        }
    }

    /// PETRARCH's reading of a compound noun phrase given as its words in order ("Lawmakers
    /// and officials in Fornost and Gondor"): split at conjunctions and commas into
    /// segments; a segment with an actor composes its first actor with its agents, and its
    /// agents also qualify the actor-only segments after it ("ambassadors of A, B and C");
    /// agent-only segments qualify every actor of the phrase ("Danish media and government").
    fn compound_phrase(
        &self,
        s: &Sentence<'_>,
        words: &[usize],
        date: Option<Date>,
    ) -> Vec<ActorRef> {
        struct Segment {
            actors: Vec<(usize, usize)>,
            agents: Vec<usize>,
            words: Vec<usize>,
            start: usize,
            end: usize,
        }
        let mut segments: Vec<Segment> = Vec::new();
        let mut current: Option<Segment> = None;
        let mut seen = FxHashSet::default();
        for &w in words {
            // A conjunction or comma between noun phrases, not between adjectives ("awful
            // and evil minister").
            let boundary = s.mention_at[w].is_none()
                && (s.words[w].upos == "CCONJ" || matches!(s.forms[w].as_str(), "," | ";"))
                && s.heads[w].is_none_or(|h| {
                    s.mention_at[h].is_some()
                        || matches!(&*s.words[h].upos, "NOUN" | "PROPN" | "PRON" | "VERB")
                });
            if boundary {
                segments.extend(current.take());
                continue;
            }
            let seg = current.get_or_insert(Segment {
                actors: Vec::new(),
                agents: Vec::new(),
                words: Vec::new(),
                start: w,
                end: w + 1,
            });
            seg.end = w + 1;
            seg.words.push(w);
            if let Some(mi) = s.mention_at[w] {
                if seen.insert(mi) {
                    match s.mentions[mi].found {
                        Found::Actor(ai) => seg.actors.push((mi, ai)),
                        Found::Agent(gi) => seg.agents.push(gi),
                    }
                }
            }
        }
        segments.extend(current);
        let with_agents = |base: &str, agents: &[usize]| {
            let mut code = String::new();
            for &gi in agents {
                let g = &self.agents[gi];
                if g.placement == AgentPlacement::Before && !code.contains(&g.code) {
                    code.push_str(&g.code);
                }
            }
            code.push_str(base);
            for &gi in agents {
                let g = &self.agents[gi];
                if g.placement == AgentPlacement::After && !code.ends_with(&g.code) {
                    code.push_str(&g.code);
                }
            }
            code
        };
        let mut out = Vec::new();
        let mut bases: Vec<(String, usize, usize)> = Vec::new();
        let mut carried: Vec<usize> = Vec::new();
        for seg in &segments {
            let Some(&(mi, ai)) = seg.actors.first() else {
                continue;
            };
            let m = &s.mentions[mi];
            let agents: &[usize] = if seg.agents.is_empty() {
                &carried
            } else {
                &seg.agents
            };
            for base in self.actor_codes(ai, date) {
                if base == "---" {
                    continue;
                }
                out.push(ActorRef {
                    code: with_agents(&base, agents),
                    start: if seg.agents.is_empty() {
                        m.start
                    } else {
                        seg.start
                    },
                    end: if seg.agents.is_empty() {
                        m.end
                    } else {
                        seg.end
                    },
                });
                bases.push((base, m.start, m.end));
            }
            if !seg.agents.is_empty() {
                carried = seg.agents.clone();
            }
        }
        if bases.is_empty() {
            // No actor in the phrase: each agent segment is an anonymous agent ("Clerics and
            // lawmakers" → `---REL`, `---LEG`).
            for seg in &segments {
                if let Some(code) = self.anonymous(&seg.agents) {
                    out.push(ActorRef {
                        code,
                        start: seg.start,
                        end: seg.end,
                    });
                } else if let Some(new) = self.new_actor(s, &seg.words) {
                    out.push(new);
                }
            }
            return out;
        }
        // Segments with neither actor nor agent are new actors when the option is on
        // ("Eriador's death and injury toll" → ERI, "INJURY TOLL").
        for seg in segments
            .iter()
            .filter(|g| g.actors.is_empty() && g.agents.is_empty())
        {
            out.extend(self.new_actor(s, &seg.words));
        }
        for seg in segments
            .iter()
            .filter(|g| g.actors.is_empty() && !g.agents.is_empty())
        {
            for (base, a, b) in &bases {
                out.push(ActorRef {
                    code: with_agents(base, &seg.agents),
                    start: (*a).min(seg.start),
                    end: (*b).max(seg.end),
                });
            }
        }
        out
    }

    fn is_passive(&self, s: &Sentence<'_>, v: usize) -> bool {
        s.children[v]
            .iter()
            .any(|&c| s.deprel(c) == "nsubj:pass" || s.deprel(c) == "aux:pass")
    }

    fn negated(&self, s: &Sentence<'_>, v: usize) -> bool {
        s.children[v].iter().any(|&c| {
            (s.base_rel(c) == "advmod" || s.deprel(c) == "neg" || s.base_rel(c) == "det")
                && NEGATIONS.contains(&s.forms[c].as_str())
                && c < v
        })
    }

    /// The words of `v`'s clause after it, in order: its dependents' subtrees (not the
    /// subject's, not other conjoined verbs, parataxis or adverbial clauses).
    fn clause_after(&self, s: &Sentence<'_>, v: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack: Vec<usize> = s.children[v]
            .iter()
            .copied()
            .filter(|&c| {
                c > v
                    && (!matches!(
                        s.base_rel(c),
                        "nsubj" | "csubj" | "conj" | "parataxis" | "advcl" | "punct" | "cc"
                    ) || self.infinitive_of_purpose(s, c))
            })
            .collect();
        // A verb the tagger read as a participle of the noun after it ("welcomed memos from
        // Bree"): that noun's phrase is its object.
        if s.deprel(v) == "amod" {
            if let Some(h) = s.heads[v].filter(|&h| h > v) {
                stack.push(h);
            }
        }
        while let Some(x) = stack.pop() {
            if x == v {
                continue;
            }
            out.push(x);
            for &c in &s.children[x] {
                if !matches!(s.base_rel(c), "parataxis") && s.deprel(c) != "acl:relcl" {
                    stack.push(c);
                }
            }
        }
        if s.deprel(v) == "amod" {
            // The noun's words before the verb are its subject's, not its object's.
            out.retain(|&x| x > v);
        }
        out.sort_unstable();
        out
    }

    /// The first actor phrase (with its conjuncts) among the given words at or after `from`:
    /// its codes and the position just after it.
    fn actor_at(
        &self,
        s: &Sentence<'_>,
        words: &[usize],
        from: usize,
        exact: bool,
        date: Option<Date>,
    ) -> Option<(Vec<ActorRef>, usize)> {
        for (k, &w) in words.iter().enumerate().skip(from) {
            if exact && k > from {
                return None;
            }
            // An actor, or an agent without one (PETRARCH's anonymous agent, `---EDU`).
            if s.mention_at[w].is_none() {
                continue;
            }
            // The nominal head of the phrase holding the mention: up through compounds and
            // modifiers, and through `nmod` only to an agent ("soldiers from Gondor", not
            // "Osgiliath with Gondor" nor "populations about the Prince").
            let mut h = w;
            for _ in 0..8 {
                match (s.base_rel(h), s.heads[h]) {
                    ("compound" | "flat" | "nmod" | "amod" | "det" | "nummod", Some(p))
                        if !s.words[p].upos.starts_with('V')
                            && (s.base_rel(h) != "nmod"
                                || s.mention_at[p].is_some_and(|m| {
                                    matches!(s.mentions[m].found, Found::Agent(_))
                                        || Some(m) == s.mention_at[h]
                                })) =>
                    {
                        h = p
                    }
                    _ => break,
                }
            }
            let refs = self.actors_of(s, h, date);
            if refs.is_empty() {
                continue;
            }
            // Before the verb, words come from right to left: go on past the phrase's start.
            let leftwards = words.len() > 1 && words[0] > words[1];
            let next = if leftwards {
                let first = refs.iter().map(|r| r.start).min().unwrap_or(w);
                words.iter().position(|&x| x < first)
            } else {
                let last = refs.iter().map(|r| r.end).max().unwrap_or(w + 1);
                words.iter().position(|&x| x >= last)
            }
            .unwrap_or(words.len());
            return Some((refs, next.max(k + 1)));
        }
        None
    }

    /// Does a member of synset `name` hold a negation ("DID N'T")?
    fn synset_negates(&self, name: &str, depth: usize) -> bool {
        depth < 4
            && self.synsets.get(name).is_some_and(|members| {
                members.iter().flatten().any(|w| match w.strip_prefix('&') {
                    Some(inner) => self.synset_negates(inner, depth + 1),
                    None => NEGATIONS.contains(&w.as_str()),
                })
            })
    }

    /// Does synset `name` have a member matching at `words[pos..]`? Returns the next position.
    fn synset_at(
        &self,
        s: &Sentence<'_>,
        words: &[usize],
        pos: usize,
        name: &str,
        reverse: bool,
        depth: usize,
    ) -> Option<usize> {
        if depth > 4 {
            return None;
        }
        let members = self.synsets.get(name)?;
        let mut best: Option<usize> = None;
        for m in members {
            let mut p = pos;
            let mut ok = true;
            // Before the verb, words are read from the verb leftwards: members backwards.
            let order: Box<dyn Iterator<Item = &String>> = if reverse {
                Box::new(m.iter().rev())
            } else {
                Box::new(m.iter())
            };
            for w in order {
                if let Some(inner) = w.strip_prefix('&') {
                    match self.synset_at(s, words, p, inner, reverse, depth + 1) {
                        Some(q) => p = q,
                        None => {
                            ok = false;
                            break;
                        }
                    }
                } else if words.get(p).is_some_and(|&x| s.forms[x] == *w) {
                    p += 1;
                } else {
                    ok = false;
                    break;
                }
            }
            if ok && best.is_none_or(|b| p > b) {
                best = Some(p);
            }
        }
        best
    }

    /// Matches pattern elements over `words` (in the direction they are given). Returns the
    /// number of matched elements and the bindings, or `None`.
    fn match_elements(
        &self,
        s: &Sentence<'_>,
        elements: &[PatternElement],
        joined: &[bool],
        (words, reverse): (&[usize], bool),
        date: Option<Date>,
        binding: &mut Binding,
    ) -> bool {
        let mut pos = 0;
        for (i, el) in elements.iter().enumerate() {
            // `_` in the pattern: this element must come right after the previous one.
            let exact = joined.get(i).copied().unwrap_or(false);
            let last = if exact {
                pos.min(words.len())
            } else {
                words.len()
            };
            let span = pos..(last + usize::from(exact)).min(words.len());
            match el {
                // `^` skips a word and the rest of its noun phrase ("at United Arab Emirates").
                PatternElement::Skip => {
                    if pos >= words.len() {
                        return false;
                    }
                    pos += 1;
                    while pos < words.len()
                        && words[pos].abs_diff(words[pos - 1]) == 1
                        && matches!(
                            &*s.words[words[pos]].upos,
                            "DET" | "ADJ" | "NOUN" | "PROPN" | "NUM"
                        )
                    {
                        pos += 1;
                    }
                }
                PatternElement::Word(w) => match span.clone().find(|&p| s.forms[words[p]] == *w) {
                    Some(p) => pos = p + 1,
                    None => return false,
                },
                PatternElement::Synset(name) => {
                    match span
                        .clone()
                        .find_map(|p| self.synset_at(s, words, p, name, reverse, 0))
                    {
                        Some(p) => pos = p,
                        None => return false,
                    }
                }
                PatternElement::Source | PatternElement::Target | PatternElement::Compound => {
                    match self.actor_at(s, words, pos, exact, date) {
                        Some((refs, next)) => {
                            match el {
                                PatternElement::Source => binding.source = Some(refs),
                                PatternElement::Target => binding.target = Some(refs),
                                _ => binding.compound = Some(refs),
                            }
                            pos = next;
                        }
                        None => return false,
                    }
                }
            }
        }
        true
    }

    /// The verb forms of `v` with the sentence position of each form's head word: by surface
    /// form first (PETRARCH's way), else by lemma; for a multi-word verb, its other words
    /// must surround the head. When the tagger made a verb of another word of a multi-word
    /// verb ("will not wire tap", "tap" tagged a noun), the form is found from that word.
    fn forms_of(&self, s: &Sentence<'_>, v: usize) -> Vec<(usize, usize, usize)> {
        let found = self.forms_at(s, v, v);
        if !found.is_empty() {
            return found;
        }
        let mut out = Vec::new();
        for key in [&s.forms[v], &s.lemmas[v]] {
            for &(bi, fi, k) in self.verb_part_index.get(key).into_iter().flatten() {
                let f = &self.verbs.blocks[bi].forms[fi];
                let Some(anchor) = (v + f.head).checked_sub(k) else {
                    continue;
                };
                let Some(head) = f.words.get(f.head) else {
                    continue;
                };
                let heads_match = anchor < s.forms.len()
                    && [&s.forms[anchor], &s.lemmas[anchor]]
                        .into_iter()
                        .any(|w| w == head || f.inflections.contains(w));
                if heads_match
                    && self.form_fits(s, v, (bi, fi), anchor)
                    && !out.contains(&(bi, fi, anchor))
                {
                    out.push((bi, fi, anchor));
                }
            }
            if !out.is_empty() {
                break;
            }
        }
        out
    }

    /// Do the words of form `(bi, fi)` other than its head surround position `anchor`?
    /// `v` is the word tagged as the verb (whose particles count).
    fn form_fits(
        &self,
        s: &Sentence<'_>,
        v: usize,
        (bi, fi): (usize, usize),
        anchor: usize,
    ) -> bool {
        let f = &self.verbs.blocks[bi].forms[fi];
        let before = &f.words[..f.head];
        let after = &f.words[f.head + 1..];
        let ok_before = before.iter().rev().enumerate().all(|(k, w)| {
            anchor
                .checked_sub(k + 1)
                .is_some_and(|p| s.forms[p] == *w || s.lemmas[p] == *w)
        });
        // Particles may be separated from their verb by the object ("cordoned off …").
        let ok_after = after.iter().enumerate().all(|(k, w)| {
            let p = anchor + k + 1;
            (p < s.forms.len() && (s.forms[p] == *w || s.lemmas[p] == *w))
                || s.children[v]
                    .iter()
                    .any(|&c| s.deprel(c) == "compound:prt" && s.forms[c] == *w)
        });
        ok_before && ok_after
    }

    /// The forms whose head is the word at `anchor` (see [`Self::forms_of`]).
    fn forms_at(&self, s: &Sentence<'_>, v: usize, anchor: usize) -> Vec<(usize, usize, usize)> {
        let fits = |&(bi, fi): &(usize, usize)| self.form_fits(s, v, (bi, fi), anchor);
        let pick = |key: &str| -> Vec<(usize, usize)> {
            let cands: Vec<(usize, usize)> = self
                .verb_index
                .get(key)
                .map(|c| c.iter().copied().filter(fits).collect())
                .unwrap_or_default();
            // Multi-word forms are more specific than the verb alone.
            let longest = cands
                .iter()
                .map(|&(b, f)| self.verbs.blocks[b].forms[f].words.len())
                .max()
                .unwrap_or(0);
            cands
                .into_iter()
                .filter(|&(b, f)| self.verbs.blocks[b].forms[f].words.len() == longest)
                .collect()
        };
        let by_form = pick(&s.forms[anchor]);
        let found = if by_form.is_empty() {
            pick(&s.lemmas[anchor])
        } else {
            by_form
        };
        found.into_iter().map(|(b, f)| (b, f, anchor)).collect()
    }

    fn code_verb(&self, s: &Sentence<'_>, v: usize, date: Option<Date>) -> Vec<Coded> {
        let forms = self.forms_of(s, v);
        let Some(&(bi, fi, anchor)) = forms.first() else {
            return Vec::new();
        };
        let block = &self.verbs.blocks[bi];
        let form = &block.forms[fi];
        // The verb's own words (a multi-word verb's) are not in the pattern view.
        let first = anchor.saturating_sub(form.head);
        let own = first..first + form.words.len();
        // A verb the tagger read as another word class, before the verb the parser made the
        // head of its clause: that head and its clause are what follows it.
        let host = displaced_verb(s, v);
        let mut after = self.clause_after(s, host.unwrap_or(v));
        if let Some(h) = host {
            after.push(h);
            after.sort_unstable();
        }
        let after: Vec<usize> = after.into_iter().filter(|p| !own.contains(p)).collect();
        let before: Vec<usize> = (0..first).rev().collect();
        let negated = self.negated(s, v) || host.is_some_and(|h| self.negated(s, h));
        let spells_negation = |pat: &vigie_knowledge::petrarch_verbs::VerbPattern| {
            pat.before.iter().chain(&pat.after).any(|e| match e {
                PatternElement::Word(w) => NEGATIONS.contains(&w.as_str()),
                PatternElement::Synset(n) => self.synset_negates(n, 0),
                _ => false,
            })
        };
        let mut best: Option<(usize, usize, Binding)> = None;
        // A verb listed in several blocks (`--- SHOT [---] ---` and `--- SHOT [223] ---`) has
        // the patterns of all of them; its default code stays the first block's.
        let mut blocks: Vec<usize> = Vec::new();
        for &(b, _, _) in &forms {
            if !blocks.contains(&b) {
                blocks.push(b);
            }
        }
        let patterns: Vec<&vigie_knowledge::petrarch_verbs::VerbPattern> = blocks
            .iter()
            .flat_map(|&b| self.verbs.blocks[b].patterns.iter())
            .collect();
        for (pi, &pat) in patterns.iter().enumerate() {
            // A negated verb is coded only by a pattern that spells the negation.
            if negated && !spells_negation(pat) {
                continue;
            }
            let mut b = Binding::default();
            if !self.match_elements(
                s,
                &pat.after,
                &pat.after_joined,
                (&after, false),
                date,
                &mut b,
            ) {
                continue;
            }
            let rev: Vec<PatternElement> = pat.before.iter().rev().cloned().collect();
            let rev_joined: Vec<bool> = pat.before_joined.iter().rev().copied().collect();
            if !self.match_elements(s, &rev, &rev_joined, (&before, true), date, &mut b) {
                continue;
            }
            let score = pat.before.len() + pat.after.len();
            if best.as_ref().is_none_or(|(sc, _, _)| score > *sc) {
                best = Some((score, pi, b));
            }
        }
        let best_pattern = best.as_ref().map(|(_, pi, _)| patterns[*pi]);
        let (code, rule, binding) = match best {
            Some((_, pi, b)) => {
                let pat = patterns[pi];
                (
                    pat.code.clone(),
                    format!("{}:{}: {}", self.verb_file, pat.line, pat.text),
                    b,
                )
            }
            None if negated => return Vec::new(),
            None => (
                form.code.clone().unwrap_or_else(|| block.code.clone()),
                format!("{}:{}: {}", self.verb_file, form.line, block.name),
                Binding::default(),
            ),
        };
        if code.is_null() {
            return Vec::new();
        }
        // The verb whose clause is read: the head for a displaced verb.
        let cv = host.unwrap_or(v);
        let passive = self.is_passive(s, cv);
        let mut sources = binding.source.clone().unwrap_or_default();
        let mut targets = binding.target.clone().unwrap_or_default();
        if sources.is_empty() {
            if passive {
                let agent = s.children[cv].iter().copied().find(|&c| {
                    s.deprel(c) == "obl:agent"
                        || (s.base_rel(c) == "obl" && s.kids(c, "case").any(|k| s.forms[k] == "BY"))
                });
                if let Some(a) = agent {
                    sources = self.actors_of(s, a, date);
                } else if binding.target.is_none() {
                    // No by-agent: PETRARCH reads the phrases in order, the passive subject
                    // as the source of the actor after the verb ("The Philippines was
                    // criticized over its dispute with Eriador" → PHL ERI).
                    let mut after_all = self.clause_after(s, cv);
                    for c in s.kids(cv, "advcl").filter(|&c| c > cv) {
                        self.clause_free_subtree(s, c, &mut after_all);
                    }
                    after_all.sort_unstable();
                    if let Some((refs, _)) = self.actor_at(s, &after_all, 0, false, date) {
                        if let Some(subj) = s.kids(cv, "nsubj").next() {
                            sources = self.actors_of(s, subj, date);
                            if !sources.is_empty() {
                                targets = refs;
                            }
                        }
                    }
                }
            } else {
                sources = self.subject_actors(s, cv, date);
                // A pattern that binds the verb's own subject as its target ("NOTED + *":
                // "Falastur noted that Cirith Ungol regretted …") leaves the source to the
                // clause the verb's clause complements.
                if let (Some(bound), Some(h)) = (&binding.target, s.heads[cv]) {
                    let overlaps =
                        |r: &ActorRef| bound.iter().any(|t| r.start < t.end && t.start < r.end);
                    if !sources.is_empty()
                        && sources.iter().all(overlaps)
                        && matches!(s.base_rel(cv), "ccomp" | "xcomp" | "advcl" | "conj")
                    {
                        sources = self.subject_actors(s, h, date);
                    }
                }
            }
        }
        if targets.is_empty() {
            if let Some(c) = &binding.compound {
                targets = c.clone();
            } else if passive {
                if let Some(subj) = s.kids(cv, "nsubj").next() {
                    targets = self.actors_of(s, subj, date);
                }
            }
            if targets.is_empty() {
                let mut after_all = self.clause_after(s, cv);
                // An adverbial clause with neither subject nor marker is a participle the
                // tagger made of a noun ("his mushroom hunting trip in the White Downs").
                for c in s.kids(cv, "advcl").filter(|&c| c > cv) {
                    if !s.children[c]
                        .iter()
                        .any(|&k| matches!(s.base_rel(k), "nsubj" | "mark" | "csubj"))
                    {
                        self.clause_free_subtree(s, c, &mut after_all);
                    }
                }
                after_all.sort_unstable();
                if let Some((refs, _)) = self.actor_at(s, &after_all, 0, false, date) {
                    targets = refs;
                } else if let Some((refs, _)) = self.actor_at(
                    s,
                    &self.stranded_words(s, own.end, &after_all),
                    0,
                    false,
                    date,
                ) {
                    targets = refs;
                } else if let Some(new) = self.new_actor_after(s, &after_all) {
                    targets = vec![new];
                }
            }
        }
        // Without `require_dyad`, a missing side is the null actor (one side must be known).
        if !self.require_dyad && sources.is_empty() != targets.is_empty() {
            let null = vec![ActorRef {
                code: NULL_ACTOR.to_string(),
                start: 0,
                end: 0,
            }];
            if sources.is_empty() {
                sources = null;
            } else {
                targets = null;
            }
        }
        // `%` before the verb: the conjoined subjects act on one another.
        let compound_subject =
            best_pattern.is_some_and(|p| p.before.contains(&PatternElement::Compound));
        let mut out = Vec::new();
        let push = |out: &mut Vec<Coded>, src: &ActorRef, tgt: &ActorRef, code: &str| {
            if src.code == tgt.code {
                return;
            }
            out.push(Coded {
                source: src.clone(),
                target: tgt.clone(),
                code: code.to_string(),
                verb: v,
                rule: rule.clone(),
            });
        };
        if compound_subject {
            let all: Vec<ActorRef> = if sources.len() > 1 {
                sources.clone()
            } else {
                binding.compound.clone().unwrap_or_default()
            };
            for a in &all {
                for b in &all {
                    if let Some(c) = &code.forward {
                        push(&mut out, a, b, c);
                    }
                }
            }
            return out;
        }
        for src in &sources {
            for tgt in &targets {
                if let Some(c) = &code.forward {
                    push(&mut out, src, tgt, c);
                }
                if let Some(c) = &code.reverse {
                    push(&mut out, tgt, src, c);
                }
            }
        }
        out
    }
}

/// Actors bound by a pattern's `$`, `+`, `%`.
#[derive(Debug, Clone, Default)]
struct Binding {
    source: Option<Vec<ActorRef>>,
    target: Option<Vec<ActorRef>>,
    compound: Option<Vec<ActorRef>>,
}

/// One coded event before it becomes a [`vigie_core::Event`].
#[derive(Debug, Clone)]
struct Coded {
    source: ActorRef,
    target: ActorRef,
    code: String,
    /// Sentence word index of the verb.
    verb: usize,
    rule: String,
}

/// A coded triple, for evaluation: (source code, target code, event code).
pub fn triples(events: &[Event]) -> Vec<records::Triple> {
    events
        .iter()
        .map(|e| records::Triple {
            source: e.source_actor.clone().unwrap_or_default(),
            target: e.target_actor.clone().unwrap_or_default(),
            code: e.code.clone(),
        })
        .collect()
}
