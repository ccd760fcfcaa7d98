//! Reading the fixture files under `tests/fixtures/` through the public API, as the CLI does.

use std::path::{Path, PathBuf};
use vigie_core::{Document, InputFormat};
use vigie_input::{
    list_inputs, read_bytes, read_from, read_input, read_path, InputError, Origin, ReadOptions,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(name: &str) -> Vec<Result<Document, InputError>> {
    read_path(&fixture(name), &ReadOptions::default()).collect()
}

fn read_one(name: &str) -> Document {
    let mut items = read(name);
    assert_eq!(items.len(), 1, "{name}: {items:?}");
    match items.remove(0) {
        Ok(doc) => {
            check_invariants(&doc);
            doc
        }
        Err(e) => panic!("{name}: {e}"),
    }
}

fn read_error(name: &str) -> InputError {
    let mut items = read(name);
    assert_eq!(items.len(), 1, "{name}: {items:?}");
    match items.remove(0) {
        Ok(doc) => panic!("{name}: expected an error, got {doc:?}"),
        Err(e) => e,
    }
}

/// What every document must satisfy: spans slice the text, and only the input fields are set.
fn check_invariants(doc: &Document) {
    doc.check_spans().expect("spans slice the text");
    assert!(!doc.id.is_empty());
    assert!(!doc.text.trim().is_empty());
    assert!(doc.paragraphs.is_empty() && doc.tokens.is_empty() && doc.language.is_none());
}

#[test]
fn windows_1252_french_is_decoded() {
    let doc = read_one("cp1252-french.txt");
    assert_eq!(doc.meta.source.encoding, "windows-1252");
    assert_eq!(doc.meta.source.format, InputFormat::Text);
    assert!(
        doc.text
            .starts_with("Le chef du Kremlin a déclaré « l'été » à la télévision d'État."),
        "{}",
        doc.text
    );
    // Line endings are not touched.
    assert!(doc.text.ends_with("dès jeudi.\r\n"));
    assert_eq!(doc.meta.source.bytes, 188);
    assert_eq!(doc.warnings[0].code, "guessed-encoding");
}

#[test]
fn utf16_with_bom_is_decoded_and_the_bom_dropped() {
    let doc = read_one("utf16le-bom.txt");
    assert_eq!(doc.meta.source.encoding, "UTF-16LE");
    assert_eq!(doc.text, "Москва и Киев: « переговоры »\nLigne deux.\n");
    assert!(doc.warnings.is_empty());
    let doc = read_one("utf16be-bom.txt");
    assert_eq!(doc.meta.source.encoding, "UTF-16BE");
    assert_eq!(doc.text, "Москва и Киев\n");
}

#[test]
fn damaged_utf8_is_not_mistaken_for_a_legacy_encoding() {
    let doc = read_one("damaged-utf8.txt");
    assert_eq!(doc.meta.source.encoding, "UTF-8");
    assert!(
        doc.text
            .starts_with("Le pr\u{fffd}sident a déclaré à l'Élysée"),
        "{}",
        doc.text
    );
    assert!(doc.text.ends_with("Fin du texte \u{fffd}.\n"));
    let warning = &doc.warnings[0];
    assert_eq!(warning.code, "invalid-utf8");
    assert_eq!(doc.slice(warning.span.expect("located")), "\u{fffd}");
}

#[test]
fn news_page_gives_article_text_and_metadata() {
    let doc = read_one("news-article.html");
    let meta = &doc.meta;
    assert_eq!(meta.source.format, InputFormat::Html);
    assert_eq!(meta.source.encoding, "UTF-8");
    assert_eq!(
        meta.title.as_deref(),
        Some("Moscou durcit le ton face à Kiev")
    );
    assert_eq!(meta.author.as_deref(), Some("Claire Dubois"));
    assert_eq!(meta.date.as_deref(), Some("2024-03-14T09:30:00+01:00"));
    assert_eq!(meta.site_name.as_deref(), Some("Le Quotidien du Matin"));
    assert_eq!(meta.declared_language.as_deref(), Some("fr-FR"));
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);

    let paragraphs: Vec<&str> = doc.text.split('\n').collect();
    assert!(paragraphs
        .iter()
        .all(|p| !p.trim().is_empty() && p.trim() == *p));
    assert!(paragraphs[0].starts_with("Le président russe a accusé jeudi"));
    assert!(
        paragraphs.contains(&"Une médiation turque au point mort"),
        "heading on its own"
    );
    assert!(paragraphs
        .iter()
        .any(|p| p.starts_with("Le chef du Kremlin a déclaré jeudi que « l'Ukraine")));
    assert!(paragraphs
        .last()
        .is_some_and(|p| p.ends_with("sous le couvert de l'anonymat.")));
    for boilerplate in [
        "Politique",
        "S'abonner",
        "Partager sur",
        "Lire aussi",
        "Les plus lus",
        "Mentions légales",
        "Tous droits réservés",
        "dataLayer",
        "Accueil",
    ] {
        assert!(
            !doc.text.contains(boilerplate),
            "{boilerplate:?} leaked into:\n{}",
            doc.text
        );
    }
}

