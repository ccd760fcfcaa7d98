//! Data-driven tokenisation and sentence cases: `tests/cases/{fr,en}.{tokens,sentences}`.
//! Set `VIGIE_BLESS=1` to rewrite the expected lines from the current output.

use std::path::{Path, PathBuf};
use vigie_core::{Document, Metadata};
use vigie_text::{annotate, TextOptions};

fn process(text: &str, lang: &str) -> Document {
    let mut doc = Document::new("case", text, Metadata::default());
    annotate(
        &mut doc,
        &TextOptions {
            language: Some(lang.to_string()),
        },
    );
    doc
}

fn case_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(name)
}

/// Runs every case of a file; `render` gives the output lines for an input.
fn run_cases(name: &str, render: impl Fn(&str) -> Vec<String>) {
    let path = case_file(name);
    let content = std::fs::read_to_string(&path).unwrap();
    let bless = std::env::var_os("VIGIE_BLESS").is_some();
    let mut out = String::new();
    let mut failures = Vec::new();
    let lines: Vec<&str> = content.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].starts_with("> ") {
            out.push_str(lines[i]);
            out.push('\n');
            i += 1;
            continue;
        }
        let mut input = Vec::new();
        while i < lines.len() && lines[i].starts_with("> ") {
            out.push_str(lines[i]);
            out.push('\n');
            input.push(&lines[i][2..]);
            i += 1;
        }
        let mut expected = Vec::new();
        while i < lines.len()
            && !lines[i].starts_with("> ")
            && !lines[i].starts_with('#')
            && !lines[i].is_empty()
        {
            expected.push(lines[i].to_string());
            i += 1;
        }
        let input = input.join("\n");
        let got = render(&input);
        for g in &got {
            out.push_str(g);
            out.push('\n');
        }
        if got != expected {
            failures.push(format!(
                "input: {input}\n  expected: {expected:?}\n  got:      {got:?}"
            ));
        }
    }
    if bless {
        std::fs::write(&path, out).unwrap();
    } else {
        assert!(failures.is_empty(), "{name}:\n{}", failures.join("\n"));
    }
}

fn tokens(lang: &'static str) -> impl Fn(&str) -> Vec<String> {
    move |text| {
        let doc = process(text, lang);
        doc.check_spans().unwrap();
        let toks: Vec<String> = doc
            .tokens
            .iter()
            .map(|t| match &t.words {
                Some(w) => format!("{}[{}]", t.surface(&doc.text), w.join("+")),
                None => t.surface(&doc.text).to_string(),
            })
            .collect();
        vec![toks.join(" | ")]
    }
}

fn sentences(lang: &'static str) -> impl Fn(&str) -> Vec<String> {
    move |text| {
        let doc = process(text, lang);
        doc.check_spans().unwrap();
        doc.sentences
            .iter()
            .map(|s| format!("= {}", doc.slice(s.span)))
            .collect()
    }
}

#[test]
fn french_tokens() {
    run_cases("fr.tokens", tokens("fr"));
}

#[test]
fn english_tokens() {
    run_cases("en.tokens", tokens("en"));
}

#[test]
fn french_sentences() {
    run_cases("fr.sentences", sentences("fr"));
}

#[test]
fn english_sentences() {
    run_cases("en.sentences", sentences("en"));
}
