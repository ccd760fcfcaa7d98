//! Who said what. Finds direct quotations by their marks ([`marks`]), reported speech by its cue
//! ("X a déclaré que …", "selon X", "X told reporters that …") in the dependency parse, and
//! partial quotations inside reported sentences; gives each its speaker (the cue's subject, the
//! object of "selon"/"according to", or — for a pronoun or a role noun such as "l'assistant" —
//! the name it stands for), its cue and the speech act the cue denotes.
//!
//! Cues and role nouns are editable data (`data/cues.tsv`, `data/roles.tsv`). The stage reads
//! `Document::words` (the syntax stage must have run) and writes `Document::quotes`; it never
//! drops a paragraph: unbalanced marks give a recovered extent with a flag.

pub mod english;
pub mod marks;

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;
use vigie_core::{Document, Quote, Span};

/// Where a cue's reported content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// A complement clause ("que …", "that …").
    Clause,
    /// The object, or a clause ("a promis son soutien", "a nié les faits").
    Object,
    /// The cue only introduces quotations ("lance-t-il").
    Quote,
    /// A preposition whose object is the speaker ("selon X").
    Prep,
}

/// One reporting cue of the lexicon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub speech_act: String,
    pub content: Content,
    /// With a reflexive clitic the verb no longer reports speech ("un incendie s'est
    /// déclaré"): the optional fifth column `not-reflexive`.
    pub not_reflexive: bool,
}

/// The cue and role-noun lexicons.
#[derive(Debug, Default)]
pub struct Lexicon {
    cues: FxHashMap<(String, String), Cue>,
    roles: FxHashSet<(String, String)>,
    naming: FxHashSet<(String, String)>,
}

impl Lexicon {
    /// The shipped lexicons (`data/cues.tsv`, `data/roles.tsv`).
    pub fn builtin() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            let mut lex = Lexicon::parse(
                include_str!("../data/cues.tsv"),
                include_str!("../data/roles.tsv"),
            )
            .unwrap_or_default();
            // The shipped file parses (a test checks it); a damaged copy only loses the list.
            let _ = lex.parse_naming(include_str!("../data/naming.tsv"));
            lex
        })
    }

    /// Parses the two TSV lexicons; an error names the file and line.
    pub fn parse(cues_tsv: &str, roles_tsv: &str) -> Result<Lexicon, String> {
        let mut lex = Lexicon::default();
        for (i, line) in cues_tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let (lang, lemma, act, content, flag) = match cols[..] {
                [lang, lemma, act, content] => (lang, lemma, act, content, ""),
                [lang, lemma, act, content, flag] => (lang, lemma, act, content, flag),
                _ => return Err(format!("cues.tsv:{}: expected 4 or 5 columns", i + 1)),
            };
            let not_reflexive = match flag.trim() {
                "" => false,
                "not-reflexive" => true,
                other => return Err(format!("cues.tsv:{}: unknown flag {other:?}", i + 1)),
            };
            let content = match content {
                "clause" => Content::Clause,
                "object" => Content::Object,
                "quote" => Content::Quote,
                "prep" => Content::Prep,
                other => return Err(format!("cues.tsv:{}: unknown content {other:?}", i + 1)),
            };
            lex.cues.insert(
                (lang.to_string(), lemma.to_string()),
                Cue {
                    speech_act: act.to_string(),
                    content,
                    not_reflexive,
                },
            );
        }
        for (i, line) in roles_tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((lang, lemma)) = line.split_once('\t') else {
                return Err(format!("roles.tsv:{}: expected 2 columns", i + 1));
            };
            lex.roles
                .insert((lang.to_string(), lemma.trim().to_string()));
        }
        Ok(lex)
    }

    /// Adds the naming words (`data/naming.tsv`: lang, lemma); an error names the line.
    pub fn parse_naming(&mut self, naming_tsv: &str) -> Result<(), String> {
        for (i, line) in naming_tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((lang, lemma)) = line.split_once('\t') else {
                return Err(format!("naming.tsv:{}: expected 2 columns", i + 1));
            };
            self.naming
                .insert((lang.to_string(), lemma.trim().to_lowercase()));
        }
        Ok(())
    }

    /// A word after which words in marks are a name or a title ("intitulée", "called").
    pub fn is_naming(&self, lang: &str, word: &str) -> bool {
        self.naming
            .contains(&(lang.to_string(), word.to_lowercase()))
    }

    pub fn cue(&self, lang: &str, lemma: &str) -> Option<&Cue> {
        self.cues.get(&(lang.to_string(), lemma.to_lowercase()))
    }

    pub fn is_role(&self, lang: &str, lemma: &str) -> bool {
        self.roles
            .contains(&(lang.to_string(), lemma.to_lowercase()))
    }
}

/// One sentence's parse, with local indices.
struct Tree<'a> {
    doc: &'a Document,
    /// Global index of the first word.
    base: usize,
    n: usize,
    children: Vec<Vec<usize>>,
    lang: &'a str,
}

