//! Entity linking and in-document coreference: every mention gets the knowledge-base actor it
//! names ("Vladimir Poutine", "Putin" → Q7747), role phrases the KB knows ("le président russe",
//! "chef du Kremlin") are found as mentions of their holder, a surname or first name alone
//! links to the full name used earlier in the article ("Poutine" → "Vladimir Poutine"), and
//! anything else becomes a document-local entity. Actor codes are the ones valid on the
//! article's date, and a role title names whoever held it then ("président des États-Unis"
//! in 2019 and in 2023). Role nouns after a definite article ("l'assistant", "le dictateur
//! dynastique de cet État paria", data in `data/role_nouns.tsv`) link to the earlier person
//! introduced with that noun or known by it; an agent noun with a country adjective ("médias
//! russes", "l'armée nord-coréenne", "the Russian foreign ministry") is a group entity with
//! the country's code and the agent's (RUSMED, PRKMIL, RUSGOV). Quote speakers are then
//! linked to the entity of their mention — not to a name a preposition governs inside it ("le
//! porte-parole de X"), nor through a knowledge-base role in an undated article, nor when the
//! quote's confidence says the speaker is a guess. A subject pronoun ("il", "she") becomes a mention of
//! the person its nearest agreeing noun subject names (`data/pronouns.tsv`), unless that
//! subject is something else ("l'accord … qu'il prévoit"). Every link carries a score and its
//! evidence.
//!
//! Reads `mentions` (from the mention recogniser, when it ran), `sentences`, `tokens`,
//! `quotes`; writes `mentions` (linked, plus KB-found ones), `entities` and `quotes[].entity`.

mod pronouns;
mod role_nouns;

pub use role_nouns::{
    parse_place_nouns, place_nouns, RoleNounError, RoleNouns, BUILTIN_PLACE_NOUNS,
    BUILTIN_ROLE_NOUNS, MAX_ROLE_TOKENS,
};

use vigie_core::{Document, Entity, Mention, Span};
use vigie_knowledge::{
    normalize, normalize_into, ActorId, ActorKind, AgentPlacement, Date, Knowledge,
};

fn label_of(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "PER",
        ActorKind::Organisation => "ORG",
        ActorKind::Country | ActorKind::City => "LOC",
        ActorKind::Other => "ORG",
    }
}

fn compatible(label: &str, kind: ActorKind) -> bool {
    match label {
        "PER" => kind == ActorKind::Person,
        "LOC" | "GPE" => matches!(
            kind,
            ActorKind::Country | ActorKind::City | ActorKind::Other
        ),
        "ORG" => matches!(
            kind,
            ActorKind::Organisation | ActorKind::Other | ActorKind::Country
        ),
        _ => true,
    }
}

/// The article's date (`meta.date`, ISO), else none.
fn article_date(doc: &Document) -> Option<Date> {
    doc.meta
        .date
        .as_deref()
        .and_then(|d| Date::parse_iso(d.get(..10).unwrap_or(d)))
}

