//! The event stage: frames from the parse, coded with the lexicon, actors from the linked
//! entities, attributes from the context, speech acts from the quotes; one event per
//! predicate and pair of actors.
//!
//! Precision first: a predicate yields an event only when the lexicon codes it and its source
//! resolves to an entity; nominal situations ("sa guerre en Ukraine") are flagged
//! `background`; the condition of a conditional ("en cas d'agression") is `hypothetical`.

use crate::attributes::{self, span_of_bytes, Markers};
use crate::cameo::CameoTable;
use crate::frames::{self, Frame, SubjectFrom, Tree};
use crate::lexicon::{Entry, Lexicon, Pos, Role};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;
use vigie_core::{Document, Event, Span};

/// An external coder of a sentence (the PETRARCH coder for English, wired in by the
/// pipeline). Its events are kept first; the lexicon's events that repeat one of them (same
/// source, target and code in the sentence) are dropped.
pub trait Coder: Send + Sync + std::fmt::Debug {
    /// Events of sentence `sentence` (index into `Document::sentences`) of `doc`, whose
    /// words, mentions, entities and quotes are filled.
    fn code(&self, doc: &Document, sentence: usize) -> Vec<Event>;
    /// The languages it codes (ISO 639-1).
    fn languages(&self) -> &[&str];
}

/// Options of the event stage.
#[derive(Debug, Clone, Default)]
pub struct EventOptions {
    /// The lexicon to use (the shipped one when `None`), e.g. merged with a user's file.
    pub lexicon: Option<Arc<Lexicon>>,
    /// A coder run before the lexicon on sentences of its languages.
    pub coder: Option<Arc<dyn Coder>>,
    /// Do not turn quotes' speech acts into events.
    pub no_speech_acts: bool,
}

/// An actor found for an argument: entity, the words standing for it, how sure.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Actor {
    entity: u32,
    span: Span,
    /// 1.0 for a linked mention; less for names matched here, pronouns, groups.
    weight: f32,
}

struct Ctx<'a> {
    doc: &'a Document,
    lang: &'a str,
    lex: &'a Lexicon,
    markers: &'a Markers,
    /// Mention index covering each token.
    token_mention: Vec<Option<u32>>,
    /// The article's two main person actors (for "les deux dirigeants", "mutuel").
    pair: Option<(u32, u32)>,
}