impl<'a> Tree<'a> {
    fn word(&self, i: usize) -> &'a vigie_core::Word {
        &self.doc.words[self.base + i]
    }
    fn span(&self, i: usize) -> Span {
        self.doc.tokens[self.word(i).token as usize].span
    }
    fn head(&self, i: usize) -> Option<usize> {
        self.word(i)
            .head
            .and_then(|h| (h as usize).checked_sub(self.base))
            .filter(|&h| h < self.n)
    }
    fn rel(&self, i: usize) -> &str {
        self.word(i).deprel.split(':').next().unwrap_or("")
    }
    fn child(&self, i: usize, rel: &str) -> Option<usize> {
        self.children[i]
            .iter()
            .copied()
            .find(|&c| self.rel(c) == rel)
    }
    /// Span of `i` and its descendants, leaving out children whose relation is in `skip`.
    fn subtree(&self, i: usize, skip: &[&str]) -> Span {
        let mut span = self.span(i);
        let mut stack = vec![i];
        let mut seen = 0;
        while let Some(x) = stack.pop() {
            seen += 1;
            if seen > self.n {
                break;
            }
            let s = self.span(x);
            span.start = span.start.min(s.start);
            span.end = span.end.max(s.end);
            for &c in &self.children[x] {
                // A clause's final punctuation is not part of what was said.
                let trailing_punct =
                    self.rel(c) == "punct" && c > x && self.children[x].iter().all(|&d| d <= c);
                if !skip.contains(&self.rel(c)) && !trailing_punct {
                    stack.push(c);
                }
            }
        }
        span
    }
    /// The content clause `c` of cue `v`, with the cue's later dependents that carry it on
    /// without a comma ("déclare qu'il faut agir pour protéger les clients": parsers often hang
    /// "pour protéger…" on the cue).
    fn clause_with_tail(&self, v: usize, c: usize) -> Span {
        let mut span = self.subtree(c, &[]);
        let mut later: Vec<usize> = self.children[v]
            .iter()
            .copied()
            .filter(|&d| d > c && matches!(self.rel(d), "advcl" | "xcomp"))
            .collect();
        later.sort_unstable();
        for d in later {
            let sub = self.subtree(d, &[]);
            if sub.start < span.end {
                continue;
            }
            let gap = self
                .doc
                .text
                .get(span.end as usize..sub.start as usize)
                .unwrap_or(",");
            if !gap.trim().is_empty() {
                break;
            }
            span.end = sub.end;
        }
        span
    }

    /// A speaker's phrase: the subtree of `i` without the relations in `skip`, and the parts of
    /// a name the parse cut off — a proper noun hung on a title with no preposition ("M.
    /// deBelgarde"), the rest of a recognised name ("Le Canard" of "Le Canard enchaîné").
    fn speaker_span(&self, i: usize, skip: &[&str]) -> Span {
        let mut span = self.subtree(i, skip);
        let text = &self.doc.text;
        let joined = |a: u32, b: u32| {
            text.get(a as usize..b as usize)
                .is_some_and(|g| g.chars().all(char::is_whitespace))
        };
        for &d in &self.children[i] {
            if d > i
                && matches!(self.rel(d), "nmod" | "flat")
                && is_name(self.word(d))
                && self.child(d, "case").is_none()
            {
                let sub = self.subtree(d, skip);
                if sub.start >= span.end && joined(span.end, sub.start) {
                    span.end = sub.end;
                }
            }
        }
        // "Le Canard enchaîné", "Le Monde diplomatique": a lone participle or adjective glued
        // to a proper noun is part of its name.
        if is_name(self.word(i)) {
            for &d in &self.children[i] {
                if d == i + 1
                    && matches!(self.rel(d), "acl" | "amod")
                    && self.children[d].is_empty()
                    && matches!(&*self.word(d).upos, "VERB" | "ADJ")
                    && self.span(d).start >= span.end
                    && joined(span.end, self.span(d).start)
                {
                    span.end = self.span(d).end;
                }
            }
        }
        if let Some(m) = self.doc.mentions.iter().find(|m| {
            matches!(m.label.as_str(), "PER" | "ORG")
                && m.span.start >= span.start
                && m.span.start < span.end
                && m.span.end > span.end
        }) {
            // Only capitalised words of the name ("Jean-Claude Méry avait" is no name).
            let gap = text
                .get(span.end as usize..m.span.end as usize)
                .unwrap_or(",");
            let capitalised = gap
                .split_whitespace()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase));
            if capitalised && !gap.contains([',', ';', ':', '(', '«', '»', '"']) {
                span.end = m.span.end;
            }
        }
        // The proper nouns right before a proper noun: a name is one run of them even where
        // the parser hung its first part elsewhere ("Marc" on the verb, "Lamont Hill" its
        // subject). Not after it: "said Smith Monday".
        if self.word(i).upos == "PROPN" {
            let mut k = (0..i).rev().find(|&k| self.span(k).end <= span.start);
            while let Some(w) = k {
                let s = self.span(w);
                if self.word(w).upos != "PROPN" || !joined(s.end, span.start) {
                    break;
                }
                span.start = s.start;
                k = w.checked_sub(1);
            }
        }
        span
    }

    /// Where the quotation `q` ends when the incise of cue `cue` closes it: the end of the word
    /// before the incise's comma, when every word after the verb up to the end of `q` is the
    /// verb's (its subject and modifiers: "…, dit van Luyten", "…, répondit le peintre avec
    /// bonhomie").
    fn trailing_incise(&self, cue: Span, q: Span) -> Option<u32> {
        let v = (0..self.n).find(|&i| self.span(i) == cue)?;
        // Only the speaker and the verb's modifiers ("avec bonhomie") after the verb, and no
        // other verb: "…, dit Mario, quelque maison brûle encore" goes on after it.
        // The speaker's own phrase, not what the parser hung on it ("dit Mario, quelque
        // maison brûle …" as an apposition of "Mario").
        let speaker = self
            .incise_subject(v)
            .map(|sp| self.speaker_span(sp, INCISE_SKIP));
        let own = |k: usize| {
            if speaker.is_some_and(|sp| contains(sp, self.span(k))) {
                return true;
            }
            let mut x = k;
            for _ in 0..self.n {
                match self.head(x) {
                    Some(h) if h == v => {
                        return matches!(self.rel(x), "obl" | "advmod" | "iobj" | "punct")
                    }
                    Some(h) => x = h,
                    None => return false,
                }
            }
            false
        };
        let after_ok = (v + 1..self.n)
            .filter(|&k| contains(q, self.span(k)) && self.word(k).upos != "PUNCT")
            .all(|k| own(k) && !matches!(&*self.word(k).upos, "VERB" | "AUX"));
        if !after_ok {
            return None;
        }
        // The verb group: auxiliaries and clitics right before the verb ("lui hurlait").
        let mut first = v;
        while first > 0
            && self.children[v].contains(&(first - 1))
            && (self.rel(first - 1) == "aux" || self.word(first - 1).upos == "PRON")
        {
            first -= 1;
        }
        let comma = first.checked_sub(1)?;
        if &*self.word(comma).form != "," || comma == 0 {
            return None;
        }
        let end = self.span(comma - 1).end;
        (end > q.start).then_some(end)
    }

    /// The clause a cue introduces with "que" when the parser gave it no `ccomp` ("a affirmé
    /// que la situation était …" with "que" hung on the verb as an adverb): from "que" to the
    /// end of the cue's dependents after it. "que" must follow the cue closely, with no other
    /// verb between ("a déclaré hier à la presse que …").
    fn que_clause(&self, v: usize) -> Option<Span> {
        let k = (v + 1..self.n.min(v + 8))
            .take_while(|&k| {
                !matches!(&*self.word(k).upos, "VERB" | "AUX")
                    && !matches!(&*self.word(k).form, ";" | ":" | "." | "«" | "»" | "\"")
            })
            .find(|&k| {
                matches!(
                    self.word(k).form.to_lowercase().as_str(),
                    "que" | "qu'" | "qu’"
                ) && self.word(k).upos != "PRON"
            })?;
        // "que" must belong to the cue: its child, or the child of a word the cue governs.
        let governed = |mut x: usize| {
            for _ in 0..self.n {
                match self.head(x) {
                    Some(h) if h == v => return true,
                    Some(h) if h > v => x = h,
                    _ => return false,
                }
            }
            false
        };
        if !governed(k) {
            return None;
        }
        let mut span = self.subtree(k, &[]);
        for &d in &self.children[v] {
            if d > k && self.rel(d) != "punct" {
                span.end = span.end.max(self.subtree(d, &[]).end);
            }
        }
        span.start = self.span(k).start;
        Some(span)
    }

    /// For a verb in an incise (its group preceded by a comma or a closing quote mark), the
    /// noun phrase right after it.
    fn incise_subject(&self, v: usize) -> Option<usize> {
        // The verb group: the verb and the auxiliaries and clitic pronouns right before it
        // ("a déclaré", "lui hurlait Sidi Sadia", "me dit l'ami", "se souvient-il").
        // "a-t-il indiqué": the inverted subject sits between the auxiliary and the verb.
        // An imperative has no subject ("Marcienne, promets-moi que …").
        if self.word(v).feats.contains("Mood=Imp") {
            return None;
        }
        let mut first = v;
        let mut clitic = false;
        let mut inverted = None;
        // A nominal subject after the verb ("…, lui hurlait Sidi Sadia"): a clitic before the
        // verb that the parser also called its subject is an object clitic.
        let later_subject = self.children[v].iter().any(|&c| {
            c > v && self.rel(c) == "nsubj" && matches!(&*self.word(c).upos, "NOUN" | "PROPN")
        });
        while first > 0
            && self.children[v].contains(&(first - 1))
            && (self.rel(first - 1) == "aux"
                || (matches!(self.rel(first - 1), "iobj" | "obj" | "expl" | "nsubj")
                    && self.word(first - 1).upos == "PRON"))
        {
            let w = first - 1;
            let object_clitic = later_subject && is_object_clitic(&self.word(w).form);
            // "a-t-il", "dit-elle": an inverted subject, whether the parser calls it `nsubj`
            // or `expl:subj`.
            if is_inverted_subject(self.word(w)) && !self.word(v).feats.contains("Mood=Imp") {
                inverted = Some(w);
            } else if self.rel(w) == "nsubj" && !object_clitic {
                break;
            } else if self.rel(w) != "aux" {
                clitic = true;
            }
            first -= 1;
        }
        // English puts the subject of an incise after its verb ("…," said Smith): a verb with
        // its subject before it is no incise ("Galantino, has called the sentence …").
        if self.lang == "en"
            && self.children[v]
                .iter()
                .any(|&c| c < first && self.rel(c) == "nsubj")
        {
            return None;
        }
        let first_token = self.word(first).token as usize;
        let before = first_token
            .checked_sub(1)
            .map(|t| self.doc.tokens[t].surface(&self.doc.text))?;
        // "— Je le crois ! dit Mario", "… devenue ? demanda-t-il": after an exclamation or a
        // question, a verb in lower case goes on with the sentence as an incise.
        let lower = self
            .word(first)
            .form
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        let after_end_mark = matches!(before, "!" | "?" | "…" | "...") && lower;
        if !after_end_mark && !matches!(before, "," | "»" | "”" | "’" | "\"" | "—" | "–") {
            return None;
        }
        if inverted.is_some() {
            return inverted;
        }
        // After a clitic, a verb whose subject comes before it is no incise, even after a
        // comma ("Monconis, qui paraît …, en décrit le mécanisme"). (Without one, the parser
        // often takes a noun of the quotation for the subject: that does not count.)
        if clitic
            && self.children[v]
                .iter()
                .any(|&c| c < first && self.rel(c) == "nsubj")
        {
            return None;
        }
        // After a clitic the object slot is taken: only a subject speaks ("en décrit le
        // mécanisme" is no incise).
        // Parsers label the inverted subject of an incise every way ("dit Clindor" as `xcomp`,
        // "dit vanLuyten" as `obj`): the first nominal after the verb that no preposition
        // governs ("a expliqué dans l'émission" is no speaker).
        self.children[v].iter().copied().find(|&c| {
            c > v
                && (matches!(self.rel(c), "nsubj" | "expl" | "xcomp" | "dep")
                    || (self.rel(c) == "obj" && !clitic))
                && matches!(&*self.word(c).upos, "NOUN" | "PROPN" | "PRON")
                && self.child(c, "case").is_none()
                // "-moi", "-le" after a verb are its objects, never its speaker.
                && (!self.word(c).form.starts_with('-') || is_inverted_subject(self.word(c)))
        })
    }

    /// The phrase at `sp` is the subject or the agent of its clause, itself or through the noun
    /// it is in apposition to ("par le général Michel Aoun").
    fn acts(&self, sp: Span) -> bool {
        let inside = |k: usize| contains(sp, self.span(k));
        (0..self.n)
            .find(|&k| inside(k) && self.head(k).is_none_or(|h| !inside(h)))
            .is_some_and(|k| {
                let x = match (self.rel(k), self.head(k)) {
                    ("appos" | "flat" | "nmod", Some(h)) => h,
                    _ => k,
                };
                self.rel(x) == "nsubj" || self.word(x).deprel == "obl:agent"
            })
    }

    /// The subject of verb `v`, inherited from the verb it is coordinated with or attached to.
    fn subject(&self, v: usize) -> Option<usize> {
        let mut x = v;
        for _ in 0..4 {
            let inverted = self.children[x]
                .iter()
                .copied()
                .find(|&c| self.rel(c) == "expl" && is_inverted_subject(self.word(c)));
            if let Some(s) = self.child(x, "nsubj").or(inverted) {
                // A relative pronoun ("qui") is not a speaker: its antecedent is elsewhere.
                let relative = self.word(s).feats.contains("PronType=Rel");
                // English parses split "American academic and professor Marc Lamont Hill
                // commented" or "Labour's Shadow Home Secretary Yvette Cooper said" into
                // several subjects: the name nearest the verb is who speaks.
                let s = match self.lang {
                    "en" => self.children[x]
                        .iter()
                        .copied()
                        .rfind(|&c| c < x && self.rel(c) == "nsubj" && self.word(c).upos == "PROPN")
                        .unwrap_or(s),
                    _ => s,
                };
                return (!relative).then_some(s);
            }
            match (self.rel(x), self.head(x)) {
                ("conj" | "advcl" | "xcomp" | "parataxis", Some(h)) => x = h,
                // "the government recommending …", "officials saying …": the noun an English
                // present participle modifies does the reporting.
                ("acl", Some(h))
                    if self.lang == "en"
                        && self.word(x).feats.contains("VerbForm=Ger")
                        && matches!(&*self.word(h).upos, "NOUN" | "PROPN") =>
                {
                    return Some(h)
                }
                _ => return None,
            }
        }
        None
    }
}