/// Picks one actor among candidates for `phrase`: a role title ("président des États-Unis")
/// names only who held it on the date (or holds it now, without a date); then the label's
/// kind, then one with a code on the date, then the KB's order (hand-written entries first).
fn choose(
    kb: &Knowledge,
    candidates: &[ActorId],
    label: Option<&str>,
    date: Option<Date>,
    phrase: &str,
) -> Option<ActorId> {
    let role = |id: &ActorId| kb.get(*id).and_then(|a| a.role_on(phrase, date));
    let fits = |id: &ActorId| {
        role(id) != Some(false)
            && kb
                .get(*id)
                .is_some_and(|a| label.is_none_or(|l| compatible(l, a.kind)))
    };
    let dated = |id: &ActorId| date.is_none_or(|d| kb.code_at(*id, d).is_some());
    let c = || candidates.iter().copied();
    c().find(|id| fits(id) && role(id) == Some(true))
        .or_else(|| c().find(|id| fits(id) && dated(id)))
        .or_else(|| c().find(fits))
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

/// Indices of the tokens a span overlaps (tokens are in text order).
pub(crate) fn mention_tokens(doc: &Document, span: Span) -> std::ops::Range<usize> {
    let first = doc.tokens.partition_point(|t| t.span.end <= span.start);
    let end = first + doc.tokens[first..].partition_point(|t| t.span.start < span.end);
    first..end
}

/// Links `doc`'s mentions and fills its entities. Replaces any entities it had.
pub fn annotate(doc: &mut Document, kb: &Knowledge) {
    let date = article_date(doc);
    // 1. Knowledge-base phrases over each content sentence's tokens, where no mention is.
    let mut found: Vec<(Span, ActorId, &'static str)> = Vec::new();
    for (_, s) in doc.content_sentences() {
        let toks: Vec<&str> = doc.tokens[s.tokens.range()]
            .iter()
            .map(|t| t.normalized(&doc.text))
            .collect();
        let mut i = 0;
        while i < toks.len() {
            let Some((n, actors)) = kb.longest_match(&toks[i..]) else {
                i += 1;
                continue;
            };
            let first = &doc.tokens[s.tokens.start as usize + i];
            let last = &doc.tokens[s.tokens.start as usize + i + n - 1];
            let span = Span {
                start: first.span.start,
                end: last.span.end,
            };
            let capitalised = toks[i].chars().next().is_some_and(char::is_uppercase);
            // One lower-case word is too ambiguous ("russe", "président"); a phrase of several
            // words ("président russe", "chef du Kremlin") or a name is not.
            let evidence = if capitalised { "kb-alias" } else { "kb-role" };
            // A role phrase stands alone after a determiner, a comma or at the start
            // ("le chef du Kremlin"), not inside a longer noun phrase ("conseiller en chef
            // du Kremlin").
            let introduced = i == 0
                || DETERMINERS.contains(&normalize(toks[i - 1]).as_str())
                || toks[i - 1] == ",";
            let mut taken = false;
            if capitalised || (n >= 2 && introduced) {
                let phrase = doc.slice(span);
                if let Some(id) = choose(kb, actors, None, date, phrase) {
                    taken = true;
                    let kind = kb.actor(id).kind;
                    // Place names inside a longer name are left to the recogniser.
                    found.push((
                        span,
                        id,
                        if evidence == "kb-role" && kind != ActorKind::Person {
                            "kb-alias"
                        } else {
                            evidence
                        },
                    ));
                }
            }
            i += if taken || capitalised { n } else { 1 };
        }
    }
    for (span, id, evidence) in &found {
        // A knowledge-base phrase wins over a shorter recognised mention it overlaps
        // ("Kim Jong" → "Kim Jong Un", "Kremlin" → "chef du Kremlin"); a longer one stays.
        let len = span.end - span.start;
        if doc
            .mentions
            .iter()
            .any(|m| overlaps(m.span, *span) && m.span.end - m.span.start >= len)
        {
            continue;
        }
        doc.mentions
            .retain(|m| !(overlaps(m.span, *span) && m.span.end - m.span.start < len));
        doc.mentions.push(Mention {
            span: *span,
            label: label_of(kb.actor(*id).kind).to_string(),
            entity: None,
            link_score: None,
            evidence: Some(evidence.to_string()),
        });
    }
    // 1b. Role nouns after a definite article, agent nouns with a country adjective.
    let phrases = role_and_group_phrases(doc, kb, RoleNouns::builtin());
    for p in &phrases {
        doc.mentions
            .retain(|m| !(m.span.start >= p.span.start && m.span.end <= p.span.end));
    }
    let groups: Vec<&Phrase> = phrases.iter().filter(|p| p.head.is_none()).collect();
    for g in &groups {
        doc.mentions.push(Mention {
            span: g.span,
            label: "ORG".into(),
            entity: None,
            link_score: None,
            evidence: Some("agent+country-adjective".into()),
        });
    }
    doc.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    // 2. Link every mention, in text order.
    doc.entities.clear();
    let mut kb_entity: Vec<(ActorId, u32)> = Vec::new();
    for mi in 0..doc.mentions.len() {
        let (span, label) = (doc.mentions[mi].span, doc.mentions[mi].label.clone());
        let text = doc.slice(span).to_string();
        if let Some(g) = groups.iter().find(|g| g.span == span) {
            let e = group_entity(doc, g, &text);
            doc.entities[e as usize].mentions.push(mi as u32);
            let m = &mut doc.mentions[mi];
            m.entity = Some(e);
            m.link_score = Some(0.8);
            m.evidence = Some(format!(
                "agent {} + country adjective {}",
                g.agent, g.country_code
            ));
            continue;
        }
        // The phrase found in the KB, whatever type the recogniser gave it (it errs more).
        let kb_found = found
            .iter()
            .find(|(s, _, _)| *s == span)
            .map(|(_, id, ev)| (*id, *ev));
        let from_kb = kb_found.or_else(|| {
            choose(kb, kb.lookup(&text), Some(&label), date, &text).map(|id| (id, "kb-alias"))
        });
        // A single name alone: the earlier entity whose name holds it as a word.
        let earlier = || {
            let word = text.trim();
            (!word.contains(' ')).then(|| {
                doc.entities.iter().position(|e| {
                    e.label == label
                        && e.name
                            .split([' ', '-'])
                            .any(|w| w.eq_ignore_ascii_case(word))
                        && e.name.len() > word.len()
                })
            })?
        };
        // A place or organisation the KB knows is itself ("Paris" after "Paris-Mélodies").
        let earlier = earlier().filter(|_| label == "PER" || from_kb.is_none());
        let (entity, score, evidence) = match (earlier, from_kb) {
            (Some(e), _) => (e as u32, 0.85, "earlier-full-name".to_string()),
            (None, Some((id, ev))) => {
                let existing = kb_entity.iter().find(|(a, _)| *a == id).map(|(_, e)| *e);
                let e = existing.unwrap_or_else(|| {
                    let actor = kb.actor(id);
                    doc.entities.push(Entity {
                        id: actor.id.clone(),
                        label: label_of(actor.kind).to_string(),
                        name: actor.name_fr_or_en().to_string(),
                        actor_code: date.map_or_else(
                            || actor.codes.first().map(|c| c.code.clone()),
                            |d| kb.code_at(id, d).map(str::to_string),
                        ),
                        country: actor.country.clone(),
                        mentions: Vec::new(),
                    });
                    let e = (doc.entities.len() - 1) as u32;
                    kb_entity.push((id, e));
                    e
                });
                (e, if ev == "kb-role" { 0.7 } else { 0.9 }, ev.to_string())
            }
            (None, None) => {
                // A name after a place noun names that place: "résidence d'État de Kumsusan".
                let (label, text) = match place_start(doc, span) {
                    Some(start) if label != "PER" => {
                        let span = Span {
                            start,
                            end: span.end,
                        };
                        doc.mentions[mi].span = span;
                        doc.mentions[mi].label = "LOC".into();
                        ("LOC".to_string(), doc.slice(span).to_string())
                    }
                    _ => (label.clone(), text.clone()),
                };
                // Same surface, same label: the same local entity.
                let same = doc
                    .entities
                    .iter()
                    .position(|e| e.id.starts_with("doc:") && e.label == label && e.name == text);
                let e = same.unwrap_or_else(|| {
                    doc.entities.push(Entity {
                        id: format!("doc:{}", doc.entities.len() + 1),
                        label: label.clone(),
                        name: text.clone(),
                        ..Entity::default()
                    });
                    doc.entities.len() - 1
                });
                (e as u32, 0.5, "local".to_string())
            }
        };
        doc.entities[entity as usize].mentions.push(mi as u32);
        let m = &mut doc.mentions[mi];
        m.entity = Some(entity);
        m.link_score = Some(score);
        m.evidence = Some(evidence);
    }
    // 2b. Role nouns: the earlier person introduced with that noun or known by it; one with
    // a country adjective and no such person is a group ("le dirigeant russe" → RUSGOV).
    let intros = introductions(doc, RoleNouns::builtin());
    for p in phrases.iter().filter(|p| p.head.is_some()) {
        if doc.mentions.iter().any(|m| overlaps(m.span, p.span)) {
            continue;
        }
        let text = doc.slice(p.span).to_string();
        let (entity, score, evidence, label) = match resolve_role(doc, kb, &intros, p) {
            Some((e, score, evidence)) => (e, score, evidence, "PER"),
            None if !p.agent.is_empty() => (
                group_entity(doc, p, &text),
                0.7,
                format!("agent {} + country adjective {}", p.agent, p.country_code),
                "ORG",
            ),
            None => continue,
        };
        doc.mentions.push(Mention {
            span: p.span,
            label: label.into(),
            entity: Some(entity),
            link_score: Some(score),
            evidence: Some(evidence),
        });
    }
    // 2c. A name written alone that the recogniser missed ("Poutine a offert à Kim …"): a
    // proper noun standing by itself that is a word of the name of exactly one person already
    // mentioned.
    name_parts_of_earlier_persons(doc);
    // 2d. Subject pronouns whose antecedent is a person's mention ("qu'il a offerte").
    pronouns::subject_pronouns(doc, pronouns::Pronouns::builtin());
    // Mentions in text order again, each entity's list rebuilt from them.
    doc.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    for e in &mut doc.entities {
        e.mentions.clear();
    }
    for (mi, m) in doc.mentions.iter().enumerate() {
        if let Some(e) = m.entity.and_then(|e| doc.entities.get_mut(e as usize)) {
            e.mentions.push(mi as u32);
        }
    }
    // 3. Quote speakers: the entity of the mention inside the speaker (or what it stands for):
    // a person or an organisation ("selon Moody's", "a indiqué la MLS").
    for qi in 0..doc.quotes.len() {
        let q = &doc.quotes[qi];
        // A speaker guessed from context (no cue: the sentence's subject or the last speaker)
        // is wrong too often to name an entity: left unlinked, for precision.
        if q.confidence < SPEAKER_LINK_MIN_CONFIDENCE {
            doc.quotes[qi].entity = None;
            continue;
        }
        let target = q.speaker_antecedent.or(q.speaker);
        let entity = target.and_then(|t| {
            // A person named in the speaker first ("l'ancien ministre du Budget Michel
            // Charasse"), not one governed by a preposition inside it ("le porte-parole de
            // Vladimir Poutine", "du Budget"); an organisation only when it is the speaker
            // itself ("la MLS"), not the body of a role noun ("l'ancien directeur général de
            // Thomson-CSF").
            let person = doc
                .mentions
                .iter()
                .filter(|m| overlaps(m.span, t) && m.label == "PER")
                .filter(|m| !governed_in(&doc.text, t, m.span))
                // A role the knowledge base knows names its holder on the article's date;
                // without a date, the current holder is a guess ("Le secrétaire général de
                // l'ONU" in a 2011 text).
                .filter(|m| date.is_some() || m.evidence.as_deref() != Some("kb-role"))
                .find_map(|m| m.entity);
            let organisation = || {
                doc.mentions
                    .iter()
                    // A country or city that speaks is its government ("La France a
                    // dénoncé"), when it is the speaker itself.
                    .filter(|m| overlaps(m.span, t) && matches!(&*m.label, "ORG" | "LOC"))
                    .filter(|m| {
                        let lead = doc.text.get(t.start as usize..m.span.start as usize);
                        lead.is_none_or(|l| l.split_whitespace().count() <= 1)
                    })
                    .find_map(|m| m.entity)
            };
            person.or_else(organisation).or_else(|| {
                // A name the recogniser missed ("Kim"): a person entity named with it. The
                // speaker's last word, unless a preposition governs it ("du Budget").
                let tail = name_tail(doc, t)?;
                let words: Vec<&str> = doc.slice(tail).split_whitespace().collect();
                let name = words.last()?;
                doc.entities
                    .iter()
                    .position(|e| {
                        e.label == "PER"
                            && e.name
                                .split([' ', '-'])
                                .any(|w| w.eq_ignore_ascii_case(name))
                    })
                    .map(|e| e as u32)
            })
        });
        let entity = match (entity, target.and_then(|t| name_tail(doc, t))) {
            (None, Some(t)) => speaker_name_entity(doc, t),
            (e, _) => e,
        };
        doc.quotes[qi].entity = entity;
    }
}

/// Adds a mention for every proper noun standing alone (no proper noun next to it) outside
/// the mentions, when it is a word of the name of exactly one person entity mentioned before
/// it — the first or last name of someone the article has introduced.
fn name_parts_of_earlier_persons(doc: &mut Document) {
    let n = doc.tokens.len();
    let mut propn = vec![false; n];
    for w in &doc.words {
        if &*w.upos == "PROPN" {
            if let Some(p) = propn.get_mut(w.token as usize) {
                *p = true;
            }
        }
    }
    let mut covered = vec![false; n];
    // Where each entity is first mentioned (end offset).
    let mut first_end = vec![u32::MAX; doc.entities.len()];
    for m in &doc.mentions {
        for ti in mention_tokens(doc, m.span) {
            covered[ti] = true;
        }
        if let Some(f) = m.entity.and_then(|e| first_end.get_mut(e as usize)) {
            *f = (*f).min(m.span.end);
        }
    }
    let persons: Vec<(u32, Vec<&str>)> = doc
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.label == "PER")
        .map(|(ei, e)| (ei as u32, e.name.split([' ', '-']).collect::<Vec<_>>()))
        .filter(|(_, parts)| parts.len() > 1)
        .collect();
    let mut added = Vec::new();
    for (_, sentence) in doc.content_sentences() {
        let range = sentence.tokens.range();
        for ti in range.clone() {
            let Some(tok) = doc.tokens.get(ti) else {
                continue;
            };
            let is_propn = |i: usize| propn.get(i).copied().unwrap_or(false);
            let before_is_propn = ti > range.start && is_propn(ti - 1);
            let after_is_propn = ti + 1 < range.end && is_propn(ti + 1);
            let alone = is_propn(ti)
                && !covered.get(ti).copied().unwrap_or(true)
                && !before_is_propn
                && !after_is_propn;
            let form = doc.slice(tok.span);
            if !alone
                || form.chars().count() < 3
                || !form.chars().next().is_some_and(char::is_uppercase)
            {
                continue;
            }
            let mut matching = persons.iter().filter(|(ei, parts)| {
                parts.contains(&form)
                    && first_end
                        .get(*ei as usize)
                        .is_some_and(|&end| end <= tok.span.start)
            });
            if let (Some((ei, _)), None) = (matching.next(), matching.next()) {
                added.push(Mention {
                    span: tok.span,
                    label: "PER".into(),
                    entity: Some(*ei),
                    link_score: Some(0.75),
                    evidence: Some("name-part-of-earlier-person".into()),
                });
            }
        }
    }
    doc.mentions.extend(added);
}

/// Words that govern a name as the complement of a noun ("le porte-parole de X", "l'avocat
/// d'Y", "the spokesman for Z"): a name after one of them inside a speaker is not the speaker.
const GOVERNING: &[&str] = &[
    "de", "du", "des", "d", "à", "au", "aux", "par", "pour", "chez", "contre", "avec", "sur", "en",
    "dans", "sous", "vers", "entre", "of", "for", "by", "to", "from", "with", "in", "at",
];

/// Titles before a name's particle: "M. de Monconis" is a name, not "M." of someone.
const TITLES: &[&str] = &[
    "m.",
    "mme",
    "mlle",
    "monsieur",
    "madame",
    "mademoiselle",
    "maître",
    "me",
    "mgr",
    "général",
    "comte",
    "comtesse",
    "baron",
    "baronne",
    "duc",
    "duchesse",
    "marquis",
    "marquise",
];

/// The word before `m` inside the speaker `t` is a preposition (an article after it is
/// skipped: "de la", "d'un"), not a name's particle ("M. de Monconis", "Charles de Gaulle").
fn governed_in(text: &str, t: Span, m: Span) -> bool {
    let lead = text.get(t.start as usize..m.start as usize).unwrap_or("");
    let mut words = lead
        .split(|c: char| c.is_whitespace() || c == '\'' || c == '’')
        .filter(|w| !w.is_empty())
        .rev();
    // A title before the name is part of it ("l'avocat de M. Dupont").
    let mut next = words.next().map(str::to_lowercase);
    if next.as_deref().is_some_and(|w| TITLES.contains(&w)) {
        next = words.next().map(str::to_lowercase);
    }
    let article = next
        .as_deref()
        .is_some_and(|w| matches!(w, "la" | "le" | "l" | "les" | "un" | "une" | "the"));
    let mut preposition = if article {
        words.next().map(str::to_lowercase)
    } else {
        next
    };
    let Some(p) = preposition
        .take()
        .filter(|p| GOVERNING.contains(&p.as_str()))
    else {
        return false;
    };
    // A particle comes right before the name, no article between ("le secrétaire général
    // de l'ONU" is governed).
    let particle = !article
        && matches!(p.as_str(), "de" | "d" | "du")
        && words.next().is_some_and(|w| {
            TITLES.contains(&w.to_lowercase().as_str())
                || w.chars().next().is_some_and(char::is_uppercase)
        });
    !particle
}

/// The capitalised words that end the speaker `t` ("Michel Charasse" in "l'ancien ministre
/// socialiste du Budget Michel Charasse"; all of "Kim"), at most four, not governed by a
/// preposition ("du Budget"); none when the speaker ends otherwise.
fn name_tail(doc: &Document, t: Span) -> Option<Span> {
    let tokens = mention_tokens(doc, t);
    let mut start = None;
    for i in tokens.clone().rev().take(4) {
        let tok = &doc.tokens[i];
        if !tok
            .surface(&doc.text)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
            && !glued_name(tok.surface(&doc.text))
        {
            break;
        }
        start = Some(i);
    }
    // A title is no part of the name the recogniser missed ("Maître Vergès", "M. Ping").
    let mut start = start?;
    while start + 1 < tokens.end
        && TITLES.contains(&doc.tokens[start].surface(&doc.text).to_lowercase().as_str())
    {
        start += 1;
    }
    let first = doc.tokens.get(start)?;
    let last = doc.tokens.get(tokens.end.checked_sub(1)?)?;
    let tail = Span {
        start: first.span.start,
        end: last.span.end,
    };
    (!governed_in(&doc.text, t, tail)).then_some(tail)
}

/// A word with a capital after its first letter, as OCR glues a particle to a name
/// ("vanLuyten", "deBelgarde").
fn glued_name(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase)
        && word.chars().skip(1).any(char::is_uppercase)
}