#[test]
fn truncated_html_still_gives_text() {
    let html = std::fs::read(fixture("news-article.html")).expect("fixture");
    let text = String::from_utf8_lossy(&html);
    let cut = text.find("<p>Selon le minist").expect("paragraph") + 2; // inside the tag: "<p"
    let items = read_bytes(
        &html[..cut],
        "truncated.html",
        None,
        &ReadOptions::default(),
    );
    let doc = items[0].as_ref().expect("document");
    check_invariants(doc);
    assert!(
        doc.text.contains("Le chef du Kremlin a déclaré jeudi"),
        "{}",
        doc.text
    );
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Moscou durcit le ton face à Kiev")
    );
}

#[test]
fn every_prefix_of_a_page_reads_without_panicking() {
    let html = std::fs::read(fixture("news-article.html")).expect("fixture");
    let opts = ReadOptions::default();
    for end in (0..html.len()).step_by(97) {
        for doc in read_bytes(&html[..end], "cut.html", None, &opts)
            .into_iter()
            .flatten()
        {
            check_invariants(&doc);
        }
    }
}

#[test]
fn jsonl_items_come_in_order_with_located_errors() {
    let path = fixture("mixed.jsonl");
    let items = read("mixed.jsonl");
    assert_eq!(items.len(), 5, "{items:?}");

    let first = items[0].as_ref().expect("line 1");
    assert_eq!(first.id, "afp-001");
    assert_eq!(first.text, "Kiev a répondu jeudi.\nDeuxième paragraphe.");
    assert_eq!(first.meta.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(first.meta.date.as_deref(), Some("2024-03-14"));
    assert_eq!(first.meta.title.as_deref(), Some("Kiev répond"));
    assert_eq!(first.meta.declared_language.as_deref(), Some("fr"));
    assert_eq!(first.meta.source.format, InputFormat::Jsonl);
    assert_eq!(first.meta.source.line, Some(1));
    assert_eq!(
        first.meta.source.path.as_deref(),
        Some(path.to_string_lossy().as_ref())
    );

    match &items[1] {
        Err(InputError::Json {
            line: 2, origin, ..
        }) => {
            assert_eq!(origin, &Origin::File(path.clone()))
        }
        other => panic!("line 2: {other:?}"),
    }
    let missing = items[2].as_ref().expect_err("line 3");
    assert_eq!(missing.line(), Some(3));
    assert!(missing
        .to_string()
        .ends_with("mixed.jsonl:3: missing a `text` or `html` field"));

    let page = items[3].as_ref().expect("line 4");
    check_invariants(page);
    assert_eq!(page.id, "https://example.org/page");
    assert_eq!(page.meta.title.as_deref(), Some("Talks stall"));
    assert_eq!(page.meta.declared_language.as_deref(), Some("en"));
    assert!(
        page.text.starts_with("Negotiators left Istanbul"),
        "{}",
        page.text
    );
    assert!(page.text.ends_with("\nA new round is expected next month."));

    // Line 5 is blank; line 6 has neither id nor url.
    let last = items[4].as_ref().expect("line 6");
    assert_eq!(last.id, format!("{}:6", path.to_string_lossy()));
    assert_eq!(last.meta.source.line, Some(6));
}

#[test]
fn binary_files_are_rejected_even_with_a_text_name() {
    for (name, reason) in [
        ("pixel.png", "PNG image"),
        ("disguised-image.txt", "PNG image"),
        ("program", "ELF executable"),
    ] {
        match read_error(name) {
            InputError::Binary { reason: r, .. } => assert_eq!(r, reason, "{name}"),
            other => panic!("{name}: {other}"),
        }
    }
    let message = read_error("pixel.png").to_string();
    assert!(
        message.ends_with("pixel.png: binary file (PNG image), not text"),
        "{message}"
    );
}

#[test]
fn empty_inputs_are_errors() {
    // The chosen contract: no document rather than an empty one.
    assert!(matches!(
        read_error("empty.txt"),
        InputError::Empty {
            what: "the input is empty",
            ..
        }
    ));
    assert!(matches!(
        read_error("whitespace.txt"),
        InputError::Empty { .. }
    ));
    let items = read_bytes(
        b"<html><body><script>x()</script></body></html>",
        "p.html",
        None,
        &ReadOptions::default(),
    );
    assert!(
        matches!(items[..], [Err(InputError::Empty { .. })]),
        "{items:?}"
    );
    assert!(read_bytes(b"", "e.jsonl", None, &ReadOptions::default()).is_empty());
}

#[test]
fn directories_are_read_recursively_in_name_order() {
    let root = fixture("corpus");
    let listed: Vec<String> = list_inputs(&[&root])
        .iter()
        .map(|input| {
            let relative = input.path.strip_prefix(&root).expect("under root");
            relative.to_string_lossy().replace('\\', "/")
        })
        .collect();
    assert_eq!(
        listed,
        [
            "a/1.html",
            "a/2.txt",
            "b.txt",
            "c/records.jsonl",
            "c/unknown-ext.dat"
        ]
    );
    assert_eq!(list_inputs(&[&root])[2].bytes, 9);

    let ids: Vec<String> = read_path(&root, &ReadOptions::default())
        .map(|item| item.expect("readable").id)
        .map(
            |id| match id.strip_prefix(root.to_string_lossy().as_ref()) {
                Some(rest) => rest.trim_start_matches(['/', '\\']).to_owned(),
                None => id,
            },
        )
        .collect();
    assert_eq!(
        ids,
        [
            "a/1.html",
            "a/2.txt",
            "b.txt",
            "c1",
            "c2",
            "c/unknown-ext.dat"
        ]
    );
}

#[test]
fn unreadable_paths_are_reported_in_order() {
    let dir = std::env::temp_dir().join(format!("vigie-input-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("a.txt"), "Texte A.").expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("missing.txt"), dir.join("b-dangling.txt")).expect("link");
    std::fs::write(dir.join("c.txt"), "Texte C.").expect("write");

    let inputs = list_inputs(&[dir.clone(), dir.join("nowhere")]);
    let items: Vec<_> = inputs
        .iter()
        .flat_map(|input| read_input(input, &ReadOptions::default()))
        .collect();
    let summary: Vec<String> = items
        .iter()
        .map(|item| match item {
            Ok(doc) => doc.text.clone(),
            Err(e) => format!("error at {}", e.origin()),
        })
        .collect();
    std::fs::remove_dir_all(&dir).ok();
    let mut expected = vec!["Texte A.".to_owned()];
    if cfg!(unix) {
        expected.push(format!("error at {}", dir.join("b-dangling.txt").display()));
    }
    expected.push("Texte C.".to_owned());
    expected.push(format!("error at {}", dir.join("nowhere").display()));
    assert_eq!(summary, expected);
    let missing = items.last().and_then(|i| i.as_ref().err()).expect("error");
    assert!(missing.to_string().contains("cannot read"), "{missing}");
}

#[test]
fn in_memory_inputs_are_sniffed_and_named() {
    let opts = ReadOptions::default();
    let html = std::fs::read(fixture("news-article.html")).expect("fixture");
    let docs = read_bytes(&html, "-", None, &opts);
    let doc = docs[0].as_ref().expect("page");
    assert_eq!(doc.meta.source.format, InputFormat::Html);
    assert_eq!(doc.meta.source.path.as_deref(), Some("-"));
    assert_eq!(doc.id.len(), 16, "a content hash: {}", doc.id);
    assert!(doc.id.bytes().all(|b| b.is_ascii_hexdigit()));
    let again = read_bytes(&html, "-", None, &opts);
    assert_eq!(again[0].as_ref().expect("page").id, doc.id);

    let jsonl = b"{\"text\": \"Un.\"}\n{\"text\": \"Deux.\"}\n";
    let docs = read_bytes(jsonl, "-", None, &opts);
    assert_eq!(docs.len(), 2);
    let ids: Vec<&str> = docs
        .iter()
        .map(|d| d.as_ref().expect("doc").id.as_str())
        .collect();
    assert_ne!(ids[0], ids[1]);

    let docs = read_bytes(
        b"<p>pas du HTML</p>",
        "note",
        Some(InputFormat::Text),
        &opts,
    );
    assert_eq!(docs[0].as_ref().expect("text").text, "<p>pas du HTML</p>");
    let docs = read_bytes(b"Une phrase.", "note", None, &opts);
    assert_eq!(docs[0].as_ref().expect("text").id, "note");
}

#[test]
fn streams_are_read_like_standard_input() {
    let opts = ReadOptions::default();
    let jsonl = "{\"text\": \"Un.\"}\nnot json\n{\"text\": \"Deux.\"}\n";
    let mut docs = read_from(std::io::Cursor::new(jsonl), Origin::Stdin, &opts);
    let first = docs.next().expect("item").expect("doc");
    assert_eq!(first.meta.source.path.as_deref(), Some("-"));
    assert_eq!(first.id.len(), 16);
    let error = docs.next().expect("item").expect_err("line 2");
    assert_eq!(
        error.to_string(),
        "<stdin>:2: not valid JSON at column 2: expected ident"
    );
    assert_eq!(docs.next().expect("item").expect("doc").text, "Deux.");
    assert!(docs.next().is_none());

    let text = read_from(std::io::Cursor::new("Une dépêche.\n"), Origin::Stdin, &opts);
    let docs: Vec<_> = text.collect();
    let doc = docs[0].as_ref().expect("doc");
    assert_eq!(
        (doc.text.as_str(), doc.meta.source.format),
        ("Une dépêche.\n", InputFormat::Text)
    );
}