/// Relations left out of an incise speaker's span ("l'assistant aux médias" → "l'assistant").
const INCISE_SKIP: &[&str] = &[
    "appos",
    "acl",
    "punct",
    "conj",
    "cc",
    "parataxis",
    "advcl",
    "ccomp",
    "dep",
    "obl",
    "advmod",
    "case",
    "nmod",
];

/// Relations left out of a speaker's span ("Iouri Ouchakov, conseiller …" → "Iouri Ouchakov").
const SPEAKER_SKIP: &[&str] = &[
    "appos",
    "acl",
    "punct",
    "conj",
    "cc",
    "parataxis",
    "advcl",
    "ccomp",
    "dep",
    "obl",
    "advmod",
    "case",
];

/// Relations left out of the phrase searched for the name a speaker noun stands for ("le
/// porte-parole du ministère, François Rivasseau": appositions and modifiers stay, clauses go).
const NAME_PHRASE_SKIP: &[&str] = &["acl", "ccomp", "advcl", "parataxis", "conj", "cc", "dep"];

/// A reporting event found in a sentence.
struct Report {
    cue: Span,
    cue_lemma: String,
    act: String,
    speaker: Option<usize>,
    speaker_span: Option<Span>,
    content: Option<Span>,
    /// An incise inside the quotation it introduces (« Bien que…, dit-il, je… »).
    inside: bool,
}

/// A cue's content that is just the quotation (`“…,” said X`), not a reported clause holding
/// it (`qu'il "…"`, `that "…"`): no word before the opening mark.
fn is_the_quote(content: Span, outer: Span, text: &str) -> bool {
    let before = text
        .get(content.start as usize..outer.start.max(content.start) as usize)
        .unwrap_or("");
    before.chars().all(|c| !c.is_alphanumeric()) && mostly_within(content, outer)
}

