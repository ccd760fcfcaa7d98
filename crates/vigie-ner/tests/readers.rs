//! The readers on small excerpts of each format (`tests/fixtures/`), with a malformed line
//! at the end of each that must be reported with its line number and skipped.

use vigie_ner::readers::{read_columns, read_europeana, read_file, read_hipe, ReadOutcome};
use vigie_ner::{EntityType, NerSentence};

fn read(name: &str, reader: fn(&str, &str) -> ReadOutcome) -> ReadOutcome {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    read_file(&path, reader).expect("fixture reads")
}

/// The surface and type of each mention of a sentence.
fn mentions(s: &NerSentence) -> Vec<(String, EntityType)> {
    s.mentions
        .iter()
        .map(|m| (s.words[m.start..m.end].join(" "), m.label))
        .collect()
}

#[test]
fn hipe_sentences_end_at_end_of_sentence_and_keep_spacing() {
    let out = read("hipe-mini.tsv", read_hipe);
    assert_eq!(out.sentences.len(), 3);
    assert_eq!(out.skipped.len(), 1);
    assert!(
        out.skipped[0].ends_with("hipe-mini.tsv:243: expected 10 tab-separated columns, found 1")
    );
    let first = &out.sentences[0];
    assert_eq!(first.document.as_deref(), Some("dev_fr_1"));
    assert_eq!(&first.words[..6], ["On", "pense", "bien", "que", "l", "’"]);
    assert_eq!(
        &first.space_after[..6],
        [true, true, true, true, false, false]
    );
    assert_eq!(first.words.last().map(String::as_str), Some("."));
    let all: Vec<(String, EntityType)> = out.sentences.iter().flat_map(mentions).collect();
    assert!(all.contains(&("M . de Lasteyrie".to_string(), EntityType::Per)));
    assert_eq!(all.iter().filter(|m| m.1 == EntityType::Per).count(), 6);
    assert_eq!(all.iter().filter(|m| m.1 == EntityType::Org).count(), 1);
    assert_eq!(all.iter().filter(|m| m.1 == EntityType::Loc).count(), 1);
}

#[test]
fn uner_columns_give_iob2_mentions() {
    let out = read("uner-mini.iob2", read_columns);
    assert_eq!(out.sentences.len(), 2);
    assert_eq!(out.skipped.len(), 1);
    assert!(out.skipped[0].contains("uner-mini.iob2:65:"));
    assert_eq!(
        mentions(&out.sentences[0]),
        [("tampa bay".to_string(), EntityType::Loc)]
    );
    assert_eq!(out.sentences[0].words.len(), 24);
}

#[test]
fn wikigold_keeps_misc() {
    let out = read("wikigold-mini.conllu", read_columns);
    assert!(out.skipped.is_empty());
    assert_eq!(out.sentences.len(), 2);
    assert_eq!(
        mentions(&out.sentences[0]),
        [
            ("010".to_string(), EntityType::Misc),
            ("Japanese".to_string(), EntityType::Misc),
            ("The Mad Capsule Markets".to_string(), EntityType::Org),
        ]
    );
}

#[test]
fn europeana_is_cut_at_final_punctuation_and_reads_iob1() {
    let out = read("europeana-mini.bio", read_europeana);
    assert_eq!(out.skipped.len(), 1);
    assert!(out.skipped[0].contains("europeana-mini.bio:61: expected `token tag`"));
    assert_eq!(out.sentences.len(), 4);
    assert_eq!(out.sentences[0].words.len(), 20);
    assert_eq!(out.sentences[0].words.last().map(String::as_str), Some("."));
    let first = mentions(&out.sentences[0]);
    assert_eq!(first[0], ("Emmanuel DESOLES".to_string(), EntityType::Per));
    assert!(first.contains(&("Rue du Pré-Botté".to_string(), EntityType::Loc)));
    let last = out.sentences.last().map(mentions).unwrap_or_default();
    assert_eq!(
        last.last(),
        Some(&("Paris de".to_string(), EntityType::Loc))
    );
}

#[test]
fn garbage_never_panics() {
    for text in [
        "",
        "\t\t\t",
        "# only a comment",
        "x\ty\tB-",
        "a b c d",
        "\u{feff}O O",
    ] {
        read_hipe(text, "g");
        read_columns(text, "g");
        read_europeana(text, "g");
    }
}

#[test]
fn hipe_documents_carry_text_offsets_and_links() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hipe-mini.tsv");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let (docs, skipped) = vigie_ner::readers::read_hipe_documents(&text, "hipe-mini.tsv");
    assert_eq!(skipped.len(), 1);
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(d.id, "dev_fr_1");
    assert_eq!(d.date.as_deref(), Some("1923-01-15"));
    assert!(
        d.text.starts_with("On pense bien que l’augmentation"),
        "{}",
        &d.text[..40]
    );
    for &(s, e) in &d.tokens {
        assert!(!d.text[s..e].trim().is_empty());
    }
    let surface = |m: &vigie_ner::readers::LinkedMention| &d.text[m.start..m.end];
    let found: Vec<(&str, Option<&str>)> = d
        .mentions
        .iter()
        .map(|m| (surface(m), m.link.as_deref()))
        .collect();
    // Spacing as the file says (its OCR glued "de" to "Lasteyrie").
    assert!(
        found.contains(&("M. deLasteyrie", Some("Q2960618"))),
        "{found:?}"
    );
    // A name cut at a line end ("Poin¬" + "caré") is one word and one mention.
    assert!(
        found.contains(&("M. Poincaré", Some("Q191974"))),
        "{found:?}"
    );
    assert!(
        found.contains(&("Comité des épidémies", Some("NIL"))),
        "{found:?}"
    );
    assert!(found.contains(&("Caen", Some("Q41185"))), "{found:?}");
}