impl Ctx<'_> {
    fn word_span(&self, i: usize) -> Option<Span> {
        let w = self.doc.words.get(i)?;
        self.doc.tokens.get(w.token as usize).map(|t| t.span)
    }

    fn is_actor_entity(&self, e: u32) -> bool {
        self.doc.entities.get(e as usize).is_some_and(|en| {
            matches!(en.label.as_str(), "PER" | "ORG" | "GPE" | "NORP")
                || (en.label == "LOC" && en.actor_code.is_some())
        })
    }

    /// The host of a visit to place entity `place`: the article's most mentioned person whose
    /// actor code is a role of the place's country (`PRKGOV` for Pyongyang, `PRK`), if any.
    fn host_of(&self, place: u32) -> Option<u32> {
        let code = self
            .doc
            .entities
            .get(place as usize)?
            .actor_code
            .as_deref()?;
        let country = code
            .get(..3)
            .filter(|c| c.chars().all(|ch| ch.is_ascii_uppercase()))?;
        self.doc
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.label == "PER"
                    && e.actor_code
                        .as_deref()
                        .is_some_and(|c| c.len() > 3 && c.starts_with(country))
            })
            .max_by(|(ka, a), (kb, b)| a.mentions.len().cmp(&b.mentions.len()).then(kb.cmp(ka)))
            .map(|(k, _)| k as u32)
    }

    /// The entity of the mention covering word `i`.
    fn mention_entity(&self, i: usize) -> Option<(u32, Span)> {
        let w = self.doc.words.get(i)?;
        let m = (*self.token_mention.get(w.token as usize)?)?;
        let mention = self.doc.mentions.get(m as usize)?;
        Some((mention.entity?, mention.span))
    }

    /// A proper noun the recogniser missed, matching one word of exactly one person or
    /// organisation entity's name ("Kim" → "Kim Jong-un").
    fn name_match(&self, i: usize) -> Option<u32> {
        let w = self.doc.words.get(i)?;
        if w.upos != "PROPN" {
            return None;
        }
        let form = w.form.to_lowercase();
        let mut found = None;
        for (k, e) in self.doc.entities.iter().enumerate() {
            if e.label != "PER" && e.label != "ORG" {
                continue;
            }
            let hit = e
                .name
                .split([' ', '-'])
                .any(|part| part.to_lowercase() == form);
            if hit {
                if found.is_some() {
                    return None;
                }
                found = Some(k as u32);
            }
        }
        found
    }

    /// The antecedent of a third-person pronoun or possessive: the subject of the sentence's
    /// main clause when it is a person or organisation before it, else the nearest such
    /// mention before it in the sentence, else the previous sentence's main subject.
    fn antecedent(&self, tree: &Tree, i: usize, prev_subject: Option<u32>) -> Option<u32> {
        let root = (tree.start..tree.end).find(|&k| self.doc.words[k].head.is_none())?;
        let person = |e: u32| {
            self.doc
                .entities
                .get(e as usize)
                .is_some_and(|en| en.label == "PER" || en.label == "ORG")
        };
        for &c in tree.children(root) {
            if self.doc.words[c].deprel == "nsubj" && c < i {
                if let Some(e) = self.direct_entity(c).filter(|&e| person(e)) {
                    return Some(e);
                }
            }
        }
        for k in (tree.start..i).rev() {
            if let Some(e) = self.direct_entity(k).filter(|&e| person(e)) {
                return Some(e);
            }
        }
        prev_subject
    }

    fn direct_entity(&self, i: usize) -> Option<u32> {
        self.mention_entity(i)
            .map(|(e, _)| e)
            .or_else(|| self.name_match(i))
    }

    /// Actors an argument word stands for.
    fn actors(&self, tree: &Tree, i: usize, prev_subject: Option<u32>, depth: u8) -> Vec<Actor> {
        let Some(w) = self.doc.words.get(i) else {
            return Vec::new();
        };
        if let Some((e, span)) = self.mention_entity(i) {
            return if self.is_actor_entity(e) {
                vec![Actor {
                    entity: e,
                    span,
                    weight: 1.0,
                }]
            } else {
                Vec::new()
            };
        }
        // "le président Emmanuel Macron": the apposed name.
        for &c in tree.children(i) {
            if self.doc.words[c].deprel.starts_with("appos")
                || self.doc.words[c].deprel == "flat:name"
            {
                if let Some((e, span)) = self.mention_entity(c) {
                    if self.is_actor_entity(e) {
                        let start = self
                            .word_span(i)
                            .map_or(span.start, |s| s.start.min(span.start));
                        return vec![Actor {
                            entity: e,
                            span: span_of_bytes(start, span.end),
                            weight: 1.0,
                        }];
                    }
                }
            }
        }
        let span = self.word_span(i).unwrap_or_default();
        if let Some(e) = self.name_match(i) {
            return vec![Actor {
                entity: e,
                span,
                weight: 0.8,
            }];
        }
        let possessive = w.upos == "DET"
            && (w.feats.contains("PronType=Prs")
                || matches!(&*w.lemma, "son" | "his" | "her" | "its"));
        let personal = (w.upos == "PRON" && w.feats.contains("PronType=Prs")) || possessive;
        let third_singular = !w.feats.contains("Person=1")
            && !w.feats.contains("Person=2")
            && !w.feats.contains("Number=Plur")
            && !matches!(
                &*w.lemma,
                "se" | "soi" | "leur" | "their" | "they" | "eux" | "ils"
            );
        // Plural pronouns are left alone: "ils" may be anyone.
        if personal && third_singular {
            return self
                .antecedent(tree, i, prev_subject)
                .map(|e| {
                    vec![Actor {
                        entity: e,
                        span,
                        weight: 0.7,
                    }]
                })
                .unwrap_or_default();
        }
        if w.upos == "NOUN"
            && self.markers.is(self.lang, "group", &w.lemma)
            && self.has_two(tree, i)
        {
            let span = phrase_span(self, tree, i).unwrap_or(span);
            return self.pair_actors(span, 0.7);
        }
        // An event noun stands for its source: the target of "soutien à sa guerre" is the
        // one waging the war.
        if depth == 0 && w.upos == "NOUN" && self.lex.has(self.lang, Pos::Noun, &w.lemma) {
            let f = frames::frame(self.doc, tree, i, &|_| false);
            if let Some(entry) = self.choose(&f, Pos::Noun, &w.lemma) {
                return self
                    .role_actors(tree, &f, &entry.source, prev_subject, 1)
                    .into_iter()
                    .map(|a| Actor {
                        weight: a.weight * 0.8,
                        ..a
                    })
                    .collect();
            }
        }
        Vec::new()
    }

    fn pair_actors(&self, span: Span, weight: f32) -> Vec<Actor> {
        match self.pair {
            Some((a, b)) => vec![
                Actor {
                    entity: a,
                    span,
                    weight,
                },
                Actor {
                    entity: b,
                    span,
                    weight,
                },
            ],
            None => Vec::new(),
        }
    }

    /// "les deux X", "both X", "the two X".
    fn has_two(&self, tree: &Tree, i: usize) -> bool {
        tree.children(i).iter().any(|&c| {
            let l = self.doc.words[c].lemma.to_lowercase();
            matches!(l.as_str(), "deux" | "two" | "both" | "2")
        })
    }

    fn span_of(&self, words: &[usize]) -> Option<Span> {
        let a = self.word_span(*words.iter().min()?)?;
        let b = self.word_span(*words.iter().max()?)?;
        Some(span_of_bytes(a.start, b.end))
    }

    /// Words of a role in a frame.
    fn role_words(&self, f: &Frame, role: &Role) -> Vec<usize> {
        let to = if self.lang == "fr" { "à" } else { "to" };
        let prep = |p: &str| -> Vec<usize> {
            let own: Vec<usize> = f
                .obliques
                .iter()
                .filter(|(q, _)| q == p)
                .map(|(_, w)| *w)
                .collect();
            if !own.is_empty() {
                return own;
            }
            // "signer un accord avec X": the parser often hangs "avec X" on the object.
            f.object_obliques
                .iter()
                .filter(|(q, _)| q == p)
                .map(|(_, w)| *w)
                .collect()
        };
        match role {
            Role::Subj if f.passive => f.agents.clone(),
            Role::Subj => f.subjects.clone(),
            Role::Obj => f.objects.clone(),
            Role::Iobj => {
                let mut v = f.iobjs.clone();
                v.extend(prep(to));
                v
            }
            Role::Agent => f.agents.clone(),
            Role::Poss => f.possessors.clone(),
            Role::Prep(p) => prep(p),
            Role::Place | Role::Host => Vec::new(),
        }
    }

    /// Actors of the first alternative that yields any.
    fn role_actors(
        &self,
        tree: &Tree,
        f: &Frame,
        roles: &[Role],
        prev_subject: Option<u32>,
        depth: u8,
    ) -> Vec<Actor> {
        for role in roles {
            let mut out: Vec<Actor> = Vec::new();
            if matches!(role, Role::Place | Role::Host) {
                let entity_of = |k: usize| self.mention_entity(k);
                if let Some((e, span)) = attributes::place(self.doc, tree, f.predicate, &entity_of)
                {
                    let host = (*role == Role::Host).then(|| self.host_of(e)).flatten();
                    if let Some(person) = host {
                        out.push(Actor {
                            entity: person,
                            span,
                            weight: 0.6,
                        });
                    } else if self.is_actor_entity(e) {
                        out.push(Actor {
                            entity: e,
                            span,
                            weight: 0.8,
                        });
                    }
                }
            } else {
                for w in self.role_words(f, role) {
                    for a in self.actors(tree, w, prev_subject, depth) {
                        if !out.iter().any(|o| o.entity == a.entity) {
                            out.push(a);
                        }
                    }
                }
            }
            if !out.is_empty() {
                return out;
            }
        }
        Vec::new()
    }

    /// The first lexicon entry whose theme constraint the frame meets.
    fn choose(&self, f: &Frame, pos: Pos, lemma: &str) -> Option<&Entry> {
        for e in self.lex.entries(self.lang, pos, lemma) {
            if e.theme_lemmas.is_empty() {
                return Some(e);
            }
            let Some(role) = &e.theme else { return Some(e) };
            let ok = self.role_words(f, role).iter().any(|&w| {
                let ww = &self.doc.words[w];
                let l = ww.lemma.to_lowercase();
                let form = ww.form.to_lowercase();
                e.theme_lemmas.iter().any(|t| *t == l || *t == form)
            });
            if ok {
                return Some(e);
            }
        }
        None
    }
}