/// At least 80 % of `inner` lies inside `outer`.
fn mostly_within(inner: Span, outer: Span) -> bool {
    let overlap = inner
        .end
        .min(outer.end)
        .saturating_sub(inner.start.max(outer.start));
    let len = inner.end.saturating_sub(inner.start).max(1);
    overlap * 5 >= len * 4
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// Adds `doc.quotes` from its words, tokens and paragraphs. Replaces any quotes it had.
pub fn annotate(doc: &mut Document, lexicon: &Lexicon) {
    doc.quotes.clear();
    let content_paragraphs: Vec<(usize, usize)> = doc
        .paragraphs
        .iter()
        .filter(|p| !p.is_boilerplate())
        .map(|p| (p.span.start as usize, p.span.end as usize))
        .collect();
    let (marked, _strays) = marks::find(&doc.text, &content_paragraphs);
    // French dialogue: a dash opens a turn, as a mark would (paragraphs in French only).
    let french_paragraphs: Vec<(usize, usize)> = doc
        .paragraphs
        .iter()
        .filter(|p| !p.is_boilerplate())
        .filter(|p| {
            p.language
                .as_ref()
                .or(doc.language.as_ref())
                .is_some_and(|l| l.code == "fr")
        })
        .map(|p| (p.span.start as usize, p.span.end as usize))
        .collect();
    let marked =
        marks::with_dialogue_turns(marked, marks::dialogue_turns(&doc.text, &french_paragraphs));
    let mut quotes: Vec<Quote> = Vec::new();
    // The last named speaker (a span headed by a proper noun), for pronouns and role nouns.
    let mut last_named: Option<Span> = None;
    // The last sentence subject that is a name, speaker or not ("Seagal a fait les gros titres
    // …"), for a pronoun with no named speaker before it.
    let mut last_subject_name: Option<Span> = None;
    let mut last_speaker: Option<(Span, Option<Span>)> = None;
    // Quotations running past their first sentence with no cue there ("« A. B », a constaté
    // X"): attributed in the sentence where they close, whose incise names the speaker.
    let mut deferred: Vec<marks::MarkedQuote> = Vec::new();
    // The lead speaker of a deferred quotation, from the sentence where it opens ("il refusa
    // et examina d'autres possibilités : "Le Mans, … . J'étais prêt …"").
    let mut deferred_leads: Vec<(usize, Span)> = Vec::new();
    let doc_lang = doc.language.as_ref().map(|l| l.code.clone());
    for si in 0..doc.sentences.len() {
        let sentence = &doc.sentences[si];
        if sentence.words.is_empty() {
            continue;
        }
        let lang = doc
            .paragraphs
            .get(sentence.paragraph as usize)
            .and_then(|p| p.language.as_ref().map(|l| l.code.clone()))
            .or_else(|| doc_lang.clone())
            .unwrap_or_default();
        let base = sentence.words.start as usize;
        let n = sentence.words.len();
        let mut children = vec![Vec::new(); n];
        for i in 0..n {
            if let Some(h) = doc.words[base + i]
                .head
                .and_then(|h| (h as usize).checked_sub(base))
            {
                if h < n {
                    children[h].push(i);
                }
            }
        }
        let tree = Tree {
            doc,
            base,
            n,
            children,
            lang: &lang,
        };
        let in_quote = |sp: Span| {
            marked
                .iter()
                .any(|q| q.start <= sp.start as usize && (sp.end as usize) <= q.end)
        };
        // Cues of this sentence, in text order.
        let mut reports: Vec<Report> = Vec::new();
        for i in 0..n {
            let w = tree.word(i);
            let lemma = w.lemma.to_lowercase();
            let Some(cue) = lexicon.cue(tree.lang, &lemma) else {
                continue;
            };
            // Inside a quotation, only an incise ("…, dit-il, …") reports: it names the
            // speaker of the quotation around it.
            let inside = in_quote(tree.span(i));
            if inside && (cue.content == Content::Prep || tree.incise_subject(i).is_none()) {
                continue;
            }
            // A verb that opens the quotation is what was said ("reconnu avoir « demandé
            // 1,5 % … »"), never an incise: an incise follows words of the quotation.
            let cue_start = tree.span(i).start as usize;
            let opens = inside
                && marked.iter().any(|q| {
                    q.start <= cue_start
                        && cue_start < q.end
                        && !doc
                            .text
                            .get(q.start..cue_start)
                            .is_some_and(|t| t.chars().any(char::is_alphanumeric))
                });
            if opens {
                continue;
            }
            // "un incendie s'est déclaré": the reflexive verb reports nothing.
            if cue.not_reflexive
                && tree.children[i]
                    .iter()
                    .any(|&c| &*tree.word(c).lemma == "soi")
            {
                continue;
            }
            match cue.content {
                Content::Prep => {
                    // "selon X", "d'après X", "according to X".
                    let ok = match lemma.as_str() {
                        "après" => i > 0 && tree.word(i - 1).form.to_lowercase().starts_with("d'"),
                        _ => true,
                    };
                    // "selon laquelle …" introduces a relative clause, not a source.
                    let relative = i + 1 < n
                        && (&*tree.word(i + 1).lemma == "lequel"
                            || tree.word(i + 1).feats.contains("PronType=Rel"));
                    // "d'après" is parsed as "d'" with "après" fixed to it.
                    let mut head = tree.head(i);
                    if tree.rel(i) == "fixed" {
                        head = head.and_then(|h| tree.head(h));
                    }
                    let Some(h) = head.filter(|_| ok && !relative) else {
                        continue;
                    };
                    // "d'après "Les contes du chat perché"": a title in marks is a source of
                    // inspiration, not a speaker.
                    if !matches!(&*tree.word(h).upos, "PROPN" | "NOUN" | "PRON")
                        || in_quote(tree.span(h))
                    {
                        continue;
                    }
                    let speaker_span = tree.speaker_span(h, SPEAKER_SKIP);
                    let cue_start = if lemma == "après" {
                        tree.span(i - 1).start
                    } else {
                        tree.span(i).start
                    };
                    // Content: what precedes "…, selon X" or follows "Selon X, …".
                    let s = sentence.span;
                    let whole = tree.subtree(h, &["punct"]);
                    let phrase = Span {
                        start: cue_start.min(whole.start),
                        end: whole.end,
                    };
                    let before = doc
                        .text
                        .get(s.start as usize..phrase.start as usize)
                        .unwrap_or("");
                    let initial = before.trim().is_empty();
                    // What was said before the phrase starts after the last ";" before it.
                    let cut = before.rfind(';').map_or(0, |k| k + 1) as u32;
                    // "…; selon X, P", "Mais selon X, P": the clause the phrase attaches to
                    // comes after it — when no verb comes before it ("Kim a offert … des
                    // cadeaux, selon X, …, a déclaré l'assistant": the parser may hang X on
                    // the later verb, but what X reports is the clause before).
                    let verb_before = (0..n).any(|k| {
                        let sp = tree.span(k);
                        sp.start >= s.start + cut
                            && sp.end <= phrase.start
                            && matches!(&*tree.word(k).upos, "VERB" | "AUX")
                    });
                    let governs_after = tree
                        .head(h)
                        .is_some_and(|g| tree.span(g).start >= phrase.end)
                        && !verb_before;
                    let content = if initial || governs_after {
                        Span {
                            start: phrase.end,
                            end: s.end,
                        }
                    } else {
                        Span {
                            start: s.start + cut,
                            end: phrase.start,
                        }
                    };
                    reports.push(Report {
                        cue: Span {
                            start: cue_start,
                            end: tree.span(i).end,
                        },
                        cue_lemma: lemma.clone(),
                        act: cue.speech_act.clone(),
                        speaker: Some(h),
                        speaker_span: Some(speaker_span),
                        content: trim_span(&doc.text, content),
                        inside: false,
                    });
                }
                _ if w.upos != "VERB" => continue,
                content_kind => {
                    // Words in marks are what was said, not who said it (a subject there is
                    // a parse error: "Le Matin, revenant sur l'« affaire Sadoul », écrit").
                    let mut speaker = tree.subject(i).filter(|&s| !in_quote(tree.span(s)));
                    let mut speaker_span = speaker.map(|s| tree.speaker_span(s, SPEAKER_SKIP));
                    // A passive cue ("l'option est ajoutée", "il a été souligné que") speaks
                    // through its agent ("par X"), or not at all.
                    let passive = tree.children[i]
                        .iter()
                        .any(|&c| tree.word(c).deprel == "aux:pass");
                    if passive {
                        let agent = tree.children[i]
                            .iter()
                            .copied()
                            .find(|&c| tree.word(c).deprel == "obl:agent");
                        let Some(a) = agent else { continue };
                        speaker = Some(a);
                        speaker_span = Some(tree.speaker_span(a, INCISE_SKIP));
                    }
                    // An incise — "…, a déclaré l'assistant", "» lance-t-il", "…,” said Smith" —
                    // has its subject after the verb, whatever label the parser gave it.
                    if let Some(c) = tree.incise_subject(i) {
                        speaker = Some(c);
                        speaker_span = Some(tree.speaker_span(c, INCISE_SKIP));
                    }
                    let content = match content_kind {
                        Content::Clause => tree
                            .child(i, "ccomp")
                            .map(|c| tree.clause_with_tail(i, c))
                            .or_else(|| tree.que_clause(i)),
                        Content::Object => tree
                            .child(i, "ccomp")
                            .map(|c| tree.clause_with_tail(i, c))
                            .or_else(|| tree.que_clause(i))
                            .or_else(|| {
                                let parts: Vec<Span> = tree.children[i]
                                    .iter()
                                    .copied()
                                    .filter(|&c| {
                                        c > i
                                            && matches!(
                                                tree.rel(c),
                                                "obj" | "xcomp" | "obl" | "iobj"
                                            )
                                    })
                                    .map(|c| tree.subtree(c, &[]))
                                    .collect();
                                let first = parts.iter().map(|s| s.start).min()?;
                                let last = parts.iter().map(|s| s.end).max()?;
                                Some(Span {
                                    start: first,
                                    end: last,
                                })
                            }),
                        _ => None,
                    };
                    // An incise without marks — "P, a déclaré X", "En 2004, a-t-il indiqué,
                    // nous …" — reports the clause around it: the clause it is in parataxis
                    // with, whichever way the parser attached the two.
                    let incise = tree.incise_subject(i).is_some();
                    let content = match content {
                        Some(c) => Some(c),
                        None if incise && content_kind != Content::Quote => tree.children[i]
                            .iter()
                            .copied()
                            .find(|&c| c < i && matches!(tree.rel(c), "parataxis" | "ccomp"))
                            .map(|c| tree.subtree(c, &[]))
                            .or_else(|| {
                                let h = tree.head(i).filter(|_| tree.rel(i) == "parataxis")?;
                                Some(tree.subtree(h, &["parataxis"]))
                            }),
                        None => None,
                    };
                    // "on l'appelait « The king of comedy »": a naming verb before marks names.
                    let names = lexicon.is_naming(tree.lang, &lemma)
                        && content.is_some_and(|c| {
                            doc.text
                                .get(c.start as usize..)
                                .is_some_and(|t| t.trim_start().starts_with(['«', '"', '“']))
                        });
                    if names {
                        continue;
                    }
                    reports.push(Report {
                        cue: tree.span(i),
                        cue_lemma: lemma.clone(),
                        act: cue.speech_act.clone(),
                        speaker,
                        speaker_span,
                        // An incise inside a quotation names its speaker; the quotation is
                        // what was said.
                        content: content
                            .filter(|_| !inside)
                            .and_then(|c| trim_span(&doc.text, c)),
                        inside,
                    });
                }
            }
        }
        // Resolve speakers: names update the context, pronouns and role nouns read it.
        let mut resolved: Vec<(Option<Span>, Option<Span>, f32)> = Vec::new();
        for r in &reports {
            let Some((sw, span)) = r.speaker.zip(r.speaker_span) else {
                // No subject in the parse ("… et a promis"): the sentence's previous speaker.
                match resolved.iter().rev().find(|x| x.0.is_some()) {
                    Some(&(sp, ante, conf)) => resolved.push((sp, ante, conf * 0.6)),
                    None => resolved.push((None, None, 0.0)),
                }
                continue;
            };
            let w = tree.word(sw);
            // "Le président du club, Angel Torres", "le directeur d'EFI Michel Balandier": a
            // noun whose phrase holds a person's name (recognised, else in apposition) stands
            // for that name.
            let apposed = (w.upos == "NOUN")
                .then(|| {
                    let phrase = tree.subtree(sw, NAME_PHRASE_SKIP);
                    let head = tree.span(sw);
                    // The name in apposition, not one governed by a preposition ("le
                    // ministre du Budget Michel Charasse": "Budget" names no one here).
                    let governed = |m: &vigie_core::Mention| {
                        let before = doc.text.get(..m.span.start as usize).unwrap_or("");
                        let last = before.trim_end().rsplit([' ', '\'', '’']).next();
                        before.ends_with(['\'', '’'])
                            || matches!(last, Some("de" | "du" | "des" | "d"))
                    };
                    doc.mentions
                        .iter()
                        .filter(|m| {
                            m.label == "PER"
                                && contains(phrase, m.span)
                                && m.span.start >= head.end
                                && !in_quote(m.span)
                                && !governed(m)
                        })
                        .map(|m| m.span)
                        // The first name: a later one belongs to another apposition ("le
                        // juge Armand Riberolles, successeur du juge Éric Halphen").
                        .min_by_key(|m| m.start)
                        .or_else(|| {
                            // Else a proper noun in apposition, to the noun or to a noun of
                            // its phrase ("The secretary general of CEI (Italian Episcopal
                            // Conference), Nunzio Galantino": the parser may hang the name on
                            // the last noun); not one in brackets, which spells out a name.
                            let bracketed = |c: usize| {
                                tree.children[c]
                                    .iter()
                                    .any(|&p| tree.word(p).form.as_ref() == "(")
                            };
                            (sw + 1..tree.n)
                                .filter(|&c| contains(phrase, tree.span(c)))
                                .find(|&c| {
                                    let direct = tree.head(c) == Some(sw);
                                    (tree.rel(c) == "appos" || (direct && tree.rel(c) == "flat"))
                                        && tree.word(c).upos == "PROPN"
                                        && tree.child(c, "case").is_none()
                                        && !bracketed(c)
                                })
                                .map(|c| tree.speaker_span(c, SPEAKER_SKIP))
                        })
                })
                .flatten();
            if let Some(name) = apposed {
                last_named = Some(name);
                resolved.push((Some(span), Some(name), 0.85));
                continue;
            }
            let singular = !w.feats.contains("Number=Plur");
            // A capitalised word inside the sentence is a name, whatever tag the parser gave
            // it ("dit Van Luyten"), and so is a word with a capital after its first letter
            // ("dit vanLuyten", OCR): it stands for no one else. ("— Il" opens a sentence.)
            // A personal pronoun stays one with a capital ("de Philippe, Elle murmure": OCR).
            let pronoun = w.upos == "PRON" && is_personal_pronoun(&w.form);
            let opens_sentence = (0..sw).all(|k| tree.word(k).upos == "PUNCT");
            let inner_capital = w.form.chars().skip(1).any(char::is_uppercase);
            let capital_inside = !pronoun
                && ((!opens_sentence && w.form.chars().next().is_some_and(char::is_uppercase))
                    || inner_capital);
            // A "pronoun" with a capital inside is a name the tagger missed ("dit vanLuyten").
            let named = is_name(w) || (w.upos == "PRON" && !pronoun && inner_capital);
            let stands_for = !capital_inside
                && (w.upos == "PRON" || (singular && lexicon.is_role(tree.lang, &w.lemma)));
            if named {
                last_named = Some(span);
                resolved.push((Some(span), None, 0.9));
            } else if stands_for {
                // A third-person pronoun stands first for a name subject earlier in its own
                // sentence ("Seagal a fait … quand il a décrit …").
                let third = w.upos == "PRON" && w.feats.contains("Person=3");
                // Not a name inside what is reported: in "Jean-Claude Méry, expliquait-il,
                // lui avait mis …" the incise's "il" is not Méry.
                let reported = |sp: Span| r.content.is_some_and(|c| contains(c, sp));
                let here = (0..sw)
                    .rev()
                    .find(|&k| {
                        tree.rel(k) == "nsubj" && is_name(tree.word(k)) && !reported(tree.span(k))
                    })
                    .map(|k| tree.speaker_span(k, SPEAKER_SKIP))
                    .or_else(|| {
                        // Else a person named before it in the sentence ("donné par le
                        // général Michel Aoun …, lorsqu'il a affirmé").
                        doc.mentions
                            .iter()
                            .filter(|m| {
                                m.label == "PER"
                                    && m.span.start >= sentence.span.start
                                    && m.span.end <= span.start
                                    && !in_quote(m.span)
                                    && !reported(m.span)
                                    && capitalised(&doc.text, m.span)
                                    && tree.acts(m.span)
                            })
                            .map(|m| m.span)
                            .next_back()
                    })
                    .filter(|_| third);
                // A role noun ("le premier magistrat", "la députée de Moselle") stands for the
                // last named speaker, else the last person named outside quotations in an
                // earlier sentence ("le maire Martial Bourquin"): a person named in its own
                // sentence and not in its phrase is someone else ("Après avoir reçu X, le
                // ministre a déclaré").
                let last_person = || {
                    doc.mentions
                        .iter()
                        .filter(|m| {
                            m.label == "PER"
                                && m.span.end <= sentence.span.start
                                && !in_quote(m.span)
                                && capitalised(&doc.text, m.span)
                        })
                        .map(|m| m.span)
                        .next_back()
                };
                let role = w.upos != "PRON";
                let ante = here
                    .or(last_named)
                    .or_else(|| role.then(last_person).flatten())
                    .or(last_subject_name.filter(|_| third || role));
                // In a dialogue turn, a pronoun whose antecedent is not in its own sentence
                // is a guess among the speakers of the dialogue: kept, not certain enough
                // to link.
                let in_turn = marked.iter().any(|q| {
                    q.start <= span.start as usize
                        && (span.end as usize) <= q.end
                        && doc
                            .text
                            .get(q.outer_start..)
                            .is_some_and(|t| t.starts_with(['—', '–']))
                });
                // An antecedent from an earlier sentence with another person named between
                // it and the speaker, of a gender the speaker word allows ("elle" is not
                // "Alain Juppé"): several candidates, a guess (kept, not linked).
                let gender = feature(&w.feats, "Gender");
                let contested = |a: Span| {
                    let name = doc.text.get(a.start as usize..a.end as usize).unwrap_or("");
                    doc.mentions.iter().any(|m| {
                        m.label == "PER"
                            && gender.is_none_or(|g| {
                                gender_at(doc, m.span.start).is_none_or(|mg| mg == g)
                            })
                            && m.span.start >= a.end
                            && m.span.end <= span.start
                            && !in_quote(m.span)
                            && capitalised(&doc.text, m.span)
                            && !doc
                                .text
                                .get(m.span.start as usize..m.span.end as usize)
                                .is_some_and(|t| {
                                    t.split_whitespace()
                                        .any(|w| name.split_whitespace().any(|n| n == w))
                                })
                    })
                };
                let conf = match ante {
                    Some(_) if here.is_none() && !role && in_turn => 0.44,
                    // A role noun names a kind of person: the last named speaker it stands
                    // for is no guess ("l'assistant" → Iouri Ouchakov past Kim and Poutine).
                    Some(a) if here.is_none() && !(role && ante == last_named) && contested(a) => {
                        0.44
                    }
                    Some(_) => 0.75,
                    // A pronoun that stands for no one found: nothing to link.
                    None if !role => 0.44,
                    None => 0.5,
                };
                resolved.push((Some(span), ante, conf));
            } else {
                resolved.push((Some(span), None, 0.7));
            }
        }
        // Quotations by marks in this sentence.
        let (s_start, s_end) = (sentence.span.start as usize, sentence.span.end as usize);
        let mut sentence_quotes: Vec<marks::MarkedQuote> = Vec::new();
        deferred.retain(|q| {
            // A dialogue turn's incise may come sentences after its dash ("— Je le crois !
            // dit Mario"): the turn is attributed there.
            let incise_here = reports.iter().any(|r| {
                r.inside && q.start <= r.cue.start as usize && r.cue.end as usize <= q.end
            });
            let closes_here = q.end <= s_end || si + 1 == doc.sentences.len() || incise_here;
            if closes_here {
                sentence_quotes.push(*q);
            }
            !closes_here
        });
        for q in marked
            .iter()
            .filter(|q| q.start >= s_start && q.start < s_end)
        {
            if q.end > s_end && reports.is_empty() && si + 1 < doc.sentences.len() {
                deferred.push(*q);
                let outer = Span {
                    start: q.outer_start as u32,
                    end: q.outer_end as u32,
                };
                if let Some(lead) = lead_speaker(&tree, sentence.span, outer) {
                    deferred_leads.push((q.start, lead));
                }
            } else {
                sentence_quotes.push(*q);
            }
        }
        for q in &sentence_quotes {
            // Carried over from an earlier sentence: several sentences of quotation.
            let carried = q.start < s_start;
            let qspan = trim_span(
                &doc.text,
                Span {
                    start: q.start as u32,
                    end: q.end as u32,
                },
            )
            .unwrap_or(Span {
                start: q.start as u32,
                end: q.end as u32,
            });
            let outer = Span {
                start: q.outer_start as u32,
                end: q.outer_end as u32,
            };
            let words_inside = (0..n).filter(|&i| contains(qspan, tree.span(i))).count();
            let has_verb = (0..n).any(|i| {
                contains(qspan, tree.span(i)) && matches!(&*tree.word(i).upos, "VERB" | "AUX")
            });
            // The report whose content holds the quote (and more than the quote), else the
            // nearest cue outside it.
            // The innermost one: in "J'ai noté que vous avez parlé de « … »" the words are
            // what "vous" said, not what "je" noted.
            let holder = reports
                .iter()
                .enumerate()
                .filter_map(|(k, r)| {
                    let c = r.content?;
                    (contains(c, qspan) && !is_the_quote(c, outer, &doc.text))
                        .then_some((c.end - c.start, k))
                })
                .min()
                .map(|(_, k)| k);
            let nearest = reports
                .iter()
                .enumerate()
                .filter(|(_, r)| contains(outer, r.cue) == r.inside)
                .min_by_key(|(_, r)| {
                    let d = if r.cue.start >= outer.end {
                        r.cue.start - outer.end
                    } else {
                        outer.start.saturating_sub(r.cue.end)
                    };
                    // Prefer reports with a speaker.
                    (r.speaker.is_none(), d)
                })
                .map(|(i, _)| i);
            // A quotation the reporter's sentence runs through — "en raison de « … »", "un
            // élu « … »" — is a fragment of it, not a quotation standing alone.
            let lead = doc
                .text
                .get(sentence.span.start as usize..outer.start as usize)
                .unwrap_or("")
                .trim_end();
            let embedded = lead
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '\'' || c == '’');
            // Running on past its sentence ("compliment :— Ah! monsieur Sandeau, … ! Je serai
            // le premier…"): several sentences of quotation, whatever this one holds.
            let runs_on = qspan.end > sentence.span.end;
            let clause_like = carried || runs_on || (has_verb && words_inside >= 4 && !embedded);
            // "une exposition intitulée "Images du ciel"", "ce qu'on appelle « … »": a name.
            let named = (0..n)
                .rev()
                .find(|&i| tree.span(i).end <= outer.start)
                .is_some_and(|i| {
                    let w = tree.word(i);
                    lexicon.is_naming(tree.lang, &w.lemma) || lexicon.is_naming(tree.lang, &w.form)
                });
            if named && !carried {
                continue;
            }
            // "in the words of the prosecutor, Mark Tedeschi, "…"", "in his own words, "…"".
            let words_of = (tree.lang == "en")
                .then(|| english::words_of(&tree, outer))
                .flatten();
            let (kind, pick) = match (holder, nearest) {
                (Some(h), _) => ("partial", Some(h)),
                (None, Some(c)) if clause_like => ("direct", Some(c)),
                (None, Some(c)) => ("partial", Some(c)),
                (None, None) if clause_like => ("direct", None),
                (None, None) => ("partial", None),
            };
            let mut flags = Vec::new();
            if q.unbalanced {
                flags.push("unbalanced-marks".to_string());
            }
            let mut quote = Quote {
                kind: kind.to_string(),
                span: qspan,
                ..Quote::default()
            };
            match pick {
                Some(ri) if resolved[ri].0.is_some() => {
                    let r = &reports[ri];
                    quote.speaker = resolved[ri].0;
                    quote.speaker_antecedent = resolved[ri].1;
                    quote.cue = Some(r.cue);
                    quote.cue_lemma = Some(r.cue_lemma.clone());
                    quote.speech_act = Some(r.act.clone());
                    quote.confidence = resolved[ri].2 * if q.unbalanced { 0.8 } else { 1.0 };
                }
                _ if words_of.is_some() => {
                    if let Some(w) = words_of {
                        quote.speaker = Some(w.speaker);
                        // "his own words": the sentence's named subject, else the last one.
                        quote.speaker_antecedent = w
                            .pronoun
                            .then(|| {
                                (0..n)
                                    .find(|&i| tree.head(i).is_none())
                                    .and_then(|r| tree.subject(r))
                                    .filter(|&s| tree.word(s).upos == "PROPN")
                                    .map(|s| tree.speaker_span(s, SPEAKER_SKIP))
                                    .or(last_subject_name)
                                    .or(last_named)
                            })
                            .flatten();
                        quote.cue = Some(w.cue);
                        quote.cue_lemma = Some("word".into());
                        quote.speech_act = Some("statement".into());
                        quote.confidence = 0.6;
                    }
                }
                _ => {
                    // Single quotes ‘ … ’ with no cue mark a gloss, a title or a term far more
                    // often than speech ("Kusiilay ‘the language of Essil’").
                    if doc
                        .text
                        .get(outer.start as usize..)
                        .is_some_and(|t| t.starts_with('‘'))
                    {
                        continue;
                    }
                    // No cue: a word or two in marks, or a title in capitals, is a scare quote
                    // or a name ("waive", "Protector of Mexico"), not a quotation.
                    let quoted = doc
                        .text
                        .get(qspan.start as usize..qspan.end as usize)
                        .unwrap_or("");
                    let title_case = quoted
                        .split_whitespace()
                        .filter(|w| w.chars().count() > 3)
                        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
                    if (words_inside <= 2 && !runs_on) || (title_case && !clause_like) {
                        continue;
                    }
                    // The sentence's subject is the best-supported speaker of a
                    // fragment; a full quotation goes to the last speaker.
                    let root = (0..n).find(|&i| tree.head(i).is_none());
                    let subject = root.and_then(|r| tree.subject(r)).filter(|&s| {
                        !contains(outer, tree.span(s))
                            && matches!(&*tree.word(s).upos, "PROPN" | "NOUN")
                    });
                    let lead = lead_speaker(&tree, sentence.span, outer).or_else(|| {
                        deferred_leads
                            .iter()
                            .find(|&&(start, _)| carried && start == q.start)
                            .map(|&(_, lead)| lead)
                    });
                    if let (true, Some(s)) = (clause_like, lead) {
                        // "Le souverain s'emporte : « … »", "Pour elle, « … »": the
                        // sentence introduces the quotation and names who says it; with no
                        // cue, not certain enough to link — unless the lead names a person
                        // or an organisation ("Claude Gewerc a quant à lui prévenu : « … »").
                        let named = doc.mentions.iter().any(|m| {
                            matches!(m.label.as_str(), "PER" | "ORG")
                                && contains(s, m.span)
                                && capitalised(&doc.text, m.span)
                        });
                        quote.speaker = Some(s);
                        quote.confidence = if named { 0.5 } else { 0.44 };
                        flags.push("speaker-from-context".into());
                    } else if let (false, Some(s)) = (clause_like, subject) {
                        quote.speaker = Some(tree.speaker_span(s, SPEAKER_SKIP));
                        // The sentence's own subject: better supported than a last speaker.
                        quote.confidence = 0.45;
                        flags.push("speaker-from-context".into());
                    } else if let Some((sp, ante)) = last_speaker {
                        quote.speaker = Some(sp);
                        quote.speaker_antecedent = ante;
                        quote.confidence = 0.4;
                        flags.push("speaker-from-context".into());
                    } else if !clause_like {
                        // A fragment with no cue and no speaker anywhere is a scare quote, a
                        // title or a term (« Monster Mash », « Le roi de la comédie »).
                        continue;
                    } else {
                        quote.confidence = 0.3;
                        flags.push(
                            "speaker-unknown: no cue in the sentence and no earlier speaker".into(),
                        );
                    }
                }
            }
            // English terms, titles and scare quotes in marks (`data/quoted-spans-en.tsv`).
            if tree.lang == "en"
                && english::not_a_quotation(
                    &tree,
                    english::SpanRules::builtin(),
                    &english::Marked {
                        content: qspan,
                        outer,
                        direct: kind == "direct",
                        cue: quote.cue,
                        unbalanced: q.unbalanced,
                    },
                )
            {
                continue;
            }
            // A dialogue turn that ends on its incise ("— Elle est peut-être morte, dit van
            // Luyten."): the incise is not what was said.
            let turn = doc
                .text
                .get(q.outer_start..)
                .is_some_and(|t| t.starts_with(['—', '–']));
            if let (true, Some(ri)) = (turn && qspan.end as usize <= s_end, pick) {
                if reports[ri].inside {
                    if let Some(end) = tree.trailing_incise(reports[ri].cue, qspan) {
                        quote.span.end = end;
                    }
                }
            }
            quote.flags = flags;
            quotes.push(quote);
        }
        // Reported speech: every cue with content.
        for (ri, r) in reports.iter().enumerate() {
            let Some(mut content) = r.content else {
                continue;
            };
            // Quotation marks cut by the content's edge belong to it.
            for q in &sentence_quotes {
                let (qs, qe) = (q.outer_start as u32, q.outer_end as u32);
                if qs >= content.start && qs < content.end && qe > content.end {
                    content.end = qe;
                }
                if qe > content.start && qe <= content.end && qs < content.start {
                    content.start = qs;
                }
            }
            if content.start >= content.end {
                continue;
            }
            let mixed = sentence_quotes.iter().any(|q| {
                contains(
                    content,
                    Span {
                        start: q.start as u32,
                        end: q.end as u32,
                    },
                )
            });
            // The content is a quotation by marks (recorded above): no second record.
            if sentence_quotes.iter().any(|q| {
                is_the_quote(
                    content,
                    Span {
                        start: q.outer_start as u32,
                        end: q.outer_end as u32,
                    },
                    &doc.text,
                )
            }) {
                continue;
            }
            let mut flags = Vec::new();
            if resolved[ri].0.is_none() {
                flags.push("speaker-unknown: the cue has no subject".to_string());
            }
            quotes.push(Quote {
                kind: if mixed { "mixed" } else { "indirect" }.to_string(),
                span: content,
                speaker: resolved[ri].0,
                speaker_antecedent: resolved[ri].1,
                entity: None,
                cue: Some(r.cue),
                cue_lemma: Some(r.cue_lemma.clone()),
                speech_act: Some(r.act.clone()),
                confidence: if resolved[ri].0.is_some() {
                    resolved[ri].2 * 0.9
                } else {
                    0.3
                },
                flags,
            });
        }
        if let Some(last) = resolved.iter().rev().find_map(|r| r.0.map(|s| (s, r.1))) {
            last_speaker = Some(last);
        }
        if let Some(s) = (0..n)
            .find(|&i| tree.head(i).is_none())
            .and_then(|r| tree.subject(r))
            .filter(|&s| is_name(tree.word(s)))
        {
            last_subject_name = Some(tree.speaker_span(s, SPEAKER_SKIP));
        }
    }
    english::block_quotations(doc, lexicon, english::SpanRules::builtin(), &mut quotes);
    english::signed_paragraphs(doc, english::SpanRules::builtin(), &mut quotes);
    quotes.sort_by_key(|q| (q.span.start, q.span.end));
    doc.quotes = quotes;
}

