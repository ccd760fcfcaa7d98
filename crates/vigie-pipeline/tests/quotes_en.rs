//! English words in quotation marks through the whole pipeline, on real text (excerpts of
//! Wikinews and Wikipedia in `fixtures/quotes-en`, see its README): quotations are kept, terms,
//! titles and scare quotes in marks are not; block quotations and signed paragraphs are found.

use vigie_core::{Document, Metadata, Quote};
use vigie_pipeline::{Pipeline, PipelineOptions};

fn run(text: &str) -> Document {
    let p = Pipeline::with_options(PipelineOptions {
        language: Some("en".into()),
        ..Default::default()
    });
    let mut doc = Document::new("t", text, Metadata::default());
    p.process(&mut doc);
    doc.check_spans().expect("spans slice the text");
    doc
}

fn marked(doc: &Document) -> Vec<(&Quote, &str)> {
    doc.quotes
        .iter()
        .filter(|q| matches!(q.kind.as_str(), "direct" | "partial"))
        .map(|q| (q, doc.slice(q.span)))
        .collect()
}

fn speaker<'a>(doc: &'a Document, q: &Quote) -> &'a str {
    q.speaker.map_or("", |s| doc.slice(s))
}

#[test]
fn scare_quotes_and_terms_are_no_quotations_speech_is() {
    let doc = run(include_str!(
        "fixtures/quotes-en/wikinews-asylum-questionnaire.txt"
    ));
    let qs = marked(&doc);
    // A verb in marks with no cue, a term after an article: no quotation.
    for term in ["streamline", "formal update"] {
        assert!(qs.iter().all(|q| q.1 != term), "{term}: {qs:#?}");
    }
    // Speech in marks, whole or partial, stays.
    let q = qs
        .iter()
        .find(|q| q.1.starts_with("Labour has a common-sense plan"))
        .expect("the quotation after \"She continued:\"");
    assert_eq!(q.0.kind, "direct");
    let q = qs
        .iter()
        .find(|q| q.1.starts_with("It's clear that we have"))
        .expect("the quotation after \"told GB News:\"");
    assert!(speaker(&doc, q.0).contains("Suella Braverman"), "{q:?}");
    assert!(
        qs.iter()
            .any(|q| q.1.starts_with("damning that the Home Office")),
        "{qs:#?}"
    );
}

#[test]
fn a_block_quotation_after_a_reporting_verb_and_a_colon() {
    let doc = run(include_str!(
        "fixtures/quotes-en/wikipedia-emperor-norton.txt"
    ));
    let qs = marked(&doc);
    let q = qs
        .iter()
        .find(|q| q.1.contains("fraud and corruption prevent a fair"))
        .expect("the decree quoted without marks");
    assert_eq!(q.0.kind, "direct");
    assert_eq!(q.0.cue_lemma.as_deref(), Some("observe"));
    assert_eq!(speaker(&doc, q.0), "Norton");
    assert!(q.0.flags.iter().any(|f| f == "block-quotation"));
    // The introduction itself is no quotation; a title in capitals is none either.
    assert!(qs.iter().all(|q| !q.1.contains("In it, Norton")), "{qs:#?}");
    assert!(qs.iter().all(|q| q.1 != "Protector of Mexico"), "{qs:#?}");
}

#[test]
fn a_signed_paragraph_quotes_its_signatory() {
    let doc = run(include_str!(
        "fixtures/quotes-en/wikinews-santorum-cocktail.txt"
    ));
    let qs = marked(&doc);
    let q = qs
        .iter()
        .find(|q| q.1.contains("offensive beyond, you know"))
        .expect("the paragraph signed \"— Rick Santorum\"");
    assert_eq!(speaker(&doc, q.0), "Rick Santorum");
    assert!(!q.1.contains('—'), "{q:?}");
    assert!(
        qs.iter()
            .any(|q| q.1.starts_with("My Santorum was sweet but balanced")),
        "{qs:#?}"
    );
    // Terms in marks inside a noun phrase.
    for term in ["immediate-constituent", "closest natural equivalent"] {
        assert!(qs.iter().all(|q| q.1 != term), "{term}: {qs:#?}");
    }
}