/// A coded predicate before actors are paired.
struct Candidate<'e> {
    frame: Frame,
    entry: &'e Entry,
    /// Set when an intent predicate ("promettre", "prévoir") governs it.
    intent_of: Option<usize>,
}

/// Runs the stage over `doc` (after syntax, entities and quotes): fills `doc.events`.
pub fn events(doc: &mut Document, opts: &EventOptions) {
    let found = find_events(doc, opts);
    doc.events = found;
}

fn lang_of(doc: &Document) -> Option<String> {
    doc.language.as_ref().map(|l| l.code.clone())
}

/// The events of `doc`, without writing them.
pub fn find_events(doc: &Document, opts: &EventOptions) -> Vec<Event> {
    let lex: &Lexicon = opts
        .lexicon
        .as_deref()
        .unwrap_or_else(|| Lexicon::builtin());
    let markers = Markers::builtin();
    let cameo = CameoTable::builtin();
    let lang = lang_of(doc).unwrap_or_default();
    let mut token_mention = vec![None; doc.tokens.len()];
    for (k, m) in doc.mentions.iter().enumerate() {
        let first = doc.tokens.partition_point(|t| t.span.end <= m.span.start);
        for (slot, t) in token_mention.iter_mut().zip(&doc.tokens).skip(first) {
            if t.span.start >= m.span.end {
                break;
            }
            *slot = Some(k as u32);
        }
    }
    // The two most mentioned persons with an actor code.
    let mut persons: Vec<(usize, u32)> = doc
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.label == "PER" && e.actor_code.is_some())
        .map(|(k, e)| (e.mentions.len(), k as u32))
        .collect();
    persons.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let pair = match persons.as_slice() {
        [a, b, ..] => Some((a.1, b.1)),
        _ => None,
    };
    let ctx = Ctx {
        doc,
        lang: &lang,
        lex,
        markers,
        token_mention,
        pair,
    };
    let dateline = attributes::dateline(doc);
    let mut out: Vec<Event> = Vec::new();
    let mut prev_subject: Option<u32> = None;
    for (si, s) in doc.content_sentences() {
        let tree = Tree::new(doc, s.words.start as usize, s.words.end as usize);
        let mut sentence_events: Vec<Event> = Vec::new();
        if let Some(coder) = &opts.coder {
            if coder.languages().contains(&lang.as_str()) {
                sentence_events.extend(coder.code(doc, si));
            }
        }
        if lang == "fr" || lang == "en" {
            sentence_events.extend(code_sentence(&ctx, &tree, prev_subject, dateline));
        }
        for e in sentence_events {
            push_dedup(&mut out, e, si, doc);
        }
        // The main clause's subject, for pronouns in the next sentence.
        if let Some(root) = (tree.start..tree.end).find(|&k| doc.words[k].head.is_none()) {
            if let Some(e) = tree
                .children(root)
                .iter()
                .filter(|&&c| doc.words[c].deprel == "nsubj")
                .find_map(|&c| ctx.direct_entity(c))
            {
                prev_subject = Some(e);
            }
        }
    }
    if !opts.no_speech_acts {
        for e in speech_acts(&ctx, cameo) {
            // A cue the lexicon already coded as an event ("a condamné", "welcomed") is that
            // event, with its own actors; unless the lexicon only saw a bare promise (no
            // target) where the quote says what is promised, with its own code and target
            // ("« Nous soutiendrons l'Ukraine », a promis Joe Biden": 032 towards Ukraine,
            // not 030).
            let lexicon_coded = |o: &Event| {
                o.trigger == e.trigger
                    && o.rule
                        .as_deref()
                        .is_some_and(|r| !r.starts_with("speech-act"))
            };
            if let Some(k) = out.iter().position(|o| {
                lexicon_coded(o)
                    && o.target.is_none()
                    && e.target.is_some()
                    && o.source == e.source
                    && o.code != e.code
                    && e.modality.as_deref() == Some("intended")
            }) {
                out.remove(k);
            }
            if out.iter().any(lexicon_coded) {
                continue;
            }
            let si = sentence_of(doc, e.span.start);
            push_dedup(&mut out, e, si, doc);
        }
    }
    for e in &mut out {
        fill_codes(e, cameo, doc);
    }
    out.sort_by_key(|e| (e.span.start, e.trigger.map(|t| t.start)));
    out
}