/// Quotes below this confidence keep their speaker but link to no entity (`vigie-quotes` gives
/// 0.4 to a speaker taken from context, 0.5 and more to one found through a cue).
const SPEAKER_LINK_MIN_CONFIDENCE: f32 = 0.45;

/// A speaker written as a proper name the recogniser missed ("selon Parker", "explique
/// Tarlo"): every word of it a proper noun in the parse. Reuses a person entity of that name,
/// else adds a local one, so the quotes of one unrecognised speaker share an entity.
fn speaker_name_entity(doc: &mut Document, t: Span) -> Option<u32> {
    let words: Vec<&vigie_core::Word> = doc
        .words
        .iter()
        .filter(|w| {
            doc.tokens
                .get(w.token as usize)
                .is_some_and(|tok| t.start <= tok.span.start && tok.span.end <= t.end)
        })
        .collect();
    // A title first ("M. deBelgarde"); OCR glues a particle to a name and the tagger misses
    // it ("vanLuyten"): a capital inside the word still makes it a name.
    let title = |w: &vigie_core::Word| TITLES.contains(&w.form.to_lowercase().as_str());
    if words.is_empty()
        || words.len() > 4
        || words.iter().enumerate().any(|(k, w)| {
            &*w.upos != "PROPN" && !glued_name(&w.form) && !(k == 0 && title(w) && words.len() > 1)
        })
    {
        return None;
    }
    let name = doc.slice(t).trim().to_string();
    if let Some(e) = doc
        .entities
        .iter()
        .position(|e| e.label == "PER" && e.name == name)
    {
        return Some(e as u32);
    }
    doc.entities.push(vigie_core::Entity {
        id: format!("doc:{}", doc.entities.len() + 1),
        label: "PER".into(),
        name,
        actor_code: None,
        country: None,
        mentions: Vec::new(),
    });
    Some((doc.entities.len() - 1) as u32)
}