/// The speaker's words or the name they stand for.
fn speaks(doc: &Document, q: &Quote, name: &str) -> bool {
    speaker(doc, q).contains(name)
        || q.speaker_antecedent
            .is_some_and(|a| doc.slice(a).contains(name))
}

#[test]
fn the_name_among_several_subjects_speaks() {
    // The parser gives "commented" two subjects, "academic" and "Marc Lamont Hill".
    let doc = run(include_str!("fixtures/quotes-en/wikinews-ahmed-clock.txt"));
    let qs = marked(&doc);
    let q = qs
        .iter()
        .find(|q| q.1.starts_with("Hoping that the #istandwithahmed"))
        .expect("the quotation after \"commented,\"");
    assert_eq!(q.0.cue_lemma.as_deref(), Some("comment"));
    assert!(speaks(&doc, q.0, "Marc Lamont Hill"), "{q:?}");
    // "Labour's Shadow Home Secretary Yvette Cooper said …": the name, not "Labour's".
    let doc = run(include_str!(
        "fixtures/quotes-en/wikinews-asylum-questionnaire.txt"
    ));
    let qs = marked(&doc);
    let q = qs
        .iter()
        .find(|q| q.1.starts_with("damning that the Home Office"))
        .expect("the partial quotation after \"said it was\"");
    assert!(speaks(&doc, q.0, "Yvette Cooper"), "{q:?}");
}

#[test]
fn a_verb_after_its_subject_is_no_incise() {
    // "Nunzio Galantino, has called the sentence …": the comma before "has called" makes no
    // incise; the object ("the sentence") is not who speaks.
    let doc = run(include_str!("fixtures/quotes-en/wikinews-italy-taxes.txt"));
    let qs = marked(&doc);
    let q = qs
        .iter()
        .find(|q| q.1.starts_with("We face a dangerous sentence"))
        .expect("the quotation after the colon");
    assert!(!speaker(&doc, q.0).contains("sentence"), "{q:?}");
    assert!(speaks(&doc, q.0, "Galantino"), "{q:?}");
}

#[test]
fn in_the_words_of_names_who_is_quoted() {
    let doc = run(include_str!("fixtures/quotes-en/wikinews-homeopathic.txt"));
    let qs = marked(&doc);
    let q = qs
        .iter()
        .find(|q| q.1.starts_with("Gloria spent a lot"))
        .expect("the quotation after \"in the words of …,\"");
    assert!(speaks(&doc, q.0, "Mark Tedeschi"), "{q:?}");
    // "in his own words": a verbless partial quotation, kept, spoken by the sentence's subject.
    let doc = run(include_str!(
        "fixtures/quotes-en/wikipedia-patrick-gordon.txt"
    ));
    let qs = marked(&doc);
    let q = qs
        .iter()
        .find(|q| q.1 == "almost at wits end with vexation")
        .expect("the partial quotation after \"in his own words,\"");
    assert!(speaks(&doc, q.0, "Gordon"), "{q:?}");
}

#[test]
fn words_in_marks_that_complete_a_reporting_verb_are_a_quotation() {
    // "the government recommending "online translation tools"": the object of the cue, with
    // no verb of its own, is what was recommended; the participle's noun is who speaks.
    let doc = run(include_str!(
        "fixtures/quotes-en/wikinews-asylum-questionnaire.txt"
    ));
    let qs = marked(&doc);
    let q = qs
        .iter()
        .find(|q| q.1 == "online translation tools")
        .expect("the object of \"recommending\"");
    assert_eq!(q.0.cue_lemma.as_deref(), Some("recommend"));
    assert_eq!(speaker(&doc, q.0), "the government");
    // A term after an article stays a term, cued or not.
    assert!(qs.iter().all(|q| q.1 != "formal update"), "{qs:#?}");
}