/// A French clitic pronoun that can stand before its verb as an object ("lui hurlait", "me
/// dit", "leur a déclaré"); "il", "elle", "on" never can.
fn is_object_clitic(form: &str) -> bool {
    matches!(
        form.to_lowercase().as_str(),
        "lui"
            | "leur"
            | "me"
            | "m'"
            | "m’"
            | "te"
            | "t'"
            | "t’"
            | "se"
            | "s'"
            | "s’"
            | "nous"
            | "vous"
            | "le"
            | "la"
            | "les"
            | "l'"
            | "l’"
            | "y"
            | "en"
    )
}

/// A French or English personal pronoun that can be a speaker ("il", "Elle", "-t-on", "lui").
fn is_personal_pronoun(form: &str) -> bool {
    let form = form.to_lowercase();
    matches!(
        form.trim_start_matches('-').trim_start_matches("t-"),
        "il" | "elle"
            | "on"
            | "ils"
            | "elles"
            | "je"
            | "j'"
            | "j’"
            | "tu"
            | "nous"
            | "vous"
            | "lui"
            | "eux"
            | "moi"
            | "toi"
            | "he"
            | "she"
            | "they"
            | "we"
            | "i"
            | "you"
    )
}

/// An inverted subject pronoun ("-t-il", "-elle", "-on" after "a", "dit"); "-moi", "-le" after
/// an imperative ("promets-moi") are objects.
fn is_inverted_subject(w: &vigie_core::Word) -> bool {
    let form = w.form.to_lowercase();
    let pronoun = form.trim_start_matches('-').trim_start_matches("t-");
    w.upos == "PRON"
        && form.starts_with('-')
        && matches!(
            pronoun,
            "il" | "elle" | "on" | "ils" | "elles" | "je" | "tu" | "nous" | "vous"
        )
        && matches!(&*w.deprel, "nsubj" | "expl:subj" | "nsubj:pass")
}