/// Words before a noun phrase that make it stand alone (normalised: "l'" is "l").
const DETERMINERS: &[&str] = &["le", "la", "l", "les", "du", "au", "aux", "des", "the"];

/// Articles before a role noun that point back at someone already met.
const DEFINITE: &[&str] = &["le", "la", "l", "du", "au", "the"];

/// A role-noun phrase ("dictateur dynastique de cet État paria": `head` is set) or an agent
/// noun with a country adjective ("médias russes": `head` is none).
struct Phrase {
    span: Span,
    /// Normalised role noun and its class, for role phrases.
    head: Option<(String, String)>,
    /// The agent code (`MED`, `MIL`, `GOV`) and its placement, when a country adjective
    /// goes with the noun; `agent` is empty otherwise.
    agent: String,
    placement: AgentPlacement,
    /// The country's actor and CAMEO code (`RUS`), when a country adjective goes with it.
    country: Option<ActorId>,
    country_code: String,
}

/// The country a word names as an adjective ("russes", "nord-coréenne", "Russian").
fn country_adjective(kb: &Knowledge, word: &str, english: bool) -> Option<(ActorId, String)> {
    // French adjectives are written in lower case ("Russie" is the country's name).
    if !english && !word.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    kb.lookup(word).iter().copied().find_map(|id| {
        let a = kb.get(id)?;
        (a.kind == ActorKind::Country)
            .then(|| (id, a.codes.first().map(|c| c.code.clone())))
            .and_then(|(id, c)| Some((id, c?)))
    })
}

