//! A tiny mention tagger trained in the test suite on the fixture sentences: it learns its
//! training data, survives a save/load round trip unchanged, and uses the gazetteer.

use vigie_ner::readers::{read_columns, read_file, read_hipe};
use vigie_ner::{NerModel, NerTagger, TrainOptions, TrainSentence, TsvGazetteer};

fn training() -> Vec<TrainSentence> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for (name, reader) in [
        ("hipe-mini.tsv", read_hipe as fn(&str, &str) -> _),
        ("wikigold-mini.conllu", read_columns),
    ] {
        for s in read_file(&dir.join(name), reader)
            .expect("fixture reads")
            .sentences
        {
            out.push(TrainSentence {
                upos: vec!["_".to_string(); s.words.len()],
                words: s.words,
                mentions: s.mentions,
            });
        }
    }
    out
}

fn gazetteer() -> TsvGazetteer {
    TsvGazetteer::from_tsv("paris\tLOC\nlasteyrie\tLAST\n", "test").expect("parses")
}

#[test]
fn a_tiny_model_learns_its_sentences_and_round_trips() {
    let data = training();
    let gaz = gazetteer();
    let opts = TrainOptions {
        epochs: 30,
        seed: 1,
        prune: 0.0,
    };
    let tagger = NerTagger::train(&data, &gaz, opts, |_| {});
    for s in &data {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let mut want = s.mentions.clone();
        want.sort();
        let mut got = tagger.tag(&words, &[], &gaz);
        got.sort();
        assert_eq!(got, want, "mentions of {:?}", s.words.join(" "));
    }
    let model = NerModel {
        language: "fr".into(),
        provenance: "test".into(),
        tagger,
    };
    let bytes = model.to_bytes();
    let back = NerModel::from_bytes(&bytes, "test.vgm").expect("reads back");
    assert_eq!(back, model);
    // Same data, same seed: the same bytes.
    let again = NerModel {
        language: "fr".into(),
        provenance: "test".into(),
        tagger: NerTagger::train(&data, &gaz, opts, |_| {}),
    };
    assert_eq!(again.to_bytes(), bytes);
}

#[test]
fn a_truncated_model_is_an_error_not_a_panic() {
    let data = training();
    let gaz = gazetteer();
    let model = NerModel {
        language: "fr".into(),
        provenance: String::new(),
        tagger: NerTagger::train(&data, &gaz, TrainOptions::default(), |_| {}),
    };
    let bytes = model.to_bytes();
    for cut in [0, 4, 12, bytes.len() / 2, bytes.len() - 1] {
        assert!(NerModel::from_bytes(&bytes[..cut], "cut.vgm").is_err());
    }
}