fn sentence_of(doc: &Document, byte: u32) -> usize {
    doc.sentences.partition_point(|s| s.span.end <= byte)
}

/// Adds `e` unless an event of the same sentence already has its source, target and code
/// (or its trigger, source and target).
fn push_dedup(out: &mut Vec<Event>, e: Event, sentence: usize, doc: &Document) {
    let same = out.iter().position(|o| {
        sentence_of(doc, o.span.start) == sentence
            && o.source == e.source
            && o.target == e.target
            && (o.code == e.code || (o.trigger.is_some() && o.trigger == e.trigger))
    });
    match same {
        Some(k) if out[k].confidence >= e.confidence => {}
        Some(k) => out[k] = e,
        None => out.push(e),
    }
}

/// Goldstein, QuadClass, PLOVER and actor codes from the tables and entities.
fn fill_codes(e: &mut Event, cameo: &CameoTable, doc: &Document) {
    if let Some(c) = cameo.get(&e.code) {
        e.goldstein.get_or_insert(c.goldstein);
        e.quad_class.get_or_insert(c.quad_class());
        if e.plover_type.is_none() {
            e.plover_type = c.plover_type.clone();
            e.plover_mode = c.plover_mode.clone();
        }
    }
    for (ent, code, country) in [
        (e.source, &mut e.source_actor, &mut e.source_country),
        (e.target, &mut e.target_actor, &mut e.target_country),
    ] {
        if let Some(en) = ent.and_then(|k| doc.entities.get(k as usize)) {
            if code.is_none() {
                code.clone_from(&en.actor_code);
            }
            if country.is_none() {
                *country = en.country.clone().or_else(|| {
                    en.actor_code
                        .as_deref()
                        .and_then(|c| c.get(..3))
                        .filter(|c| c.chars().all(|ch| ch.is_ascii_uppercase()))
                        .map(str::to_string)
                });
            }
        }
    }
}