/// Longest phrase of at most `max` tokens from `i` (within `end`) that `test` accepts.
fn longest<T>(
    doc: &Document,
    i: usize,
    end: usize,
    max: usize,
    test: impl Fn(&str) -> Option<T>,
) -> Option<(usize, T)> {
    (1..=max.min(end.saturating_sub(i))).rev().find_map(|n| {
        let span = Span {
            start: doc.tokens[i].span.start,
            end: doc.tokens[i + n - 1].span.end,
        };
        test(doc.slice(span)).map(|t| (n, t))
    })
}

/// Role-noun phrases after a definite article and agent nouns with a country adjective, in
/// the content sentences, outside the mentions already there.
fn role_and_group_phrases(doc: &Document, kb: &Knowledge, nouns: &RoleNouns) -> Vec<Phrase> {
    let english = doc.language.as_ref().is_some_and(|l| l.code == "en");
    // Part of speech and head token of each token's first word.
    let mut upos = vec![""; doc.tokens.len()];
    let mut head_token: Vec<Option<usize>> = vec![None; doc.tokens.len()];
    for w in &doc.words {
        if let Some(u) = upos.get_mut(w.token as usize) {
            if u.is_empty() {
                *u = &w.upos;
                head_token[w.token as usize] = w
                    .head
                    .and_then(|h| doc.words.get(h as usize))
                    .map(|h| h.token as usize);
            }
        }
    }
    // Which tokens a mention covers, and which a mention the knowledge base found (those
    // carry evidence already and are never undone).
    let (mut covered, mut kb_covered) =
        (vec![false; doc.tokens.len()], vec![false; doc.tokens.len()]);
    for m in &doc.mentions {
        for t in mention_tokens(doc, m.span) {
            covered[t] = true;
            kb_covered[t] |= m.evidence.is_some();
        }
    }
    let in_mention = |t: usize| covered.get(t).copied().unwrap_or(false);
    let in_kb_mention = |t: usize| kb_covered.get(t).copied().unwrap_or(false);
    // A group phrase replaces recognised mentions inside it ("armée nord-coréenne" as an
    // unknown ORG), not ones the KB found or that reach beyond it.
    let group_free = |from: usize, to: usize| {
        let span = Span {
            start: doc.tokens[from].span.start,
            end: doc.tokens[to - 1].span.end,
        };
        !doc.mentions.iter().any(|m| {
            overlaps(m.span, span)
                && (m.evidence.is_some() || m.span.start < span.start || m.span.end > span.end)
        })
    };
    let agent_of = |surface: &str| {
        kb.agent_entry(surface)
            .map(|a| (a.code.clone(), a.placement))
    };
    let mut out = Vec::new();
    // Each token's key, normalised once per sentence into one buffer (`keys`, `key_ends`).
    let (mut keys, mut key_ends) = (String::new(), Vec::new());
    // A scratch key, for the agent-noun filter below.
    let mut first_key = String::new();
    for (_, s) in doc.content_sentences() {
        let (start, end) = (s.tokens.start as usize, s.tokens.end as usize);
        keys.clear();
        key_ends.clear();
        for t in &doc.tokens[start..end] {
            normalize_into(t.normalized(&doc.text), &mut keys);
            key_ends.push(keys.len());
        }
        let norm = |t: usize| {
            let k = t - start;
            let from = k.checked_sub(1).map_or(0, |p| key_ends[p]);
            &keys[from..key_ends[k]]
        };
        let mut i = start;
        while i < end {
            if in_kb_mention(i) {
                i += 1;
                continue;
            }
            // Role noun after a definite article.
            let definite = i > start && !in_mention(i) && DEFINITE.contains(&norm(i - 1));
            let role = definite
                .then(|| {
                    longest(doc, i, end, MAX_ROLE_TOKENS, |t| {
                        nouns.class_of(t).map(str::to_string)
                    })
                })
                .flatten();
            if let Some((n, class)) = role {
                let head = normalize(doc.slice(Span {
                    start: doc.tokens[i].span.start,
                    end: doc.tokens[i + n - 1].span.end,
                }));
                let mut j = i + n;
                let free = |t: usize| t < end && !in_mention(t);
                // Adjectives, then one "de (det) noun (adj)" complement (French).
                while free(j) && upos[j] == "ADJ" {
                    j += 1;
                }
                if !english && free(j) && matches!(norm(j), "de" | "du" | "des" | "d") {
                    let mut k = j + 1;
                    if free(k) && upos[k] == "DET" {
                        k += 1;
                    }
                    if free(k) && matches!(upos[k], "NOUN" | "PROPN") {
                        k += 1;
                        // Lower-case words that modify the phrase ("État paria", even when
                        // the tagger calls "paria" a verb: its head is inside).
                        while free(k)
                            && doc.tokens[k]
                                .surface(&doc.text)
                                .chars()
                                .next()
                                .is_some_and(char::is_lowercase)
                            && (matches!(upos[k], "ADJ")
                                || head_token[k].is_some_and(|h| (i..k).contains(&h)))
                        {
                            k += 1;
                        }
                        j = k;
                    }
                }
                // A country adjective next to the noun: after it in French, before in English.
                let country = if english {
                    (i >= 2)
                        .then(|| country_adjective(kb, doc.tokens[i - 1].surface(&doc.text), true))
                        .flatten()
                } else {
                    (i + n..j).find_map(|t| {
                        country_adjective(kb, doc.tokens[t].surface(&doc.text), false)
                    })
                };
                let agent = country.as_ref().and_then(|_| {
                    agent_of(doc.slice(Span {
                        start: doc.tokens[i].span.start,
                        end: doc.tokens[i + n - 1].span.end,
                    }))
                });
                let span_start = if english && country.is_some() {
                    i - 1
                } else {
                    i
                };
                out.push(Phrase {
                    span: Span {
                        start: doc.tokens[span_start].span.start,
                        end: doc.tokens[j - 1].span.end,
                    },
                    head: Some((head, class)),
                    agent: agent.as_ref().map(|a| a.0.clone()).unwrap_or_default(),
                    placement: agent.map_or(AgentPlacement::After, |a| a.1),
                    country: country.as_ref().map(|c| c.0),
                    country_code: country.map(|c| c.1).unwrap_or_default(),
                });
                i = j;
                continue;
            }
            // Agent noun and country adjective: "médias russes", "the Russian foreign ministry".
            let group = if english {
                country_adjective(kb, doc.tokens[i].surface(&doc.text), true).and_then(|c| {
                    (i + 1 < end)
                        .then(|| longest(doc, i + 1, end, 4, agent_of))
                        .flatten()
                        .filter(|&(n, _)| group_free(i, i + 1 + n))
                        .map(|(n, a)| (i, i + 1 + n, c, a))
                })
            } else {
                // No agent noun starts with this word: no phrase from it is one (the filter
                // `Knowledge::agent_key_starts_with` documents; the key is the surface's, as
                // `agent_entry` sees it).
                let starts_free = !DETERMINERS.contains(&norm(i));
                let may_be_agent = starts_free && {
                    let tok = &doc.tokens[i];
                    let surface = tok.surface(&doc.text);
                    first_key.clear();
                    normalize_into(surface, &mut first_key);
                    let after = doc.text.get(tok.span.end as usize..).unwrap_or("");
                    may_start_with_article(surface)
                        || first_key.is_empty()
                        || if may_glue(surface, after) {
                            kb.agent_key_starts_with(&first_key)
                        } else {
                            // The phrase's key is this word's, or it followed by a space.
                            kb.is_agent_key(&first_key) || {
                                first_key.push(' ');
                                kb.agent_key_starts_with(&first_key)
                            }
                        }
                };
                may_be_agent
                    .then(|| longest(doc, i, end, 4, agent_of))
                    .flatten()
                    .and_then(|(n, a)| {
                        let t = i + n;
                        (t < end && group_free(i, t + 1))
                            .then(|| country_adjective(kb, doc.tokens[t].surface(&doc.text), false))
                            .flatten()
                            .map(|c| (i, t + 1, c, a))
                    })
            };
            if let Some((from, to, (country, code), (agent, placement))) = group {
                out.push(Phrase {
                    span: Span {
                        start: doc.tokens[from].span.start,
                        end: doc.tokens[to - 1].span.end,
                    },
                    head: None,
                    agent,
                    placement,
                    country: Some(country),
                    country_code: code,
                });
                i = to;
                continue;
            }
            i += 1;
        }
    }
    out
}