/// A word that can be a name: a proper noun with a letter in it (taggers sometimes call a
/// dialogue dash "—" a proper noun).
fn is_name(w: &vigie_core::Word) -> bool {
    w.upos == "PROPN" && w.form.chars().any(char::is_alphabetic)
}

/// A word's feature value (`Gender` in `Gender=Fem|Number=Sing`).
fn feature<'a>(feats: &'a str, name: &str) -> Option<&'a str> {
    feats.split('|').find_map(|f| {
        let (k, v) = f.split_once('=')?;
        (k == name).then_some(v)
    })
}

/// The grammatical gender the parse gives the word at byte `start` (a name's first word).
fn gender_at(doc: &Document, start: u32) -> Option<&str> {
    let token = doc.tokens.partition_point(|t| t.span.end <= start);
    let first = doc.words.partition_point(|w| (w.token as usize) < token);
    doc.words
        .get(first)
        .filter(|w| w.token as usize == token)
        .and_then(|w| feature(&w.feats, "Gender"))
}

/// The span starts with a capital letter (a recognised "dansson" in OCR text is no name).
/// The speaker a sentence names before the quotation it introduces, with no reporting verb:
/// the subject of a lead ending in a colon ("Le souverain s'emporte : « … »"), or the phrase
/// of a leading "Pour X," ("Pour elle, « … »"). Words inside the marks never count.
fn lead_speaker(tree: &Tree, sentence: Span, outer: Span) -> Option<Span> {
    let text = &tree.doc.text;
    let lead = text
        .get(sentence.start as usize..outer.start as usize)?
        .trim_end();
    let nominal = |k: usize| matches!(&*tree.word(k).upos, "PROPN" | "NOUN" | "PRON");
    let before = |k: usize| tree.span(k).end <= outer.start;
    if lead.ends_with(':') {
        // A subject in the lead whose verb is in the lead too (not "ce", "cela": no speaker).
        return (0..tree.n)
            .filter(|&k| before(k) && tree.word(k).deprel == "nsubj" && nominal(k))
            .filter(|&k| tree.head(k).is_some_and(before))
            .find(|&k| !matches!(&*tree.word(k).lemma.to_lowercase(), "ce" | "cela" | "ça"))
            .map(|k| tree.speaker_span(k, SPEAKER_SKIP))
            .filter(|sp| sp.end <= outer.start);
    }
    // "Pour X, « … »": X is the sentence's first phrase, a comma after it.
    let first = (0..tree.n).find(|&i| tree.word(i).upos != "PUNCT")?;
    if tree.word(first).form.to_lowercase() != "pour" || !lead.ends_with(',') {
        return None;
    }
    let comma = (first + 1..tree.n).find(|&i| &*tree.word(i).form == ",")?;
    if tree.span(comma).end > outer.start || comma == first + 1 {
        return None;
    }
    // The phrase between "Pour" and the comma, headed by a noun or a pronoun.
    let inside = |k: usize| k > first && k < comma;
    let head = (first + 1..comma).find(|&k| tree.head(k).is_none_or(|h| !inside(h)))?;
    nominal(head).then(|| Span {
        start: tree.span(first + 1).start,
        end: tree.span(comma - 1).end,
    })
}

