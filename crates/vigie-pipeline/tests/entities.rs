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
    // "… une limousine … qu'il a personnellement offerte": the pronoun is Poutine too.
    assert!(putin.contains(&"il"), "{putin:?}");
    assert!(putin.len() >= 10, "{putin:?}");
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
    // "Kim" alone (8 times in the article) is Kim Jong Un, introduced in the first sentence.
    assert!(kim.iter().filter(|m| **m == "Kim").count() >= 6, "{kim:?}");
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

fn entity_of<'a>(doc: &'a Document, surface: &str) -> Option<&'a vigie_core::Entity> {
    let m = doc.mentions.iter().find(|m| doc.slice(m.span) == surface)?;
    doc.entities.get(m.entity? as usize)
}

#[test]
fn reference_article_descriptors_companies_and_places() {
    let text = include_str!("../../../examples/fr-poutine-kim-pyongyang.txt");
    let doc = run(text, "fr", Some("2024-06-19"));
    // Role nouns resolve to the person introduced with them or known by them.
    let kim = mentions_of(&doc, "Q56226");
    assert!(
        kim.iter().any(|m| m.starts_with("dictateur dynastique")),
        "{kim:?}"
    );
    let ushakov = doc
        .entities
        .iter()
        .find(|e| e.name == "Iouri Ouchakov")
        .expect("Ouchakov");
    let ushakov_mentions = mentions_of(&doc, &ushakov.id);
    assert!(
        ushakov_mentions.contains(&"assistant"),
        "{ushakov_mentions:?}"
    );
    let putin = mentions_of(&doc, "Q7747");
    assert!(putin.len() >= 9, "{putin:?}");
    assert!(putin.contains(&"président russe"), "{putin:?}");
    // "conseiller en chef du Kremlin" is not Putin's "chef du Kremlin": the Kremlin alone.
    let kremlin = entity_of(&doc, "Kremlin").expect("Kremlin");
    assert_eq!(kremlin.label, "ORG");
    assert_eq!(kremlin.actor_code.as_deref(), Some("RUSGOV"));
    // Companies and a named residence, each one entity.
    for name in ["Aurus", "Rolls Royce", "résidence d'État de Kumsusan"] {
        let e = entity_of(&doc, name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(doc.entities.iter().filter(|x| x.name == e.name).count(), 1);
    }
    assert_eq!(
        entity_of(&doc, "Aurus").and_then(|e| e.country.as_deref()),
        Some("RUS")
    );
    // One entity per place however often it is named.
    for place in ["Pyongyang", "Ukraine"] {
        let ids: std::collections::BTreeSet<&str> = doc
            .mentions
            .iter()
            .filter(|m| doc.slice(m.span) == place)
            .filter_map(|m| m.entity)
            .map(|e| doc.entities[e as usize].id.as_str())
            .collect();
        assert_eq!(ids.len(), 1, "{place}: {ids:?}");
    }
    // "médias russes", twice: one group entity coded RUS + MED, with its evidence.
    let media = entity_of(&doc, "médias russes").expect("médias russes");
    assert_eq!(media.actor_code.as_deref(), Some("RUSMED"));
    assert_eq!(media.mentions.len(), 2);
}

#[test]
fn role_titles_name_their_holder_on_the_article_date() {
    let text = "Le président des États-Unis a reçu les dirigeants européens à Washington.";
    let in_2019 = run(text, "fr", Some("2019-05-01"));
    let in_2023 = run(text, "fr", Some("2023-05-01"));
    let holder = |doc: &Document| {
        entity_of(doc, "président des États-Unis").map(|e| (e.id.clone(), e.actor_code.clone()))
    };
    assert_eq!(
        holder(&in_2019),
        Some(("Q22686".to_string(), Some("USAGOV".to_string())))
    );
    assert_eq!(
        holder(&in_2023),
        Some(("Q6279".to_string(), Some("USAGOV".to_string())))
    );
}

#[test]
fn putin_and_poutine_are_one_actor_across_languages() {
    let fr = run(
        "Vladimir Poutine a parlé. Poutine a ri.",
        "fr",
        Some("2024-06-19"),
    );
    let en = run(
        "Vladimir Putin spoke. Putin laughed.",
        "en",
        Some("2024-06-19"),
    );
    assert_eq!(
        entity_of(&fr, "Poutine").map(|e| e.id.as_str()),
        Some("Q7747")
    );
    assert_eq!(
        entity_of(&en, "Putin").map(|e| e.id.as_str()),
        Some("Q7747")
    );
}

#[test]
fn country_adjectives_give_the_actor_country() {
    let fr = run(
        "Les médias russes ont rapporté que l'armée nord-coréenne avait tiré des missiles.",
        "fr",
        Some("2024-06-19"),
    );
    assert_eq!(
        entity_of(&fr, "médias russes").and_then(|e| e.actor_code.as_deref()),
        Some("RUSMED")
    );
    let army = entity_of(&fr, "armée nord-coréenne").expect("armée nord-coréenne");
    assert_eq!(army.actor_code.as_deref(), Some("PRKMIL"));
    assert_eq!(army.country.as_deref(), Some("PRK"));
    let m = fr
        .mentions
        .iter()
        .find(|m| fr.slice(m.span) == "armée nord-coréenne")
        .expect("mention");
    assert!(m.link_score.is_some_and(|s| s > 0.0 && s <= 1.0));
    assert!(m.evidence.as_deref().is_some_and(|e| e.contains("MIL")));
    let en = run(
        "The Russian foreign ministry said the talks had failed.",
        "en",
        Some("2024-06-19"),
    );
    assert_eq!(
        entity_of(&en, "Russian foreign ministry").and_then(|e| e.actor_code.as_deref()),
        Some("RUSGOV")
    );
}

#[test]
fn a_users_actor_file_is_linked_without_rebuilding() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/my_actors.tsv");
    let kb = vigie_knowledge::Knowledge::from_files(&[path]).expect("user file loads");
    assert!(kb.diagnostics().is_empty(), "{:?}", kb.diagnostics());
    let p = Pipeline::with_options(PipelineOptions {
        language: Some("fr".into()),
        knowledge: Some(std::sync::Arc::new(kb)),
        ..Default::default()
    });
    let meta = Metadata {
        date: Some("2024-06-19".into()),
        ..Metadata::default()
    };
    let mut doc = Document::new(
        "t",
        "Amélie Durandal a inauguré le marché. Durandal a remercié Vladimir Poutine de rien.",
        meta,
    );
    p.process(&mut doc);
    let mine = mentions_of(&doc, "vigie:person:amelie-durandal");
    assert!(
        mine.contains(&"Amélie Durandal") && mine.contains(&"Durandal"),
        "{mine:?}"
    );
    let e = doc
        .entities
        .iter()
        .find(|e| e.id == "vigie:person:amelie-durandal")
        .expect("user's actor");
    assert_eq!(e.actor_code.as_deref(), Some("FRAGOV"));
    // The built-in actors are still there.
    assert!(doc.entities.iter().any(|e| e.id == "Q7747"));
}