/// Whether `normalize` may glue the next word of a phrase to the token `surface` (no space
/// between their keys), `after` being the text after the token: the token does not end in a
/// letter or digit ("d'"), or an apostrophe, a dot or a letter with nothing between comes
/// before the next word ("U.N", "médias 'russes'"). False means the phrase's key is the
/// token's key, alone or followed by a space.
fn may_glue(surface: &str, after: &str) -> bool {
    if !surface.chars().last().is_some_and(char::is_alphanumeric) {
        return true;
    }
    let mut separated = false;
    for c in after.chars() {
        if c.is_alphanumeric() {
            return !separated;
        }
        match c {
            '\'' | '’' | 'ʼ' | '‘' | '`' | '´' | 'ʻ' | 'ʹ' => return true,
            '.' => {}
            c if vigie_knowledge::is_skipped_mark(c) => {}
            _ => separated = true,
        }
    }
    false
}

/// Whether a phrase starting with the token `surface` may start with an article that
/// `Knowledge::agent_entry` takes off ("le ", "la ", "les ", "the ", "l'"): the token is one,
/// begins one ("l" before an apostrophe token) or starts with an elided "l'".
fn may_start_with_article(surface: &str) -> bool {
    // Every article starts with "l" or "t": most words are ruled out without lower-casing.
    let first = surface.chars().next().and_then(|c| c.to_lowercase().next());
    if first.is_some_and(|c| c != 'l' && c != 't') {
        return false;
    }
    let lower = surface.to_lowercase();
    ["le ", "la ", "les ", "the ", "l'", "l’", "l’"]
        .iter()
        .any(|a| a.starts_with(lower.as_str()) || lower.starts_with(a))
}

