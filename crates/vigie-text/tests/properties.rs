//! Properties of the text layer on arbitrary input: it never panics, and every span it writes
//! slices the original text on character boundaries, nested and in order.

use proptest::prelude::*;
use vigie_core::{Document, Metadata};
use vigie_text::{annotate, TextOptions};

/// Strings rich in the characters the text layer treats specially.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "l'",
        "qu'",
        "-t-il",
        "-",
        "'",
        "’",
        "«",
        "»",
        " « ",
        " » ",
        "\"",
        "“",
        "”",
        ".",
        "...",
        "…",
        "?!",
        " ",
        "\u{a0}",
        "\u{202f}",
        "\u{ad}",
        "\u{200b}",
        "\u{feff}",
        "\n",
        "\n\n",
        "\r\n",
        "&amp;",
        "&#8217;",
        "&#x",
        "&nbsp;",
        "&",
        ";",
        "ﬁ",
        "e\u{301}",
        "\u{301}",
        "1",
        "000",
        " 000",
        "3,5",
        "%",
        "20/06/2024",
        "http://",
        "https://x.fr/a",
        "www.",
        "@",
        "#",
        "a@b.fr",
        "M.",
        "U.S.",
        "J.",
        "etc.",
        "Poutine",
        "Kim",
        "Jong-un",
        "aujourd'hui",
        "LIRE AUSSI",
        "don't",
        "it's",
        "👍🏽",
        "🇫🇷",
        "\u{200d}",
        "\t",
        "A",
        "z",
        "é",
        "Ω",
        "中文",
        "\u{0}",
        "\u{7f}",
        "\u{2028}",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn check(text: &str, lang: Option<&str>) {
    let mut doc = Document::new("p", text, Metadata::default());
    annotate(
        &mut doc,
        &TextOptions {
            language: lang.map(str::to_string),
        },
    );
    if let Err(e) = doc.check_spans() {
        panic!("{e} in {text:?}");
    }
    for t in &doc.tokens {
        let surface = t.surface(&doc.text);
        assert!(
            !surface.trim().is_empty() || t.norm.is_some(),
            "blank token in {text:?}"
        );
    }
    // Tokens of a sentence are contiguous and every sentence belongs to a paragraph in order.
    let mut next = 0u32;
    for s in &doc.sentences {
        assert_eq!(s.tokens.start, next);
        next = s.tokens.end;
    }
    assert_eq!(next as usize, doc.tokens.len());
    // JSON output works and carries each token's surface.
    let json = serde_json::to_value(&doc).unwrap();
    for (t, j) in doc.tokens.iter().zip(json["tokens"].as_array().unwrap()) {
        assert_eq!(j["text"], t.surface(&doc.text));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_strings_never_panic_and_spans_slice(text in any::<String>()) {
        check(&text, None);
    }

    #[test]
    fn tricky_strings_keep_offsets(text in tricky_text(), lang in prop::sample::select(vec![None, Some("fr"), Some("en"), Some("de")])) {
        check(&text, lang);
    }

    #[test]
    fn lossily_decoded_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        check(&String::from_utf8_lossy(&bytes), None);
    }
}

#[test]
fn empty_and_blank_texts_give_empty_documents() {
    for text in ["", " ", "\n\n\n", "\u{feff}", "\u{ad}\u{200b}"] {
        let mut doc = Document::new("e", text, Metadata::default());
        annotate(&mut doc, &TextOptions::default());
        assert!(doc.tokens.is_empty(), "{text:?}");
        assert!(doc.sentences.is_empty());
        doc.check_spans().unwrap();
    }
}

#[test]
fn a_large_document_is_processed() {
    let para = "Le chef du Kremlin a offert à Kim un véhicule aux lignes très carrées. ";
    let text = para.repeat(20_000); // 1.4 MB in one paragraph
    let mut doc = Document::new("big", text, Metadata::default());
    annotate(&mut doc, &TextOptions::default());
    assert_eq!(doc.sentences.len(), 20_000);
    doc.check_spans().unwrap();
}
