//! Entity linking through the whole pipeline on the reference article and on English text:
//! aliases across languages, role phrases, dates.

use vigie_core::{Document, Metadata};
use vigie_pipeline::{Pipeline, PipelineOptions};

fn run(text: &str, lang: &str, date: Option<&str>) -> Document {
    let p = Pipeline::with_options(PipelineOptions {
        language: Some(lang.into()),
        ..Default::default()
    });
    let meta = Metadata {
        date: date.map(str::to_string),
        ..Metadata::default()
    };
    let mut doc = Document::new("t", text, meta);
    p.process(&mut doc);
    doc.check_spans().expect("spans slice the text");
    doc
}

fn mentions_of<'a>(doc: &'a Document, id: &str) -> Vec<&'a str> {
    doc.entities
        .iter()
        .find(|e| e.id == id)
        .map(|e| {
            e.mentions
                .iter()
                .map(|&m| doc.slice(doc.mentions[m as usize].span))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn reference_article_one_entity_per_actor() {
    let text = include_str!("../../../examples/fr-poutine-kim-pyongyang.txt");
    let doc = run(text, "fr", Some("2024-06-19"));
    let putin = mentions_of(&doc, "Q7747");
    assert!(putin.contains(&"Vladimir Poutine"), "{putin:?}");
    assert!(putin.contains(&"chef du Kremlin"), "{putin:?}");
    assert!(putin.contains(&"président russe"), "{putin:?}");
    assert!(
        putin.iter().filter(|m| **m == "Poutine").count() >= 5,
        "{putin:?}"
    );
    let e = doc
        .entities
        .iter()
        .find(|e| e.id == "Q7747")
        .expect("Putin");
    assert_eq!(e.actor_code.as_deref(), Some("RUSGOV"));
    let kim = mentions_of(&doc, "Q56226");
    assert!(
        kim.contains(&"Kim Jong Un") && kim.contains(&"dirigeant nord-coréen"),
        "{kim:?}"
    );
    let e = doc.entities.iter().find(|e| e.id == "Q56226").expect("Kim");
    assert_eq!(e.actor_code.as_deref(), Some("PRKGOV"));
    let pyongyang = doc
        .entities
        .iter()
        .find(|e| e.name == "Pyongyang")
        .expect("Pyongyang");
    assert_eq!(
        (pyongyang.label.as_str(), pyongyang.country.as_deref()),
        ("LOC", Some("PRK"))
    );
    assert!(doc.entities.iter().any(|e| e.name == "Ukraine"));
    // Quote speakers point at the same entities ("l'assistant" through Ouchakov).
    let speaker_of = |quoted: &str| {
        doc.quotes
            .iter()
            .find(|q| doc.slice(q.span) == quoted)
            .and_then(|q| q.entity)
            .map(|e| doc.entities[e as usize].id.clone())
    };
    assert_eq!(
        speaker_of("traité le plus solide jamais signé").as_deref(),
        Some("Q56226")
    );
    assert_eq!(
        speaker_of("est véritablement un document révolutionnaire").as_deref(),
        Some("Q7747")
    );
    assert_eq!(
        speaker_of("bustes"),
        doc.entities
            .iter()
            .find(|e| e.name == "Iouri Ouchakov")
            .map(|e| e.id.clone())
    );
    // Every mention is linked, with a score and its evidence.
    for m in &doc.mentions {
        assert!(m.entity.is_some() && m.link_score.is_some() && m.evidence.is_some());
    }
}

#[test]
fn english_aliases_link_to_the_same_actors() {
    let doc = run(
        "Russian President Vladimir Putin met North Korean leader Kim Jong Un in Pyongyang. Putin said NATO was to blame.",
        "en",
        Some("2024-06-19"),
    );
    assert!(mentions_of(&doc, "Q7747")
        .iter()
        .any(|m| m.ends_with("Vladimir Putin")));
    assert!(mentions_of(&doc, "Q56226").contains(&"Kim Jong Un"));
    assert!(
        doc.entities
            .iter()
            .any(|e| e.actor_code.as_deref() == Some("IGOWSTNAT")),
        "NATO"
    );
    assert!(doc
        .entities
        .iter()
        .any(|e| e.name.contains("Pyongyang") || e.name.contains("P'yŏngyang")));
    let putin = doc
        .entities
        .iter()
        .find(|e| e.id == "Q7747")
        .expect("Putin");
    assert!(
        putin.mentions.len() >= 2,
        "Putin alone links to the same entity"
    );
}