#[test]
fn a_name_alone_is_the_person_introduced_before_and_only_that_one() {
    let doc = run(
        "Kim Jong Un a reçu Vladimir Poutine à Pyongyang mercredi. Poutine a remercié Kim pour son accueil. Sa sœur Kim Yo Jong était présente.",
        "fr",
        Some("2024-06-19"),
    );
    let kim = mentions_of(&doc, "Q56226");
    assert!(kim.contains(&"Kim"), "{kim:?}");
    assert!(
        !kim.iter().any(|m| m.contains("Yo")),
        "Kim Yo Jong is someone else: {kim:?}"
    );
    assert!(mentions_of(&doc, "Q7747").contains(&"Poutine"));
}

/// Mentions of an entity that a subject pronoun makes, with their text.
fn pronoun_mentions(doc: &Document) -> Vec<(&str, &str)> {
    doc.mentions
        .iter()
        .filter(|m| m.evidence.as_deref() == Some("subject-pronoun"))
        .filter_map(|m| {
            let e = doc.entities.get(m.entity? as usize)?;
            Some((doc.slice(m.span), e.id.as_str()))
        })
        .collect()
}

#[test]
fn a_subject_pronoun_is_the_person_its_nearest_subject_names() {
    // French: "il" stands for the sentence's subject, Poutine, not for the object Kim.
    let doc = run(
        "Vladimir Poutine a rencontré Kim Jong Un à Pyongyang. Il a ensuite visité une usine.",
        "fr",
        Some("2024-06-19"),
    );
    let found = pronoun_mentions(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "Il");
    assert_eq!(found[0].1, "Q7747", "{found:?}");
    // English, across the sentence boundary.
    let doc = run(
        "Vladimir Putin met Kim Jong Un in Pyongyang on Wednesday. He then visited a factory.",
        "en",
        Some("2024-06-19"),
    );
    let found = pronoun_mentions(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0], ("He", "Q7747"), "{found:?}");
}

#[test]
fn impersonal_and_non_person_subjects_give_no_pronoun_mention() {
    // "il s'agit" is impersonal; in the second sentence the nearest subject of "il" is
    // "l'accord", not a person.
    let doc = run(
        "Vladimir Poutine a signé l'accord. Il s'agit d'un traité de défense. \
         Poutine a déclaré que l'accord était révolutionnaire, ajoutant qu'il prévoit une assistance mutuelle.",
        "fr",
        Some("2024-06-19"),
    );
    let found = pronoun_mentions(&doc);
    assert!(found.is_empty(), "{found:?}");
}
