//! Events through the whole pipeline: each construction (verbal, nominal, passive, agentless
//! passive, coordination, relative clause, infinitive; date, place, negation, modality,
//! reported) in French and English, the reference article, and a user lexicon.

use std::sync::Arc;
use vigie_core::{Document, Event, Metadata};
use vigie_pipeline::{Pipeline, PipelineOptions};

fn run_with(text: &str, lang: &str, events: vigie_events::EventOptions) -> Document {
    let p = Pipeline::with_options(PipelineOptions {
        language: Some(lang.into()),
        events,
        ..Default::default()
    });
    let meta = Metadata {
        date: Some("2024-06-19".into()),
        ..Metadata::default()
    };
    let mut doc = Document::new("t", text, meta);
    p.process(&mut doc);
    doc.check_spans().expect("spans slice the text");
    doc
}

fn run(text: &str, lang: &str) -> Document {
    run_with(text, lang, vigie_events::EventOptions::default())
}

fn name(doc: &Document, e: Option<u32>) -> String {
    e.and_then(|k| doc.entities.get(k as usize))
        .map(|en| en.name.clone())
        .unwrap_or_else(|| "-".into())
}

/// The event with this code from `source` (a part of the entity's name).
fn find<'a>(doc: &'a Document, code: &str, source: &str) -> &'a Event {
    doc.events
        .iter()
        .find(|e| e.code == code && name(doc, e.source).contains(source))
        .unwrap_or_else(|| panic!("no {code} event from {source} in {}", listing(doc)))
}