fn capitalised(text: &str, s: Span) -> bool {
    text.get(s.start as usize..)
        .and_then(|t| t.chars().next())
        .is_some_and(char::is_uppercase)
}

fn trim_span(text: &str, s: Span) -> Option<Span> {
    let slice = text.get(s.start as usize..s.end as usize)?;
    let lead = slice.len()
        - slice
            .trim_start_matches(|c: char| c.is_whitespace() || c == ',')
            .len();
    let trimmed = slice.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    let tail = trimmed.len()
        - trimmed
            .trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == '.')
            .len();
    let start = s.start + lead as u32;
    let end = s.end - tail as u32;
    (start < end).then_some(Span { start, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_lexicons_parse() {
        let lex = Lexicon::parse(
            include_str!("../data/cues.tsv"),
            include_str!("../data/roles.tsv"),
        )
        .expect("lexicons parse");
        assert_eq!(
            lex.cue("fr", "promettre").map(|c| c.speech_act.as_str()),
            Some("promise")
        );
        assert_eq!(
            lex.cue("en", "deny").map(|c| c.speech_act.as_str()),
            Some("denial")
        );
        assert_eq!(
            lex.cue("fr", "selon").map(|c| c.content),
            Some(Content::Prep)
        );
        assert!(lex.is_role("fr", "assistant"));
        let mut lex = lex;
        lex.parse_naming(include_str!("../data/naming.tsv"))
            .expect("naming list parses");
        assert!(lex.is_naming("fr", "intituler") && lex.is_naming("en", "call"));
        assert!(!lex.is_naming("fr", "déclarer"));
        assert!(lex.parse_naming("fr intituler\n").is_err());
        assert!(Lexicon::parse("fr\tdire\n", "").is_err());
    }
}