fn code_sentence(
    ctx: &Ctx,
    tree: &Tree,
    prev_subject: Option<u32>,
    dateline: Option<(u32, Span)>,
) -> Vec<Event> {
    let doc = ctx.doc;
    let obj_control = |lemma: &str| {
        ctx.lex
            .entries(ctx.lang, Pos::Verb, lemma)
            .iter()
            .any(|e| e.has_flag("obj-control"))
    };
    // 1. Coded predicates.
    let mut cands: Vec<Candidate> = Vec::new();
    for i in tree.start..tree.end {
        let w = &doc.words[i];
        // A verb that reads as a noun (it has a determiner) is looked up as the noun it is.
        let noun_form;
        let (pos, lemma) = match &*w.upos {
            _ if tree.reads_as_noun(i) => {
                noun_form = w.form.to_lowercase();
                (Pos::Noun, noun_form.as_str())
            }
            "VERB" => (Pos::Verb, &*w.lemma),
            "NOUN" => (Pos::Noun, &*w.lemma),
            _ => continue,
        };
        if !ctx.lex.has(ctx.lang, pos, lemma) {
            continue;
        }
        let f = frames::frame(doc, tree, i, &obj_control);
        if let Some(entry) = ctx.choose(&f, pos, lemma) {
            cands.push(Candidate {
                frame: f,
                entry,
                intent_of: None,
            });
        }
    }
    // 2. Intent predicates hand their subject and modality to the event they govern.
    let index: FxHashMap<usize, usize> = cands
        .iter()
        .enumerate()
        .map(|(k, c)| (c.frame.predicate, k))
        .collect();
    let mut absorbed: FxHashSet<usize> = FxHashSet::default();
    for k in 0..cands.len() {
        let p = cands[k].frame.predicate;
        let mut chain = tree.ancestors(doc, p);
        chain.truncate(3);
        let mut cur = p;
        let mut prev: Option<usize> = None;
        for a in chain {
            let rel = &doc.words[cur].deprel;
            let complement = rel.starts_with("xcomp")
                || rel.starts_with("obj")
                || rel.starts_with("ccomp")
                || rel.starts_with("appos")
                || rel.starts_with("conj")
                || rel.starts_with("acl");
            if !complement && !misplaced_object(doc, tree, cur, prev, a) {
                break;
            }
            if let Some(&j) = index.get(&a) {
                if j != k && cands[j].entry.has_flag("intent") && !cands[k].entry.has_flag("intent")
                {
                    cands[k].intent_of = Some(a);
                    absorbed.insert(j);
                    break;
                }
            }
            prev = Some(cur);
            cur = a;
        }
    }
    // 3. Events.
    let mut out = Vec::new();
    let mut argument_nouns: FxHashSet<usize> = FxHashSet::default();
    for c in &cands {
        for role in c.entry.target.iter() {
            for w in ctx.role_words(&c.frame, role) {
                argument_nouns.insert(w);
            }
        }
    }
    for (k, c) in cands.iter().enumerate() {
        if absorbed.contains(&k) {
            continue;
        }
        let Some(code) = c.entry.code.clone() else {
            continue;
        };
        let f = &c.frame;
        let p = f.predicate;
        let pw = &doc.words[p];
        let mut sources = ctx.role_actors(tree, f, &c.entry.source, prev_subject, 0);
        let mut weight_note: Vec<String> = Vec::new();
        let mutual = f.is_noun
            && tree.children(p).iter().any(|&ch| {
                doc.words[ch].deprel.starts_with("amod")
                    && ctx.markers.is(ctx.lang, "reciprocal", &doc.words[ch].lemma)
            });
        if mutual {
            if let Some((a, b)) = ctx.pair {
                let span = ctx.word_span(p).unwrap_or_default();
                sources = vec![
                    Actor {
                        entity: a,
                        span,
                        weight: 0.6,
                    },
                    Actor {
                        entity: b,
                        span,
                        weight: 0.6,
                    },
                ];
                weight_note.push("mutual".into());
            }
        }
        let intent_frame = c
            .intent_of
            .map(|a| frames::frame(doc, tree, a, &obj_control));
        if sources.is_empty() {
            if let (Some(ifr), Some(a)) = (&intent_frame, c.intent_of) {
                if let Some(&j) = index.get(&a) {
                    sources = ctx.role_actors(tree, ifr, &cands[j].entry.source, prev_subject, 0);
                }
            }
        }
        if sources.is_empty() {
            continue;
        }
        let mut targets: Vec<Actor> = ctx
            .role_actors(tree, f, &c.entry.target, prev_subject, 0)
            .into_iter()
            .filter(|t| !sources.iter().any(|s| s.entity == t.entity))
            .collect();
        if targets.is_empty() {
            if let (Some(ifr), Some(a)) = (&intent_frame, c.intent_of) {
                if let Some(&j) = index.get(&a) {
                    targets = ctx
                        .role_actors(tree, ifr, &cands[j].entry.target, prev_subject, 0)
                        .into_iter()
                        .filter(|t| !sources.iter().any(|s| s.entity == t.entity))
                        .collect();
                }
            }
        }
        let reciprocal =
            (c.entry.has_flag("reciprocal") || mutual) && targets.is_empty() && sources.len() >= 2;
        if targets.is_empty() && c.entry.target_required && !reciprocal {
            continue;
        }
        // Code, modality, flags.
        let cameo = CameoTable::builtin();
        let mut code = code;
        let mut modality = attributes::modality(doc, tree, p, ctx.lang, ctx.markers);
        if c.intent_of.is_some() {
            if let Some(ic) = cameo.get(&code).and_then(|x| x.intent.clone()) {
                code = ic;
            }
            if modality.is_none() || modality == Some("possible") {
                modality = Some("intended");
            }
        }
        let negated = attributes::negated(doc, tree, p, ctx.lang, ctx.markers)
            || c.intent_of
                .is_some_and(|a| attributes::negated(doc, tree, a, ctx.lang, ctx.markers));
        let mut flags: Vec<String> = Vec::new();
        if f.is_noun
            && c.intent_of.is_none()
            && (c.entry.has_flag("state") || argument_nouns.contains(&p))
        {
            flags.push("background".into());
        }
        if f.passive && !f.is_noun && f.agents.is_empty() {
            flags.push("agentless-passive".into());
        }
        if f.is_noun {
            flags.push("nominal".into());
        }
        if reciprocal {
            flags.push("reciprocal".into());
        }
        let mut conf: f32 = if f.is_noun { 0.7 } else { 0.9 };
        match f.subject_from {
            Some(SubjectFrom::Position) => {
                flags.push("subject-by-position".into());
                conf *= 0.75;
            }
            Some(SubjectFrom::Conjunct) => conf *= 0.9,
            _ => {}
        }
        flags.extend(weight_note.iter().cloned());
        // Theme: the object (or "de X" of a noun) when it is not an actor.
        let theme_word = c
            .entry
            .theme
            .as_ref()
            .map(|r| ctx.role_words(f, r))
            .unwrap_or_else(|| {
                if f.is_noun {
                    Vec::new()
                } else {
                    f.objects.clone()
                }
            })
            .into_iter()
            .find(|&w| {
                ctx.mention_entity(w).is_none()
                    && !sources.iter().any(|s| ctx.word_span(w) == Some(s.span))
            });
        let theme = theme_word.and_then(|w| phrase_span(ctx, tree, w));
        // Place and date.
        let entity_of = |k: usize| ctx.mention_entity(k);
        let place = attributes::place(doc, tree, p, &entity_of)
            .or_else(|| {
                tree.head(doc, p)
                    .filter(|_| f.is_noun)
                    .and_then(|h| attributes::place(doc, tree, h, &entity_of))
            })
            .map(|x| (x, false))
            .or(dateline.map(|x| (x, true)));
        let date = attributes::date(doc, tree, p)
            .or_else(|| c.intent_of.and_then(|a| attributes::date(doc, tree, a)));
        let trigger = ctx.word_span(p);
        let mut evidence_words = vec![p];
        for a in sources.iter().chain(targets.iter()) {
            if let Some(w) = (tree.start..tree.end).find(|&w| {
                ctx.word_span(w)
                    .is_some_and(|s| a.span.start <= s.start && s.end <= a.span.end)
            }) {
                evidence_words.push(w);
            }
        }
        if let Some(w) = theme_word {
            evidence_words.push(w);
        }
        let mut span = ctx.span_of(&evidence_words).unwrap_or_default();
        if let Some(t) = theme {
            span = span_of_bytes(span.start.min(t.start), span.end.max(t.end));
        }
        for a in sources.iter().chain(targets.iter()) {
            if tree.contains(tree.start)
                && ctx.doc.sentences.iter().any(|s| {
                    s.span.start <= a.span.start
                        && a.span.end <= s.span.end
                        && s.span.start <= span.start
                        && span.end <= s.span.end
                })
            {
                span = span_of_bytes(span.start.min(a.span.start), span.end.max(a.span.end));
            }
        }
        let pairs: Vec<(Actor, Option<Actor>)> = if reciprocal {
            let mut v = Vec::new();
            for a in &sources {
                for b in &sources {
                    if a.entity != b.entity {
                        v.push((*a, Some(*b)));
                    }
                }
            }
            v
        } else if targets.is_empty() {
            sources.iter().map(|s| (*s, None)).collect()
        } else {
            let mut v = Vec::new();
            for s in &sources {
                for t in &targets {
                    v.push((*s, Some(*t)));
                }
            }
            v
        };
        for (s, t) in pairs.into_iter().take(8) {
            let mut conf = conf * s.weight * t.map_or(0.9, |t| t.weight);
            if modality.is_some() {
                conf *= 0.9;
            }
            conf = (conf * 100.0).round() / 100.0;
            let mut ev = Event {
                code: code.clone(),
                span,
                source: Some(s.entity),
                target: t.map(|t| t.entity),
                source_span: Some(s.span),
                target_span: t.map(|t| t.span),
                trigger,
                trigger_lemma: Some(pw.lemma.to_string()),
                theme,
                negated,
                modality: modality.map(str::to_string),
                reported_in: trigger.and_then(|tr| attributes::reported_in(doc, tr)),
                confidence: conf,
                rule: Some(c.entry.origin.clone()),
                flags: flags.clone(),
                ..Event::default()
            };
            if let Some(((e, sp), from_dateline)) = place {
                ev.location = Some(e);
                ev.location_span = Some(sp);
                if from_dateline {
                    ev.flags.push("place-from-dateline".into());
                }
            }
            if let Some((d, sp)) = &date {
                ev.date = Some(d.clone());
                ev.date_span = Some(*sp);
            }
            out.push(ev);
        }
    }
    out
}