/// The group entity of an agent with a country (one per actor code in a document).
fn group_entity(doc: &mut Document, p: &Phrase, surface: &str) -> u32 {
    let code = match p.placement {
        AgentPlacement::After => format!("{}{}", p.country_code, p.agent),
        AgentPlacement::Before => format!("{}{}", p.agent, p.country_code),
    };
    let id = format!("cameo:{code}");
    if let Some(e) = doc.entities.iter().position(|e| e.id == id) {
        return e as u32;
    }
    doc.entities.push(Entity {
        id,
        label: "ORG".into(),
        name: surface.to_string(),
        actor_code: Some(code),
        country: Some(p.country_code.clone()),
        mentions: Vec::new(),
    });
    (doc.entities.len() - 1) as u32
}

/// Role nouns people are introduced with: "Iouri Ouchakov, conseiller en chef du Kremlin"
/// (apposition) or "le conseiller Iouri Ouchakov" (title). (entity, normalised noun, class,
/// byte offset of the person's mention).
fn introductions(doc: &Document, nouns: &RoleNouns) -> Vec<(u32, String, String, u32)> {
    // The first token starting at or after `offset` (`after`), else the first ending after
    // it: tokens are ordered and disjoint, so a binary search finds it.
    let token_at = |offset: u32, after: bool| {
        let t = doc.tokens.partition_point(|t| {
            if after {
                t.span.start < offset
            } else {
                t.span.end <= offset
            }
        });
        (t < doc.tokens.len()).then_some(t)
    };
    let mut out = Vec::new();
    for m in doc.mentions.iter().filter(|m| m.label == "PER") {
        let Some(e) = m.entity else { continue };
        let mut heads = Vec::new();
        // After: ", [un|une|le|la|l'] noun".
        if let Some(mut t) = token_at(m.span.end, true) {
            if doc.tokens[t].surface(&doc.text) == "," {
                t += 1;
                if t < doc.tokens.len()
                    && matches!(
                        normalize(doc.tokens[t].surface(&doc.text)).as_str(),
                        "un" | "une" | "le" | "la" | "l" | "the" | "a" | "an"
                    )
                {
                    t += 1;
                }
                if t < doc.tokens.len() {
                    heads.push(longest(doc, t, doc.tokens.len(), MAX_ROLE_TOKENS, |s| {
                        nouns.class_of(s).map(|c| (normalize(s), c.to_string()))
                    }));
                }
            }
        }
        // Before: "noun NAME" (the noun ends right before the name).
        if let Some(t) = token_at(m.span.start, false).filter(|&t| t > 0) {
            let found = (1..=MAX_ROLE_TOKENS.min(t)).rev().find_map(|n| {
                let span = Span {
                    start: doc.tokens[t - n].span.start,
                    end: doc.tokens[t - 1].span.end,
                };
                let s = doc.slice(span);
                nouns
                    .class_of(s)
                    .map(|c| (n, (normalize(s), c.to_string())))
            });
            heads.push(found);
        }
        for (_, (noun, class)) in heads.into_iter().flatten() {
            out.push((e, noun, class, m.span.start));
        }
    }
    out
}

