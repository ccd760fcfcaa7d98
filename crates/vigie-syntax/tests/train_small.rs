//! A small tagger and parser trained in the test suite from a few hand-annotated sentences
//! (tests/fixtures/mini-fr.conllu): they learn their training data, tag and parse a new
//! sentence built from known words, and survive a save/load round trip unchanged.

use vigie_syntax::{Parser, ParserModel, ParserWord, Tagger, TaggerModel};

fn sentences() -> Vec<vigie_conllu::Sentence> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini-fr.conllu");
    vigie_conllu::read_file(std::path::Path::new(path)).expect("fixture reads")
}

fn train() -> (Tagger, Parser) {
    let s = sentences();
    let tagger = Tagger::train(&s, None, 10, 1, |_| {});
    let parser = Parser::train(&s, None, 20, 1, 0.0, |_| {});
    (tagger, parser)
}

#[test]
fn a_tiny_model_learns_its_training_sentences() {
    let (tagger, parser) = train();
    for s in sentences() {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let tags = tagger.tag(&forms);
        for (w, t) in s.words.iter().zip(&tags) {
            assert_eq!(tagger.upos_name(t.upos), w.upos, "UPOS of {}", w.form);
            assert_eq!(t.lemma, w.lemma, "lemma of {}", w.form);
        }
        let words: Vec<ParserWord<'_>> = s
            .words
            .iter()
            .map(|w| ParserWord {
                form: &w.form,
                upos: &w.upos,
                feats: &w.feats,
            })
            .collect();
        let arcs = parser.parse(&words);
        for (w, a) in s.words.iter().zip(&arcs) {
            assert_eq!(Some(a.head as usize), w.head, "head of {}", w.form);
            assert_eq!(
                parser.label_name(a.label),
                w.deprel,
                "relation of {}",
                w.form
            );
        }
    }
}

#[test]
fn a_new_sentence_gets_one_root_and_heads_in_range() {
    let (tagger, parser) = train();
    let forms = ["Kim", "a", "offert", "un", "traité", "à", "Poutine", "."];
    let tags = tagger.tag(&forms);
    let words: Vec<ParserWord<'_>> = forms
        .iter()
        .zip(&tags)
        .map(|(f, t)| ParserWord {
            form: f,
            upos: tagger.upos_name(t.upos),
            feats: tagger.feats_name(t.feats),
        })
        .collect();
    let arcs = parser.parse(&words);
    assert_eq!(arcs.len(), forms.len());
    assert_eq!(arcs.iter().filter(|a| a.head == 0).count(), 1);
    assert!(arcs.iter().all(|a| a.head as usize <= forms.len()));
    // The verb is the root and "Kim" its subject, as in every training sentence.
    assert_eq!(arcs[2].head, 0);
    assert_eq!(parser.label_name(arcs[0].label), "nsubj");
    assert_eq!(arcs[0].head, 3);
    // An empty sentence is fine.
    assert!(parser.parse(&[]).is_empty());
    assert!(tagger.tag(&[]).is_empty());
}

#[test]
fn the_multi_word_token_splitter_learns_du() {
    let (tagger, _) = train();
    let split = tagger.split_tokens(&["Il", "parle", "du", "traité"]);
    assert_eq!(split[2], Some(vec!["de".to_string(), "le".to_string()]));
    assert_eq!(split[0], None);
}

#[test]
fn models_round_trip_through_their_files_and_reject_damage() {
    let (tagger, parser) = train();
    let tm = TaggerModel {
        language: "fr".into(),
        provenance: "test".into(),
        tagger,
    };
    let bytes = tm.to_bytes();
    let back = TaggerModel::from_bytes(&bytes, "t").expect("reads back");
    assert_eq!(back, tm);
    let pm = ParserModel {
        language: "fr".into(),
        provenance: "test".into(),
        parser,
    };
    let pbytes = pm.to_bytes();
    assert_eq!(
        ParserModel::from_bytes(&pbytes, "p").expect("reads back"),
        pm
    );
    // Truncated, wrong kind, garbage: errors, never panics.
    for cut in [0, 7, 12, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            TaggerModel::from_bytes(&bytes[..cut], "t").is_err(),
            "cut at {cut}"
        );
    }
    assert!(TaggerModel::from_bytes(&pbytes, "p").is_err());
    let mut flipped = pbytes.clone();
    let n = flipped.len();
    flipped[12..n]
        .iter_mut()
        .step_by(97)
        .for_each(|b| *b ^= 0x5a);
    let _ = ParserModel::from_bytes(&flipped, "p");
}