/// Whether `obl`, an oblique of verb `verb`, holds the verb's misplaced object: the verb has
/// no complement of its own and the chain came to `obl` from a conjunct or apposition without a
/// preposition ("il prévoit, entre autres choses, une assistance mutuelle", parsed with
/// "assistance" a conjunct of "choses").
fn misplaced_object(
    doc: &Document,
    tree: &Tree,
    obl: usize,
    from: Option<usize>,
    verb: usize,
) -> bool {
    let Some(from) = from else { return false };
    let fw = &doc.words[from];
    if !doc.words[obl].deprel.starts_with("obl")
        || !matches!(&*fw.deprel, "conj" | "appos")
        || fw.upos != "NOUN"
        || frames::preposition(doc, tree, from).is_some()
        || !matches!(&*doc.words[verb].upos, "VERB" | "AUX")
    {
        return false;
    }
    !tree.children(verb).iter().any(|&c| {
        let rel = &*doc.words[c].deprel;
        rel.starts_with("obj") || rel.starts_with("ccomp") || rel.starts_with("xcomp")
    })
}

/// The words of a noun phrase: the head with its determiners, numbers, adjectives and
/// "de" modifiers, stopping at clauses.
fn phrase_span(ctx: &Ctx, tree: &Tree, w: usize) -> Option<Span> {
    let mut words = vec![w];
    let mut k = 0;
    while k < words.len() {
        for &c in tree.children(words[k]) {
            let rel = &ctx.doc.words[c].deprel;
            let verb = matches!(&*ctx.doc.words[c].upos, "VERB" | "AUX");
            // The phrase's own preposition or conjunction is not part of it ("du traité").
            if k == 0
                && (rel.starts_with("case") || rel.starts_with("mark") || rel.starts_with("cc"))
            {
                continue;
            }
            if rel.starts_with("acl")
                || rel.starts_with("advcl")
                || rel.starts_with("parataxis")
                || rel.starts_with("punct")
                || rel.starts_with("appos")
                || rel.starts_with("ccomp")
                || (verb && rel.starts_with("conj"))
            {
                continue;
            }
            words.push(c);
        }
        k += 1;
        if words.len() > 40 {
            break;
        }
    }
    ctx.span_of(&words)
}

