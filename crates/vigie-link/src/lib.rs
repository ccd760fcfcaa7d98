//! Entity linking and in-document coreference: every mention gets the knowledge-base actor it
//! names ("Vladimir Poutine", "Putin" → Q7747), role phrases the KB knows ("le président russe",
//! "chef du Kremlin") are found as mentions of their holder, a surname or first name alone
//! links to the full name used earlier in the article ("Poutine" → "Vladimir Poutine"), and
//! anything else becomes a document-local entity. Actor codes are the ones valid on the
//! article's date. Quote speakers are then linked to the entity of their mention.
//!
//! Reads `mentions` (from the mention recogniser, when it ran), `sentences`, `tokens`,
//! `quotes`; writes `mentions` (linked, plus KB-found ones), `entities` and `quotes[].entity`.

use vigie_core::{Document, Entity, Mention, Span};
use vigie_knowledge::{ActorId, ActorKind, Date, Knowledge};

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

/// Picks one actor among candidates: the label's kind first, then one with a code on the
/// date, then the KB's order (hand-written entries come first).
fn choose(
    kb: &Knowledge,
    candidates: &[ActorId],
    label: Option<&str>,
    date: Option<Date>,
) -> Option<ActorId> {
    let fits = |id: &ActorId| {
        kb.get(*id)
            .is_some_and(|a| label.is_none_or(|l| compatible(l, a.kind)))
    };
    let dated = |id: &ActorId| date.is_none_or(|d| kb.code_at(*id, d).is_some());
    candidates
        .iter()
        .copied()
        .find(|id| fits(id) && dated(id))
        .or_else(|| candidates.iter().copied().find(fits))
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
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
            if capitalised || n >= 2 {
                if let Some(id) = choose(kb, actors, None, date) {
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
            i += n;
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
    doc.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    // 2. Link every mention, in text order.
    doc.entities.clear();
    let mut kb_entity: Vec<(ActorId, u32)> = Vec::new();
    for mi in 0..doc.mentions.len() {
        let (span, label) = (doc.mentions[mi].span, doc.mentions[mi].label.clone());
        let text = doc.slice(span).to_string();
        let kb_found = found
            .iter()
            .find(|(s, _, _)| *s == span)
            .map(|(_, id, ev)| (*id, *ev));
        let from_kb = kb_found.or_else(|| {
            choose(kb, kb.lookup(&text), Some(&label), date).map(|id| (id, "kb-alias"))
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
        let (entity, score, evidence) = match (earlier(), from_kb) {
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
    // 3. Quote speakers: the entity of the mention inside the speaker (or what it stands for):
    // a person or an organisation ("selon Moody's", "a indiqué la MLS").
    for qi in 0..doc.quotes.len() {
        let q = &doc.quotes[qi];
        let target = q.speaker_antecedent.or(q.speaker);
        let entity = target.and_then(|t| {
            doc.mentions
                .iter()
                .filter(|m| overlaps(m.span, t) && matches!(m.label.as_str(), "PER" | "ORG"))
                .find_map(|m| m.entity)
                .or_else(|| {
                    // A name the recogniser missed ("Kim"): a person entity named with it.
                    let words: Vec<&str> = doc.slice(t).split_whitespace().collect();
                    let name = words.last()?;
                    if !name.chars().next().is_some_and(char::is_uppercase) {
                        return None;
                    }
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
        let entity = match (entity, target) {
            (None, Some(t)) => speaker_name_entity(doc, t),
            (e, _) => e,
        };
        doc.quotes[qi].entity = entity;
    }
}

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
    if words.is_empty() || words.len() > 4 || words.iter().any(|w| &*w.upos != "PROPN") {
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