/// The person a role phrase stands for: among the person entities mentioned before it (and
/// of its country, when it has a country adjective), the best supported — introduced with the
/// same noun (3), a knowledge-base role or alias starting with it (2.5), introduced with a
/// noun of its class (2), a KB alias starting with a noun of its class (1) — the latest
/// mentioned on a tie. Returns (entity, score, evidence).
fn resolve_role(
    doc: &Document,
    kb: &Knowledge,
    intros: &[(u32, String, String, u32)],
    p: &Phrase,
) -> Option<(u32, f32, String)> {
    let (head, class) = p.head.as_ref()?;
    let nouns = RoleNouns::builtin();
    let mut best: Option<(f32, u32, u32, &'static str)> = None; // (support, last, entity, why)
    for (ei, e) in doc.entities.iter().enumerate() {
        if e.label != "PER" {
            continue;
        }
        let last = e
            .mentions
            .iter()
            .filter_map(|&m| doc.mentions.get(m as usize))
            .map(|m| m.span.start)
            .filter(|&s| s < p.span.start)
            .max();
        let Some(last) = last else { continue };
        if p.country.is_some() && e.country.as_deref() != Some(p.country_code.as_str()) {
            continue;
        }
        let ei = ei as u32;
        let mut support: (f32, &'static str) = (0.0, "");
        let mut consider = |s: f32, why: &'static str| {
            if s > support.0 {
                support = (s, why);
            }
        };
        for (_, noun, c, _) in intros.iter().filter(|x| x.0 == ei && x.3 < p.span.start) {
            if noun == head {
                consider(3.0, "role-noun-introduced");
            } else if c == class {
                consider(2.0, "role-class-introduced");
            }
        }
        if let Some(actor) = kb.by_id(&e.id).and_then(|id| kb.get(id)) {
            let titles = actor
                .roles
                .iter()
                .flat_map(|r| [r.title_fr.as_str(), r.title_en.as_str()])
                .chain(actor.aliases.iter().map(String::as_str));
            for t in titles {
                let t = normalize(t);
                if t.split(' ').count() < 2 {
                    continue;
                }
                if t == *head || t.starts_with(&format!("{head} ")) {
                    consider(2.5, "role-noun-in-kb");
                } else if t
                    .split(' ')
                    .next()
                    .and_then(|w| nouns.class_of(w))
                    .is_some_and(|c| c == class)
                {
                    consider(1.0, "role-class-in-kb");
                }
            }
        }
        if support.0 > 0.0 {
            let better = best.is_none_or(|(s, l, _, _)| (support.0, last) > (s, l));
            if better {
                best = Some((support.0, last, ei, support.1));
            }
        }
    }
    best.map(|(s, _, e, why)| (e, 0.45 + 0.1 * s, why.to_string()))
}

/// Where a place's name begins when the mention at `span` follows a place noun and its
/// modifiers, "de"/"d'"/"du"/"of" ("résidence d'État de | Kumsusan"): the place noun's start.
/// Words only in between (at most four), no other mention.
fn place_start(doc: &Document, span: Span) -> Option<u32> {
    let nouns = place_nouns();
    let first = doc.tokens.iter().position(|t| t.span.start == span.start)?;
    let before = first.checked_sub(1)?;
    let of = normalize(doc.tokens[before].surface(&doc.text));
    if !matches!(of.as_str(), "de" | "d" | "du" | "of") {
        return None;
    }
    let lowest = before.saturating_sub(5);
    let mut t = before;
    while t > lowest {
        t -= 1;
        let tok = &doc.tokens[t];
        let surface = tok.surface(&doc.text);
        if doc.mentions.iter().any(|m| overlaps(m.span, tok.span)) {
            return None;
        }
        if nouns.contains(&normalize(surface)) {
            return Some(tok.span.start);
        }
        // Modifiers: words outside any mention ("principale", "d'État"), no punctuation.
        if !surface
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
        {
            return None;
        }
    }
    None
}