/// Speech acts of quotes with a cue and a speaker entity: one event per cue and speaker.
fn speech_acts(ctx: &Ctx, cameo: &CameoTable) -> Vec<Event> {
    let doc = ctx.doc;
    let mut seen: FxHashSet<(u32, u32)> = FxHashSet::default();
    let mut out = Vec::new();
    for q in &doc.quotes {
        let (Some(cue), Some(speaker), Some(act)) = (q.cue, q.entity, q.speech_act.as_deref())
        else {
            continue;
        };
        if !seen.insert((cue.start, speaker)) {
            continue;
        }
        let Some(mut code) = ctx
            .markers
            .get(ctx.lang, "speech-act", act)
            .map(str::to_string)
        else {
            continue;
        };
        // A promise or threat of something the lexicon codes is the intent of it.
        let (lo, hi) = (q.span.start, q.span.end);
        let content_words: Vec<usize> = (0..doc.words.len())
            .filter(|&w| {
                ctx.word_span(w)
                    .is_some_and(|s| lo <= s.start && s.end <= hi)
            })
            .collect();
        if act == "promise" || act == "threat" {
            for &w in &content_words {
                let ww = &doc.words[w];
                let pos = match &*ww.upos {
                    "VERB" => Pos::Verb,
                    "NOUN" => Pos::Noun,
                    _ => continue,
                };
                if let Some(e) = ctx
                    .lex
                    .entries(ctx.lang, pos, &ww.lemma)
                    .iter()
                    .find(|e| e.code.is_some() && !e.has_flag("intent"))
                {
                    if let Some(ic) = e
                        .code
                        .as_deref()
                        .and_then(|c| cameo.get(c))
                        .and_then(|c| c.intent.clone())
                    {
                        if (act == "threat") == ic.starts_with("13") {
                            code = ic;
                            break;
                        }
                    }
                }
            }
        }
        let target = if act == "statement" {
            None
        } else {
            content_words.iter().find_map(|&w| {
                ctx.mention_entity(w)
                    .filter(|(e, _)| *e != speaker && ctx.is_actor_entity(*e))
            })
        };
        // Criticising, accusing, threatening, praising, appealing: at someone, or not an event.
        if target.is_none() && !matches!(act, "statement" | "promise") {
            continue;
        }
        let span = span_of_bytes(cue.start.min(q.span.start), cue.end.max(q.span.end));
        let mut ev = Event {
            code,
            span,
            source: Some(speaker),
            target: target.map(|t| t.0),
            source_span: q.speaker_antecedent.or(q.speaker),
            target_span: target.map(|t| t.1),
            trigger: Some(cue),
            trigger_lemma: q.cue_lemma.clone(),
            theme: Some(q.span),
            confidence: ((q.confidence * 0.8) * 100.0).round() / 100.0,
            rule: Some(format!("speech-act:{act}")),
            flags: vec!["speech-act".into()],
            ..Event::default()
        };
        if act == "promise" {
            ev.modality = Some("intended".into());
        }
        out.push(ev);
    }
    out
}
