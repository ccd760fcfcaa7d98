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