fn listing(doc: &Document) -> String {
    doc.events
        .iter()
        .map(|e| {
            format!(
                "{} {} -> {} [{}] {:?} {:?}",
                e.code,
                name(doc, e.source),
                name(doc, e.target),
                e.trigger.map(|t| doc.slice(t)).unwrap_or(""),
                e.modality,
                e.flags
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn french_verbal_event_with_place() {
    let doc = run(
        "Le président Emmanuel Macron a rencontré Olaf Scholz mardi à Berlin.",
        "fr",
    );
    let e = find(&doc, "040", "Macron");
    assert_eq!(name(&doc, e.target), "Olaf Scholz");
    assert_eq!(e.source_actor.as_deref(), Some("FRAGOV"));
    assert_eq!(e.source_country.as_deref(), Some("FRA"));
    assert_eq!(name(&doc, e.location), "Berlin");
    assert_eq!(e.plover_type.as_deref(), Some("CONSULT"));
    assert_eq!(e.quad_class, Some(1));
    assert!(!e.negated);
}

#[test]
fn french_negation_and_target_on_the_object() {
    let doc = run(
        "Emmanuel Macron n'a pas signé l'accord avec la Chine.",
        "fr",
    );
    let e = find(&doc, "057", "Macron");
    assert!(e.negated);
    assert_eq!(e.target_actor.as_deref(), Some("CHN"));
    assert_eq!(
        e.theme.map(|t| doc.slice(t)),
        Some("l'accord avec la Chine")
    );
}

#[test]
fn french_passive_with_agent_and_yesterday() {
    let doc = run(
        "Emmanuel Macron a été accueilli à l'aéroport de Kiev par Volodymyr Zelensky hier.",
        "fr",
    );
    let e = find(&doc, "043", "Zelensky");
    assert_eq!(name(&doc, e.target), "Emmanuel Macron");
    assert_eq!(e.date.as_deref(), Some("2024-06-18"));
    assert_eq!(e.date_span.map(|s| doc.slice(s)), Some("hier"));
}

#[test]
fn french_coordinated_subjects_sign_with_each_other() {
    let doc = run(
        "Emmanuel Macron et Olaf Scholz ont signé un traité de coopération.",
        "fr",
    );
    let signs: Vec<_> = doc.events.iter().filter(|e| e.code == "057").collect();
    assert_eq!(signs.len(), 2, "{}", listing(&doc));
    assert!(signs
        .iter()
        .all(|e| e.flags.iter().any(|f| f == "reciprocal")));
    assert_ne!(signs[0].source, signs[1].source);
    assert_eq!(signs[0].source, signs[1].target);
}

#[test]
fn french_relative_clause_subject_is_the_head_noun() {
    let doc = run(
        "La Russie, qui a attaqué l'Ukraine en 2022, menace désormais la Moldavie.",
        "fr",
    );
    let e = find(&doc, "190", "Russie");
    assert_eq!(name(&doc, e.target), "Ukraine");
    assert_eq!(e.goldstein, Some(-10.0));
    assert_eq!(e.quad_class, Some(4));
}

#[test]
fn french_infinitive_under_a_promise_is_intended() {
    let doc = run("Joe Biden a promis de soutenir l'Ukraine.", "fr");
    let e = find(&doc, "032", "Biden");
    assert_eq!(e.modality.as_deref(), Some("intended"));
    assert_eq!(name(&doc, e.target), "Ukraine");
    // The promise is the announced support, not a second event.
    assert!(
        doc.events.iter().all(|e| e.code != "030"),
        "{}",
        listing(&doc)
    );
}

#[test]
fn french_condition_and_possibility() {
    let doc = run(
        "La Chine pourrait sanctionner les États-Unis si Washington livre des armes à Taïwan.",
        "fr",
    );
    let e = find(&doc, "163", "Chine");
    assert_eq!(e.modality.as_deref(), Some("possible"));
}

#[test]
fn french_nominal_event_with_relative_date_and_place() {
    let doc = run(
        "La visite d'Emmanuel Macron en Chine il y a deux semaines a été un succès.",
        "fr",
    );
    let e = find(&doc, "042", "Macron");
    assert_eq!(e.target_actor.as_deref(), Some("CHN"));
    assert_eq!(e.date.as_deref(), Some("2024-06-05"));
    assert!(e.flags.iter().any(|f| f == "nominal"));
}

#[test]
fn french_condemnation_of_an_attack_last_wednesday() {
    let doc = run(
        "L'Union européenne a condamné mercredi dernier l'attaque de la Russie contre l'Ukraine.",
        "fr",
    );
    let e = find(&doc, "111", "Union");
    // The target of a condemned attack is the attacker.
    assert_eq!(e.target_actor.as_deref(), Some("RUS"));
    assert_eq!(e.date.as_deref(), Some("2024-06-12"));
    let attack = find(&doc, "190", "Russie");
    assert_eq!(name(&doc, attack.target), "Ukraine");
}

#[test]
fn french_explicit_date_and_dateline() {
    let doc = run("L'Iran a menacé Israël le 19 juin.", "fr");
    let e = find(&doc, "130", "Iran");
    assert_eq!(e.date.as_deref(), Some("2024-06-19"));
    let doc = run(
        "MOSCOU, 19 juin (AFP) - Vladimir Poutine a rencontré Kim Jong-un.",
        "fr",
    );
    let e = find(&doc, "040", "Poutine");
    assert_eq!(name(&doc, e.target), "Kim Jong-un");
    assert!(e.flags.iter().any(|f| f == "place-from-dateline"));
    assert_eq!(
        e.location
            .and_then(|k| doc.entities.get(k as usize))
            .map(|en| en.actor_code.clone()),
        Some(Some("RUS".into()))
    );
}

#[test]
fn french_quoted_promise_is_a_speech_act_event() {
    let doc = run("« Nous soutiendrons l'Ukraine », a promis Joe Biden.", "fr");
    let e = find(&doc, "032", "Biden");
    assert!(e.flags.iter().any(|f| f == "speech-act"));
    assert_eq!(name(&doc, e.target), "Ukraine");
}

#[test]
fn offering_services_is_cooperation_and_a_tea_service_a_gift() {
    let doc = run(
        "Vladimir Poutine a offert ses services de chauffeur à Kim Jong-un.",
        "fr",
    );
    find(&doc, "030", "Poutine");
    assert!(
        doc.events.iter().all(|e| !e.code.starts_with("07")),
        "{}",
        listing(&doc)
    );
    let doc = run(
        "Vladimir Poutine a offert un service à thé à Kim Jong-un.",
        "fr",
    );
    assert_eq!(
        name(&doc, find(&doc, "070", "Poutine").target),
        "Kim Jong-un"
    );
}

#[test]
fn the_host_at_a_place_is_its_countrys_leader_named_in_the_article() {
    let text = "Vladimir Poutine a salué l'amitié avec l'Ukraine. \
                Volodymyr Zelensky a été reçu à Moscou la semaine dernière.";
    let doc = run(text, "fr");
    let e = find(&doc, "043", "Poutine");
    assert_eq!(name(&doc, e.target), "Volodymyr Zelensky");
    assert_eq!(e.source_actor.as_deref(), Some("RUSGOV"));
    // Without a Russian person in the article, the place stands for its country.
    let doc = run(
        "Volodymyr Zelensky a été reçu à Moscou la semaine dernière.",
        "fr",
    );
    let e = find(&doc, "043", "Moscou");
    assert_eq!(e.source_actor.as_deref(), Some("RUS"));
}

#[test]
fn taking_the_wheel_is_not_fighting() {
    let doc = run("Vladimir Poutine prend le volant.", "fr");
    assert!(doc.events.is_empty(), "{}", listing(&doc));
    let doc = run("Vladimir Putin took the wheel.", "en");
    assert!(doc.events.is_empty(), "{}", listing(&doc));
}

#[test]
fn english_verbal_event_with_weekday_and_place() {
    let doc = run(
        "President Joe Biden met Olaf Scholz in Berlin on Tuesday.",
        "en",
    );
    let e = find(&doc, "040", "Biden");
    assert_eq!(name(&doc, e.target), "Olaf Scholz");
    assert_eq!(e.date.as_deref(), Some("2024-06-18"));
    assert_eq!(name(&doc, e.location), "Berlin");
}

#[test]
fn english_negation() {
    let doc = run("Russia did not sign the agreement with China.", "en");
    let e = find(&doc, "057", "Russ");
    assert!(e.negated);
    assert_eq!(e.target_actor.as_deref(), Some("CHN"));
}

#[test]
fn english_passives_with_and_without_agent() {
    let doc = run(
        "Joe Biden was welcomed at the airport by Volodymyr Zelensky yesterday.",
        "en",
    );
    let e = find(&doc, "043", "Zelensky");
    assert_eq!(name(&doc, e.target), "Joe Biden");
    assert_eq!(e.date.as_deref(), Some("2024-06-18"));
    let doc = run("Volodymyr Zelensky was received in Paris last week.", "en");
    let e = find(&doc, "043", "Paris");
    assert_eq!(name(&doc, e.target), "Volodymyr Zelensky");
    assert!(e.flags.iter().any(|f| f == "agentless-passive"));
    assert_eq!(e.date.as_deref(), Some("2024-06-12"));
}

#[test]
fn english_coordination_relative_clause_and_infinitive() {
    let doc = run("Joe Biden and Olaf Scholz signed a trade agreement.", "en");
    assert_eq!(
        doc.events.iter().filter(|e| e.code == "057").count(),
        2,
        "{}",
        listing(&doc)
    );
    let doc = run(
        "Russia, which attacked Ukraine in 2022, now threatens Moldova.",
        "en",
    );
    let e = find(&doc, "190", "Russ");
    assert_eq!(name(&doc, e.target), "Ukraine");
    assert!(e.location.is_none(), "not a dateline");
    let doc = run("Joe Biden promised to support Ukraine.", "en");
    let e = find(&doc, "032", "Biden");
    assert_eq!(e.modality.as_deref(), Some("intended"));
}

#[test]
fn english_conditional_and_accusation() {
    let doc = run(
        "China could sanction the United States if Washington sends weapons to Taiwan.",
        "en",
    );
    let e = find(&doc, "072", "Washington");
    assert_eq!(e.modality.as_deref(), Some("conditional"));
    let doc = run("Olaf Scholz accused Vladimir Putin of war crimes.", "en");
    let e = find(&doc, "112", "Scholz");
    assert_eq!(e.target_actor.as_deref(), Some("RUSGOV"));
}

#[test]
fn reference_article_events() {
    let text = include_str!("../../../examples/fr-poutine-kim-pyongyang.txt");
    let doc = run(text, "fr");
    let has = |code: &str, src: &str, tgt: &str| {
        doc.events.iter().any(|e| {
            e.code.starts_with(code)
                && name(&doc, e.source).contains(src)
                && name(&doc, e.target).contains(tgt)
        })
    };
    let all = listing(&doc);
    // Poutine → Kim gifts (aid), Kim → Poutine gifts.
    assert!(has("07", "Poutine", "Kim"), "{all}");
    assert!(
        doc.events
            .iter()
            .filter(|e| e.code.starts_with("07") && name(&doc, e.source).contains("Poutine"))
            .count()
            >= 2,
        "{all}"
    );
    assert!(has("07", "Kim", "Poutine"), "{all}");
    // The treaty signed by both.
    assert!(
        has("057", "Poutine", "Kim") && has("057", "Kim", "Poutine"),
        "{all}"
    );
    let sign = find(&doc, "057", "Poutine");
    assert_eq!(sign.plover_type.as_deref(), Some("AGREE"));
    assert!(
        !sign.negated,
        "\"jamais signé\" without \"ne\" is not a negation"
    );
    // The mutual assistance clause: a conditional commitment, not an attack.
    let assistance = doc
        .events
        .iter()
        .find(|e| e.trigger_lemma.as_deref() == Some("assistance"))
        .unwrap_or_else(|| panic!("{all}"));
    assert_eq!(assistance.modality.as_deref(), Some("conditional"));
    assert!(assistance.code.starts_with("03"), "{all}");
    // The visit to Pyongyang and the welcome there.
    let visit = find(&doc, "042", "Poutine");
    assert_eq!(visit.target_actor.as_deref(), Some("PRK"));
    let host = doc
        .events
        .iter()
        .find(|e| e.code == "043")
        .unwrap_or_else(|| panic!("{all}"));
    assert_eq!(name(&doc, host.target), "Vladimir Poutine");
    assert_eq!(host.source_country.as_deref(), Some("PRK"));
    // The host at Pyongyang is Kim, the article's North Korean leader, not the city.
    assert!(name(&doc, host.source).contains("Kim"), "{all}");
    assert_eq!(host.source_actor.as_deref(), Some("PRKGOV"));
    // "offrir ses services de chauffeur" is an offer, not aid.
    let services = doc
        .events
        .iter()
        .find(|e| e.trigger.is_some_and(|t| doc.slice(t) == "offrir"))
        .unwrap_or_else(|| panic!("{all}"));
    assert_eq!(services.code, "030", "{all}");
    // Kim's pledge of support to Russia.
    let pledge = doc
        .events
        .iter()
        .find(|e| {
            e.code.starts_with("03")
                && name(&doc, e.source).contains("Kim")
                && e.target_actor.as_deref() == Some("RUS")
        })
        .unwrap_or_else(|| panic!("{all}"));
    assert_eq!(pledge.modality.as_deref(), Some("intended"));
    // North Korea's support for the war: background.
    let support = find(&doc, "050", "Corée du Nord");
    assert!(support.flags.iter().any(|f| f == "background"));
    // No fighting except the background war; nothing from the hypothetical aggression.
    for e in doc
        .events
        .iter()
        .filter(|e| e.code.starts_with("19") || e.code.starts_with("18"))
    {
        assert!(e.flags.iter().any(|f| f == "background"), "{all}");
        assert_ne!(e.trigger_lemma.as_deref(), Some("prendre"));
        assert_ne!(e.trigger_lemma.as_deref(), Some("agression"));
    }
    // Every event is traceable: trigger inside the evidence.
    for e in &doc.events {
        if let Some(t) = e.trigger {
            assert!(e.span.start <= t.start && t.end <= e.span.end, "{all}");
        }
    }
}

#[test]
fn a_user_lexicon_line_is_applied_without_recompiling() {
    let text = "Vladimir Poutine a emmené Kim Jong-un à Pyongyang.";
    assert!(run(text, "fr").events.is_empty());
    let user = "fr\tverb\temmener\t042\tsubj\tplace\t-\t-\n";
    let lexicon = vigie_events::Lexicon::builtin_with(user, "mine.tsv").unwrap();
    let opts = vigie_events::EventOptions {
        lexicon: Some(Arc::new(lexicon)),
        ..Default::default()
    };
    let doc = run_with(text, "fr", opts);
    let e = find(&doc, "042", "Poutine");
    assert_eq!(e.rule.as_deref(), Some("mine.tsv:1"));
    // A `-` line turns a shipped pattern off.
    let off =
        vigie_events::Lexicon::builtin_with("fr\tverb\toffrir\t-\tsubj\t-\t-\t-\n", "off.tsv")
            .unwrap();
    let doc = run_with(
        "Vladimir Poutine a offert une limousine à Kim Jong-un.",
        "fr",
        vigie_events::EventOptions {
            lexicon: Some(Arc::new(off)),
            ..Default::default()
        },
    );
    assert!(
        doc.events.iter().all(|e| e.code != "070"),
        "{}",
        listing(&doc)
    );
}

/// Two sentences of the reference article after one naming its two leaders, who are then
/// "les deux nations" and "mutuelle".
fn with_the_two_leaders(sentence: &str) -> Document {
    let text = format!("Vladimir Poutine a rencontré Kim Jong-un à Pyongyang. {sentence}");
    run(&text, "fr")
}

#[test]
fn a_participle_tagged_verb_after_a_determiner_is_the_noun_signed() {
    // The tagger makes "traité" a participle of "traiter"; its determiner ("du") says it is
    // the noun, and "signé", hung on "solide", is said of it.
    for sentence in [
        "Kim a déclaré qu'il s'agissait du « traité le plus solide jamais signé » entre les deux nations, élevant « l'amitié ardente » qui les unit au niveau d'une alliance, et a promis son plein soutien à la guerre de la Russie en Ukraine.",
        "Kim a déclaré qu'il s'agissait du « traité le plus solide jamais signé » entre les deux nations.",
    ] {
        let doc = with_the_two_leaders(sentence);
        let signs: Vec<_> = doc.events.iter().filter(|e| e.code == "057").collect();
        assert_eq!(signs.len(), 2, "{sentence}\n{}", listing(&doc));
        assert!(signs
            .iter()
            .all(|e| e.flags.iter().any(|f| f == "reciprocal") && !e.negated));
        assert_ne!(signs[0].source, signs[1].source);
        let theme = signs[0].theme.map(|t| doc.slice(t)).unwrap_or("");
        assert!(theme.contains("traité"), "{theme}");
    }
}

#[test]
fn a_noun_reads_its_arguments_through_coordinated_adjectives() {
    // "de la Corée du Nord" is hung on "inébranlable", the second of the adjectives.
    let doc = with_the_two_leaders(
        "En plus de la limousine, Poutine a offert à Kim un service à thé et une épée d'amiral dans un geste symbolique de remerciement pour le soutien « constant et inébranlable » de la Corée du Nord à sa guerre en Ukraine.",
    );
    let support = find(&doc, "050", "Corée du Nord");
    assert_eq!(name(&doc, support.target), "Vladimir Poutine");
    assert!(support.flags.iter().any(|f| f == "background"));
}

#[test]
fn an_intent_verb_governs_the_object_the_parser_hung_on_its_oblique() {
    // "une assistance mutuelle" is parsed as a conjunct of "entre autres choses", an oblique
    // of "prévoit", which has no object of its own: what is planned is the assistance.
    let doc = with_the_two_leaders(
        "Au lieu de cela, Poutine a déclaré que l'accord \"est véritablement un document révolutionnaire\" qui reflète une volonté commune de porter les relations à un niveau supérieur, ajoutant qu'il prévoit, \"entre autres choses, une assistance mutuelle en cas d'agression contre un des parties contractantes\".",
    );
    let assistance: Vec<_> = doc
        .events
        .iter()
        .filter(|e| e.trigger_lemma.as_deref() == Some("assistance"))
        .collect();
    assert_eq!(assistance.len(), 2, "{}", listing(&doc));
    for e in assistance {
        assert_eq!(e.code, "033", "{}", listing(&doc));
        assert_eq!(e.modality.as_deref(), Some("conditional"));
        assert!(!e.flags.iter().any(|f| f == "background"));
    }
    // "prévoit" is the intent of the assistance, not an event of its own.
    assert!(
        doc.events
            .iter()
            .all(|e| e.trigger_lemma.as_deref() != Some("prévoir")),
        "{}",
        listing(&doc)
    );
}
